"""The BHT's part of the lifecycle: accept, decline, accept the cost, start, deliver,
close, cancel."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import numbers
from core.errors import ApplicationError
from core.history import history_by_user
from core.models import Advisor, User
from core.services import health_guard_check, health_guard_record_override
from orders import conf, rules
from orders.models import (
    AssignmentRole,
    Billing,
    DeclineReason,
    EventKind,
    Order,
    OrderAssignment,
    OrderStatus,
)

from .common import _ensure_visible, _event, _lock, _notify_about, _transition


def _estimate(order: Order) -> str:
    return _("%(hours)s timer à %(rate)s kr = %(cost)s kr") % {
        "hours": numbers.format_number(order.estimated_hours, -2),
        "rate": numbers.format_number(order.hourly_rate, -2),
        "cost": numbers.format_number(order.estimated_cost, -2),
    }


def _notify_accepted(order: Order, lead_advisor: Advisor, supporters: list[Advisor]) -> None:
    body = _("BHT har godtatt bestillingen. Ansvarlig rådgiver: %(lead)s.") % {
        "lead": lead_advisor.user
    }
    if order.billing == Billing.EXTRA_SALE:
        body += f" {_estimate(order)}. " + _("Kostnaden må godkjennes før arbeidet kan starte.")
    _notify_about(
        order,
        recipients=[order.ordered_by],
        subject=_("Bestilling %(ref)s er godtatt") % {"ref": order.reference},
        body=body,
    )
    _notify_about(
        order,
        recipients=[lead_advisor.user, *(a.user for a in supporters)],
        subject=_("Du er tildelt bestilling %(ref)s") % {"ref": order.reference},
        body=_("Du er tildelt bestillingen «%(title)s».") % {"title": order.title},
    )


@history_by_user
@transaction.atomic
def order_accept(
    *,
    order: Order,
    user: User,
    lead_advisor: Advisor,
    supporting_advisors: list[Advisor] | tuple[Advisor, ...] = (),
    estimated_hours: Decimal | None = None,
    text: str = "",
) -> Order:
    """Accept and assign. An extra-sale order needs estimated hours; its price is
    snapshotted with the year's hourly rate, and the orderer must accept the cost."""
    _ensure_visible(user, order)
    order = _lock(order)
    rules.check_accept(user, order)
    if not lead_advisor.is_active:
        raise ApplicationError(_("Velg en aktiv rådgiver som ansvarlig."), field="lead_advisor")
    if order.billing == Billing.EXTRA_SALE:
        if estimated_hours is None or estimated_hours <= 0:
            raise ApplicationError(
                _("Mersalg trenger et estimat: skriv inn antall timer."), field="estimated_hours"
            )
        order.estimated_hours = estimated_hours
        order.hourly_rate = conf.hourly_rate()
    elif estimated_hours is not None:
        order.estimated_hours = estimated_hours
    order.lead_advisor = lead_advisor
    order.decided_by = user
    order.save(update_fields=["estimated_hours", "hourly_rate", "lead_advisor", "decided_by"])
    OrderAssignment.objects.create(order=order, advisor=lead_advisor, role=AssignmentRole.LEAD)
    supporters = [a for a in dict.fromkeys(supporting_advisors) if a.pk != lead_advisor.pk]
    OrderAssignment.objects.bulk_create(
        [OrderAssignment(order=order, advisor=a, role=AssignmentRole.SUPPORT) for a in supporters]
    )
    _transition(order, user=user, to=OrderStatus.ACCEPTED, stamp="accepted_at", text=text)
    names = ", ".join(str(a.user) for a in [lead_advisor, *supporters])
    _event(order, actor=user, kind=EventKind.ASSIGNMENT, text=names)
    if order.billing == Billing.EXTRA_SALE:
        _event(order, actor=user, kind=EventKind.ESTIMATE, text=_estimate(order))
    _notify_accepted(order, lead_advisor, supporters)
    return order


