"""Gates for the cross-app tests that need outside services.

`celery_worker` tests send tasks through a real broker to a real worker. They run
whenever `CELERY_BROKER_URL` is set (the production stack: PostgreSQL, Redis and a
worker, as `.ci/run` starts them) and fail there if no worker answers. Without a
broker (the default: SQLite, tasks run eagerly) they are skipped with the reason
shown by `-ra`.

`CELERY_WORKER_AVAILABLE=1` is the promise `.ci/run` makes that a worker listens:
with it, a missing broker or a suite without a single `celery_worker` test is a
usage error rather than a quiet skip.

The hook below sees every collected item, but this file is only loaded when
`tests/` is collected: keep `celery_worker` tests in `tests/`.
"""

import pytest
from django.conf import settings

from bht.env import envbool

SKIP_REASON = (
    "celery_worker: no CELERY_BROKER_URL, tasks run eagerly in-process; "
    "run `bash .ci/run` or see README.md, 'Tests'"
)


def worker_promised() -> bool:
    return envbool("CELERY_WORKER_AVAILABLE", False)


def broker_configured() -> bool:
    return bool(settings.CELERY_BROKER_URL) and not settings.CELERY_TASK_ALWAYS_EAGER


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    worker_items = [item for item in items if item.get_closest_marker("celery_worker")]
    if worker_promised():
        if not broker_configured():
            raise pytest.UsageError(
                "CELERY_WORKER_AVAILABLE=1 but CELERY_BROKER_URL is empty or "
                "CELERY_TASK_ALWAYS_EAGER is on: the celery_worker tests would not "
                "reach the worker"
            )
        if (
            not worker_items
            and not config.getoption("keyword")
            and not config.getoption("markexpr")
        ):
            raise pytest.UsageError(
                "CELERY_WORKER_AVAILABLE=1 but no celery_worker test was collected"
            )
        return
    if broker_configured():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in worker_items:
        item.add_marker(skip)
