"""Demo hours for `seed_demo`: internal activities, hourly rates and a few months
of time entries consistent with the demo orders and plans.

Deterministic (fixed anchor dates and random seed) and idempotent: entries are
created once (demo rows have no `created_by`), locks and approvals are topped
up for months that have ended since the last run. Never in the future, never
over 24 hours a day; months before the current one are approved and locked.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from actionplans.models import PlanItem, PlanStatus
from bht.models import Advisor, Organisation, User
from orders.models import Order, OrderStatus
from timetracking import selectors
from timetracking.models import (
    Activity,
    EntryStatus,
    HourlyRate,
    InternalActivity,
    PeriodLock,
    TimeEntry,
    WeekStatus,
    WeekSubmission,
)
from timetracking.services import derive

SEED = 20261102
# Demo hours run from this Monday to the end of the week before ANCHOR_END (or today).
ANCHOR_START = datetime.date(2026, 8, 3)
ANCHOR_END = datetime.date(2026, 11, 20)
# Last year's hours, thinner (about two days a week per advisor), so that the demo's
# annual reports for last year (reports/demo.py) have figures to show.
LAST_YEAR = ANCHOR_END.year - 1
LAST_YEAR_DAY_SHARE = 0.4

INTERNAL_ACTIVITIES = (
    ("amu", "Deltakelse i AMU"),
    ("kompetanse", "Kompetanseutvikling"),
    ("administrasjon", "Administrasjon"),
    ("synlighet", "Markedsføring og synlighet"),
    ("fagmote", "Fagmøter i BHT"),
    ("kvalitet", "Kvalitetssystem og internkontroll"),
)

RATES = {2024: Decimal("1050"), 2025: Decimal("1100"), 2026: Decimal("1150")}

ORDER_ACTIVITIES = (
    Activity.PREPARATION,
    Activity.MEETING,
    Activity.SURVEY,
    Activity.ADVICE,
    Activity.ANALYSIS,
    Activity.REPORT_WRITING,
    Activity.TRAVEL,
)
ITEM_ACTIVITIES = (Activity.COURSE, Activity.MEETING, Activity.SURVEY, Activity.PREPARATION)


def seed(*, organisation: Organisation) -> str:
    for order, (code, name) in enumerate(INTERNAL_ACTIVITIES, 1):
        InternalActivity.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order * 10}
        )
    for year, amount in RATES.items():
        HourlyRate.objects.get_or_create(year=year, defaults={"amount": amount})
    manager = User.objects.filter(username="bhtleder").first()
    if manager is None:
        return ""
    created = 0
    if not TimeEntry.objects.filter(created_by__isnull=True).exists():
        created = _entries(organisation)
    _approve_and_lock(manager)
    return f"{created} timeføringer" if created else "timeføringer finnes allerede (uendret)"


def _entries(organisation: Organisation) -> int:
    rng = random.Random(SEED)
    today = timezone.localdate()
    end = min(ANCHOR_END, today - datetime.timedelta(days=1))
    advisors = list(
        Advisor.objects.filter(is_active=True, user__role_assignments__role__in=["bht_advisor"])
        .distinct()
        .select_related("user")
        .order_by("pk")
    )
    internals = list(InternalActivity.objects.order_by("sort_order"))
    orders_by_advisor: dict[int, list[Order]] = defaultdict(list)
    orders = (
        Order.objects.filter(organisation=organisation)
        .filter(
            status__in=[
                OrderStatus.ACCEPTED,
                OrderStatus.IN_PROGRESS,
                OrderStatus.DELIVERED,
                OrderStatus.CLOSED,
            ],
            accepted_at__isnull=False,
        )
        .filter(
            Q(delivered_at__isnull=True) | Q(delivered_at__date__gte=datetime.date(LAST_YEAR, 1, 1))
        )
        .select_related("plan_item__plan")
        .prefetch_related("assignments")
        .order_by("pk")
    )
    for order in orders:
        advisor_ids = {a.advisor_id for a in order.assignments.all()}
        if order.lead_advisor_id:
            advisor_ids.add(order.lead_advisor_id)
        for advisor_id in sorted(advisor_ids):
            orders_by_advisor[advisor_id].append(order)
    items_by_advisor: dict[int, list[PlanItem]] = defaultdict(list)
    for item in (
        PlanItem.objects.filter(
            plan__status=PlanStatus.APPROVED, plan__area__organisation=organisation
        )
        .exclude(advisor=None)
        .select_related("plan")
        .order_by("pk")
    ):
        items_by_advisor[item.advisor_id].append(item)  # type: ignore[index]

    entries: list[TimeEntry] = []
    day = ANCHOR_START
    while day <= end:
        if day.weekday() < 5:
            for advisor in advisors:
                entries += _day(rng, advisor, day, orders_by_advisor, items_by_advisor, internals)
        day += datetime.timedelta(days=1)
    # Last year, with its own random stream so that this year's hours stay the same.
    last_rng = random.Random(SEED + LAST_YEAR)
    day = datetime.date(LAST_YEAR, 1, 2)
    while day.year == LAST_YEAR:
        if day.weekday() < 5:
            for advisor in advisors:
                if last_rng.random() < LAST_YEAR_DAY_SHARE:
                    entries += _day(
                        last_rng, advisor, day, orders_by_advisor, items_by_advisor, internals
                    )
        day += datetime.timedelta(days=1)
    # Statuses as the approval flow leaves them (see _approve_and_lock).
    this_week = selectors.week_start(today)
    approved_before = max(this_week - datetime.timedelta(days=7), today.replace(day=1))
    for entry in entries:
        if entry.date < approved_before:
            entry.status = EntryStatus.APPROVED
        elif entry.date < this_week:
            entry.status = EntryStatus.SUBMITTED
    TimeEntry.objects.bulk_create(entries, batch_size=500)
    # The audit history starts with the demo's own "created" rows (by nobody).
    for entry in entries:
        entry._history_date = _at(entry.date)  # type: ignore[attr-defined]
    TimeEntry.history.bulk_history_create(entries, batch_size=500)  # type: ignore[attr-defined]
    return len(entries)


def _active_on(order: Order, day: datetime.date) -> bool:
    start = timezone.localdate(order.accepted_at)  # type: ignore[arg-type]
    stop = timezone.localdate(order.delivered_at) if order.delivered_at else ANCHOR_END
    return start <= day <= stop


def _quarters(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low, high)) / 4


def _day(
    rng: random.Random,
    advisor: Advisor,
    day: datetime.date,
    orders_by_advisor: dict[int, list[Order]],
    items_by_advisor: dict[int, list[PlanItem]],
    internals: list[InternalActivity],
) -> list[TimeEntry]:
    # A part-time advisor works fewer days; nobody logs more than 7.5 hours in the demo.
    if rng.random() * 100 > float(advisor.fte_percent):
        return []
    budget = _quarters(rng, 16, 30)
    entries: list[TimeEntry] = []
    orders = [o for o in orders_by_advisor.get(advisor.pk, []) if _active_on(o, day)]
    items = items_by_advisor.get(advisor.pk, [])
    if orders and rng.random() < 0.7:
        order = rng.choice(orders)
        hours = min(budget, _quarters(rng, 4, 14))
        entries.append(_entry(advisor, day, hours, rng.choice(ORDER_ACTIVITIES), order=order))
        budget -= hours
    if items and budget > 0 and rng.random() < 0.6:
        item = rng.choice(items)
        hours = min(budget, _quarters(rng, 2, 10))
        entries.append(_entry(advisor, day, hours, rng.choice(ITEM_ACTIVITIES), plan_item=item))
        budget -= hours
    if internals and budget > 0:
        # Client work first; internal work fills part of the rest of the day.
        hours = min(budget, _quarters(rng, 2, 8) if entries else _quarters(rng, 8, 30))
        activity = rng.choice(internals)
        entries.append(_entry(advisor, day, hours, Activity.INTERNAL, internal=activity))
    return entries


def _entry(
    advisor: Advisor,
    day: datetime.date,
    hours: Decimal,
    activity: str,
    *,
    order: Order | None = None,
    plan_item: PlanItem | None = None,
    internal: InternalActivity | None = None,
) -> TimeEntry:
    entry = TimeEntry(
        advisor=advisor,
        date=day,
        hours=hours,
        activity=activity,
        order=order,
        plan_item=plan_item,
        internal_activity=internal,
    )
    derive(entry)
    return entry


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _approve_and_lock(manager: User) -> None:
    """Weeks before last week are approved, last week is sent; months before this one locked."""
    today = timezone.localdate()
    this_month = today.replace(day=1)
    this_week = selectors.week_start(today)
    last_week = this_week - datetime.timedelta(days=7)
    demo = TimeEntry.objects.filter(created_by__isnull=True)
    first = demo.order_by("date").values_list("date", flat=True).first()
    if first is None:
        return
    weeks = {
        selectors.week_start(d)
        for d in demo.filter(date__lt=this_week).values_list("date", flat=True).distinct()
    }
    existing = set(
        WeekSubmission.objects.filter(week_start__in=weeks).values_list("advisor_id", "week_start")
    )
    pairs = {
        (a, selectors.week_start(d))
        for a, d in demo.filter(date__lt=this_week).values_list("advisor_id", "date").distinct()
    }
    new_weeks = []
    for advisor_id, start in sorted(pairs - existing):
        # Last week waits for the manager; earlier weeks are approved.
        approved = start < last_week or start + datetime.timedelta(days=6) < this_month
        sent = _at(start + datetime.timedelta(days=7))
        new_weeks.append(
            WeekSubmission(
                advisor_id=advisor_id,
                week_start=start,
                status=WeekStatus.APPROVED if approved else WeekStatus.SUBMITTED,
                submitted_at=sent,
                decided_by=manager if approved else None,
                decided_at=sent + datetime.timedelta(days=1) if approved else None,
            )
        )
    WeekSubmission.objects.bulk_create(new_weeks)
    demo.filter(date__lt=max(last_week, this_month)).exclude(status=EntryStatus.APPROVED).update(
        status=EntryStatus.APPROVED
    )
    submitted = WeekSubmission.objects.filter(status=WeekStatus.SUBMITTED).values_list(
        "advisor_id", "week_start"
    )
    for advisor_id, start in submitted:
        demo.filter(
            advisor_id=advisor_id,
            date__gte=start,
            date__lte=start + datetime.timedelta(days=6),
            status=EntryStatus.DRAFT,
        ).update(status=EntryStatus.SUBMITTED)
    month = first.replace(day=1)
    locked = set(
        PeriodLock.objects.filter(organisation=None, unlocked_at__isnull=True).values_list(
            "month", flat=True
        )
    )
    while month < this_month:
        if month not in locked:
            next_month = (month + datetime.timedelta(days=32)).replace(day=1)
            PeriodLock.objects.create(
                month=month, organisation=None, locked_by=manager, locked_at=_at(next_month)
            )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
