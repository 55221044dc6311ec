import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bht.settings")

app = Celery("bht")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs, defined here only (celery beat reads this).
app.conf.beat_schedule = {
    # Drafts of last year's annual reports to AMU and the Labour Inspection Authority.
    "reports-annual-drafts": {
        "task": "reports.tasks.create_annual_drafts",
        "schedule": crontab(minute=0, hour=6, day_of_month=15, month_of_year=1),
    },
    # Runs whose worker died mid-way are marked failed so they can be retried.
    "reports-fail-stuck": {
        "task": "reports.tasks.fail_stuck_reports",
        "schedule": crontab(minute=0),
    },
}
