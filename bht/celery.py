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
    # Weekly, Monday morning: plans for the coming period not approved yet, and
    # orders that have waited longer than the SLA for an answer.
    "actionplans-remind-unapproved": {
        "task": "actionplans.tasks.remind_unapproved_plans",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
    },
    "orders-remind-overdue": {
        "task": "orders.tasks.remind_overdue_orders",
        "schedule": crontab(minute=5, hour=7, day_of_week="mon"),
    },
    # Every morning: the BHT's approval lapses within 180 days (or has lapsed).
    "bht-approval-expiry": {
        "task": "core.tasks.warn_approval_expiry",
        "schedule": crontab(minute=30, hour=6),
    },
    # Notification e-mails whose task was lost or gave up are queued again.
    "bht-resend-unsent-mail": {
        "task": "core.tasks.resend_unsent_mail",
        "schedule": crontab(minute="*/5"),
    },
    # Every night: personal data past its retention period is pseudonymised
    # (settings.PRIVACY_RETENTION_YEARS, docs/privacy.md).
    "privacy-retention-sweep": {
        "task": "privacy.tasks.retention_sweep",
        "schedule": crontab(minute=15, hour=2),
    },
    # Every night: login records (django-axes) older than LOGIN_RECORDS_DAYS go.
    "bht-prune-login-records": {
        "task": "core.tasks.prune_login_records",
        "schedule": crontab(minute=45, hour=2),
    },
    # E-mail in: unseen messages of the BHT's mailbox become inquiries (a no-op
    # unless MAIL_IN_IMAP_HOST is set).
    "orders-poll-mail-in": {
        "task": "orders.tasks.poll_mail_in",
        "schedule": crontab(minute="*/5"),
    },
    # Every night: report files past REPORT_FILE_RETENTION_YEARS are deleted (the
    # run row and its data fingerprint stay).
    "reports-purge-old-files": {
        "task": "reports.tasks.purge_old_report_files",
        "schedule": crontab(minute=30, hour=3),
    },
    # Runs whose worker died mid-way are marked failed so they can be retried.
    "reports-fail-stuck": {
        "task": "reports.tasks.fail_stuck_reports",
        "schedule": crontab(minute=0),
    },
    # Webhook deliveries that are due (a retry after a failure, or a lost task).
    "integrations-webhook-sweep": {
        "task": "integrations.tasks.webhook_sweep",
        "schedule": crontab(minute="*"),
    },
}
