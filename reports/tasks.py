import datetime

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from reports import services

STUCK_AFTER = datetime.timedelta(minutes=30)


@shared_task(
    bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3
)
def generate_report_task(self, run_id: int) -> str:
    run = services.report_generate(run_id=run_id)
    return run.status


@shared_task
def fail_stuck_reports() -> int:
    return services.reports_fail_stuck(older_than=STUCK_AFTER)


@shared_task
def create_annual_drafts() -> int:
    return len(services.annual_drafts_create(year=timezone.localdate().year - 1))


@shared_task
def purge_old_report_files() -> int:
    """Nightly: files of runs past settings.REPORT_FILE_RETENTION_YEARS go."""
    return services.report_files_purge()
