"""One order's page: its timeline, attachments, next step and who is responsible."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import confidentiality
from core.history import HistoryRow, object_history
from core.models import Advisor, MainContact, User
from core.services import access_log_record
from orders import rules
from orders.models import (
    AssignmentRole,
    EventKind,
    Order,
    OrderAssignment,
    OrderEvent,
    OrderStatus,
)
from orders.working_days import working_days_between

from .scope import orders_visible_to


@dataclass(frozen=True)
class OrderPage:
    order: Order
    content_visible: bool
    title: str
    events: list[OrderEvent]
    assignments: list[OrderAssignment]
    actions: frozenset[str]
    response_days: int | None
    start_days: int | None
    sla_days: int
    next_step: str
    responsible: str
    # Audit history: only for those who may see the content (it holds the text).
    history: list[HistoryRow]

    @property
    def supporting(self) -> list[OrderAssignment]:
        """Supporting advisors, each once, never the lead advisor again."""
        seen: set[int] = {self.order.lead_advisor_id} if self.order.lead_advisor_id else set()
        rows = []
        for assignment in self.assignments:
            if assignment.role == AssignmentRole.SUPPORT and assignment.advisor_id not in seen:
                seen.add(assignment.advisor_id)
                rows.append(assignment)
        return rows


def order_detail_queryset(user: User) -> QuerySet[Order]:
    """The order page's order with the relations every page shows. The rest
    (service, category, plan item, inquiry, feedback, who decided or accepted the
    cost) load when the page shows them: with all 16 joined, PostgreSQL spent
    40 ms *planning* the query for a 1 ms execution (benchmarks/RESULTS.md)."""
    return (
        orders_visible_to(user)
        .select_related(
            "organisation", "area", "unit", "department", "ordered_by", "lead_advisor__user"
        )
        .prefetch_related(
            # The page lists them, and rules.is_assigned answers from them.
            Prefetch(
                "assignments",
                queryset=OrderAssignment.objects.select_related("advisor__user").order_by(
                    "role", "pk"
                ),
            )
        )
    )


def timeline_events(order: Order, *, reader: User | None) -> QuerySet[OrderEvent]:
    """The timeline `reader` sees, oldest first: BHT-internal events for the BHT's
    professionals only; without the content, only that the status changed. The
    order page and the order report (reader None: a shared document) both use it."""
    qs = order.events.select_related("actor").order_by("at", "pk")
    if not confidentiality.is_bht_professional(reader):
        qs = qs.filter(internal=False).exclude(kind=EventKind.INTERNAL_NOTE)
    if not confidentiality.order_content_visible(reader, order):
        qs = qs.filter(kind=EventKind.STATUS)
    return qs


def order_page(*, user: User, order: Order) -> OrderPage:
    """Everything the order page shows; logs the read of confidential content."""
    visible = rules.content_visible(user, order)
    if order.confidential and visible:
        access_log_record(user=user, obj=order, label=order.reference)
    events_qs = timeline_events(order, reader=user)
    assignments = list(
        order.assignments.all()  # prefetched by order_detail_queryset
        if "assignments" in getattr(order, "_prefetched_objects_cache", {})
        else order.assignments.select_related("advisor__user").order_by("role", "pk")
    )
    now = timezone.now()
    response_days = (
        working_days_between(order.submitted_at, order.first_response_at or now)
        if order.submitted_at
        else None
    )
    start_days = (
        working_days_between(order.accepted_at, order.started_at or now)
        if order.accepted_at and order.status != OrderStatus.DECLINED
        else None
    )
    return OrderPage(
        order=order,
        content_visible=visible,
        title=confidentiality.order_title(user, order, detail=True),
        events=list(events_qs),
        assignments=assignments,
        actions=rules.allowed_actions(user, order),
        response_days=response_days,
        start_days=start_days,
        sla_days=order.organisation.sla_working_days,
        next_step=next_step(order),
        responsible=responsible(order),
        history=object_history(order) if visible else [],
    )


def attachments_visible_to(user: User, order: Order) -> QuerySet[OrderEvent]:
    """The order's attachments the user may download (same rules as the timeline)."""
    if not rules.content_visible(user, order):
        return OrderEvent.objects.none()
    qs = order.events.filter(kind="attachment")
    if not rules.is_bht_professional(user):
        qs = qs.filter(internal=False)
    return qs


def next_step(order: Order) -> str:
    status = order.status
    if status == OrderStatus.DRAFT:
        return _("Lederen fullfører og sender bestillingen.")
    if status == OrderStatus.SUBMITTED:
        return _("BHT vurderer bestillingen og godtar eller avslår den.")
    if status == OrderStatus.ACCEPTED:
        if order.billing == "extra_sale" and order.cost_accepted_at is None:
            return _("Bestilleren eller kommunalsjefen godkjenner kostnaden.")
        return _("BHT starter arbeidet.")
    if status == OrderStatus.IN_PROGRESS:
        return _("BHT arbeider med saken og leverer når den er ferdig.")
    if status == OrderStatus.DELIVERED:
        return _("Bestilleren gir tilbakemelding, og bestillingen lukkes.")
    return _("Ingen flere steg.")


def responsible(order: Order) -> str:
    """Who holds the ball now (a name, or the BHT as a whole)."""
    if order.status == OrderStatus.DRAFT:
        return str(order.ordered_by)
    if order.status == OrderStatus.SUBMITTED:
        return _("BHT (beslutning)")
    if (
        order.status == OrderStatus.ACCEPTED
        and order.billing == "extra_sale"
        and order.cost_accepted_at is None
    ):
        return str(order.ordered_by)
    if order.status in (OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS):
        return str(order.lead_advisor.user) if order.lead_advisor else _("BHT")
    if order.status == OrderStatus.DELIVERED:
        return str(order.ordered_by)
    return "–"


def advisor_suggestions(order: Order) -> list[Advisor]:
    """The area's main contact first, then advisors whose competence matches the service."""
    advisors = list(
        Advisor.objects.filter(is_active=True, competence_areas__isnull=False)
        .distinct()
        .select_related("user")
        .prefetch_related("competence_areas")
        .order_by("user__first_name", "user__last_name")
    )
    contact = MainContact.objects.current().filter(area_id=order.area_id).first()
    wanted = set()
    if order.service_id is not None:
        wanted = set(order.service.competence_areas.values_list("pk", flat=True))  # type: ignore[union-attr]

    def rank(advisor: Advisor) -> tuple[int, int]:
        is_contact = contact is not None and contact.advisor_id == advisor.pk
        matches = bool(wanted & {c.pk for c in advisor.competence_areas.all()})
        return (0 if is_contact else 1, 0 if matches else 1)

    return sorted(advisors, key=rank)
