"""Celery tasks of the core domain: notification e-mail, reminders, login records."""

import smtplib

from celery import shared_task


@shared_task
def warn_approval_expiry() -> bool:
    from core.reminders import approval_expiry_warning_send

    return approval_expiry_warning_send()


# Notification e-mail (core/notifications.py). acks_late (the project default) means a
# worker killed mid-send leaves the message to be redelivered; the row's sent_at
# makes a redelivery after a successful send a no-op.
@shared_task(
    acks_late=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=8,
)
def send_mail_task(mail_id: int) -> bool:
    from core.notifications import outgoing_mail_send

    return outgoing_mail_send(mail_id=mail_id)


@shared_task
def resend_unsent_mail() -> int:
    from core.notifications import outgoing_mail_resend_unsent

    return outgoing_mail_resend_unsent()


@shared_task
def prune_login_records() -> None:
    """Login records (django-axes) are personal data: keep LOGIN_RECORDS_DAYS days."""
    from django.conf import settings
    from django.core.management import call_command

    days = str(settings.LOGIN_RECORDS_DAYS)
    call_command("axes_reset_logs", "--age", days, verbosity=0)
    call_command("axes_reset_failure_logs", "--age", days, verbosity=0)
