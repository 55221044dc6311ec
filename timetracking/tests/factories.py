"""Targets for time-entry tests, taken from the demo organisation and put in the
state a test needs (inside the test's transaction)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from actionplans.models import PlanItem, PlanStatus
from core.models import Advisor, ServiceArea, User
from orders.models import Billing, Order, OrderStatus
from timetracking import selectors, services
from timetracking.models import (
    Activity,
    InternalActivity,
    PeriodLock,
    TimeEntry,
    WeekSubmission,
)


def helse() -> ServiceArea:
    return ServiceArea.objects.get(name="Helse og sosial")


def advisor_of(user: User) -> Advisor:
    return Advisor.objects.get(user=user)


def approved_item(area: ServiceArea | None = None) -> PlanItem:
    year = timezone.localdate().year
    return (
        PlanItem.objects.filter(
            plan__area=area or helse(),
            plan__status=PlanStatus.APPROVED,
            plan__start_year__lte=year,
            plan__end_year__gte=year,
        )
        .exclude(status="cancelled")
        .order_by("pk")
        .first()
    )  # type: ignore[return-value]


def open_order(
    *, plan_item: PlanItem | None = None, area: ServiceArea | None = None, **fields: object
) -> Order:
    """An order of the area in progress (accepted 60 days ago), extra sale unless linked."""
    # One without demo hours (created by nobody), so that a test sees only the
    # entries it logs itself, also when it calls open_order() again.
    demo_hours = TimeEntry.objects.filter(created_by__isnull=True, order__isnull=False)
    order = (
        Order.objects.filter(area=area or helse())
        .exclude(pk__in=demo_hours.values("order_id"))
        .order_by("pk")
        .first()
    )
    assert order is not None
    now = timezone.now()
    values: dict[str, object] = {
        "status": OrderStatus.IN_PROGRESS,
        "plan_item": plan_item,
        "billing": Billing.FIXED_PRICE if plan_item else Billing.EXTRA_SALE,
        "submitted_at": now - datetime.timedelta(days=70),
        "accepted_at": now - datetime.timedelta(days=60),
        "started_at": now - datetime.timedelta(days=59),
        "cost_accepted_at": now - datetime.timedelta(days=60),
        "delivered_at": None,
        "closed_at": None,
        "confidential": False,
    }
    values.update(fields)
    Order.objects.filter(pk=order.pk).update(**values)
    order.refresh_from_db()
    return order


def internal() -> InternalActivity:
    return InternalActivity.objects.order_by("sort_order").first()  # type: ignore[return-value]


def log(
    user: User,
    *,
    hours: str | Decimal = "1.5",
    date: datetime.date | None = None,
    advisor: Advisor | None = None,
    activity: str = Activity.MEETING,
    **target: object,
) -> TimeEntry:
    if not target:
        target = {"internal_activity": internal()}
    return services.time_entry_create(
        user=user,
        advisor=advisor or advisor_of(user),
        date=date or timezone.localdate(),
        hours=hours,
        activity=activity,
        **target,  # type: ignore[arg-type]
    )


def clear_week(user: User, day: datetime.date | None = None) -> None:
    """Removes the user's demo hours, sent week and the demo's locks around the week of
    `day` (default today): the demo logs up to yesterday and locks every month before
    this one, so a test of one week starts from an empty, open week on any date."""
    start = selectors.week_start(day or timezone.localdate())
    end = start + datetime.timedelta(days=6)
    TimeEntry.objects.filter(advisor__user=user, date__range=(start, end)).delete()
    WeekSubmission.objects.filter(advisor__user=user, week_start=start).delete()
    PeriodLock.objects.filter(month__in={start.replace(day=1), end.replace(day=1)}).delete()
