"""The BHT's work queues and what waits for each person (bht.waiting)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core import access
from core.models import MainContact, Role, User
from orders.models import (
    OPEN_STATUSES,
    Billing,
    Inquiry,
    InquiryOutcome,
    Order,
    OrderAssignment,
    OrderStatus,
)
from orders.working_days import working_days_between

from .scope import decorate_rows, inquiries_visible_to, order_list_queryset, orders_visible_to


def queue_new(user: User) -> QuerySet[Order]:
    """Sent and not yet answered, oldest first (the SLA clock runs)."""
    return order_list_queryset(
        orders_visible_to(user).filter(status=OrderStatus.SUBMITTED)
    ).order_by("submitted_at", "pk")


def queue_mine(user: User) -> QuerySet[Order]:
    """Open orders the advisor leads or supports."""
    mine = OrderAssignment.objects.filter(advisor__user=user).values("order_id")
    return order_list_queryset(
        orders_visible_to(user).filter(
            Q(lead_advisor__user=user) | Q(pk__in=mine),
            status__in=[OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS, OrderStatus.DELIVERED],
        )
    ).order_by("accepted_at", "pk")


def queue_inquiries(user: User) -> QuerySet[Inquiry]:
    """Web requests for advice nobody has answered yet, oldest first."""
    return (
        inquiries_visible_to(user)
        .filter(outcome=InquiryOutcome.PENDING)
        .select_related("organisation", "area", "department", "category")
        .order_by("received_at", "pk")
    )


def queue_counts_by_area(user: User) -> list[dict[str, Any]]:
    """Open orders per area (the "by area" tab)."""
    return list(
        orders_visible_to(user)
        .filter(status__in=OPEN_STATUSES)
        .exclude(status=OrderStatus.DRAFT)
        .values("area_id", "area__name")
        .annotate(open=Count("pk"))
        .order_by("area__name")
    )


# How far back the area director's "declined orders in the area" looks.
RECENT_DECLINES_DAYS = 30


def orderer_waiting_counts(user: User) -> dict[str, int]:
    """What waits for a leader, in one query: drafts BHT wrote for them to complete,
    extra-sale costs to accept (their own orders; an area director's whole area),
    feedback to give on delivered orders, and (directors) recent declines in the area."""
    scope = access.scope_for(user)
    director_areas = scope.oversight.areas if scope.has_role(Role.AREA_DIRECTOR) else frozenset()
    since = timezone.now() - datetime.timedelta(days=RECENT_DECLINES_DAYS)
    drafts = Q(status=OrderStatus.DRAFT, ordered_by=user, created_by__isnull=False) & ~Q(
        created_by=user
    )
    costs = Q(
        status=OrderStatus.ACCEPTED,
        billing=Billing.EXTRA_SALE,
        cost_accepted_at__isnull=True,
        estimated_hours__isnull=False,
    ) & (Q(ordered_by=user) | Q(area_id__in=director_areas))
    feedback = Q(
        ordered_by=user,
        status__in=[OrderStatus.DELIVERED, OrderStatus.CLOSED],
        feedback__isnull=True,
    )
    declined = Q(status=OrderStatus.DECLINED, area_id__in=director_areas, declined_at__gte=since)
    return orders_visible_to(user).aggregate(
        drafts=Count("pk", filter=drafts),
        costs=Count("pk", filter=costs),
        feedback=Count("pk", filter=feedback),
        declined=Count("pk", filter=declined),
    )


def advisor_open_orders(user: User, *, limit: int = 5) -> tuple[int, list[Order]]:
    """The advisor's own open orders (lead or support), oldest first: how many, and
    the first few with their display title (decorate_rows)."""
    qs = queue_mine(user)
    rows = decorate_rows(list(qs[:limit]), user=user)
    return (len(rows) if len(rows) < limit else qs.count()), rows


def inquiries_to_follow_up(user: User) -> QuerySet[Inquiry]:
    """Unanswered inquiries the advisor owns: those they received, and web requests
    in the areas they are main contact for."""
    areas = MainContact.objects.current().filter(advisor__user=user).values("area_id")
    return inquiries_visible_to(user).filter(
        Q(received_by=user) | Q(area_id__in=areas), outcome=InquiryOutcome.PENDING
    )


def unassigned_orders(user: User, *, limit: int = 5) -> tuple[int, int, list[Order]]:
    """Sent orders nobody has answered: how many, how many are past their SLA, and
    the first few with those past the SLA first (then oldest first). Two queries:
    the SLA clock needs each order's submission time and its organisation's target."""
    moment = timezone.now()
    clock = [
        (working_days_between(submitted, moment) > sla, submitted, pk)
        for pk, submitted, sla in orders_visible_to(user)
        .filter(status=OrderStatus.SUBMITTED, submitted_at__isnull=False)
        .values_list("pk", "submitted_at", "organisation__sla_working_days")
        if submitted is not None  # a sent order always has it; for the type checker
    ]
    clock.sort(key=lambda row: (not row[0], row[1], row[2]))
    first = [pk for _overdue, _submitted, pk in clock[:limit]]
    rows = {order.pk: order for order in order_list_queryset(Order.objects.filter(pk__in=first))}
    ordered = decorate_rows([rows[pk] for pk in first if pk in rows], user=user, now=moment)
    return len(clock), sum(1 for overdue, _s, _p in clock if overdue), ordered
