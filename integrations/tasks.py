"""Celery tasks of the webhooks (integrations/webhooks.py holds the logic)."""

from __future__ import annotations

from celery import shared_task

from integrations import webhooks


@shared_task(name="integrations.tasks.webhook_deliver", acks_late=True)
def webhook_deliver(delivery_id: int) -> str:
    delivery = webhooks.deliver(delivery_id)
    return delivery.status if delivery is not None else "skipped"


@shared_task(name="integrations.tasks.webhook_sweep")
def webhook_sweep() -> int:
    return webhooks.sweep()
