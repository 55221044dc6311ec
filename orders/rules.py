"""Who may do what to an order, in which state: the one set of checks that the
services enforce and the pages and API use to offer only the allowed actions.

Each `check_<action>` raises `PermissionDenied` when the user's role does not
allow the action (403) and `ApplicationError` when the order's state does not
(400, with a Norwegian message). `allowed_actions()` runs them all.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans.models import PlanItem, PlanStatus
from core import access, confidentiality
from core.errors import ApplicationError
from core.models import MainContact, Role, User
from orders import conf
from orders.models import OPEN_STATUSES, Billing, Order, OrderStatus

ACTIONS = (
    "edit",
    "submit",
    "accept",
    "decline",
    "accept_cost",
    "start",
    "deliver",
    "close",
    "cancel",
    "feedback",
    "comment",
    "note",
    "attach",
)

LEADER_ROLES = (Role.DEPARTMENT_LEADER, Role.UNIT_LEADER, Role.AREA_DIRECTOR)


# --- who is who -------------------------------------------------------------


def is_bht_professional(user: User) -> bool:
    """Advisors and the manager (core.confidentiality decides)."""
    return confidentiality.is_bht_professional(user)


def is_bht_manager(user: User) -> bool:
    return user.is_superuser or access.has_role(user, Role.BHT_MANAGER)


def may_create_orders(user: User) -> bool:
    """Leaders order for what they lead; BHT staff draft orders on a leader's behalf.
    Everyone else asks for advice instead (a confidential inquiry)."""
    return access.has_role(user, *LEADER_ROLES) or access.is_bht_staff(user)


def leads_order_subtree(user: User, order: Order) -> bool:
    """A department leader, unit leader or area director over the order's place."""
    scope = access.scope_for(user)
    if not scope.has_role(*LEADER_ROLES):
        return False
    nodes = scope.oversight
    return (
        order.area_id in nodes.areas
        or (order.unit_id is not None and order.unit_id in nodes.units)
        or (order.department_id is not None and order.department_id in nodes.departments)
    )


def is_orderer_side(user: User, order: Order) -> bool:
    return user.pk == order.ordered_by_id or leads_order_subtree(user, order)


def is_area_director(user: User, order: Order) -> bool:
    scope = access.scope_for(user)
    return scope.has_role(Role.AREA_DIRECTOR) and order.area_id in scope.oversight.areas


def is_main_contact(user: User, order: Order) -> bool:
    return MainContact.objects.current().filter(area_id=order.area_id, advisor__user=user).exists()


def may_decide(user: User, order: Order) -> bool:
    """The BHT manager decides; the area's main contact too where the BHT allows
    it (setting ORDERS_ADVISORS_MAY_DECIDE, default on)."""
    if is_bht_manager(user):
        return True
    return (
        conf.advisors_may_decide()
        and access.has_role(user, Role.BHT_ADVISOR)
        and is_main_contact(user, order)
    )


def is_assigned(user: User, order: Order) -> bool:
    if order.lead_advisor is not None and order.lead_advisor.user_id == user.pk:
        return True
    prefetched = getattr(order, "_prefetched_objects_cache", {}).get("assignments")
    if prefetched is not None:  # the order page loads them anyway (selectors)
        return any(a.advisor.user_id == user.pk for a in prefetched)
    return order.assignments.filter(advisor__user=user).exists()


def content_visible(user: User, order: Order) -> bool:
    """A confidential order's content: BHT professionals and its authors only
    (core.confidentiality decides)."""
    return confidentiality.order_content_visible(user, order)


# --- checks -----------------------------------------------------------------


def _state(order: Order, *allowed: str, message: str) -> None:
    if order.status not in allowed:
        raise ApplicationError(
            message % {"status": OrderStatus(order.status).label}, field="status"
        )


def check_edit(user: User, order: Order) -> None:
    if not (is_orderer_side(user, order) or access.is_bht_staff(user)):
        raise PermissionDenied(_("Du kan ikke endre denne bestillingen."))
    _state(
        order, OrderStatus.DRAFT, message=_("Bare utkast kan endres. Bestillingen er %(status)s.")
    )


def check_submit(user: User, order: Order) -> None:
    if not is_orderer_side(user, order):
        raise PermissionDenied(_("Bare lederen som bestiller kan sende bestillingen."))
    _state(
        order,
        OrderStatus.DRAFT,
        message=_("Bestillingen er allerede sendt (status: %(status)s)."),
    )


