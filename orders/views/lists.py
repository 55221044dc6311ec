"""The order list, the BHT's work queue and the people/department search (htmx)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import access
from core.models import Role
from orders import selectors
from orders.filters import OrderFilter
from orders.models import OrderStatus

from .common import _page, _query_without_page, _user


@require_GET
@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    """Mine bestillinger: a leader's orders (an area director: all of the area);
    for BHT staff every order they serve. Filters, search and page numbers."""
    user = _user(request)
    base = selectors.order_list_queryset(selectors.orders_visible_to(user)).order_by(
        "-created_at", "-pk"
    )
    filterset = OrderFilter(request.GET or None, queryset=base, request=request)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    page = _page(request, qs)
    selectors.decorate_rows(list(page.object_list), user=user)
    return render(
        request,
        "orders/order_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query_without_page(request),
            "is_bht": access.is_bht_staff(user),
            "is_director": access.has_role(user, Role.AREA_DIRECTOR),
            "may_order": selectors.is_leader(user),
        },
    )


QUEUE_TABS = ("new", "mine", "area", "inquiries")


@require_GET
@login_required
def work_queue(request: HttpRequest) -> HttpResponse:
    """Arbeidskø: new and unanswered (oldest first, SLA clock), mine, by area,
    and web requests waiting for an answer."""
    user = _user(request)
    if not access.is_bht_staff(user):
        raise PermissionDenied(_("Arbeidskøen er bare for BHT."))
    tab = request.GET.get("fane", "new")
    if tab not in QUEUE_TABS:
        tab = "new"
    context: dict[str, Any] = {"tab": tab, "query": _query_without_page(request)}
    if tab == "inquiries":
        page = _page(request, selectors.queue_inquiries(user))
        selectors.decorate_inquiries(list(page.object_list), user=user)
    else:
        if tab == "new":
            qs = selectors.queue_new(user)
        elif tab == "mine":
            qs = selectors.queue_mine(user)
        else:
            qs = selectors.order_list_queryset(
                selectors.orders_visible_to(user).exclude(status=OrderStatus.DRAFT)
            ).order_by("area__name", "-created_at")
            context["area_counts"] = selectors.queue_counts_by_area(user)
        params = request.GET.copy()
        params.pop("fane", None)
        params.pop("page", None)
        filterset = OrderFilter(params or None, queryset=qs, request=request)
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else qs
        context["filter"] = filterset
        context["hidden_tab"] = [("fane", tab)]
        page = _page(request, qs)
        selectors.decorate_rows(list(page.object_list), user=user)
    context["page"] = page
    context["counts"] = {
        "new": selectors.queue_new(user).count(),
        "inquiries": selectors.queue_inquiries(user).count(),
    }
    return render(request, "orders/work_queue.html", context)


@require_GET
@login_required
def search_people(request: HttpRequest) -> HttpResponse:
    """Options for the triage form's caller select (htmx swaps them in)."""
    user = _user(request)
    if not selectors.may_record_inquiry(user):
        raise PermissionDenied
    people = selectors.users_matching(user, request.GET.get("q", ""))
    return render(request, "orders/includes/people_options.html", {"people": people})


@require_GET
@login_required
def search_departments(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    departments = selectors.departments_matching(user, request.GET.get("q", ""), limit=200)
    return render(request, "orders/includes/department_options.html", {"departments": departments})
