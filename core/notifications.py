"""E-mail notifications, sent after the surrounding transaction commits.

Services call `notify(...)` inside their atomic block. It writes one `OutgoingMail`
row per address in that same transaction (a transactional outbox) and, on commit,
queues `core.tasks.send_mail_task` for each. If the transaction rolls back, no row
and no mail exist; once it commits, the mail is sent even if the web process, the
broker or the mail server fails in between: the task retries, and
`outgoing_mail_resend_unsent` (every few minutes, celery beat) queues rows that are
still unsent. Sending is idempotent per row (`sent_at`), so a redelivered task
does not send twice (docs/reliability.md).

Messages name no employee and carry no case content for confidential matters:
callers pass a neutral subject and body for those.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from core.models import OutgoingMail, User

logger = logging.getLogger(__name__)


def send_mail(
    subject: str,
    body: str,
    from_email: str,
    recipient_list: list[str],
    *,
    headers: dict[str, str] | None = None,
) -> int:
    """django.core.mail.send_mail with extra headers (Message-ID)."""
    return EmailMessage(subject, body, from_email, recipient_list, headers=headers).send()


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def notify(*, recipients: Iterable[User | None], subject: str, body: str) -> None:
    """Send `subject`/`body` to each distinct active recipient with an e-mail, on commit."""
    addresses = sorted(
        {user.email for user in recipients if user is not None and user.is_active and user.email}
    )
    if not addresses:
        return
    mails = OutgoingMail.objects.bulk_create(
        [OutgoingMail(to=address, subject=subject[:300], body=body) for address in addresses]
    )
    for mail in mails:
        _queue(mail.pk)


def notify_address(*, to: str, subject: str, body: str, message_id: str = "") -> None:
    """Send to one address that need not belong to a user (the sender of an e-mail
    inquiry), on commit; `message_id` lets a reply be threaded back."""
    if not to:
        return
    mail = OutgoingMail.objects.create(
        to=to, subject=subject[:300], body=body, message_id=message_id
    )
    _queue(mail.pk)


def _queue(mail_id: int) -> None:
    from core.tasks import send_mail_task

    # robust: a broker outage must not turn the user's committed work into an error
    # page; the row stays unsent and the periodic sweep queues it again.
    transaction.on_commit(lambda: send_mail_task.delay(mail_id), robust=True)


def outgoing_mail_send(*, mail_id: int) -> bool:
    """Send one outbox row unless it is sent already; True if this call sent it.

    The row is locked while sending, so two deliveries of the same task cannot both
    send. A worker killed after the SMTP hand-off but before the commit sends the
    mail again on redelivery (at least once, never lost).
    """
    failure: Exception | None = None
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.sent_at is not None:
            return False
        mail.attempts += 1
        try:
            headers = {"Message-ID": f"<{mail.message_id}>"} if mail.message_id else None
            send_mail(
                mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to], headers=headers
            )
        except Exception as exc:
            failure = exc
            mail.last_error = f"{type(exc).__name__}: {exc}"[:500]
            mail.save(update_fields=["attempts", "last_error"])
        else:
            mail.sent_at = timezone.now()
            mail.last_error = ""
            mail.save(update_fields=["attempts", "sent_at", "last_error"])
    if failure is not None:
        logger.warning("Could not send mail %s (attempt %s): %s", mail_id, mail.attempts, failure)
        raise failure
    return True


SENT_MAIL_KEPT = datetime.timedelta(days=30)


def outgoing_mail_resend_unsent(
    *, older_than: datetime.timedelta = datetime.timedelta(minutes=5), max_attempts: int = 20
) -> int:
    """Queue every unsent mail older than `older_than` again (lost enqueue, retries used up).

    Sent mails are deleted after SENT_MAIL_KEPT: the outbox is not an archive of
    personal data, only a queue.
    """
    from core.tasks import send_mail_task

    OutgoingMail.objects.filter(
        sent_at__isnull=False, sent_at__lt=timezone.now() - SENT_MAIL_KEPT
    ).delete()
    ids = list(
        OutgoingMail.objects.filter(
            sent_at__isnull=True,
            created_at__lt=timezone.now() - older_than,
            attempts__lt=max_attempts,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:1000]
    )
    for mail_id in ids:
        send_mail_task.delay(mail_id)
    return len(ids)
