"""Inquiries (phone triage), orders, their assignments, timeline and feedback.

Writes go through orders.services; reads through orders.selectors.
"""

from __future__ import annotations

from .inquiries import (
    CallerRole,
    Channel,
    Inquiry,
    InquiryMessage,
    InquiryOutcome,
    MessageDirection,
)
from .orders import (
    OPEN_STATUSES,
    ORDER_BILLINGS,
    STATUS_COLORS,
    Billing,
    DeclineReason,
    Order,
    OrderStatus,
    ReferenceCounter,
    Urgency,
)
from .timeline import (
    FEEDBACK_SCALES,
    NOT_SURE,
    AssignmentRole,
    EventKind,
    OrderAssignment,
    OrderEvent,
    OrderFeedback,
    attachment_path,
)

__all__ = [
    "Channel",
    "CallerRole",
    "InquiryOutcome",
    "Inquiry",
    "MessageDirection",
    "InquiryMessage",
    "OrderStatus",
    "OPEN_STATUSES",
    "STATUS_COLORS",
    "DeclineReason",
    "Billing",
    "ORDER_BILLINGS",
    "Urgency",
    "ReferenceCounter",
    "Order",
    "AssignmentRole",
    "OrderAssignment",
    "EventKind",
    "attachment_path",
    "OrderEvent",
    "NOT_SURE",
    "FEEDBACK_SCALES",
    "OrderFeedback",
]
