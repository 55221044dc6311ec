"""Demo hours for `seed_demo`: internal activities, hourly rates and a few months
of time entries consistent with the demo orders and plans.

Deterministic for a given day (dates counted back from today, a fixed random seed)
and idempotent: entries are
created once (demo rows have no `created_by`), locks and approvals are topped
up for months that have ended since the last run. Never in the future, never
over 24 hours a day; months before the current one are approved and locked.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from actionplans.models import PlanItem, PlanStatus
from core.demo import annual_report_year
from core.models import Advisor, Organisation, User
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
# Dense demo hours cover the weeks before today (17 weeks, from a Monday);
# the annual report's year (core.demo.annual_report_year) gets thinner hours, about
# two days a week per advisor, so that the demo's annual reports have figures.
DENSE_WEEKS = 17
REPORT_YEAR_DAY_SHARE = 0.4


def _period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the dense hours: Monday 17 weeks back to yesterday."""
    start = selectors.week_start(today) - datetime.timedelta(weeks=DENSE_WEEKS - 1)
    return start, today - datetime.timedelta(days=1)


INTERNAL_ACTIVITIES = (
    ("amu", "Deltakelse i AMU"),
    ("kompetanse", "Kompetanseutvikling"),
    ("administrasjon", "Administrasjon"),
    ("synlighet", "Markedsføring og synlighet"),
    ("fagmote", "Fagmøter i BHT"),
    ("kvalitet", "Kvalitetssystem og internkontroll"),
)

# The hourly rate of this year and the two before it.
RATES = (Decimal("1050"), Decimal("1100"), Decimal("1150"))

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
    this_year = timezone.localdate().year
    for year, amount in zip(range(this_year - 2, this_year + 1), RATES, strict=True):
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
    start, end = _period(today)
    report_year = annual_report_year(today)
    advisors = list(
        Advisor.objects.filter(is_active=True, user__role_assignments__role__in=["bht_advisor"])
        .distinct()
        .select_related("user")
        .order_by("pk")
    )
    work = _Work(
        orders=_orders_by_advisor(organisation, report_year),
        items=_items_by_advisor(organisation, report_year),
        internals=list(InternalActivity.objects.order_by("sort_order")),
    )
    work.caps = _item_caps([item for items in work.items.values() for item in items])
    entries = _generate(rng, start, end, advisors, work)
    # The report's year, with its own random stream so that the recent hours stay the same.
    last_rng = random.Random(SEED + report_year)
    last = min(datetime.date(report_year, 12, 31), start - datetime.timedelta(days=1))
    entries += _generate(
        last_rng, datetime.date(report_year, 1, 2), last, advisors, work, REPORT_YEAR_DAY_SHARE
    )
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


@dataclass
class _Work:
    """What each advisor can log hours on: orders and plan items by advisor id, the
    internal activities, and the hours each plan item may still get (`_item_caps`)."""

    orders: dict[int, list[Order]]
    items: dict[int, list[PlanItem]]
    internals: list[InternalActivity]
    caps: dict[int, Decimal] = field(default_factory=dict)


def _orders_by_advisor(organisation: Organisation, report_year: int) -> dict[int, list[Order]]:
    """Accepted orders worked since the report's year, under each advisor on them."""
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
            Q(delivered_at__isnull=True)
            | Q(delivered_at__date__gte=datetime.date(report_year, 1, 1))
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
    return orders_by_advisor


def _items_by_advisor(organisation: Organisation, report_year: int) -> dict[int, list[PlanItem]]:
    """Items of approved and closed plans running since the report's year, by advisor."""
    items_by_advisor: dict[int, list[PlanItem]] = defaultdict(list)
    for item in (
        PlanItem.objects.filter(
            plan__status__in=[PlanStatus.APPROVED, PlanStatus.CLOSED],
            plan__area__organisation=organisation,
            plan__end_year__gte=report_year,
        )
        .exclude(advisor=None)
        .select_related("plan")
        .order_by("pk")
    ):
        items_by_advisor[item.advisor_id].append(item)  # type: ignore[index]
    return items_by_advisor


