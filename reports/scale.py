"""Sick leave at scale for `seed_scale` (see core/scale.py): one row per unit and
quarter over the generated years, as an HR import would give. Each unit has its
own level (a few units far above the organisation's 12 % threshold), with
doctor-certified leave about three times the self-certified.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from core.scale import ScaleContext
from reports.models import SickLeaveStat

WORKDAYS_PER_QUARTER = 61


def seed(ctx: ScaleContext) -> None:
    rng = ctx.rng("reports")
    now = timezone.now()
    quarters = []
    for year in range(ctx.first_year, ctx.today.year + 1):
        for q in range(4):
            start = datetime.date(year, 1 + 3 * q, 1)
            end = (start + datetime.timedelta(days=95)).replace(day=1) - datetime.timedelta(days=1)
            if end < ctx.today:
                quarters.append((start, end))
    rows = []
    for area in ctx.areas():
        # The units' own headcounts (the 30/30/40 % split of core/scale.py).
        for unit, employees in zip(area.units, area.unit_employees, strict=True):
            level = rng.lognormvariate(-2.9, 0.45)  # mean about 6 %, long tail upwards
            for start, end in quarters:
                agreed = Decimal(employees * WORKDAYS_PER_QUARTER) * Decimal("0.85")
                lost = agreed * Decimal(str(round(level * rng.uniform(0.7, 1.3), 4)))
                self_cert = (lost / 4).quantize(Decimal("0.01"))
                doctor = (lost - self_cert).quantize(Decimal("0.01"))
                rows.append(
                    (area.organisation_id, unit, start, end, agreed.quantize(Decimal("0.01")),
                     self_cert, doctor, now, now)
                )  # fmt: skip
    ctx.count(
        "sickleavestat",
        ctx.writer.write(
            SickLeaveStat,
            ["organisation_id", "unit_id", "period_start", "period_end", "agreed_workdays",
             "lost_self_certified", "lost_doctor_certified", "created_at", "updated_at"],
            rows,
        ),
    )  # fmt: skip
