"""The report's order of sections (DESIGN.md §7)."""

from __future__ import annotations

from typing import Any

from core.models import (
    Organisation,
    ServiceArea,
)
from reports.document import Report, Section
from reports.kinds._figures import SUPPRESSION_NOTE

from .cases import _categories, _declined, _response_times, _satisfaction
from .data import KIND, _Data
from .use import _costs, _recommendations, _sick_leave, _use
from .work import _hours, _key_figures, _plans, _prevention


def compute(run: Any) -> Report:
    return build(
        organisation=run.organisation,
        year=run.year,
        recommendations=run.recommendations or "",
        area=getattr(run, "area", None),
    )


def build(
    *,
    organisation: Organisation,
    year: int,
    recommendations: str = "",
    area: ServiceArea | None = None,
) -> Report:
    """The report to hoved-AMU, or with `area` the report to that area's AMU: the
    same sections limited to the area, where every case count is a breakdown below
    organisation level and so follows the small-cell rule (DESIGN.md §6)."""
    data = _Data(organisation, year, area)
    sections = [
        _key_figures(data),
        _hours(data),
        _prevention(data),
        _plans(data),
        _categories(data),
        _declined(data),
        _response_times(data),
        _satisfaction(data),
        _use(data),
        _sick_leave(data),
        _costs(data),
        _recommendations(recommendations),
    ]
    if area is not None:
        sections.insert(
            1,
            Section(
                title="Om rapporten",
                paragraphs=[
                    f"Rapporten gjelder tjenesteområdet {area.name} og behandles i "
                    f"områdets arbeidsmiljøutvalg. {SUPPRESSION_NOTE}"
                ],
            ),
        )
    return Report(
        kind=KIND,
        title=f"Årsrapport fra bedriftshelsetjenesten {year}",
        subtitle=f"Til AMU i {area.name}, {organisation.name}"
        if area is not None
        else f"Til hoved-AMU i {organisation.name}",
        organisation_name=organisation.name,
        sections=sections,
        period_label=f"1.1.{year}–31.12.{year}",
    )