def _generate(
    rng: random.Random,
    first: datetime.date,
    last: datetime.date,
    advisors: list[Advisor],
    work: _Work,
    share: float | None = None,
) -> list[TimeEntry]:
    """Each advisor's entries on each weekday from `first` to `last`; with `share`, an
    advisor logs on a day only with that probability."""
    entries: list[TimeEntry] = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            for advisor in advisors:
                if share is None or rng.random() < share:
                    entries += _day(rng, advisor, day, work)
        day += datetime.timedelta(days=1)
    return entries


def _item_caps(items: list[PlanItem]) -> dict[int, Decimal]:
    """How many hours each plan item may get in the demo, counting the hours on orders
    linked to it: most items are underspent, as the evaluation found (planned
    measures postponed), a few are at 80-100 % of their budget and one is over."""
    rng = random.Random(SEED + 1)
    caps: dict[int, Decimal] = {}
    for index, item in enumerate(sorted(items, key=lambda i: i.pk)):
        budget = item.budget_hours or Decimal(0)
        if index == 2:
            share = 1.15
        elif index % 5 == 4:
            share = rng.uniform(0.8, 1.0)
        else:
            share = rng.uniform(0.25, 0.75)
        caps[item.pk] = (budget * Decimal(str(round(share, 2)))).quantize(Decimal("0.25"))
    return caps


def _fits(caps: dict[int, Decimal], item_id: int | None, hours: Decimal) -> bool:
    """Takes `hours` from the item's cap if they fit (always true without an item)."""
    if item_id is None or item_id not in caps:
        return True
    if caps[item_id] < hours:
        return False
    caps[item_id] -= hours
    return True


def _active_on(order: Order, day: datetime.date) -> bool:
    start = timezone.localdate(order.accepted_at)  # type: ignore[arg-type]
    stop = timezone.localdate(order.delivered_at) if order.delivered_at else day
    return start <= day <= stop


def _in_period(item: PlanItem, day: datetime.date) -> bool:
    return item.plan.start_year <= day.year <= item.plan.end_year


def _quarters(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low, high)) / 4


def _day(rng: random.Random, advisor: Advisor, day: datetime.date, work: _Work) -> list[TimeEntry]:
    # A part-time advisor works fewer days; nobody logs more than 7.5 hours in the demo.
    if rng.random() * 100 > float(advisor.fte_percent):
        return []
    budget = _quarters(rng, 16, 30)
    entries: list[TimeEntry] = []
    orders = [o for o in work.orders.get(advisor.pk, []) if _active_on(o, day)]
    items = [i for i in work.items.get(advisor.pk, []) if _in_period(i, day)]
    caps, internals = work.caps, work.internals
    if orders and rng.random() < 0.7:
        order = rng.choice(orders)
        hours = min(budget, _quarters(rng, 4, 14))
        activity = rng.choice(ORDER_ACTIVITIES)
        if _fits(caps, order.plan_item_id, hours):
            entries.append(_entry(advisor, day, hours, activity, order=order))
            budget -= hours
    if items and budget > 0 and rng.random() < 0.6:
        item = rng.choice(items)
        hours = min(budget, _quarters(rng, 2, 10))
        activity = rng.choice(ITEM_ACTIVITIES)
        if _fits(caps, item.pk, hours):
            entries.append(_entry(advisor, day, hours, activity, plan_item=item))
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
    demo = TimeEntry.objects.filter(created_by__isnull=True)
    first = demo.order_by("date").values_list("date", flat=True).first()
    if first is None:
        return
    this_week = selectors.week_start(today)
    _submit_weeks(manager, demo, this_week)
    _lock_months(manager, first.replace(day=1), today.replace(day=1))


def _submit_weeks(manager: User, demo: QuerySet[TimeEntry], this_week: datetime.date) -> None:
    last_week = this_week - datetime.timedelta(days=7)
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
        # Last week waits for the manager, even where it lies in a month locked on the
        # 1st: a lock freezes hours, not a week's approval (docs/timetracking.md).
        approved = start < last_week
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
    demo.filter(date__lt=last_week).exclude(status=EntryStatus.APPROVED).update(
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


def _lock_months(manager: User, month: datetime.date, this_month: datetime.date) -> None:
    """Every month from `month` up to this one is locked BHT-wide (once)."""
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
