"""A Celery worker killed with SIGKILL in the middle of a task loses nothing.

Each test starts its own worker (`tests/worker_hooks.py`) on its own broker,
Redis DB 5 and the queue `bht-kill-test`, so CI's worker (Redis DB 0) never sees
these tasks; the workers use the test's own database (pytest-django's test_<NAME>).
The first worker hangs in the middle of the task and is killed with SIGKILL (the
whole process group, pool included); a second worker must then finish the task
exactly once: the broker redelivers the unacknowledged message (acks_late, a short
visibility timeout) and the task's idempotency does the rest.

Needs PostgreSQL and Redis: it runs in CI's PostgreSQL pass (marked
`celery_worker`, see tests/conftest.py) and is skipped elsewhere. Run it alone:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bht_h6 \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/5 \\
    .venv/bin/pytest -p no:cacheprovider tests/test_worker_killed.py
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection, transaction

from core import notifications
from core.models import Organisation, OutgoingMail
from reports import services as report_services
from reports.models import ReportFile, ReportRun, RunStatus
from reports.services import requests as report_requests

BASE_DIR = Path(__file__).resolve().parent.parent
BROKER_URL = os.environ.get("BHT_KILL_TEST_BROKER_URL", "redis://127.0.0.1:6379/5")
QUEUE = "bht-kill-test"
VISIBILITY_TIMEOUT = 4  # seconds before an unacknowledged task is delivered again

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


class Workers:
    """Starts workers of tests/worker_hooks.py and kills them by process group."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.hang_dir = tmp_path / "hang"
        self.mail_dir = tmp_path / "mail"
        self.media = tmp_path / "media"
        for folder in (self.hang_dir, self.mail_dir, self.media):
            folder.mkdir()
        self.started: list[subprocess.Popen[bytes]] = []
        # Not the current app: the project's shared tasks must keep using bht.celery.
        self.sender = Celery("bht-kill-test", broker=BROKER_URL, set_as_current=False)

    def start(self, name: str) -> subprocess.Popen[bytes]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "PYTEST"))}
        env.update(
            DATABASE_URL=_database_url(),
            CELERY_BROKER_URL=BROKER_URL,
            CELERY_RESULT_BACKEND="",
            CELERY_TASK_ALWAYS_EAGER="false",
            CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
            CELERY_UNACKED_RESTORE_INTERVAL="1",
            CELERY_UNACKED_RESTORE_THROTTLE="1",
            MEDIA_ROOT=str(self.media),
            BHT_TEST_HANG_DIR=str(self.hang_dir),
            BHT_TEST_MAIL_DIR=str(self.mail_dir),
        )
        log = self.tmp / f"worker-{name}.log"
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "tests.worker_hooks", "worker",
                "--loglevel=INFO", "--pool=prefork", "--concurrency=1",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                "-Q", QUEUE, "-n", f"kill-test-{name}-{os.getpid()}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches the pool too
        )  # fmt: skip
        self.started.append(process)

        def ready() -> bool:
            if process.poll() is not None:
                pytest.fail(f"worker {name} exited:\n{log.read_text()[-3000:]}")
            return " ready." in log.read_text()

        _wait_for(ready, seconds=60, what=f"worker {name} to be ready")
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def send(self, task: str, *args: int) -> None:
        self.sender.send_task(task, args=list(args), queue=QUEUE)

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text()[-2000:]}" for p in sorted(self.tmp.glob("*.log"))
        )

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                self.kill(process)
        with self.sender.connection_for_write() as conn:
            conn.default_channel.client.flushdb()  # our broker DB only
        self.sender.close()


@pytest.fixture
def workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workers]:
    if connection.vendor != "postgresql":
        pytest.skip("the worker processes need a shared database: PostgreSQL only")
    # The run and the mail are queued on our broker by hand, never on the
    # configured one (CI's own worker listens there).
    monkeypatch.setattr(report_requests, "_enqueue", lambda run: None)
    monkeypatch.setattr(notifications, "_queue", lambda mail_id: None)
    # Celery reads CELERY_BROKER_URL from the environment before any broker given
    # to an app; in CI it names the CI worker's broker, so our sender would send
    # there. Without it the sender uses BROKER_URL, and the project's app its
    # settings (the same URL the variable held).
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    pool = Workers(tmp_path)
    with pool.sender.connection_for_write() as conn:
        conn.default_channel.client.flushdb()
    try:
        yield pool
    finally:
        pool.stop_all()


