"""Demo hours: idempotent, never in the future, never over 24 hours a day, consistent."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from orders.models import Billing, OrderStatus
from timetracking.models import PeriodLock, TimeEntry

pytestmark = pytest.mark.usefixtures("demo_data")


def snapshot():
    return (
        TimeEntry.objects.count(),
        TimeEntry.objects.aggregate(total=Sum("hours"))["total"],
        PeriodLock.objects.count(),
        list(TimeEntry.objects.order_by("pk").values_list("pk", "updated_at")[:50]),
    )


def test_it_seeds_hours_idempotently():
    before = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == before


def test_the_demo_hours_follow_the_rules():
    today = timezone.localdate()
    demo = TimeEntry.objects.filter(created_by=None)
    assert demo.exists()
    assert not demo.filter(date__gt=today).exists()
    per_day = demo.values("advisor", "date").annotate(total=Sum("hours"))
    assert max(row["total"] for row in per_day) <= 24
    for entry in demo.filter(order__isnull=False).select_related("order"):
        assert entry.order.status in (
            OrderStatus.ACCEPTED,
            OrderStatus.IN_PROGRESS,
            OrderStatus.DELIVERED,
            OrderStatus.CLOSED,
        )
        assert entry.date >= timezone.localdate(entry.order.accepted_at)
        if entry.order.delivered_at:
            assert entry.date <= timezone.localdate(entry.order.delivered_at)
        expected = Billing.FIXED_PRICE if entry.order.plan_item_id else Billing.EXTRA_SALE
        assert entry.billing == expected
    assert set(demo.values_list("billing", flat=True)) == set(Billing.values)


def test_the_demo_locks_the_months_before_the_current_one():
    this_month = timezone.localdate().replace(day=1)
    first = TimeEntry.objects.filter(created_by=None).order_by("date").first()
    month = first.date.replace(day=1)
    while month < this_month:
        assert PeriodLock.objects.filter(month=month, organisation=None, unlocked_at=None).exists()
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    assert not PeriodLock.objects.filter(month=this_month).exists()


def test_the_demo_hours_have_their_creation_in_the_history():
    demo = TimeEntry.objects.filter(created_by=None)
    created = TimeEntry.history.filter(history_type="+", id__in=demo.values("pk")).count()
    assert created == demo.count()


def test_the_demo_plans_are_mostly_within_budget():
    """As the evaluation found: budgets underspent, a few items at 80-100 %, one over."""
    from actionplans.models import PlanItem, PlanStatus
    from timetracking.selectors import plan_item_hours_used

    items = PlanItem.objects.filter(plan__status__in=[PlanStatus.APPROVED, PlanStatus.CLOSED])
    used = plan_item_hours_used([item.pk for item in items])
    # The items with hours (a plan's first days have none yet).
    shares = [used[item.pk] / item.budget_hours for item in items if used[item.pk]]
    assert shares
    assert len([s for s in shares if s > 1]) <= 1
    assert len([s for s in shares if s > Decimal("0.8")]) < len(shares) / 2


def test_the_last_week_waits_for_the_manager_also_across_a_locked_month():
    from timetracking.models import WeekStatus, WeekSubmission
    from timetracking.selectors import week_start

    last_week = week_start(timezone.localdate()) - datetime.timedelta(days=7)
    sent = WeekSubmission.objects.filter(week_start=last_week)
    assert sent.exists()
    assert set(sent.values_list("status", flat=True)) == {WeekStatus.SUBMITTED}
