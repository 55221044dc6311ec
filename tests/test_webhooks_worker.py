"""A webhook delivery sent by the real Celery worker (CI's PostgreSQL + Redis pass,
where the worker uses the test database) to a real receiver on loopback. Skipped
in the default eager run (tests/conftest.py); integrations/tests/test_webhooks.py
covers the rest in-process."""

import time

import pytest
from django.conf import settings
from django.db import transaction

from core import events
from integrations.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from integrations.tests.receiver import Receiver


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_a_signed_event_after_commit(bhtleder):
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    receiver = Receiver().start()
    try:
        # The worker runs with DEBUG's default (on): loopback receivers are allowed.
        endpoint = WebhookEndpoint.objects.create(
            url=receiver.url, events=["report.done"], secret="whsec_worker", created_by=bhtleder
        )
        receiver.secret = endpoint.secret
        with transaction.atomic():
            events.publish(
                "report.done", "report", 4711, "https://bht.example/api/v1/reports/4711/"
            )
            assert receiver.received == []  # nothing leaves before the commit
        deadline = time.monotonic() + 60
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        while time.monotonic() < deadline:
            delivery.refresh_from_db()
            if delivery.status != DeliveryStatus.PENDING and receiver.received:
                break
            time.sleep(0.5)
        assert delivery.status == DeliveryStatus.DELIVERED, list(
            delivery.attempt_log.values_list("error", flat=True)
        )
        assert [r.verified for r in receiver.received] == ["ok"]
        assert receiver.received[0].headers["X-BHT-Event"] == "report.done"
    finally:
        receiver.stop()
