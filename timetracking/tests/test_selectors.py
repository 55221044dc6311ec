"""Hours used on plan items: the one selector, and what time tracking registers with
the lower apps at start (docs/architecture.md)."""

import datetime
from decimal import Decimal

import pytest

from actionplans import selectors as plan_selectors
from orders import conf as order_conf
from orders.models import Billing, Order
from timetracking import selectors
from timetracking.models import TimeEntry
from timetracking.tests.factories import approved_item, helse

pytestmark = pytest.mark.usefixtures("demo_data")

# A day in the past on any calendar: the entries below are written directly.
DAY = datetime.date(2020, 6, 15)


def _entry(**target):
    template = TimeEntry.objects.order_by("pk").first()
    area = target.get("order").area if "order" in target else target["plan_item"].plan.area
    return TimeEntry.objects.create(
        advisor_id=template.advisor_id,
        date=target.pop("date", DAY),
        hours=target.pop("hours"),
        activity="meeting",
        billing=Billing.FIXED_PRICE,
        area=area,
        **target,
    )


def _linked_order(item):
    order = Order.objects.filter(area=helse(), time_entries__isnull=True).order_by("pk").first()
    Order.objects.filter(pk=order.pk).update(plan_item=item, billing=Billing.FIXED_PRICE)
    order.refresh_from_db()
    return order


def test_it_reports_zero_hours_for_items_without_time():
    assert selectors.plan_item_hours_used([0, -1]) == {0: Decimal(0), -1: Decimal(0)}
    assert selectors.plan_hours_used([]) == {}


def test_it_counts_hours_on_the_item_and_on_orders_linked_to_it():
    item = approved_item()
    before = selectors.plan_item_hours_used([item.pk])[item.pk]
    plan_before = selectors.plan_hours_used([item.plan_id])[item.plan_id]
    _entry(plan_item=item, hours=Decimal("1.25"))
    _entry(order=_linked_order(item), hours=Decimal("2"))
    assert selectors.plan_item_hours_used([item.pk])[item.pk] == before + Decimal("3.25")
    assert selectors.plan_hours_used([item.plan_id])[item.plan_id] == plan_before + Decimal("3.25")


def test_it_counts_only_hours_up_to_the_day_given():
    item = approved_item()
    cut = DAY - datetime.timedelta(days=1)
    before = selectors.plan_item_hours_used([item.pk], until=cut)[item.pk]
    _entry(plan_item=item, hours=Decimal("4"))
    _entry(plan_item=item, hours=Decimal("1"), date=cut)
    assert selectors.plan_item_hours_used([item.pk], until=cut)[item.pk] == before + 1
    assert selectors.plan_hours_used([item.plan_id], until=cut)[item.plan_id] >= before + 1


def test_plan_pages_ask_time_tracking_for_hours_used():
    # Registered in TimetrackingConfig.ready: actionplans never imports timetracking.
    item = approved_item()
    _entry(plan_item=item, hours=Decimal("2.5"))
    assert plan_selectors.hours_used([item.pk]) == selectors.plan_item_hours_used([item.pk])


def test_orders_prices_with_the_rate_time_tracking_registered(monkeypatch):
    assert order_conf._hourly_rate_provider is selectors.hourly_rate_for_year
    monkeypatch.setattr(order_conf, "_hourly_rate_provider", None)
    assert order_conf.hourly_rate() == order_conf.DEFAULT_HOURLY_RATE


def test_the_plan_items_api_shows_the_hours_of_this_selector(api, kommunalsjef):
    item = approved_item()
    _entry(plan_item=item, hours=Decimal("1.75"))
    api.force_authenticate(kommunalsjef)
    data = api.get(f"/api/v1/plan-items/{item.pk}/").data
    assert Decimal(data["used_hours"]) == selectors.plan_item_hours_used([item.pk])[item.pk]
