"""orders.demo: the demo history is deterministic, idempotent and complete."""

import time

import pytest
from django.db import models
from django.db.models import Count
from django.utils import timezone

from core.models import Organisation
from orders import demo
from orders.models import Inquiry, Order, OrderFeedback, OrderStatus

pytestmark = pytest.mark.usefixtures("demo_data")


def snapshot() -> list[tuple]:
    return list(
        Order.objects.order_by("reference").values_list(
            "reference", "status", "area__name", "submitted_at", "title"
        )
    )


def test_a_second_run_changes_nothing():
    before = (snapshot(), Inquiry.objects.count(), OrderFeedback.objects.count())

    start = time.monotonic()
    summary = demo.seed(organisation=Organisation.objects.get(slug="fjordby"))
    elapsed = time.monotonic() - start

    assert "uendret" in summary
    assert (snapshot(), Inquiry.objects.count(), OrderFeedback.objects.count()) == before
    assert elapsed < 3


def test_it_is_the_same_after_a_fresh_seed():
    before = snapshot()
    organisation = Organisation.objects.get(slug="fjordby")
    # Apps above orders (time entries...) protect their orders: clear those rows first.
    for model in (Order, Inquiry):
        for relation in model._meta.related_objects:
            if relation.on_delete is models.PROTECT:
                relation.related_model._default_manager.filter(
                    **{f"{relation.field.name}__isnull": False}
                ).delete()
        model.objects.all().delete()

    demo.seed(organisation=organisation)

    assert snapshot() == before


def test_it_covers_every_state_and_unequal_use():
    statuses = set(Order.objects.values_list("status", flat=True))
    per_area = dict(Order.objects.values_list("area__name").annotate(n=Count("pk")))

    assert statuses == {s.value for s in OrderStatus}
    assert per_area.get("Kultur", 0) <= 2 < per_area["Pleie og omsorg"]
    assert Order.objects.filter(status="declined").exclude(decline_reason="").exists()
    assert Order.objects.filter(confidential=True).exists()
    delivered = Order.objects.filter(status__in=["delivered", "closed"])
    assert OrderFeedback.objects.count() > delivered.count() / 2


def test_feedback_is_dated_after_its_delivery_and_counts_in_the_report_year():
    from core.demo import annual_report_year
    from orders.models import OrderFeedback

    feedback = OrderFeedback.objects.select_related("order")
    assert feedback.exists()
    for answer in feedback:
        assert answer.order.delivered_at <= answer.created_at <= timezone.now()
    year = annual_report_year(timezone.localdate())
    assert feedback.filter(created_at__year=year).exists()
