"""Time on an order linked to a plan item stays fixed price after the plan closes
(orders.rules.billing_for; issue 18, point 5): a closed plan is not "no plan"."""

from __future__ import annotations

import pytest

from actionplans.models import PlanItem, PlanStatus
from orders.models import Billing, Order
from orders.rules import billing_for
from timetracking.models import TimeEntry
from timetracking.services import derive


@pytest.fixture
def item(demo_data) -> PlanItem:
    return PlanItem.objects.select_related("plan").order_by("pk").first()


@pytest.mark.parametrize(
    ("status", "billing"),
    [
        (PlanStatus.APPROVED, Billing.FIXED_PRICE),
        (PlanStatus.CLOSED, Billing.FIXED_PRICE),
        (PlanStatus.DRAFT, Billing.EXTRA_SALE),
        (PlanStatus.CONSULTATION, Billing.EXTRA_SALE),
    ],
)
def test_an_orders_billing_follows_its_plan_and_survives_its_closing(item, status, billing):
    item.plan.status = status
    order = Order(plan_item=item)

    assert billing_for(order=order) == billing


def test_hours_logged_after_the_plan_closed_are_fixed_price(item):
    # Any saved order, pointed at a plan item in memory: whether the demo holds an
    # order linked to a plan depends on the day it was seeded (make test-calendar).
    order = Order.objects.order_by("pk").first()
    order.plan_item = item
    item.plan.status = PlanStatus.CLOSED
    entry = TimeEntry(order=order)

    derive(entry)

    assert entry.billing == Billing.FIXED_PRICE
    assert billing_for(order=Order()) == Billing.EXTRA_SALE
