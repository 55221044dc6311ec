"""Which orders and inquiries a user sees, and how list rows are prepared."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from core import access, confidentiality
from core.models import Department, Service, User
from orders.models import (
    Inquiry,
    Order,
    OrderAssignment,
)
from orders.working_days import add_working_days, working_days_between


def confidential_placeholder() -> str:
    return confidentiality.placeholder()


def orders_visible_to(user: User) -> QuerySet[Order]:
    if not user.is_authenticated or not user.is_active:
        return Order.objects.none()
    # Q() | Q(x) is Q(x) in Django: "everything" must not be OR-ed away.
    if access.scope_for(user).everything:
        return Order.objects.all()
    return Order.objects.filter(access.oversight_q(user) | Q(ordered_by=user) | Q(created_by=user))


def inquiries_visible_to(user: User) -> QuerySet[Inquiry]:
    """BHT staff (for the organisations they serve) and the person who wrote it."""
    if not user.is_authenticated or not user.is_active:
        return Inquiry.objects.none()
    if access.is_bht_staff(user):
        if access.scope_for(user).everything:
            return Inquiry.objects.all()
        return Inquiry.objects.filter(access.oversight_q(user) | Q(author=user))
    return Inquiry.objects.filter(author=user)


def inquiries_written_by(user: User) -> QuerySet[Inquiry]:
    """A person's own requests for advice, newest first ("Dine henvendelser")."""
    return (
        Inquiry.objects.filter(author=user)
        .select_related("category")
        .order_by("-received_at", "-pk")
    )


def inquiry_content_visible(user: User, inquiry: Inquiry) -> bool:
    return confidentiality.inquiry_content_visible(user, inquiry)


def order_list_queryset(qs: QuerySet[Order]) -> QuerySet[Order]:
    """What a list row shows, in a fixed number of queries."""
    return qs.select_related(
        "organisation",
        "area",
        "department",
        "service",
        "ordered_by",
        "lead_advisor__user",
    )


def plan_items_for_area(area_id: int, on: datetime.date | None = None) -> QuerySet[Any]:
    """Items of the area's approved action plan for the year of `on` (default today)."""
    try:
        from actionplans.selectors import approved_plan_items_for_area
    except ImportError:
        from actionplans.models import PlanItem

        return PlanItem.objects.none()
    return approved_plan_items_for_area(area_id=area_id, on=on)


def plan_item_for_service(
    *, area_id: int, service: Service | None, department: Department | None = None
) -> Any:
    """The item of the area's approved plan that work on `service` for `department`
    belongs to (a triage draft carries it, so its billing is fixed price): an item
    for the department first, then one for its unit, then one for the whole area.
    None when the plan has no item for the service (the order is extra sale)."""
    if service is None:
        return None
    items = plan_items_for_area(area_id).filter(service=service)
    if department is not None:
        items = items.filter(
            Q(department=department)
            | Q(department__isnull=True, unit_id=department.unit_id)
            | Q(department__isnull=True, unit__isnull=True)
        )
    else:
        items = items.filter(department__isnull=True, unit__isnull=True)

    def rank(item: Any) -> tuple[int, int, str, int]:
        level = 0 if item.department_id else 1 if item.unit_id else 2
        return (level, item.priority or 0, item.title, item.pk)

    ranked = sorted(items, key=rank)
    return ranked[0] if ranked else None


def decorate_rows(
    orders: list[Order], *, user: User | None = None, now: datetime.datetime | None = None
) -> list[Order]:
    """Sets `display_title` and `display_service` as `user` may see them (no user:
    a reader who sees no confidential content, e.g. a reminder e-mail), and for
    sent orders `waited_days`, `due_date` and `overdue` (working days since
    submission against the organisation's SLA)."""
    moment = now or timezone.now()
    for order in orders:
        order.display_title = confidentiality.order_title(user, order)  # type: ignore[attr-defined]
        order.display_service = (  # type: ignore[attr-defined]
            order.service if confidentiality.order_subject_visible(user, order) else None
        )
        order.waited_days = None  # type: ignore[attr-defined]
        order.overdue = False  # type: ignore[attr-defined]
        order.due_date = None  # type: ignore[attr-defined]
        if order.submitted_at is not None:
            answered = order.first_response_at or moment
            waited = working_days_between(order.submitted_at, answered)
            sla = order.organisation.sla_working_days
            order.waited_days = waited  # type: ignore[attr-defined]
            order.due_date = add_working_days(order.submitted_at, sla)  # type: ignore[attr-defined]
            order.overdue = waited > sla  # type: ignore[attr-defined]
    return orders


def decorate_inquiries(inquiries: list[Inquiry], *, user: User) -> list[Inquiry]:
    moment = timezone.now()
    for inquiry in inquiries:
        inquiry.display_summary = confidentiality.listed_title(  # type: ignore[attr-defined]
            title=inquiry.summary, confidential=inquiry.confidential
        )
        inquiry.display_category = (  # type: ignore[attr-defined]
            inquiry.category if confidentiality.inquiry_subject_visible(user, inquiry) else None
        )
        waited = working_days_between(inquiry.received_at, inquiry.responded_at or moment)
        inquiry.waited_days = waited  # type: ignore[attr-defined]
        inquiry.overdue = (  # type: ignore[attr-defined]
            inquiry.responded_at is None and waited > inquiry.organisation.sla_working_days
        )
    return inquiries


def prefetch_assignments(qs: QuerySet[Order]) -> QuerySet[Order]:
    return qs.prefetch_related(
        Prefetch(
            "assignments",
            queryset=OrderAssignment.objects.select_related("advisor__user"),
        )
    )
