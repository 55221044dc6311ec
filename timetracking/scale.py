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
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.scale import ENTRIES_PER_ORG_YEAR, ScaleContext, aware, scaled
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
    rng = ctx.rng("timetracking")
    w = ctx.writer
    now = timezone.now()
    for year in range(ctx.first_year, ctx.today.year + 1):
        HourlyRate.objects.get_or_create(year=year, defaults={"amount": hourly_rate(year)})
    internals = list(InternalActivity.objects.filter(is_active=True).values_list("pk", flat=True))
    plan_items: dict[int, dict[int, list[tuple[int, int, Decimal, int]]]] = ctx.extra.get(
        "plan_items", {}
    )
    area_org = {area.pk: area.organisation_id for area in ctx.areas()}
    worked_by_org: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in ctx.extra.get("worked_orders", []):
        worked_by_org[area_org[row[1]]].append(row)
    advisors = list(ctx.advisors)
    booked: dict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)
    approved_before = ctx.today - datetime.timedelta(days=14)
    items_cache: dict[tuple[int, int], list[tuple[int, int, Decimal, int]]] = {}

    def day_between(start: datetime.date, end: datetime.date) -> datetime.date | None:
        if end < start:
            return None
        day = start + datetime.timedelta(days=rng.randrange((end - start).days + 1))
        if day.weekday() >= 5:
            day -= datetime.timedelta(days=day.weekday() - 4)
            if day < start:
                return None
        return day

    def rows() -> Iterator[tuple[Any, ...]]:
        for org in ctx.orgs:
            worked = worked_by_org.get(org.pk, [])
            cum = list(itertools.accumulate(a.weight for a in org.areas))
            for year in range(ctx.first_year, ctx.today.year + 1):
                y_start = datetime.date(year, 1, 1)
                y_end = min(datetime.date(year, 12, 31), ctx.today)
                share = ((y_end - y_start).days + 1) / 365
                n = scaled(ENTRIES_PER_ORG_YEAR * share, ctx, org.weight, rng)
                year_orders = [o for o in worked if o[3] <= y_end and o[4] >= y_start]
                for _ in range(n):
                    pick = rng.random()
                    area = rng.choices(org.areas, cum_weights=cum)[0]
                    order_pk = item_pk = internal = None
                    if pick < SHARES[0]:
                        key = (area.pk, year)
                        if key not in items_cache:
                            items_cache[key] = [
                                it
                                for start, its in plan_items.get(area.pk, {}).items()
                                if start <= year <= start + 1
                                for it in its
                            ]
                        items = items_cache[key]
                        if not items:
                            continue
                        item = rng.choice(items)
                        item_pk = item[0]
                        advisor = item[1] if rng.random() < 0.8 else rng.choice(advisors)
                        window_end = y_end  # within the plan's period (year ≤ its end)
                        day = day_between(y_start, window_end)
                        billing = Billing.FIXED_PRICE
                        activity = rng.choice(ITEM_ACTIVITIES)
                        area_pk: int | None = area.pk
                    elif pick < SHARES[0] + SHARES[1]:
                        if not year_orders:
                            continue
                        order = rng.choice(year_orders)
                        order_pk, area_pk, advisor = order[0], order[1], order[2]
                        # While the order was worked: started .. delivered (or today).
                        window_end = min(order[4], y_end)
                        day = day_between(max(order[3], y_start), window_end)
                        billing = Billing.FIXED_PRICE if order[5] else Billing.EXTRA_SALE
                        activity = rng.choice(ORDER_ACTIVITIES)
                    else:
                        internal = rng.choice(internals)
                        advisor = rng.choice(advisors)
                        area_pk = None
                        window_end = y_end
                        day = day_between(y_start, window_end)
                        billing = Billing.INTERNAL
                        activity = Activity.INTERNAL
                    if day is None:
                        continue
                    hours = rng.choice(HOURS)
                    for _attempt in range(3):
                        if booked[(advisor, day)] + hours <= DAY_CAP:
                            break
                        # A full day: try the next weekday, within the window (which
                        # ends today at the latest, so never in the future).
                        day += datetime.timedelta(days=3 if day.weekday() == 4 else 1)
                    if day > window_end or booked[(advisor, day)] + hours > DAY_CAP:
                        continue
                    booked[(advisor, day)] += hours
                    if day < approved_before:
                        status = EntryStatus.APPROVED
                    else:
                        status = EntryStatus.DRAFT if rng.random() < 0.7 else EntryStatus.SUBMITTED
                    at = min(aware(day, 16), now)
                    yield (
                        advisor, day, hours, activity, order_pk, item_pk, internal, billing,
                        area_pk, "", status, ctx.advisors[advisor], at, at,
                    )  # fmt: skip

    ctx.count(
        "timeentry",
        w.write(
            TimeEntry,
            ["advisor_id", "date", "hours", "activity", "order_id", "plan_item_id",
             "internal_activity_id", "billing", "area_id", "note", "status", "created_by_id",
             "created_at", "updated_at"],
            rows(),
        ),
    )  # fmt: skip

    # Months before last month are locked for the whole BHT (skipping months that
    # already have an active lock, e.g. from the demo).
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
    w.write(PeriodLock, ["month", "locked_by_id", "locked_at", "unlock_reason"], locks)
