"""Trends over years for one area (or the whole organisation): the figures of the
annual report, year by year, beside published reference figures for sick leave.
Read-only; the same definitions as `amu_annual` (reports.kinds.amu_annual._Data),
and the same small-cell rule below organisation level."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from core.models import Organisation, ServiceArea, StatutoryCode
from reports.charts import bar_chart_svg
from reports.kinds._figures import is_small, nearest_rank, percent
from reports.kinds.amu_annual import STATUTORY_LETTERS, _Data
from reports.models import ReferenceFigure
from reports.render import display_cell
from reports.sick_leave import sick_leave_percent, sick_leave_totals

YEARS = 5


@dataclass
class Series:
    title: str
    unit: str
    headers: list[str]
    rows: list[list[object]]  # [year, value, ...]
    svg: str
    alt: str
    note: str = ""


def trend_years(today_year: int) -> list[int]:
    """The last YEARS whole years, oldest first."""
    return list(range(today_year - YEARS, today_year))


def trends(
    *, organisation: Organisation, area: ServiceArea | None, years: list[int]
) -> list[Series]:
    per_year = {year: _Data(organisation, year, area) for year in years}
    below = area is not None

    def rate(n: int, employees: int) -> Decimal | None:
        return None if below and is_small(n) else percent(n, employees, 1)

    use_rows: list[list[object]] = []
    hours_rows: list[list[object]] = []
    response_rows: list[list[object]] = []
    satisfaction_rows: list[list[object]] = []
    sick_rows: list[list[object]] = []
    references = _references(years)
    for year, data in per_year.items():
        employees = data.org_employees
        orders, inquiries = data.orders.count(), data.inquiries.count()
        use_rows.append([year, rate(orders, employees), rate(inquiries, employees)])
        hours_rows.append(_hours_row(year, data))
        order_days, inquiry_days = data.response_days
        both = order_days + inquiry_days
        hidden = below and is_small(len(both))
        response_rows.append([year, None if hidden else nearest_rank(both, 50)])
        answers = data.feedback.aggregate(
            total=Count("pk"),
            high=Count("pk", filter=Q(overall__in=[4, 5])),
        )
        hidden = below and is_small(answers["total"])
        satisfaction_rows.append(
            [year, None if hidden else percent(answers["high"], answers["total"])]
        )
        names = {a.name for a in data.areas}
        lost = agreed = Decimal(0)
        for row in sick_leave_totals(organisation=organisation, year=year, by="area"):
            if row["area_name"] in names:
                lost += row["lost_self"] + row["lost_doctor"]
                agreed += row["agreed"]
        sick_rows.append(
            [year, sick_leave_percent(lost, agreed) if agreed else None]
            + [references.get((sector, year)) for sector in _sectors(references)]
        )
    sectors = _sectors(references)
    return [
        _series("Bruk per 100 ansatte", "per 100 ansatte",
                ["År", "Bestillinger per 100 ansatte", "Henvendelser per 100 ansatte"], use_rows),
        _series("Timer: lovpålagte oppgaver (§ 13-2) og tilleggstjenester", "timer",
                ["År", "Lovpålagt i alt (§ 13-2)",
                 *[f"Bokstav {c.value}" for c in STATUTORY_LETTERS], "Tilleggstjenester"],
                hours_rows, note=LETTERS_NOTE),
        _series("Svartid, median", "virkedager", ["År", "Median (virkedager)"], response_rows),
        _series("Fornøydhet: andel 4 eller 5 på samlet fornøydhet", "%",
                ["År", "Andel fornøyde (%)"], satisfaction_rows),
        _series("Sykefravær mot referansetall", "%",
                ["År", "Sykefravær (%)", *[f"{s} (%)" for s in sectors]], sick_rows,
                note="Referansetall importert av BHT (for eksempel SSB etter sektor og år)."
                if sectors else "Ingen referansetall er importert."),
    ]  # fmt: skip


LETTERS_NOTE = "Bokstavene i § 13-2: " + "; ".join(str(c.label) for c in STATUTORY_LETTERS) + "."


def _hours_row(year: int, data: _Data) -> list[object]:
    """Hours per § 13-2 letter and for additional services (the annual report's
    definition, `_Data.hours_by_code`); the chart shows the statutory total."""
    by_code = data.hours_by_code
    letters = [by_code.get(c.value) or Decimal(0) for c in STATUTORY_LETTERS]
    additional = by_code.get(StatutoryCode.EXTRA.value) or Decimal(0)
    return [year, sum(letters, Decimal(0)), *letters, additional]


def _references(years: list[int]) -> dict[tuple[str, int], Decimal]:
    return {
        (f"{r.source}: {r.sector}", r.year): r.sick_leave_percent
        for r in ReferenceFigure.objects.filter(year__in=years).order_by("source", "sector")
    }


def _sectors(references: dict[tuple[str, int], Decimal]) -> list[str]:
    return sorted({sector for sector, _year in references})


def _series(
    title: str, unit: str, headers: list[str], rows: list[list[object]], note: str = ""
) -> Series:
    """The chart shows the first figure per year; the table beside it all of them."""
    labels = [str(row[0]) for row in rows]
    values = [float(row[1]) if isinstance(row[1], Decimal | int | float) else 0.0 for row in rows]
    alt = "; ".join(
        f"{row[0]}: {'skjult eller mangler' if row[1] is None else display_cell(row[1])}"  # type: ignore[arg-type]
        for row in rows
    )
    return Series(
        title=title,
        unit=unit,
        headers=headers,
        rows=rows,
        svg=bar_chart_svg(f"{title} ({unit})", labels, values),
        alt=alt,
        note=note or "Tomme celler: færre enn 5 saker i området, eller ingen tall.",
    )
