"""Reads of the orders app: scoped querysets, work queues, the order page.

Who sees which order (DESIGN.md §2, §6):

* BHT staff: the organisations they serve (`core.access.oversight_q`).
* Leaders: the orders of the subtree they lead (`oversight_q`), plus any order
  they placed or wrote.
* Everyone else: only the orders they placed or wrote.

Confidential orders are counted and listed for everyone in scope, but their
content (title, description, comments, attachments, decline text) is shown only
to BHT professionals and the order's authors, and only on the order page or in
the API's detail view, where each read is logged. Lists and search show a
placeholder for every confidential order, so a list never needs an access-log
entry and text search never matches confidential content. All of this is decided
by the one confidentiality policy, core.confidentiality.
"""

from __future__ import annotations

from .page import (
    OrderPage,
    advisor_suggestions,
    attachments_visible_to,
    next_step,
    order_detail_queryset,
    order_page,
    responsible,
    timeline_events,
)
from .people import (
    catalogue_action,
    departments_for_ordering,
    departments_matching,
    is_leader,
    leader_for_department,
    main_contact_user_for_area,
    may_record_inquiry,
    may_request_advice,
    users_matching,
)
from .queues import (
    RECENT_DECLINES_DAYS,
    advisor_open_orders,
    inquiries_to_follow_up,
    orderer_waiting_counts,
    queue_counts_by_area,
    queue_inquiries,
    queue_mine,
    queue_new,
    unassigned_orders,
)
from .scope import (
    confidential_placeholder,
    decorate_inquiries,
    decorate_rows,
    inquiries_visible_to,
    inquiries_written_by,
    inquiry_content_visible,
    order_list_queryset,
    orders_visible_to,
    plan_item_for_service,
    plan_items_for_area,
    prefetch_assignments,
)

__all__ = [
    "confidential_placeholder",
    "orders_visible_to",
    "inquiries_visible_to",
    "inquiries_written_by",
    "inquiry_content_visible",
    "order_list_queryset",
    "plan_items_for_area",
    "plan_item_for_service",
    "decorate_rows",
    "decorate_inquiries",
    "prefetch_assignments",
    "queue_new",
    "queue_mine",
    "queue_inquiries",
    "queue_counts_by_area",
    "RECENT_DECLINES_DAYS",
    "orderer_waiting_counts",
    "advisor_open_orders",
    "inquiries_to_follow_up",
    "unassigned_orders",
    "OrderPage",
    "order_detail_queryset",
    "timeline_events",
    "order_page",
    "attachments_visible_to",
    "next_step",
    "responsible",
    "advisor_suggestions",
    "departments_for_ordering",
    "users_matching",
    "departments_matching",
    "main_contact_user_for_area",
    "leader_for_department",
    "is_leader",
    "may_request_advice",
    "may_record_inquiry",
    "catalogue_action",
]
