"""Hours per service area and month, split by billing, for one organisation and year."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth

from core.numbers import format_hours
from orders.models import Billing
from reports.charts import bar_chart_svg
from reports.document import Chart, Report, Section, Table
from reports.models import ReportRun
from timetracking.models import TimeEntry

MONTHS = [
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
]  # fmt: skip
ZERO = Decimal("0.00")


def rows_for(run: ReportRun) -> list[dict[str, object]]:
    """One grouped query: per area and month, the hours of each billing kind."""
    assert run.organisation_id is not None and run.year is not None
    qs = TimeEntry.objects.filter(area__organisation_id=run.organisation_id, date__year=run.year)
    if run.area_id is not None:
        qs = qs.filter(area_id=run.area_id)
    sums = {
        billing.value: Sum("hours", filter=Q(billing=billing.value), default=ZERO)
        for billing in Billing
    }
    return list(
        qs.order_by()
        .annotate(month=TruncMonth("date"))
        .values("area__name", "month")
        .annotate(total=Sum("hours", default=ZERO), **sums)
        .order_by("area__name", "month")
    )


def compute(run: ReportRun) -> Report:
    assert run.organisation is not None and run.year is not None
    rows = rows_for(run)
    billings = list(Billing)
    headers = ["Tjenesteområde", "Måned", *[str(b.label) for b in billings], "Sum"]
    table_rows: list[list[object]] = []
    totals = dict.fromkeys([b.value for b in billings], ZERO)
    grand = ZERO
    per_area: dict[str, Decimal] = {}
    for row in rows:
        month = row["month"]
        label = MONTHS[month.month - 1] if month is not None else ""  # type: ignore[attr-defined]
        values = [row[b.value] for b in billings]
        table_rows.append([row["area__name"], label, *values, row["total"]])
        for b in billings:
            totals[b.value] += row[b.value]  # type: ignore[operator]
        grand += row["total"]  # type: ignore[operator]
        name = str(row["area__name"])
        per_area[name] = per_area.get(name, ZERO) + row["total"]  # type: ignore[operator]
    table = Table(
        title="Timer per tjenesteområde og måned",
        headers=headers,
        rows=table_rows,  # type: ignore[arg-type]
        totals=["Sum", "", *[totals[b.value] for b in billings], grand],
        note="Alle førte timer (utkast, sendt og godkjent) på området i året.",
        sheet_name="Timer",
    )
    area_name = f" – {run.area.name}" if run.area is not None else ""
    facts = [("Timer i alt", _fmt(grand))] + [
        (str(b.label), _fmt(totals[b.value])) for b in billings
    ]
    charts = []
    if per_area:
        charts.append(
            Chart(
                title="Timer per tjenesteområde",
                svg=bar_chart_svg(
                    "Timer per tjenesteområde",
                    list(per_area),
                    [float(v) for v in per_area.values()],
                ),
                alt=", ".join(f"{k}: {_fmt(v)} timer" for k, v in per_area.items()),
            )
        )
    return Report(
        kind=run.kind,
        title=f"Timer per tjenesteområde {run.year}{area_name}",
        subtitle="Fordelt på måned og fakturering",
        organisation_name=run.organisation.name,
        period_label=f"1.1.{run.year}–31.12.{run.year}",
        sections=[
            Section(
                title="Timer",
                facts=facts,
                tables=[table],
                charts=charts,
                paragraphs=[] if rows else ["Ingen timer er ført i perioden."],
            )
        ],
    )


def _fmt(value: Decimal) -> str:
    return format_hours(value)
