"""HTML pages of the action plans app (under /handlingsplaner/).

Views stay thin: they read through `selectors`, decide which buttons to show with
`rules` (the same checks the services run) and write through `services`.
A plan outside the user's scope is a 404; a step the user may not take is a 403,
checked before any input is validated.
"""

from __future__ import annotations

from .common import (
    _form_error,
    _periods,
    _plan_or_404,
    _user,
)
from .items import (
    item_create,
    item_edit,
)
from .plans import (
    _form_page,
    _guard,
    _items,
    _plan_name,
    _step,
    board,
    minutes_download,
    plan_approve,
    plan_budget,
    plan_close,
    plan_consult,
    plan_create,
    plan_detail,
    plan_feedback,
    plan_revise,
    plan_sign,
    plan_status_review,
    plan_submit,
)
from .proposals import (
    _decide_proposal,
    _decision_form,
    _proposal_units,
    _proposals_page,
    proposal_decide,
    proposals,
)

__all__ = [
    "_user",
    "_plan_or_404",
    "_periods",
    "_form_error",
    "item_create",
    "item_edit",
    "_proposal_units",
    "proposals",
    "_decision_form",
    "_proposals_page",
    "proposal_decide",
    "_decide_proposal",
    "board",
    "minutes_download",
    "plan_detail",
    "plan_create",
    "_step",
    "_guard",
    "plan_submit",
    "plan_sign",
    "plan_revise",
    "plan_close",
    "_plan_name",
    "_form_page",
    "_items",
    "plan_feedback",
    "plan_consult",
    "plan_approve",
    "plan_status_review",
    "plan_budget",
]
