"""`amu_annual`: the BHT's annual report to hoved-AMU for one organisation and year.

The sections follow DESIGN.md §7. Every figure is aggregated in the database
(a fixed number of queries, whatever the data size); response times are the
one exception computed in Python, because working days skip Norwegian public
holidays (orders.working_days), from one query per kind of request.

Conventions used throughout (stated in the report too):
- the year's orders are those *submitted* in the year, inquiries those
  *received* in the year, hours those *dated* in the year (internal time left out);
- response-time percentiles use the nearest-rank method (reports.kinds._figures);
- case counts below organisation level with 1–4 cases show "<5" (DESIGN.md §6).
"""

from __future__ import annotations

from .cases import (
    _categories,
    _categories_per_area,
    _declined,
    _response_times,
    _satisfaction,
)
from .data import (
    ANSWERS,
    KIND,
    NO_CATEGORY,
    NO_SERVICE,
    STATUTORY_LETTERS,
    ZERO,
    _Data,
    _response_days,
    _response_row,
)
from .report import (
    build,
    compute,
)
from .use import (
    _costs,
    _never_table,
    _recommendations,
    _sick_leave,
    _use,
    _use_table,
)
from .work import (
    PREVENTIVE,
    _area_hours_table,
    _competence_table,
    _hours,
    _key_figures,
    _letter_table,
    _plans,
    _prevention,
)

__all__ = [
    "compute",
    "build",
    "_key_figures",
    "_hours",
    "_area_hours_table",
    "_letter_table",
    "_competence_table",
    "PREVENTIVE",
    "_prevention",
    "_plans",
    "_categories",
    "_categories_per_area",
    "_declined",
    "_response_times",
    "_satisfaction",
    "_use",
    "_use_table",
    "_never_table",
    "_sick_leave",
    "_costs",
    "_recommendations",
    "KIND",
    "ZERO",
    "STATUTORY_LETTERS",
    "NO_SERVICE",
    "NO_CATEGORY",
    "ANSWERS",
    "_Data",
    "_response_days",
    "_response_row",
]
