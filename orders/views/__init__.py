"""HTML pages of the orders app: triage, order form, order page, lists and queues.

Views are thin: read through `selectors`, write through `services`, render.
An order outside the user's scope is a 404 (never reveal that it exists); an
action the user's role does not allow is a 403; a broken business rule is shown
as a message on the page (400).
"""

from __future__ import annotations

from .common import (
    PAGE_SIZE,
    _access_log_url,
    _form_error,
    _int_or_none,
    _order_or_404,
    _page,
    _query_without_page,
    _user,
)
from .inquiries import (
    _draft_sent_message,
    _inquiry_or_404,
    _render_inquiry,
    advice_request,
    inquiry_action,
    inquiry_create,
    inquiry_detail,
    inquiry_list,
)
from .lists import (
    QUEUE_TABS,
    order_list,
    search_departments,
    search_people,
    work_queue,
)
from .order import (
    FORM_ACTIONS,
    SIMPLE_ACTIONS,
    _accept,
    _attach,
    _confirm_cost,
    _decline,
    _feedback,
    _form_action,
    _order_fields,
    _render_detail,
    _render_form,
    _run,
    _saved,
    _text,
    attachment_download,
    order_action,
    order_create,
    order_detail,
    order_edit,
)

__all__ = [
    "PAGE_SIZE",
    "_user",
    "_order_or_404",
    "_page",
    "_query_without_page",
    "_int_or_none",
    "_form_error",
    "_access_log_url",
    "order_list",
    "QUEUE_TABS",
    "work_queue",
    "search_people",
    "search_departments",
    "_order_fields",
    "order_create",
    "_saved",
    "order_edit",
    "_render_form",
    "_render_detail",
    "order_detail",
    "SIMPLE_ACTIONS",
    "order_action",
    "_form_action",
    "_accept",
    "_decline",
    "_text",
    "_attach",
    "_feedback",
    "FORM_ACTIONS",
    "_confirm_cost",
    "_run",
    "attachment_download",
    "inquiry_create",
    "_draft_sent_message",
    "inquiry_list",
    "_inquiry_or_404",
    "inquiry_detail",
    "_render_inquiry",
    "inquiry_action",
    "advice_request",
]