def check_accept(user: User, order: Order) -> None:
    if not may_decide(user, order):
        raise PermissionDenied(_("Bare leder av BHT eller områdets hovedkontakt kan godta."))
    _state(
        order,
        OrderStatus.SUBMITTED,
        message=_("Bare en sendt bestilling kan godtas. Bestillingen er %(status)s."),
    )


def check_decline(user: User, order: Order) -> None:
    if not may_decide(user, order):
        raise PermissionDenied(_("Bare leder av BHT eller områdets hovedkontakt kan avslå."))
    _state(
        order,
        OrderStatus.SUBMITTED,
        message=_("Bare en sendt bestilling kan avslås. Bestillingen er %(status)s."),
    )


def check_accept_cost(user: User, order: Order) -> None:
    if not (user.pk == order.ordered_by_id or is_area_director(user, order)):
        raise PermissionDenied(_("Bare bestilleren eller kommunalsjefen kan godkjenne kostnaden."))
    _state(
        order,
        OrderStatus.ACCEPTED,
        message=_("Kostnaden godkjennes når bestillingen er godtatt. Den er %(status)s."),
    )
    if order.billing != Billing.EXTRA_SALE:
        raise ApplicationError(_("Bestillingen er fastpris og trenger ingen kostnadsgodkjenning."))
    if order.cost_accepted_at is not None:
        raise ApplicationError(_("Kostnaden er allerede godkjent."))
    if order.estimated_hours is None:
        raise ApplicationError(_("BHT har ikke lagt inn estimerte timer ennå."))


def _works_order(user: User, order: Order) -> bool:
    return is_bht_professional(user) and (is_assigned(user, order) or may_decide(user, order))


def check_start(user: User, order: Order) -> None:
    if not _works_order(user, order):
        raise PermissionDenied(_("Bare rådgivere som er tildelt bestillingen kan starte den."))
    _state(
        order,
        OrderStatus.ACCEPTED,
        message=_("Bare en godtatt bestilling kan startes. Bestillingen er %(status)s."),
    )
    if order.billing == Billing.EXTRA_SALE and order.cost_accepted_at is None:
        raise ApplicationError(
            _(
                "Mersalg kan ikke startes før bestilleren eller kommunalsjefen "
                "har godkjent kostnaden."
            )
        )


def check_deliver(user: User, order: Order) -> None:
    if not _works_order(user, order):
        raise PermissionDenied(_("Bare rådgivere som er tildelt bestillingen kan levere den."))
    _state(
        order,
        OrderStatus.IN_PROGRESS,
        message=_("Bare en bestilling under arbeid kan leveres. Bestillingen er %(status)s."),
    )


def check_close(user: User, order: Order) -> None:
    if not (is_orderer_side(user, order) or _works_order(user, order)):
        raise PermissionDenied(_("Du kan ikke lukke denne bestillingen."))
    _state(
        order,
        OrderStatus.DELIVERED,
        message=_("Bare en levert bestilling kan lukkes. Bestillingen er %(status)s."),
    )


def check_cancel(user: User, order: Order) -> None:
    if not (is_orderer_side(user, order) or is_bht_manager(user)):
        raise PermissionDenied(_("Bare bestilleren eller leder av BHT kan avbryte bestillingen."))
    _state(
        order,
        *OPEN_STATUSES,
        message=_("En bestilling som er %(status)s, kan ikke avbrytes."),
    )


def check_feedback(user: User, order: Order) -> None:
    if user.pk != order.ordered_by_id:
        raise PermissionDenied(_("Bare bestilleren kan gi tilbakemelding."))
    _state(
        order,
        OrderStatus.DELIVERED,
        OrderStatus.CLOSED,
        message=_("Tilbakemelding gis når bestillingen er levert. Den er %(status)s."),
    )
    if hasattr(order, "feedback"):
        raise ApplicationError(_("Det er allerede gitt tilbakemelding på denne bestillingen."))


def check_comment(user: User, order: Order) -> None:
    """The timeline is the conversation between the orderer's side (the orderer,
    the leaders over the place, who wrote it) and the BHT. The executive reads
    it but does not take part (DESIGN.md §2: reads everything)."""
    takes_part = (
        access.is_bht_staff(user) or is_orderer_side(user, order) or user.pk == order.created_by_id
    )
    if not content_visible(user, order) or not takes_part:
        raise PermissionDenied(_("Du kan ikke kommentere denne bestillingen."))


