"""HTML pages of time tracking (under /timer/): the weekly timesheet ("Timeliste")
with htmx cells, quick entry, the manager's approval and locks, the hours list
with CSV/XLSX export, and hourly rates.

Views stay thin: input is parsed here, rules live in services, reads in selectors.
"""

from __future__ import annotations

from .approval import (
    _confirm_week_approve,
    _render_approval,
    approval,
    lock_month,
    unlock_month,
    week_approve,
    week_return,
)
from .common import (
    LIST_PAGE_SIZE,
    _advisor_for,
    _own_advisor,
    _phone_day,
    _require_bht,
    _require_manager,
    _target,
    _timesheet_url,
    _user,
)
from .entries import (
    EXPORT_HEADER,
    _export_rows,
    _filtered,
    _may_list,
    entry_export,
    entry_history,
    entry_list,
    rates,
)
from .quick import (
    QUICK_FIELDS,
    TARGET_FIELDS,
    _day_phrase,
    _quick_entry_fragment,
    _quick_entry_input,
    _quick_entry_redirect,
    _quick_entry_save,
    _quick_entry_target,
    _target_name,
    order_hours,
    quick_entry,
)
from .timesheet import (
    _cell_context,
    cell,
    targets,
    timesheet,
    week_send,
)

__all__ = [
    "LIST_PAGE_SIZE",
    "_user",
    "_require_bht",
    "_own_advisor",
    "_advisor_for",
    "_target",
    "_timesheet_url",
    "_phone_day",
    "_require_manager",
    "timesheet",
    "targets",
    "_cell_context",
    "cell",
    "week_send",
    "QUICK_FIELDS",
    "TARGET_FIELDS",
    "_quick_entry_target",
    "_target_name",
    "_day_phrase",
    "_quick_entry_fragment",
    "_quick_entry_input",
    "quick_entry",
    "_quick_entry_save",
    "_quick_entry_redirect",
    "order_hours",
    "approval",
    "_render_approval",
    "week_approve",
    "_confirm_week_approve",
    "week_return",
    "lock_month",
    "unlock_month",
    "_may_list",
    "_filtered",
    "entry_list",
    "EXPORT_HEADER",
    "_export_rows",
    "entry_export",
    "entry_history",
    "rates",
]
