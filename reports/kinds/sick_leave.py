"""`sick_leave`: doctor- and self-certified sick leave per area and unit for one
organisation and year (DESIGN.md §7), with the units above the organisation's
threshold flagged as a priority for the BHT."""

from __future__ import annotations

from typing import Any

from core.models import Organisation
from core.numbers import format_percent
from reports.document import Cell, Report, Section, Table
from reports.sick_leave import sick_leave_percent, sick_leave_totals

KIND = "sick_leave"
PRIORITY = "Prioritert for BHT"
NOTE = (
    "Sykefraværsprosent = tapte dagsverk × 100 / avtalte dagsverk (NAV/SSB), én desimal, "
    "avrundet halvt opp. Perioder innenfor året; en avdelings tall telles i tjenesteområdet."
)


def compute(run: Any) -> Report:
    return build(organisation=run.organisation, year=run.year)


def _figures(row: dict[str, Any]) -> list[Any]:
    agreed, lost_self, lost_doctor = row["agreed"], row["lost_self"], row["lost_doctor"]
    return [
        agreed,
        lost_self,
        lost_doctor,
        sick_leave_percent(lost_self, agreed),
        sick_leave_percent(lost_doctor, agreed),
        sick_leave_percent(lost_self + lost_doctor, agreed),
    ]


FIGURE_HEADERS = [
    "Avtalte dagsverk",
    "Tapte dagsverk, egenmeldt",
    "Tapte dagsverk, legemeldt",
    "Egenmeldt (%)",
    "Legemeldt (%)",
    "Samlet (%)",
]


def build(*, organisation: Organisation, year: int) -> Report:
    threshold = organisation.sick_leave_threshold_percent
    shown = format_percent(threshold, 1)  # "12,0 %": text in the PDF, Norwegian too
    units = sick_leave_totals(organisation=organisation, year=year, by="unit")
    areas = sick_leave_totals(organisation=organisation, year=year, by="area")
    unit_rows: list[list[Cell]] = []
    for row in units:
        figures = _figures(row)
        flagged = figures[-1] is not None and figures[-1] > threshold
        unit_rows.append(
            [row["area_name"], row["unit_name"], *figures, PRIORITY if flagged else ""]
        )
    prioritised = [f"{r[0]} / {r[1]}" for r in unit_rows if r[-1]]
    paragraphs = [
        f"Terskel for prioritering: {shown} samlet sykefravær.",
        (
            "Prioritert for BHT: " + ", ".join(prioritised) + "."
            if prioritised
            else "Ingen tjenesteområder er over terskelen."
        ),
    ]
    if not units:
        paragraphs = [f"Det er ikke importert sykefraværstall for {year}."]
    totals = None
    if areas:
        sums = {
            key: sum(row[key] for row in areas) for key in ("agreed", "lost_self", "lost_doctor")
        }
        totals = ["Hele virksomheten", *_figures(sums)]
    area_table = Table(
        title="Sykefravær per område",
        headers=["Område", *FIGURE_HEADERS],
        rows=[[row["area_name"], *_figures(row)] for row in areas],
        totals=totals,
        note=NOTE,
        sheet_name="Per område",
    )
    unit_table = Table(
        title="Sykefravær per tjenesteområde",
        headers=["Område", "Tjenesteområde", *FIGURE_HEADERS, "Prioritering"],
        rows=unit_rows,
        note=f"{NOTE} «{PRIORITY}»: samlet sykefravær over {shown}.",
        sheet_name="Per tjenesteområde",
    )
    return Report(
        kind=KIND,
        title=f"Sykefravær {year}",
        subtitle="Egenmeldt og legemeldt sykefravær per område og tjenesteområde",
        organisation_name=organisation.name,
        sections=[
            Section(title="Sykefravær", paragraphs=paragraphs, tables=[area_table, unit_table])
        ],
        period_label=f"1.1.{year}–31.12.{year}",
    )
