"""Celery: a real round trip through the broker, and the broker-less default.

The round trip is marked `celery_worker` (see tests/conftest.py): it runs in CI's
PostgreSQL + Redis run against the worker that `.ci/run` starts, and is skipped
in the default SQLite run, where tasks execute in-process.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.exceptions import TimeoutError as CeleryTimeoutError
from celery.result import AsyncResult, EagerResult
from django.conf import settings

from bht.celery import app
from bht.tasks import ping

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.celery_worker
def test_it_round_trips_a_task_through_the_worker():
    assert not settings.CELERY_TASK_ALWAYS_EAGER, "a worker test must not run eagerly"

    result = ping.delay("hello")

    assert isinstance(result, AsyncResult)
    assert not isinstance(result, EagerResult)
    try:
        value = result.get(timeout=30)
    except CeleryTimeoutError:
        pytest.fail(
            f"no Celery worker answered within 30 s on {settings.CELERY_BROKER_URL}; "
            "start one with `.venv/bin/celery -A bht worker` (see README.md)"
        )
    assert value == "hello"


@pytest.mark.celery_worker
def test_it_finds_a_worker_that_knows_the_ping_task():
    replies = app.control.inspect(timeout=3).registered() or {}

    assert replies, "no Celery worker replied to `inspect registered`"
    assert any("bht.tasks.ping" in tasks for tasks in replies.values())


def _settings_in_subprocess(env: dict[str, str], expression: str) -> str:
    """Imports the settings afresh, as `manage.py runserver` would with this environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CELERY_")}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    completed = subprocess.run(
        [sys.executable, "-c", f"import bht.settings as s; print({expression})"],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout.strip()


def test_it_runs_tasks_eagerly_without_a_broker_by_default():
    # `make run` must work with no Redis at all.
    assert _settings_in_subprocess({}, "(s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER)") == (
        "('', True)"
    )


def test_it_sends_tasks_to_the_broker_when_one_is_configured():
    env = {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}

    backend_and_eager = "(s.CELERY_RESULT_BACKEND, s.CELERY_TASK_ALWAYS_EAGER)"

    assert _settings_in_subprocess(env, backend_and_eager) == "('redis://127.0.0.1:6379/0', False)"


@pytest.mark.skipif(
    bool(settings.CELERY_BROKER_URL), reason="a broker is configured: tasks go to the worker"
)
def test_it_executes_a_task_in_process_without_a_broker():
    result = ping.delay("hei")

    assert isinstance(result, EagerResult)
    assert result.get() == "hei"
