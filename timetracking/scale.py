"""Time entries at scale for `seed_scale` (see core/scale.py).

About 2 000 entries per organisation and year (times its size and the fraction):
most hours on plan items (the fixed-price work of the action plans), about a
third on orders, the rest internal. Entries fall on weekdays within the item's
period or while the order was worked, never in the future, and no advisor gets
more than 12 hours on a day. Entries older than two weeks are approved, and
months before last month are locked BHT-wide.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.scale import ENTRIES_PER_ORG_YEAR, AreaInfo, ScaleContext, aware, scaled
from orders.models import Billing
from orders.scale import hourly_rate
from timetracking.models import (
    Activity,
    EntryStatus,
    HourlyRate,
    InternalActivity,
    PeriodLock,
    TimeEntry,
)

# Mean about 1.3 hours: 300 advisors log 2 000 000 entries in 5 years at ~7.5 hours a day.
HOURS = [Decimal(q) / 4 for q in (1, 2, 2, 3, 4, 4, 4, 6, 6, 8, 10, 12)]
ITEM_ACTIVITIES = [Activity.COURSE, Activity.MEETING, Activity.SURVEY, Activity.PREPARATION]
ORDER_ACTIVITIES = [
    Activity.ADVICE,
    Activity.MEETING,
    Activity.ANALYSIS,
    Activity.REPORT_WRITING,
    Activity.TRAVEL,
]
DAY_CAP = Decimal(12)
SHARES = (0.60, 0.28)  # plan items, orders; the rest internal


def seed(ctx: ScaleContext) -> None:
    now = timezone.now()
    for year in range(ctx.first_year, ctx.today.year + 1):
        HourlyRate.objects.get_or_create(year=year, defaults={"amount": hourly_rate(year)})
    entries = _Entries(ctx, now)
    ctx.count(
        "timeentry",
        ctx.writer.write(
            TimeEntry,
            ["advisor_id", "date", "hours", "activity", "order_id", "plan_item_id",
             "internal_activity_id", "billing", "area_id", "note", "status", "created_by_id",
             "created_at", "updated_at"],
            entries.rows(),
        ),
    )  # fmt: skip
    _lock_months(ctx, now)


@dataclass
class _Target:
    """What an entry is logged on, by whom, and the window its day falls in."""

    advisor: int
    day: datetime.date | None
    window_end: datetime.date
    billing: str
    activity: str
    area_pk: int | None = None
    order_pk: int | None = None
    item_pk: int | None = None
    internal: int | None = None


class _Entries:
    """Generates the entries organisation by organisation and year by year, from one
    random generator drawn from in a fixed order (the same rows for a seed and day)."""

    def __init__(self, ctx: ScaleContext, now: datetime.datetime) -> None:
        self.ctx = ctx
        self.now = now
        self.rng = ctx.rng("timetracking")
        self.internals = list(
            InternalActivity.objects.filter(is_active=True).values_list("pk", flat=True)
        )
        self.plan_items: dict[int, dict[int, list[tuple[int, int, Decimal, int]]]] = ctx.extra.get(
            "plan_items", {}
        )
        area_org = {area.pk: area.organisation_id for area in ctx.areas()}
        self.worked_by_org: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for row in ctx.extra.get("worked_orders", []):
            self.worked_by_org[area_org[row[1]]].append(row)
        self.advisors = list(ctx.advisors)
        self.booked: dict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)
        self.approved_before = ctx.today - datetime.timedelta(days=14)
        self.items_cache: dict[tuple[int, int], list[tuple[int, int, Decimal, int]]] = {}

    def day_between(self, start: datetime.date, end: datetime.date) -> datetime.date | None:
        if end < start:
            return None
        day = start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))
        if day.weekday() >= 5:
            day -= datetime.timedelta(days=day.weekday() - 4)
            if day < start:
                return None
        return day

    def rows(self) -> Iterator[tuple[Any, ...]]:
        ctx = self.ctx
        for org in ctx.orgs:
            worked = self.worked_by_org.get(org.pk, [])
            cum = list(itertools.accumulate(a.weight for a in org.areas))
            for year in range(ctx.first_year, ctx.today.year + 1):
                y_start = datetime.date(year, 1, 1)
                y_end = min(datetime.date(year, 12, 31), ctx.today)
                share = ((y_end - y_start).days + 1) / 365
                n = scaled(ENTRIES_PER_ORG_YEAR * share, ctx, org.weight, self.rng)
                year_orders = [o for o in worked if o[3] <= y_end and o[4] >= y_start]
                for _ in range(n):
                    pick = self.rng.random()
                    area = self.rng.choices(org.areas, cum_weights=cum)[0]
                    if pick < SHARES[0]:
                        target = self.on_item(area, year, y_start, y_end)
                    elif pick < SHARES[0] + SHARES[1]:
                        target = self.on_order(year_orders, y_start, y_end)
                    else:
                        target = self.internal(y_start, y_end)
                    row = self.entry(target) if target else None
                    if row:
                        yield row

    def on_item(
        self, area: AreaInfo, year: int, y_start: datetime.date, y_end: datetime.date
    ) -> _Target | None:
        rng = self.rng
        key = (area.pk, year)
        if key not in self.items_cache:
            self.items_cache[key] = [
                it
                for start, its in self.plan_items.get(area.pk, {}).items()
                if start <= year <= start + 1
                for it in its
            ]
        items = self.items_cache[key]
        if not items:
            return None
        item = rng.choice(items)
        advisor = item[1] if rng.random() < 0.8 else rng.choice(self.advisors)
        # Within the plan's period (year ≤ its end).
        day = self.day_between(y_start, y_end)
        return _Target(
            advisor=advisor,
            day=day,
            window_end=y_end,
            billing=Billing.FIXED_PRICE,
            activity=rng.choice(ITEM_ACTIVITIES),
            area_pk=area.pk,
            item_pk=item[0],
        )

    def on_order(
        self, year_orders: list[tuple[Any, ...]], y_start: datetime.date, y_end: datetime.date
    ) -> _Target | None:
        if not year_orders:
            return None
        order = self.rng.choice(year_orders)
        # While the order was worked: started .. delivered (or today).
        window_end = min(order[4], y_end)
        day = self.day_between(max(order[3], y_start), window_end)
        return _Target(
            advisor=order[2],
            day=day,
            window_end=window_end,
            billing=Billing.FIXED_PRICE if order[5] else Billing.EXTRA_SALE,
            activity=self.rng.choice(ORDER_ACTIVITIES),
            area_pk=order[1],
            order_pk=order[0],
        )

    def internal(self, y_start: datetime.date, y_end: datetime.date) -> _Target:
        internal = self.rng.choice(self.internals)
        advisor = self.rng.choice(self.advisors)
        return _Target(
            advisor=advisor,
            day=self.day_between(y_start, y_end),
            window_end=y_end,
            billing=Billing.INTERNAL,
            activity=Activity.INTERNAL,
            internal=internal,
        )

    def entry(self, t: _Target) -> tuple[Any, ...] | None:
        """The row, on a day the advisor still has room on (at most 12 hours)."""
        if t.day is None:
            return None
        rng, booked, advisor, day = self.rng, self.booked, t.advisor, t.day
        hours = rng.choice(HOURS)
        for _attempt in range(3):
            if booked[(advisor, day)] + hours <= DAY_CAP:
                break
            # A full day: try the next weekday, within the window (which ends today at
            # the latest, so never in the future).
            day += datetime.timedelta(days=3 if day.weekday() == 4 else 1)
        if day > t.window_end or booked[(advisor, day)] + hours > DAY_CAP:
            return None
        booked[(advisor, day)] += hours
        if day < self.approved_before:
            status = EntryStatus.APPROVED
        else:
            status = EntryStatus.DRAFT if rng.random() < 0.7 else EntryStatus.SUBMITTED
        at = min(aware(day, 16), self.now)
        return (
            advisor, day, hours, t.activity, t.order_pk, t.item_pk, t.internal, t.billing,
            t.area_pk, "", status, self.ctx.advisors[advisor], at, at,
        )  # fmt: skip


def _lock_months(ctx: ScaleContext, now: datetime.datetime) -> None:
    """Months before last month are locked for the whole BHT (skipping months that
    already have an active lock, e.g. from the demo)."""
    locked = set(
        PeriodLock.objects.filter(organisation=None, unlocked_at=None).values_list(
            "month", flat=True
        )
    )
    month = ctx.first_day
    last = (ctx.today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    locks = []
    while month < last:
        if month not in locked:
            locks.append((month, ctx.manager_user_id, now, ""))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    ctx.writer.write(PeriodLock, ["month", "locked_by_id", "locked_at", "unlock_reason"], locks)
