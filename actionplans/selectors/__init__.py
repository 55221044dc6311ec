"""Reads of the action plans app: scoped querysets, the board, the plan page.

Plans follow **structure** visibility (core.access): everyone who may see an area
may read its plan — the plan is the area's public agreement with the BHT, and
safety representatives and AMU must be able to read it. Who may *act* on a plan
is decided in actionplans.rules.
"""

from __future__ import annotations

from .board import (
    BOARD_PAGE_SIZE,
    Board,
    BoardRow,
    _classify,
    _PlanStub,
    board_for_areas,
    plan_board,
    plans_waiting_counts,
    proposals_waiting_count,
)
from .hours import (
    HoursUsedProvider,
    hours_used,
    hours_used_by_plan,
    percent_of,
    register_hours_used_provider,
)
from .page import (
    DIFF_FIELDS,
    DiffRow,
    ItemRow,
    PlanPage,
    ReviewTrend,
    _diff,
    _items_qs,
    plan_history,
    plan_item_history,
    plan_page,
)
from .scope import (
    NEXT_PLAN_DUE,
    PERIOD_PARITY,
    approved_plan_items_for_area,
    draft_plans_for_director,
    period_start,
    plan_items_visible_to,
    plans_visible_to,
    proposals_visible_to,
    typical_hours_for_services,
)

__all__ = [
    "PERIOD_PARITY",
    "NEXT_PLAN_DUE",
    "period_start",
    "plans_visible_to",
    "plan_items_visible_to",
    "approved_plan_items_for_area",
    "proposals_visible_to",
    "draft_plans_for_director",
    "typical_hours_for_services",
    "HoursUsedProvider",
    "register_hours_used_provider",
    "hours_used",
    "hours_used_by_plan",
    "percent_of",
    "BoardRow",
    "Board",
    "_PlanStub",
    "_classify",
    "BOARD_PAGE_SIZE",
    "plan_board",
    "board_for_areas",
    "plans_waiting_counts",
    "proposals_waiting_count",
    "ItemRow",
    "DiffRow",
    "ReviewTrend",
    "plan_history",
    "plan_item_history",
    "PlanPage",
    "DIFF_FIELDS",
    "_diff",
    "_items_qs",
    "plan_page",
]
