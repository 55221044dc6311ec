"""The report kinds: what each computes and which parameters it needs.

Compute functions are named by dotted path and imported when a run starts
(`import_string`), so a kind whose module is not there yet gives a failed run
with a clear message instead of breaking the app at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.module_loading import import_string

from reports.models import ReportKind

if TYPE_CHECKING:
    from reports.document import Report
    from reports.models import ReportRun


class KindUnavailable(Exception):
    """The kind's compute function cannot be imported (not built yet)."""


@dataclass(frozen=True)
class KindSpec:
    label: str
    compute_path: str
    # Parameters the request must carry: any of "organisation", "area", "year", "plan", "order".
    required: tuple[str, ...]
    # Kinds an area director may request for their own area.
    area_director_may_request: bool = False
    # Kinds the organisation's AMU members may see.
    for_amu: bool = False
    # Kinds that can be limited to one area; for the others a chosen area is dropped
    # (the report covers the whole organisation, and says so).
    uses_area: bool = False

    @property
    def compute(self) -> Callable[[ReportRun], Report]:
        try:
            return import_string(self.compute_path)
        except ImportError as exc:
            raise KindUnavailable(
                f"Rapporttypen «{self.label}» er ikke tilgjengelig ennå ({self.compute_path})."
            ) from exc


KINDS: dict[str, KindSpec] = {
    ReportKind.AMU_ANNUAL: KindSpec(
        label=str(ReportKind.AMU_ANNUAL.label),
        compute_path="reports.kinds.amu_annual.compute",
        required=("organisation", "year"),
        for_amu=True,
        # With an area: the report to that area's AMU (område-AMU).
        uses_area=True,
    ),
    ReportKind.LABOUR_INSPECTION_ANNUAL: KindSpec(
        label=str(ReportKind.LABOUR_INSPECTION_ANNUAL.label),
        compute_path="reports.kinds.labour_inspection.compute",
        required=("organisation", "year"),
        for_amu=True,
    ),
    ReportKind.SICK_LEAVE: KindSpec(
        label=str(ReportKind.SICK_LEAVE.label),
        compute_path="reports.kinds.sick_leave.compute",
        required=("organisation", "year"),
    ),
    ReportKind.HOURS_BY_AREA: KindSpec(
        label=str(ReportKind.HOURS_BY_AREA.label),
        compute_path="reports.kinds.hours_by_area.compute",
        required=("organisation", "year"),
        area_director_may_request=True,
        uses_area=True,
    ),
    ReportKind.PLAN_STATUS: KindSpec(
        label=str(ReportKind.PLAN_STATUS.label),
        compute_path="reports.kinds.plan_status.compute",
        required=("plan",),
        area_director_may_request=True,
    ),
    ReportKind.ORDER_REPORT: KindSpec(
        label=str(ReportKind.ORDER_REPORT.label),
        compute_path="reports.kinds.order_report.compute",
        required=("order",),
    ),
}
