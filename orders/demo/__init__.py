"""Demo history for `seed_demo`: two years of inquiries and orders (DESIGN.md §9).

Deterministic (a fixed random seed and dates counted back from a fixed anchor,
never from "now"), idempotent (the demo's orders are found by their references:
if they exist, nothing is written) and fast (bulk_create). Use is unequal on
purpose: Pleie og omsorg and Helse og sosial order a lot, Kultur almost never.
"""

from __future__ import annotations

from .common import (
    AREA_WEIGHTS,
    ORDER_COUNT,
    OSLO,
    SEED,
    _anchor,
)
from .history import (
    CONFIDENTIAL_TITLES,
    DECLINE_TEXTS,
    TITLES,
    _demo_references,
    _save_counters,
    seed,
)
from .inquiries import (
    ADVICE_SUMMARIES,
    DEMO_MAIL,
    _advice_inquiries,
    _demo_mail,
    _inquiry,
    _link_inquiries,
)
from .timeline import (
    FEEDBACK_TEXTS,
    STEP_STATUS,
    _bulk_children,
    _status_for,
    _timeline,
)

__all__ = [
    "OSLO",
    "_anchor",
    "SEED",
    "ORDER_COUNT",
    "AREA_WEIGHTS",
    "DEMO_MAIL",
    "_demo_mail",
    "_inquiry",
    "_link_inquiries",
    "ADVICE_SUMMARIES",
    "_advice_inquiries",
    "TITLES",
    "CONFIDENTIAL_TITLES",
    "DECLINE_TEXTS",
    "FEEDBACK_TEXTS",
    "_demo_references",
    "seed",
    "_status_for",
    "_timeline",
    "STEP_STATUS",
    "_bulk_children",
    "_save_counters",
]
