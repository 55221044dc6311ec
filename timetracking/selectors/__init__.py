"""Reads of time tracking: scoped querysets, the week grid, loggable targets, totals.

Who sees which entries:

* BHT staff (advisor, manager, office): every entry of the organisations they
  serve (their oversight scope; unrestricted staff see all) plus internal
  entries, which are the BHT's own.
* Leaders (executive, area director, unit and department leader): entries on
  the orders and plan items of the subtree they lead — by the entry's area for
  an organisation or area, by the order's or item's unit/department below
  that. They never see internal BHT entries.
* Everyone else: none.
"""

from __future__ import annotations

from .grid import (
    Cell,
    Row,
    Target,
    WeekGrid,
    _add_budgets,
    _cell,
    _order_text,
    _organisation_id,
    _rows_and_targets,
    loggable_targets,
    order_label,
    parse_row_key,
    previous_week_row_keys,
    row_key,
    targets_by_keys,
    week_grid,
)
from .history import (
    entry_history,
    hourly_rate_history,
    period_lock_history,
)
from .scope import (
    ZERO,
    _hours_used_by,
    active_locks,
    advisors_visible_to,
    entries_visible_to,
    entry_list_queryset,
    hourly_rate_for_year,
    is_manager,
    locked_months,
    month_locked_for,
    parse_week,
    period_locks_visible_to,
    plan_hours_used,
    plan_item_hours_used,
    week_start,
)
from .totals import (
    day_total,
    days_without_hours,
    submitted_weeks,
    total_hours,
    totals_by_advisor_week,
    totals_by_area_month,
    totals_by_billing,
    totals_by_order,
    totals_per_advisor,
    unapproved_count,
    week_outside_served,
    week_total,
    week_totals,
    weeks_to_approve,
    weeks_to_approve_count,
)

__all__ = [
    "ZERO",
    "is_manager",
    "entries_visible_to",
    "entry_list_queryset",
    "advisors_visible_to",
    "hourly_rate_for_year",
    "_hours_used_by",
    "plan_item_hours_used",
    "plan_hours_used",
    "week_start",
    "parse_week",
    "locked_months",
    "month_locked_for",
    "period_locks_visible_to",
    "active_locks",
    "Cell",
    "Row",
    "WeekGrid",
    "order_label",
    "_order_text",
    "row_key",
    "parse_row_key",
    "targets_by_keys",
    "week_grid",
    "_rows_and_targets",
    "_cell",
    "_add_budgets",
    "_organisation_id",
    "previous_week_row_keys",
    "Target",
    "loggable_targets",
    "totals_by_order",
    "totals_by_area_month",
    "totals_by_advisor_week",
    "totals_by_billing",
    "totals_per_advisor",
    "total_hours",
    "day_total",
    "submitted_weeks",
    "week_outside_served",
    "week_totals",
    "unapproved_count",
    "days_without_hours",
    "weeks_to_approve",
    "weeks_to_approve_count",
    "week_total",
    "entry_history",
    "hourly_rate_history",
    "period_lock_history",
]
