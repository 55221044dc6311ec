from celery import shared_task

from orders.reminders import overdue_order_reminders_send


@shared_task
def remind_overdue_orders() -> int:
    return overdue_order_reminders_send()
