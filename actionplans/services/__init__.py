"""Writes of the action plans app: one function per step of the chain.

Every function runs in one transaction, checks role, scope and state through
actionplans.rules (PermissionDenied → 403, ApplicationError → 400), writes a
PlanApproval row as the audit trail and sends notifications on commit.
"""

from __future__ import annotations

from .common import (
    _active_service,
    _check_area_director,
    _check_target,
    _diff,
    _hours,
    _lock,
    _main_contact_user,
    _notify_plan,
    _plan_url,
    _record,
    _text,
    _whole_or_half,
    scoped_area_or_none,
)
from .items import (
    ITEM_FIELDS,
    _item_conflict_message,
    _item_values,
    plan_item_create,
    plan_item_delete,
    plan_item_update,
    status_review_record,
)
from .plans import (
    _meeting,
    plan_approve,
    plan_close,
    plan_consult,
    plan_create,
    plan_feedback_give,
    plan_feedback_return,
    plan_revise,
    plan_sign,
    plan_submit,
    plan_update,
)
from .proposals import (
    _close_proposal,
    _decide,
    _plan_for,
    proposal_accept,
    proposal_create,
    proposal_merge,
    proposal_reject,
)

__all__ = [
    "_hours",
    "_whole_or_half",
    "_lock",
    "_record",
    "_text",
    "_diff",
    "_plan_url",
    "_main_contact_user",
    "_notify_plan",
    "_check_area_director",
    "_active_service",
    "_check_target",
    "scoped_area_or_none",
    "plan_create",
    "plan_update",
    "plan_submit",
    "plan_feedback_give",
    "plan_feedback_return",
    "_meeting",
    "plan_consult",
    "plan_sign",
    "plan_approve",
    "plan_revise",
    "plan_close",
    "_item_conflict_message",
    "_item_values",
    "ITEM_FIELDS",
    "plan_item_create",
    "plan_item_update",
    "plan_item_delete",
    "status_review_record",
    "proposal_create",
    "_decide",
    "_close_proposal",
    "_plan_for",
    "proposal_accept",
    "proposal_merge",
    "proposal_reject",
]
