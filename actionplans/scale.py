"""Action plans at scale for `seed_scale` (see core/scale.py): one plan per area
and two-year period over the generated years, with 6–10 items each.

The current period's plan is approved in most areas (a few are still in
consultation, as in real life); earlier periods are closed. Items of approved and
closed plans are handed on (`ctx.extra["plan_items"]`) so that orders can link to
them and most hours can be logged on them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from actionplans.models import ActionPlan, ItemStatus, PlanItem, PlanStatus
from core.models import Service
from core.scale import AreaInfo, ScaleContext, aware

ITEM_TITLES = (
    "Risikovurdering av arbeidsmiljøet",
    "Kurs i forflytningsteknikk",
    "Medarbeiderundersøkelse og oppfølging",
    "Støykartlegging",
    "Inneklimamåling",
    "Ergonomisk gjennomgang av arbeidsplasser",
    "Helsekontroll nattarbeid",
    "Konflikthåndtering for ledere",
    "Vernerunde med verneombud",
    "Opplæring i HMS for nye ledere",
)


def periods(ctx: ScaleContext) -> list[int]:
    """Start years of the two-year periods that cover the generated years; the last
    one contains today."""
    current = ctx.today.year - 1 if (ctx.today.year % 2) != (2025 % 2) else ctx.today.year
    starts = []
    start = current
    while start + 1 >= ctx.first_year:
        starts.append(start)
        start -= 2
    return sorted(starts)


def seed(ctx: ScaleContext) -> None:
    plans = _Plans(ctx)
    for area in ctx.areas():
        for start in plans.starts:
            plans.plan(area, start)
    plans.write()
    ctx.extra["plan_items"] = plans.handed
    ctx.extra["plan_starts"] = plans.starts


class _Plans:
    """Collects plan and item rows from one random generator drawn from in a fixed
    order, then writes them."""

    def __init__(self, ctx: ScaleContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("actionplans")
        self.now = timezone.now()
        self.services = list(Service.objects.filter(is_active=True).values_list("pk", flat=True))
        self.advisors = list(ctx.advisors)
        self.starts = periods(ctx)
        self.plan_ids = iter(ctx.writer.ids(ActionPlan, len(list(ctx.areas())) * len(self.starts)))
        self.plan_rows: list[tuple[Any, ...]] = []
        self.item_rows: list[tuple[Any, ...]] = []
        # area pk -> start year -> [(item pk, advisor pk, budget hours, unit pk)]
        self.handed: dict[int, dict[int, list[tuple[int, int, Decimal, int]]]] = {}

    def plan(self, area: AreaInfo, start: int) -> None:
        rng = self.rng
        plan_pk = next(self.plan_ids)
        if start == self.starts[-1]:
            status = PlanStatus.CONSULTATION if rng.random() < 0.05 else PlanStatus.APPROVED
        else:
            status = PlanStatus.CLOSED
        n_items = rng.randint(6, 10)
        budgets = []
        for _ in range(n_items):
            # Budgets grow with the area's size; whole or half hours.
            hours = Decimal(rng.randint(8, 40) * (1 + int(area.weight * 10))) / 2
            budgets.append(max(Decimal("0.5"), hours))
        total = sum(budgets, Decimal(0))
        approved_at = aware(datetime.date(start - 1, 11, 20), 12)
        self.plan_rows.append(
            (plan_pk, area.pk, start, start + 1, 1, status, total,
             total * Decimal(1100), area.director_id, *_steps(start, status).values(),
             approved_at, self.now)
        )  # fmt: skip
        self.items(area, plan_pk, start, status, budgets, approved_at)

    def items(
        self,
        area: AreaInfo,
        plan_pk: int,
        start: int,
        status: str,
        budgets: list[Decimal],
        approved_at: datetime.datetime,
    ) -> None:
        rng = self.rng
        n_items = len(budgets)
        item_pks = self.ctx.writer.ids(PlanItem, n_items)
        keep = self.handed.setdefault(area.pk, {}).setdefault(start, [])
        contact = self.ctx.main_contact[area.pk]
        closed = status == PlanStatus.CLOSED
        for i, (item_pk, budget) in enumerate(zip(item_pks, budgets, strict=True)):
            advisor = contact if rng.random() < 0.7 else rng.choice(self.advisors)
            unit = rng.choice(area.units)
            item_status = rng.choices(*(CLOSED_ITEM_STATUS if closed else OPEN_ITEM_STATUS))[0]
            month = 1 + (i * 11) // n_items
            planned_start = datetime.date(start, month, 1)
            self.item_rows.append(
                (item_pk, plan_pk, rng.choice(self.services),
                 f"{ITEM_TITLES[i % len(ITEM_TITLES)]} ({i + 1})", "", unit, budget,
                 planned_start, datetime.date(start + 1, 12, 31), 1 + i % 3, advisor,
                 item_status, approved_at, self.now)
            )  # fmt: skip
            billable = status in (PlanStatus.APPROVED, PlanStatus.CLOSED)
            if billable and item_status != ItemStatus.CANCELLED:
                keep.append((item_pk, advisor, budget, unit))

    def write(self) -> None:
        ctx, w = self.ctx, self.ctx.writer
        ctx.count(
            "actionplan",
            w.write(
                ActionPlan,
                ["id", "area_id", "start_year", "end_year", "version", "status", "budget_hours",
                 "fixed_price_amount", "created_by_id", "submitted_at", "feedback_at",
                 "consulted_at", "signed_at", "approved_at", "closed_at", "created_at",
                 "updated_at"],
                self.plan_rows,
            ),
        )  # fmt: skip
        ctx.count(
            "planitem",
            w.write(
                PlanItem,
                ["id", "plan_id", "service_id", "title", "description", "unit_id",
                 "budget_hours", "planned_start", "planned_end", "priority", "advisor_id",
                 "status", "created_at", "updated_at"],
                self.item_rows,
            ),
        )  # fmt: skip


# Item statuses and their weights: a closed plan's items are mostly done.
CLOSED_ITEM_STATUS = ([ItemStatus.DONE, ItemStatus.POSTPONED, ItemStatus.CANCELLED], [85, 10, 5])
OPEN_ITEM_STATUS = ([ItemStatus.PLANNED, ItemStatus.IN_PROGRESS, ItemStatus.DONE], [30, 45, 25])


def _steps(start: int, status: str) -> dict[str, datetime.datetime | None]:
    """The plan's process dates in the autumn before its period."""
    steps: dict[str, datetime.datetime | None] = {
        "submitted_at": aware(datetime.date(start - 1, 9, 1), 12),
        "feedback_at": aware(datetime.date(start - 1, 9, 20), 12),
        "consulted_at": aware(datetime.date(start - 1, 10, 10), 12),
        "signed_at": None,
        "approved_at": None,
        "closed_at": None,
    }
    if status in (PlanStatus.APPROVED, PlanStatus.CLOSED):
        steps["signed_at"] = aware(datetime.date(start - 1, 10, 15), 12)
        steps["approved_at"] = aware(datetime.date(start - 1, 11, 20), 12)
    if status == PlanStatus.CLOSED:
        steps["closed_at"] = aware(datetime.date(start + 2, 1, 15), 12)
    return steps