def check_note(user: User, order: Order) -> None:
    if not is_bht_professional(user):
        raise PermissionDenied(_("Interne notater er bare for BHT."))


def check_lift_confidentiality(user: User, order: Order) -> None:
    """Not part of ACTIONS: it is a change of a draft's `confidential` flag."""
    if not confidentiality.may_lift(user):
        raise PermissionDenied(_("Bare rådgivere i BHT kan oppheve fortroligheten."))


def check_attach(user: User, order: Order) -> None:
    if not content_visible(user, order) or not (
        is_bht_professional(user) or is_orderer_side(user, order)
    ):
        raise PermissionDenied(_("Du kan ikke legge ved filer på denne bestillingen."))


CHECKS = {
    "edit": check_edit,
    "submit": check_submit,
    "accept": check_accept,
    "decline": check_decline,
    "accept_cost": check_accept_cost,
    "start": check_start,
    "deliver": check_deliver,
    "close": check_close,
    "cancel": check_cancel,
    "feedback": check_feedback,
    "comment": check_comment,
    "note": check_note,
    "attach": check_attach,
}


def allowed_actions(user: User, order: Order) -> frozenset[str]:
    """The actions the services would allow `user` on `order` right now."""
    allowed = set()
    for action, check in CHECKS.items():
        try:
            check(user, order)
        except (PermissionDenied, ApplicationError):
            continue
        allowed.add(action)
    return frozenset(allowed)


# --- billing and hours: asked by time tracking ------------------------------------

# Hours may still be logged this many days after delivery (the report, the last call).
GRACE_DAYS_AFTER_DELIVERY = 14
# Orders an advisor may pick for hours (check_accepts_hours adds the grace period).
HOURS_STATUSES = (OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS, OrderStatus.DELIVERED)


def check_desired_start(
    value: datetime.date | None, *, previous: datetime.date | None = None
) -> None:
    """A desired start lies today or later. A draft that already had a date now
    past (saved days ago) keeps it until the orderer changes it."""
    if value is None or value == previous:
        return
    if value < timezone.localdate():
        raise ApplicationError(
            _("Ønsket oppstart kan ikke være tilbake i tid. Velg i dag eller en senere dato."),
            field="desired_start",
        )


def billing_for(*, order: Order | None = None, plan_item: PlanItem | None = None) -> Billing:
    """The one billing rule (DESIGN.md §6), for an order and for the hours on a target.

    Hours on an order linked to an item of an approved plan, and the order itself, are
    fixed price; an order without one is extra sale; hours on a plan item directly are
    fixed price; with neither (an internal activity) they are internal. Orders link
    only items of approved plans (services._clean_plan_item); a plan closed later
    (superseded, or at the end of its period) keeps its orders' time as fixed price.
    """
    if order is not None:
        item = order.plan_item if order.plan_item_id is not None else None
        linked = item is not None and item.plan.status in (PlanStatus.APPROVED, PlanStatus.CLOSED)
        return Billing.FIXED_PRICE if linked else Billing.EXTRA_SALE
    if plan_item is not None:
        return Billing.FIXED_PRICE
    return Billing.INTERNAL


def check_accepts_hours(order: Order, *, day: datetime.date, today: datetime.date) -> None:
    """Whether hours dated `day` may be logged on `order` today: only while it is
    accepted or in progress, or delivered within the grace period, and never on a day
    before it was accepted. Raises ApplicationError (on `order` or `date`)."""
    grace_until = (
        timezone.localdate(order.delivered_at) + datetime.timedelta(days=GRACE_DAYS_AFTER_DELIVERY)
        if order.delivered_at is not None
        else None
    )
    open_for_time = order.status in (OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS) or (
        order.status == OrderStatus.DELIVERED and grace_until is not None and today <= grace_until
    )
    if not open_for_time:
        raise ApplicationError(
            _(
                "Timer kan bare føres på en bestilling som er godtatt, under arbeid "
                "eller levert (inntil %(days)s dager etter levering)."
            )
            % {"days": GRACE_DAYS_AFTER_DELIVERY},
            field="order",
        )
    if order.accepted_at is not None and day < timezone.localdate(order.accepted_at):
        raise ApplicationError(
            _("Datoen er før bestillingen ble godtatt (%(date)s).")
            % {"date": timezone.localdate(order.accepted_at).strftime("%d.%m.%Y")},
            field="date",
        )
