"""A report run through the real broker and worker (CI's PostgreSQL + Redis pass,
where the worker uses the test database). Skipped in the default eager run."""

import time

import pytest
from django.conf import settings

from core.models import Organisation
from reports import services
from reports.models import ReportRun, RunStatus


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_report_run_is_generated_by_the_worker(bhtleder):
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    organisation = Organisation.objects.order_by("pk").first()
    run = services.report_request(
        kind="hours_by_area", user=bhtleder, organisation=organisation, year=2020
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in (RunStatus.DONE, RunStatus.FAILED):
            break
        time.sleep(0.5)
    assert run.status == RunStatus.DONE, f"status {run.status}: {run.error}"
    assert run.progress == 100
    assert set(ReportRun.objects.get(pk=run.pk).files.values_list("format", flat=True)) == {
        "pdf",
        "xlsx",
        "csv",
    }
