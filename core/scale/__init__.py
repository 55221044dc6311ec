"""Synthetic data at national scale for the benchmarks (`manage.py seed_scale`).

This module builds the organisation tree, the people and the BHT's advisors, and
holds the machinery the other apps' `<app>/scale.py` use to add their history
(plans, orders, hours, sick leave): a `ScaleContext` that carries ids from app to
app (so that bht imports none of them, as with `seed_demo`) and a `RowWriter`
that loads rows with PostgreSQL's COPY (explicit primary keys, sequences moved
afterwards) or, on SQLite, with `bulk_create`.

Volumes per organisation and year at fraction 1.0 (the issue's defaults for 200
organisations over 5 years): 10 areas, 30 units, 100 departments, 1.5 advisors,
200 orders, 2 000 time entries. Sizes are skewed: organisations follow a
log-normal size, areas within an organisation a Zipf-like weight, so a few areas
order most. The output is deterministic for a given seed and day (dates are
relative to today, so that "this week" pages have data).
"""

from core.scale.context import (
    ADVISORS_PER_ORG,
    AREA_NAMES,
    AREAS_PER_ORG,
    BENCH_LOGINS,
    DEPARTMENTS_PER_UNIT,
    EMPLOYEES_PER_ORG,
    ENTRIES_PER_ORG_YEAR,
    NO_LOGIN_PASSWORD,
    ORDERS_PER_ORG_YEAR,
    SLUG_PREFIX,
    UNITS_PER_AREA,
    AreaInfo,
    OrgInfo,
    ScaleContext,
    aware,
    person_name,
    scaled,
    weekday_on_or_before,
    zipf_weights,
)
from core.scale.tree import seed
from core.scale.writer import RowWriter

__all__ = [
    "ADVISORS_PER_ORG",
    "AREAS_PER_ORG",
    "AREA_NAMES",
    "BENCH_LOGINS",
    "DEPARTMENTS_PER_UNIT",
    "EMPLOYEES_PER_ORG",
    "ENTRIES_PER_ORG_YEAR",
    "NO_LOGIN_PASSWORD",
    "ORDERS_PER_ORG_YEAR",
    "SLUG_PREFIX",
    "UNITS_PER_AREA",
    "AreaInfo",
    "OrgInfo",
    "RowWriter",
    "ScaleContext",
    "aware",
    "person_name",
    "scaled",
    "seed",
    "weekday_on_or_before",
    "zipf_weights",
]
