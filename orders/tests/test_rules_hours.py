"""orders.rules as time tracking asks it: which billing a target implies, and whether
an order accepts hours on a day (DESIGN.md §5, §6)."""

import datetime

import pytest
from django.utils import timezone

from actionplans.models import PlanItem, PlanStatus
from core.errors import ApplicationError
from orders import rules
from orders.models import Billing, Order, OrderStatus

pytestmark = pytest.mark.usefixtures("demo_data")

TODAY = datetime.date(2030, 6, 12)


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _order(**fields) -> Order:
    values = {"status": OrderStatus.IN_PROGRESS, "accepted_at": _at(TODAY), "delivered_at": None}
    return Order(**(values | fields))


def _item(status: str) -> PlanItem:
    item = PlanItem.objects.select_related("plan").order_by("pk").first()
    item.plan.status = status
    return item


@pytest.mark.parametrize(
    ("status", "billing"),
    [
        (PlanStatus.APPROVED, Billing.FIXED_PRICE),
        (PlanStatus.CLOSED, Billing.FIXED_PRICE),
        (PlanStatus.DRAFT, Billing.EXTRA_SALE),
    ],
)
def test_it_bills_an_order_by_its_plan_items_plan(status, billing):
    assert rules.billing_for(order=Order(plan_item=_item(status))) == billing


def test_it_bills_an_order_without_plan_item_as_extra_sale():
    assert rules.billing_for(order=Order()) == Billing.EXTRA_SALE


def test_it_bills_a_plan_item_as_fixed_price_and_nothing_as_internal():
    assert rules.billing_for(plan_item=_item(PlanStatus.APPROVED)) == Billing.FIXED_PRICE
    assert rules.billing_for() == Billing.INTERNAL


@pytest.mark.parametrize("status", [OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS])
def test_an_open_order_accepts_hours_from_its_acceptance(status):
    rules.check_accepts_hours(_order(status=status), day=TODAY, today=TODAY)
    with pytest.raises(ApplicationError) as error:
        rules.check_accepts_hours(
            _order(status=status), day=TODAY - datetime.timedelta(days=1), today=TODAY
        )
    assert error.value.field == "date"


def test_a_delivered_order_accepts_hours_for_the_grace_period_only():
    delivered = _order(status=OrderStatus.DELIVERED, delivered_at=_at(TODAY))
    last = TODAY + datetime.timedelta(days=rules.GRACE_DAYS_AFTER_DELIVERY)
    rules.check_accepts_hours(delivered, day=TODAY, today=last)
    with pytest.raises(ApplicationError) as error:
        rules.check_accepts_hours(delivered, day=TODAY, today=last + datetime.timedelta(days=1))
    assert error.value.field == "order"


@pytest.mark.parametrize(
    "status",
    [OrderStatus.DRAFT, OrderStatus.SUBMITTED, OrderStatus.CLOSED, OrderStatus.CANCELLED],
)
def test_other_states_accept_no_hours(status):
    with pytest.raises(ApplicationError):
        rules.check_accepts_hours(_order(status=status), day=TODAY, today=TODAY)
