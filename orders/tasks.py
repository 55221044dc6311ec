from celery import shared_task

from orders.reminders import overdue_order_reminders_send


@shared_task
def remind_overdue_orders() -> int:
    return overdue_order_reminders_send()


@shared_task
def poll_mail_in() -> dict[str, int]:
    """Celery beat: unseen mail of the BHT's IMAP mailbox becomes inquiries."""
    from orders.mailbox import imap_poll

    result = imap_poll()
    return dict(result.counts) if result is not None else {}