@history_by_user
@transaction.atomic
def order_decline(*, order: Order, user: User, reason_code: str, reason: str) -> Order:
    _ensure_visible(user, order)
    order = _lock(order)
    rules.check_decline(user, order)
    if reason_code not in DeclineReason.values:
        raise ApplicationError(_("Velg en årsak til avslaget."), field="reason_code")
    if not reason.strip():
        raise ApplicationError(_("Skriv en begrunnelse som bestilleren kan lese."), field="reason")
    order.decline_reason_code = reason_code
    order.decline_reason = reason.strip()
    order.decided_by = user
    order.save(update_fields=["decline_reason_code", "decline_reason", "decided_by"])
    _transition(
        order,
        user=user,
        to=OrderStatus.DECLINED,
        stamp="declined_at",
        text=f"{DeclineReason(reason_code).label}: {order.decline_reason}",
    )
    _notify_about(
        order,
        recipients=[order.ordered_by, order.area.director],
        subject=_("Bestilling %(ref)s er avslått") % {"ref": order.reference},
        body=_("Årsak: %(code)s. %(reason)s")
        % {"code": DeclineReason(reason_code).label, "reason": order.decline_reason},
    )
    return order


@history_by_user
@transaction.atomic
def order_accept_cost(*, order: Order, user: User) -> Order:
    _ensure_visible(user, order)
    order = _lock(order)
    rules.check_accept_cost(user, order)
    order.cost_accepted_by = user
    order.cost_accepted_at = timezone.now()
    order.save(update_fields=["cost_accepted_by", "cost_accepted_at", "updated_at"])
    _event(
        order,
        actor=user,
        kind=EventKind.COST_ACCEPTED,
        text=_("Kostnad godkjent: %(cost)s kr")
        % {"cost": numbers.format_number(order.estimated_cost, -2)},
    )
    _notify_about(
        order,
        recipients=[order.lead_advisor.user if order.lead_advisor else None],
        subject=_("Kostnaden for %(ref)s er godkjent") % {"ref": order.reference},
        body=_("Arbeidet med «%(title)s» kan starte.") % {"title": order.title},
    )
    return order


@history_by_user
@transaction.atomic
def order_start(*, order: Order, user: User) -> Order:
    _ensure_visible(user, order)
    order = _lock(order)
    rules.check_start(user, order)
    _transition(order, user=user, to=OrderStatus.IN_PROGRESS, stamp="started_at")
    _notify_about(
        order,
        recipients=[order.ordered_by],
        subject=_("BHT har startet arbeidet med %(ref)s") % {"ref": order.reference},
        body=_("Arbeidet med «%(title)s» er startet.") % {"title": order.title},
    )
    return order


@history_by_user
@transaction.atomic
def order_deliver(*, order: Order, user: User, text: str = "") -> Order:
    _ensure_visible(user, order)
    order = _lock(order)
    rules.check_deliver(user, order)
    _transition(order, user=user, to=OrderStatus.DELIVERED, stamp="delivered_at", text=text)
    _notify_about(
        order,
        recipients=[order.ordered_by],
        subject=_("Bestilling %(ref)s er levert") % {"ref": order.reference},
        body=_("BHT har levert «%(title)s». Gi gjerne tilbakemelding på oppdraget.")
        % {"title": order.title},
    )
    return order


@history_by_user
@transaction.atomic
def order_close(*, order: Order, user: User) -> Order:
    _ensure_visible(user, order)
    order = _lock(order)
    rules.check_close(user, order)
    _transition(order, user=user, to=OrderStatus.CLOSED, stamp="closed_at")
    return order


@history_by_user
@transaction.atomic
def order_cancel(
    *, order: Order, user: User, text: str = "", confirm_health_info: bool = False
) -> Order:
    _ensure_visible(user, order)
    order = _lock(order)
    rules.check_cancel(user, order)
    guard = health_guard_check(user=user, texts={"text": text}, confirmed=confirm_health_info)
    was_sent = order.status != OrderStatus.DRAFT
    _transition(order, user=user, to=OrderStatus.CANCELLED, stamp="cancelled_at", text=text)
    recipients: list[User | None] = []
    if user.pk != order.ordered_by_id:
        recipients.append(order.ordered_by)
    if was_sent and order.lead_advisor is not None:
        recipients.append(order.lead_advisor.user)
    _notify_about(
        order,
        recipients=[r for r in recipients if r is None or r.pk != user.pk],
        subject=_("Bestilling %(ref)s er avbrutt") % {"ref": order.reference},
        body=_("Bestillingen «%(title)s» er avbrutt.") % {"title": order.title},
    )
    health_guard_record_override(user=user, obj=order, passed=guard)
    return order
