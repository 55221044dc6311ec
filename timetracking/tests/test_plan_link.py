"""orders' plan-link signal: the order's hours are re-derived, or the change is refused
when they lie in a locked month (the whole orders transaction rolls back)."""

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from core.models import Department
from orders import conf
from orders import services as order_services
from orders.models import Billing
from timetracking import services
from timetracking.models import HourlyRate, TimeEntry
from timetracking.tests.factories import advisor_of, approved_item, helse

pytestmark = pytest.mark.usefixtures("demo_data")


def draft_with_hours(user, radgiver):
    department = Department.objects.filter(unit__area=helse()).order_by("pk").first()
    order = order_services.order_create_draft(
        user=user, department=department, title="Kartlegging av inneklima"
    )
    # Hours on a draft cannot be logged through the rules; written directly here to
    # see what a later change of plan link does to existing hours (e.g. imported ones).
    entry = TimeEntry.objects.create(
        advisor=advisor_of(radgiver),
        date=timezone.localdate(),
        hours=2,
        activity="survey",
        order=order,
        billing=Billing.EXTRA_SALE,
        area=order.area,
    )
    return order, entry


def test_it_rederives_hours_when_orders_changes_the_plan_link(bhtleder, radgiver):
    order, entry = draft_with_hours(bhtleder, radgiver)
    order_services.order_update_draft(order=order, user=bhtleder, plan_item=approved_item())
    entry.refresh_from_db()
    assert entry.billing == Billing.FIXED_PRICE
    order_services.order_update_draft(order=order, user=bhtleder, plan_item=None)
    entry.refresh_from_db()
    assert entry.billing == Billing.EXTRA_SALE


def test_it_refuses_a_plan_link_change_with_hours_in_a_locked_month(bhtleder, radgiver):
    order, entry = draft_with_hours(bhtleder, radgiver)
    services.month_lock(user=bhtleder, month=timezone.localdate())
    with pytest.raises(ApplicationError, match="låst måned") as error:
        order_services.order_update_draft(order=order, user=bhtleder, plan_item=approved_item())
    assert error.value.field == "plan_item"
    order.refresh_from_db()
    entry.refresh_from_db()
    assert order.plan_item is None and entry.billing == Billing.EXTRA_SALE


def test_orders_prices_extra_sale_with_the_years_hourly_rate(bhtleder):
    year = timezone.localdate().year
    HourlyRate.objects.update_or_create(year=year, defaults={"amount": 1275})
    assert conf.hourly_rate() == 1275
    HourlyRate.objects.all().delete()
    assert conf.hourly_rate() == conf.DEFAULT_HOURLY_RATE
