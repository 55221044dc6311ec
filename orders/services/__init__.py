"""Writes of the orders app: triage, the order lifecycle, timeline and feedback.

Every function runs in one transaction, checks role, scope and state through
`orders.rules`, writes an `OrderEvent` (the audit history), sets the timestamp
of its transition and sends notifications on commit. Confidential cases get
neutral notifications: a reference and a link, never a name or content.
"""

from __future__ import annotations

from .common import (
    GUARDED_ORDER_FIELDS,
    ORDER_FIELDS,
    PUBLISHED_STATUSES,
    _ensure_visible,
    _event,
    _lock,
    _notify_about,
    _transition,
    next_reference,
    order_url,
    service_or_none,
)
from .drafts import (
    _apply_fields,
    _clean_plan_item,
    _may_order_for,
    order_create_draft,
    order_submit,
    order_update_draft,
)
from .lifecycle import (
    order_accept,
    order_accept_cost,
    order_cancel,
    order_close,
    order_decline,
    order_deliver,
    order_start,
)
from .timeline import (
    FEEDBACK_FIELDS,
    order_attach,
    order_comment,
    order_feedback_give,
    order_note_internal,
)
from .triage import (
    _caller_role_for,
    _check_consent,
    _draft_from_inquiry,
    _lock_inquiry,
    _record_consent,
    draft_title,
    inquiry_escalate,
    inquiry_record,
    inquiry_request_advice,
    inquiry_respond,
)

__all__ = [
    "ORDER_FIELDS",
    "GUARDED_ORDER_FIELDS",
    "_ensure_visible",
    "_lock",
    "next_reference",
    "_event",
    "PUBLISHED_STATUSES",
    "_transition",
    "order_url",
    "_notify_about",
    "service_or_none",
    "_clean_plan_item",
    "_apply_fields",
    "_may_order_for",
    "order_create_draft",
    "order_update_draft",
    "order_submit",
    "order_accept",
    "order_decline",
    "order_accept_cost",
    "order_start",
    "order_deliver",
    "order_close",
    "order_cancel",
    "order_comment",
    "order_note_internal",
    "order_attach",
    "FEEDBACK_FIELDS",
    "order_feedback_give",
    "_caller_role_for",
    "_check_consent",
    "_record_consent",
    "draft_title",
    "_draft_from_inquiry",
    "inquiry_record",
    "inquiry_request_advice",
    "_lock_inquiry",
    "inquiry_respond",
    "inquiry_escalate",
]
