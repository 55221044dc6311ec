"""What the orders pages share: the user, scoped lookups (404), pagination and form errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.urls import reverse

from core import selectors as bht_selectors
from core.errors import ApplicationError
from core.forms import add_application_error
from core.models import User
from core.pagination import rows_by_ids_first
from core.parsing import small_number
from orders import selectors
from orders.models import Inquiry, Order

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _order_or_404(user: User, pk: int) -> Order:
    # Not .get(): its LIMIT 21 made PostgreSQL plan the joins for 6 ms, not 1.
    order = next(iter(selectors.order_detail_queryset(user).filter(pk=pk)), None)
    if order is None:
        raise Http404
    return order


def _page(request: HttpRequest, qs: Any) -> Any:
    paginator = Paginator(qs, PAGE_SIZE)
    return rows_by_ids_first(paginator.get_page(request.GET.get("page")))


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _int_or_none(value: str | None) -> int | None:
    return small_number(value or "", digits=9)


def _form_error(form: Any, error: ApplicationError) -> None:
    add_application_error(form, error)


def _access_log_url(user: User, obj: Order | Inquiry) -> str | None:
    """The BHT manager's link to who has read this case (bht's access log)."""
    if not bht_selectors.may_view_access_log(user):
        return None
    content_type = ContentType.objects.get_for_model(obj)
    return f"{reverse('access-log')}?{urlencode({'type': content_type.pk, 'id': obj.pk})}"
