"""REST API of the orders app: `inquiries` and `orders` under /api/v1/ (DESIGN.md §8).

Querysets come from orders.selectors (out of scope → 404), writes go through
orders.services (forbidden → 403, broken rule → 400 with the field's name).
"""

from __future__ import annotations

from .inquiries import InquiryViewSet
from .orders import OrderViewSet
from .serializers import (
    CONTENT_FIELDS,
    AcceptSerializer,
    AttachmentCreateSerializer,
    DeclineSerializer,
    EscalateSerializer,
    EventCreateSerializer,
    FeedbackSerializer,
    InquiryCreateSerializer,
    InquirySerializer,
    OrderEventSerializer,
    OrderSerializer,
    OrderUpdateSerializer,
    OrderWriteSerializer,
    TextSerializer,
)

__all__ = [
    "CONTENT_FIELDS",
    "OrderSerializer",
    "OrderWriteSerializer",
    "OrderUpdateSerializer",
    "AcceptSerializer",
    "DeclineSerializer",
    "TextSerializer",
    "FeedbackSerializer",
    "OrderEventSerializer",
    "EventCreateSerializer",
    "AttachmentCreateSerializer",
    "InquirySerializer",
    "InquiryCreateSerializer",
    "EscalateSerializer",
    "InquiryViewSet",
    "OrderViewSet",
]
