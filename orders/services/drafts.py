"""Drafts: create, edit and submit an order (the orderer's part of the lifecycle)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access
from core.concurrency import claim_version
from core.errors import ApplicationError
from core.history import history_by_user
from core.models import Department, User
from core.services import health_guard_check, health_guard_record_override
from orders import rules, selectors
from orders.models import (
    EventKind,
    Inquiry,
    Order,
    OrderStatus,
    Urgency,
)
from orders.signals import order_plan_link_changed

from .common import (
    GUARDED_ORDER_FIELDS,
    ORDER_FIELDS,
    _ensure_visible,
    _event,
    _lock,
    _notify_about,
    _transition,
    next_reference,
)


def _clean_plan_item(area_id: int, plan_item: Any) -> Any:
    if plan_item is None:
        return None
    # Loaded with its plan (one query, as before), which billing_for reads.
    item = selectors.plan_items_for_area(area_id).filter(pk=plan_item.pk).first()
    if item is None:
        raise ApplicationError(
            _("Tiltaket hører ikke til den godkjente handlingsplanen for området."),
            field="plan_item",
        )
    return item


def _apply_fields(order: Order, fields: dict[str, Any]) -> None:
    department: Department | None = fields.get("department", order.department)
    if department is None:
        raise ApplicationError(_("Velg hvilken avdeling bestillingen gjelder."), field="department")
    if "desired_start" in fields:
        rules.check_desired_start(fields["desired_start"], previous=order.desired_start)
    unit = department.unit
    for name, value in fields.items():
        if name not in ORDER_FIELDS:
            raise ApplicationError(_("Ukjent felt: %(name)s") % {"name": name}, field=name)
        setattr(order, name, value)
    order.department = department
    order.unit = unit
    order.area = unit.area
    order.organisation_id = unit.area.organisation_id
    if order.urgency not in Urgency.values:
        raise ApplicationError(_("Ugyldig hast."), field="urgency")
    order.plan_item = _clean_plan_item(order.area_id, order.plan_item)
    order.billing = rules.billing_for(order=order)
    if not (order.title or "").strip():
        raise ApplicationError(_("Skriv en kort tittel."), field="title")


def _may_order_for(user: User, department: Department) -> bool:
    if access.is_bht_staff(user):
        return True
    return selectors.departments_for_ordering(user).filter(pk=department.pk).exists()


@history_by_user
@transaction.atomic
def order_create_draft(
    *,
    user: User,
    department: Department,
    title: str,
    ordered_by: User | None = None,
    inquiry: Inquiry | None = None,
    confirm_health_info: bool = False,
    **fields: Any,
) -> Order:
    """A draft order. A leader orders for a department they lead; BHT staff create
    drafts on behalf of a leader (after triage), who then completes and submits it.
    The health guard reads the free text first (`confirm_health_info`: «Send likevel»)."""
    if not rules.may_create_orders(user):
        raise PermissionDenied(_("Bare ledere og BHT kan opprette bestillinger."))
    if not _may_order_for(user, department):
        raise ApplicationError(
            _("Du kan bare bestille for avdelinger du er leder for."), field="department"
        )
    guard = health_guard_check(
        user=user,
        texts={"title": title, **{k: fields.get(k) for k in GUARDED_ORDER_FIELDS[1:]}},
        confirmed=confirm_health_info,
    )
    orderer = ordered_by or user
    if access.is_bht_staff(orderer) and ordered_by is None:
        orderer = selectors.leader_for_department(department) or user
    order = Order(
        created_by=user,
        ordered_by=orderer,
        inquiry=inquiry,
        status=OrderStatus.DRAFT,
    )
    _apply_fields(order, {"department": department, "title": title, **fields})
    order.reference = next_reference(
        organisation_id=order.organisation_id, year=timezone.localdate().year
    )
    order.save()
    _event(order, actor=user, kind=EventKind.CREATED, to_status=OrderStatus.DRAFT)
    health_guard_record_override(user=user, obj=order, passed=guard)
    return order


def _check_department_change(user: User, order: Order, department: Department | None) -> None:
    if (
        department is not None
        and department.pk != order.department_id
        and not _may_order_for(user, department)
    ):
        raise ApplicationError(
            _("Du kan bare bestille for avdelinger du er leder for."), field="department"
        )


def _check_lifting(user: User, order: Order, fields: dict[str, Any], reason: str) -> bool:
    """Whether the edit lifts the order's confidentiality (allowed, with a reason)."""
    lifting = order.confidential and "confidential" in fields and not fields["confidential"]
    if lifting:
        rules.check_lift_confidentiality(user, order)
        if not reason:
            raise ApplicationError(
                _("Skriv hvorfor saken ikke lenger er fortrolig."), field="confidential_reason"
            )
    return bool(lifting)


@history_by_user
@transaction.atomic
def order_update_draft(
    *,
    order: Order,
    user: User,
    lock_version: int | None = None,
    confirm_health_info: bool = False,
    **fields: Any,
) -> Order:
    """Edit a draft. `lock_version` is the version the form was loaded with: if someone
    saved the order since, nothing is saved and EditConflict says so."""
    _ensure_visible(user, order)
    order = _lock(order)
    rules.check_edit(user, order)
    guard = health_guard_check(
        user=user,
        texts={k: fields[k] for k in GUARDED_ORDER_FIELDS if k in fields},
        confirmed=confirm_health_info,
    )
    claim_version(
        order,
        lock_version,
        message=_(
            "Noen andre har endret bestillingen mens du redigerte. Last siden på nytt for å "
            "se endringene, og gjør dine endringer på nytt. Ingenting ble lagret."
        ),
    )
    _check_department_change(user, order, fields.get("department"))
    reason = str(fields.pop("confidential_reason", "") or "").strip()
    lifting = _check_lifting(user, order, fields, reason)
    old_plan_item_id = order.plan_item_id
    _apply_fields(order, fields)
    order.save()
    _event(order, actor=user, kind=EventKind.UPDATED)
    health_guard_record_override(user=user, obj=order, passed=guard)
    if lifting:
        # The reason is logged on the timeline, for the BHT (it may name the employee).
        _event(
            order,
            actor=user,
            kind=EventKind.UPDATED,
            text=_("Fortroligheten er opphevet: %(reason)s") % {"reason": reason},
            internal=True,
        )
    if order.plan_item_id != old_plan_item_id:
        # Time tracking re-derives the billing of the order's hours (or refuses).
        order_plan_link_changed.send(sender=Order, order=order, user=user)
    return order


@history_by_user
@transaction.atomic
def order_submit(*, order: Order, user: User) -> Order:
    _ensure_visible(user, order)
    order = _lock(order)
    rules.check_submit(user, order)
    if order.service_id is None:
        raise ApplicationError(_("Velg hvilken tjeneste dere ønsker."), field="service")
    if not order.description.strip():
        raise ApplicationError(
            _("Beskriv hva problemet er, og hva dere ønsker å oppnå."), field="description"
        )
    _transition(order, user=user, to=OrderStatus.SUBMITTED, stamp="submitted_at")
    contact = selectors.main_contact_user_for_area(order.area_id)
    _notify_about(
        order,
        recipients=[contact],
        subject=_("Ny bestilling %(ref)s fra %(area)s")
        % {"ref": order.reference, "area": order.area},
        body=_("%(who)s har sendt bestillingen «%(title)s».")
        % {"who": order.ordered_by, "title": order.title},
    )
    return order
