"""Whose time entries a user sees, hours used on plans, weeks, and month locks."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from core import access, parsing
from core.models import Advisor, Role, User
from timetracking.models import (
    HourlyRate,
    PeriodLock,
    TimeEntry,
)

ZERO = Decimal(0)


def is_manager(user: User) -> bool:
    return user.is_superuser or access.has_role(user, Role.BHT_MANAGER)


def entries_visible_to(user: User) -> QuerySet[TimeEntry]:
    if not user.is_authenticated or not user.is_active:
        return TimeEntry.objects.none()
    scope = access.scope_for(user)
    if scope.everything:
        return TimeEntry.objects.all()
    nodes = scope.oversight
    # The entry's area decides for organisation and area oversight; a unit or
    # department leader sees the hours on orders and plan items of their subtree.
    q = (
        Q(area__organisation_id__in=nodes.organisations)
        | Q(area_id__in=nodes.areas)
        | Q(order__unit_id__in=nodes.units)
        | Q(order__department_id__in=nodes.departments)
        | Q(order__department__unit_id__in=nodes.units)
        | Q(plan_item__unit_id__in=nodes.units)
        | Q(plan_item__department_id__in=nodes.departments)
    )
    if scope.is_bht:
        q |= Q(area__isnull=True)
    return TimeEntry.objects.filter(q)


def entry_list_queryset(qs: QuerySet[TimeEntry]) -> QuerySet[TimeEntry]:
    """What a list row shows, in a fixed number of queries."""
    return qs.select_related(
        "advisor__user", "order", "plan_item", "internal_activity", "area"
    ).order_by("-date", "advisor_id", "pk")


def advisors_visible_to(user: User) -> QuerySet[Advisor]:
    if access.is_bht_staff(user):
        return Advisor.objects.select_related("user").filter(is_active=True)
    return Advisor.objects.none()


def hourly_rate_for_year(year: int) -> Decimal | None:
    """The rate of `year`, or of the latest year before it; None if none is set.

    Registered with orders.conf at start (TimetrackingConfig.ready), so orders
    prices extra sale with it without importing timetracking.
    """
    rate = HourlyRate.objects.filter(year__lte=year).order_by("-year").first()
    return rate.amount if rate is not None else None


def _hours_used_by(
    item_key: str, ids: list[int], until: datetime.date | None
) -> dict[int, Decimal]:
    """Hours per key: hours logged on the plan item directly plus hours on orders
    linked to it. `item_key` is "plan_item_id" (per item) or "plan_item__plan_id"
    (per plan). An entry has exactly one target, so none is counted twice."""
    used = dict.fromkeys(ids, ZERO)
    if not ids:
        return used
    entries = TimeEntry.objects.order_by()
    if until is not None:
        entries = entries.filter(date__lte=until)
    # Two index-friendly halves in one statement (UNION ALL): an OR across the
    # join to orders made PostgreSQL scan every time entry (benchmarks/RESULTS.md).
    via_order_key = f"order__{item_key}"
    direct = (
        entries.filter(**{f"{item_key}__in": ids})
        .values(item_key)
        .annotate(total=Sum("hours"))
        .values_list(item_key, "total")
    )
    via_orders = (
        entries.filter(**{f"{via_order_key}__in": ids})
        .values(via_order_key)
        .annotate(total=Sum("hours"))
        .values_list(via_order_key, "total")
    )
    for key, total in direct.union(via_orders, all=True):
        used[key] += total or ZERO
    return used


def plan_item_hours_used(
    item_ids: Iterable[int], *, until: datetime.date | None = None
) -> dict[int, Decimal]:
    """Hours used per plan item (every id given, 0 if none), up to `until` if given.
    Items carried over from an earlier version count only their own hours: the old
    item keeps its hours in the superseded plan's history. Registered with
    actionplans at start (TimetrackingConfig.ready) for the plan pages."""
    return _hours_used_by("plan_item_id", list(item_ids), until)


def plan_hours_used(
    plan_ids: Iterable[int], *, until: datetime.date | None = None
) -> dict[int, Decimal]:
    """Hours used per action plan (the sum over its items), up to `until` if given."""
    return _hours_used_by("plan_item__plan_id", list(plan_ids), until)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def parse_week(value: str | None, *, today: datetime.date) -> datetime.date:
    """`2026-W48` or any date `2026-11-25` → the Monday of that week; default this week.

    Weeks outside core.parsing's calendar (0001-01-01, 9999-W52: their neighbouring
    weeks overflow) raise InvalidInput on the `week` field."""
    if value:
        return parsing.parse_iso_week(value, field="week")
    return week_start(today)


def locked_months(
    months: list[datetime.date], organisation_ids: set[int | None] | None = None
) -> set[tuple[int | None, datetime.date]]:
    """Active locks among `months` as (organisation id or None, month)."""
    return set(
        PeriodLock.objects.filter(month__in=months, unlocked_at__isnull=True).values_list(
            "organisation_id", "month"
        )
    )


def month_locked_for(
    locks: set[tuple[int | None, datetime.date]], day: datetime.date, organisation_id: int | None
) -> bool:
    month = day.replace(day=1)
    return (None, month) in locks or (
        organisation_id is not None and (organisation_id, month) in locks
    )


def period_locks_visible_to(user: User) -> QuerySet[PeriodLock]:
    """Locks of the organisations the BHT user serves, and the locks of the whole BHT
    (they apply to every organisation); nothing for others."""
    if not access.is_bht_staff(user):
        return PeriodLock.objects.none()
    if access.serves_every_organisation(user):
        return PeriodLock.objects.all()
    return PeriodLock.objects.filter(Q(organisation__isnull=True) | access.organisation_q(user))


def active_locks(user: User) -> QuerySet[PeriodLock]:
    return (
        period_locks_visible_to(user)
        .filter(unlocked_at__isnull=True)
        .select_related("organisation", "locked_by")
    )
