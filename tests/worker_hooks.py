"""The Celery app of tests/test_worker_killed.py: bht's app plus two test hooks.

`celery -A tests.worker_hooks worker` is the production worker with, only when the
test sets the variables below:

- BHT_TEST_HANG_DIR: the first report computation and the first e-mail send hang
  (after writing `started-report` / `started-mail` there), so that the test can
  kill the worker in the middle of a task. A later worker finds the marker and
  does the work normally.
- BHT_TEST_MAIL_DIR: e-mail is written to files there, so that the test can count
  what was really sent by any of the worker processes.

Nothing here is imported by the application.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from celery.signals import task_prerun

from bht.celery import app

__all__ = ["app"]

HANG_DIR = os.environ.get("BHT_TEST_HANG_DIR", "")
MAIL_DIR = os.environ.get("BHT_TEST_MAIL_DIR", "")


def _hang_once(name: str) -> bool:
    """True the first time `name` is reached: mark it, then never return."""
    if not HANG_DIR:
        return False
    marker = Path(HANG_DIR) / f"started-{name}"
    if marker.exists():
        return False
    marker.write_text(str(os.getpid()))
    while True:  # until the test kills the worker
        time.sleep(1)


@task_prerun.connect
def _install_hooks(**_kwargs: Any) -> None:
    # Runs in the process that executes the task, after Django is set up.
    from django.conf import settings

    import core.notifications
    import reports.services
    import reports.services.generation

    if MAIL_DIR:
        settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
        settings.EMAIL_FILE_PATH = MAIL_DIR
    if getattr(reports.services, "_test_hooks_installed", False):
        return
    reports.services._test_hooks_installed = True  # type: ignore[attr-defined]

    original_set_progress = reports.services.generation._set_progress
    original_send_mail = core.notifications.send_mail

    def set_progress(run: Any, progress: int) -> None:
        # 60: the run is RUNNING and computed, its files are not written yet.
        original_set_progress(run, progress)
        if progress == 60:
            _hang_once("report")

    def send_mail(*args: Any, **kwargs: Any) -> int:
        _hang_once("mail")
        return original_send_mail(*args, **kwargs)

    reports.services.generation._set_progress = set_progress
    core.notifications.send_mail = send_mail
