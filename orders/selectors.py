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

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, confidentiality
from core.history import HistoryRow, object_history
from core.models import Advisor, Department, MainContact, Role, Service, User
from core.selectors import CatalogueAction
from core.services import access_log_record
from orders import rules
from orders.models import (
    OPEN_STATUSES,
    AssignmentRole,
    Billing,
    EventKind,
    Inquiry,
    InquiryOutcome,
    Order,
    OrderAssignment,
    OrderEvent,
    OrderStatus,
)
from orders.working_days import add_working_days, working_days_between


def confidential_placeholder() -> str:
    return confidentiality.placeholder()


# --- scoping ------------------------------------------------------------------


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


# --- plan items (actionplans) -----------------------------------------------------


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


# --- rows with the SLA clock -----------------------------------------------------


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


# --- work queues -----------------------------------------------------------------


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


# --- the order page ----------------------------------------------------------------


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


# --- choices for the forms -----------------------------------------------------------


def departments_for_ordering(user: User) -> QuerySet[Department]:
    """Departments a person may order for: those they lead (or all, for BHT staff)."""
    qs = Department.objects.select_related("unit__area")
    if access.is_bht_staff(user):
        return qs.filter(
            unit__area__organisation__in=access.organisations_visible_to(user)
        ).order_by("unit__area__name", "unit__name", "name")
    scope = access.scope_for(user)
    if not scope.has_role(*rules.LEADER_ROLES):
        return qs.none()
    nodes = scope.oversight
    return qs.filter(
        Q(unit__area_id__in=nodes.areas) | Q(unit_id__in=nodes.units) | Q(id__in=nodes.departments)
    ).order_by("unit__area__name", "unit__name", "name")


def users_matching(user: User, text: str, limit: int = 10) -> list[User]:
    """Type-ahead for the triage form's caller: people in the organisations the
    BHT user serves whose name or username contains `text`."""
    text = text.strip()
    if len(text) < 2:
        return []
    words = text.split()
    q = Q()
    for word in words:
        q &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
        )
    return list(
        access.people_visible_to(user)
        .filter(q, is_active=True)
        .select_related("department__unit__area")
        .order_by("first_name", "last_name")[:limit]
    )


def departments_matching(user: User, text: str, limit: int = 15) -> list[Department]:
    text = text.strip()
    qs = departments_for_ordering(user)
    if text:
        qs = qs.filter(
            Q(name__icontains=text)
            | Q(unit__name__icontains=text)
            | Q(unit__area__name__icontains=text)
        )
    return list(qs[:limit])


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


def main_contact_user_for_area(area_id: int) -> User | None:
    contact = (
        MainContact.objects.current()
        .filter(area_id=area_id)
        .select_related("advisor__user")
        .first()
    )
    return contact.advisor.user if contact is not None else None


def leader_for_department(department: Department) -> User | None:
    return department.leader or department.unit.leader or department.unit.area.director


def is_leader(user: User) -> bool:
    return access.has_role(user, *rules.LEADER_ROLES)


def may_request_advice(user: User) -> bool:
    return user.department_id is not None or access.has_role(
        user, Role.EMPLOYEE, Role.SAFETY_REP, Role.UNION_REP
    )


def may_record_inquiry(user: User) -> bool:
    return access.is_bht_staff(user)


def prefetch_assignments(qs: QuerySet[Order]) -> QuerySet[Order]:
    return qs.prefetch_related(
        Prefetch(
            "assignments",
            queryset=OrderAssignment.objects.select_related("advisor__user"),
        )
    )


# --- "Venter på deg" (bht/waiting.py builds the start page's list from these) ---------

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


def catalogue_action(user: User) -> CatalogueAction | None:
    """The button on each card of the catalogue (core's "Hva kan BHT hjelpe med?",
    registered in orders.apps): a leader orders the service, an employee or
    representative asks for advice; BHT staff get none."""
    if access.is_bht_staff(user):
        return None
    if is_leader(user):
        return CatalogueAction(_("Bestill"), reverse("orders:create") + "?tjeneste=")
    if may_request_advice(user):
        return CatalogueAction(_("Be om råd"), reverse("orders:advice"), with_service=False)
    return None