def test_a_report_run_survives_its_worker_being_killed(workers, bhtleder):
    organisation = Organisation.objects.order_by("pk").first()
    run = report_services.report_request(
        kind="hours_by_area", user=bhtleder, organisation=organisation, year=2021
    )
    first = workers.start("first")
    workers.send("reports.tasks.generate_report_task", run.pk)
    _wait_for(
        lambda: (workers.hang_dir / "started-report").exists(),
        seconds=60,
        what="the first worker to start the report",
    )
    run.refresh_from_db()
    assert (run.status, run.progress, run.attempts) == (RunStatus.RUNNING, 60, 1)

    workers.kill(first)
    workers.start("second")

    def finished() -> bool:
        run.refresh_from_db()
        return run.status in (RunStatus.DONE, RunStatus.FAILED)

    _wait_for(finished, seconds=120, what=f"the run to finish\n{workers.logs()}")
    assert run.status == RunStatus.DONE, run.error
    # Another redelivery (the visibility timeout has passed again) changes nothing.
    time.sleep(VISIBILITY_TIMEOUT + 3)
    done = ReportRun.objects.get(pk=run.pk)
    assert (done.status, done.attempts, done.finished_at) == (
        RunStatus.DONE,
        2,
        run.finished_at,
    )
    assert ReportRun.objects.filter(params_key=run.params_key).count() == 1
    files = list(ReportFile.objects.filter(run=run))
    assert sorted(f.format for f in files) == ["csv", "pdf", "xlsx"]
    assert all((workers.media / f.file.name).stat().st_size == f.size for f in files)
    assert len([p for p in workers.media.rglob("*") if p.is_file()]) == 3


def test_a_report_run_survives_its_pool_process_being_killed(workers, bhtleder):
    # The worker lives on, its pool process dies (the OOM killer's way): with
    # task_reject_on_worker_lost the task goes straight back to the queue.
    organisation = Organisation.objects.order_by("pk").first()
    run = report_services.report_request(
        kind="hours_by_area", user=bhtleder, organisation=organisation, year=2022
    )
    workers.start("only")
    workers.send("reports.tasks.generate_report_task", run.pk)
    marker = workers.hang_dir / "started-report"
    _wait_for(marker.exists, seconds=60, what="the pool process to start the report")
    os.kill(int(marker.read_text()), signal.SIGKILL)

    def finished() -> bool:
        run.refresh_from_db()
        return run.status in (RunStatus.DONE, RunStatus.FAILED)

    _wait_for(finished, seconds=120, what=f"the run to finish\n{workers.logs()}")
    assert (run.status, run.attempts) == (RunStatus.DONE, 2), run.error
    assert ReportFile.objects.filter(run=run).count() == 3


def test_a_notification_survives_its_worker_being_killed(workers, avdelingsleder):
    recipient = avdelingsleder
    assert recipient.email
    with transaction.atomic():
        notifications.notify(recipients=[recipient], subject="Testvarsel", body="Hei.")
    mail = OutgoingMail.objects.get(subject="Testvarsel")
    first = workers.start("first")
    workers.send("core.tasks.send_mail_task", mail.pk)
    _wait_for(
        lambda: (workers.hang_dir / "started-mail").exists(),
        seconds=60,
        what="the first worker to start sending",
    )

    workers.kill(first)
    workers.start("second")

    def sent() -> bool:
        mail.refresh_from_db()
        return mail.sent_at is not None

    _wait_for(sent, seconds=120, what=f"the mail to be sent\n{workers.logs()}")
    time.sleep(VISIBILITY_TIMEOUT + 3)
    mail.refresh_from_db()
    # The killed attempt was rolled back with its transaction: one attempt, one mail.
    assert mail.attempts == 1
    messages = [p.read_text() for p in workers.mail_dir.iterdir()]
    assert len(messages) == 1
    assert "Subject: Testvarsel" in messages[0]
    assert recipient.email in messages[0]
