"""Writes of the orders app: triage, the order lifecycle, timeline and feedback.

Every function runs in one transaction, checks role, scope and state through
`orders.rules`, writes an `OrderEvent` (the audit history), sets the timestamp
of its transition and sends notifications on commit. Confidential cases get
neutral notifications: a reference and a link, never a name or content.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, confidentiality, events, numbers
from core.concurrency import claim_version
from core.errors import ApplicationError
from core.history import history_by_user
from core.models import Advisor, Department, InquiryCategory, Role, Service, User
from core.notifications import absolute_url, notify
from core.services import health_guard_check, health_guard_record_override
from core.uploads import validate_upload
from orders import conf, inbound, rules, selectors
from orders.models import (
    AssignmentRole,
    Billing,
    CallerRole,
    Channel,
    DeclineReason,
    EventKind,
    Inquiry,
    InquiryOutcome,
    Order,
    OrderAssignment,
    OrderEvent,
    OrderFeedback,
    OrderStatus,
    ReferenceCounter,
    Urgency,
)
from orders.signals import order_plan_link_changed

ORDER_FIELDS = (
    "department",
    "service",
    "category",
    "title",
    "description",
    "journal_reference",
    "desired_start",
    "urgency",
    "plan_item",
    "confidential",
)

# The free-text fields of an order that the health guard reads.
GUARDED_ORDER_FIELDS = ("title", "description", "journal_reference")

# --- helpers -----------------------------------------------------------------------


def _ensure_visible(user: User, order: Order) -> None:
    if not selectors.orders_visible_to(user).filter(pk=order.pk).exists():
        raise PermissionDenied(_("Bestillingen er utenfor det du har tilgang til."))


def _lock(order: Order) -> Order:
    """Re-read the order under a row lock so two decisions cannot both pass the state check."""
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("organisation", "lead_advisor")
        .get(pk=order.pk)
    )


def next_reference(*, organisation_id: int, year: int) -> str:
    """`B-<year>-<nnnn>`: the next number of the organisation's year, taken under a row lock."""
    ReferenceCounter.objects.get_or_create(organisation_id=organisation_id, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(
        organisation_id=organisation_id, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"B-{year}-{counter.last_number:04d}"


def _event(
    order: Order,
    *,
    actor: User | None,
    kind: str,
    text: str = "",
    from_status: str = "",
    to_status: str = "",
    internal: bool = False,
    at: datetime.datetime | None = None,
) -> OrderEvent:
    return OrderEvent.objects.create(
        order=order,
        actor=actor,
        kind=kind,
        text=text,
        from_status=from_status,
        to_status=to_status,
        internal=internal,
        at=at or timezone.now(),
    )


PUBLISHED_STATUSES: dict[str, str] = {
    OrderStatus.SUBMITTED: "order.submitted",
    OrderStatus.ACCEPTED: "order.accepted",
    OrderStatus.DECLINED: "order.declined",
    OrderStatus.DELIVERED: "order.delivered",
}


def _transition(order: Order, *, user: User, to: str, text: str = "", stamp: str) -> None:
    now = timezone.now()
    from_status = order.status
    order.status = to
    setattr(order, stamp, now)
    order.save(update_fields=["status", stamp, "updated_at"])
    _event(
        order,
        actor=user,
        kind=EventKind.STATUS,
        from_status=from_status,
        to_status=to,
        text=text,
        at=now,
    )
    if to in PUBLISHED_STATUSES:
        # Webhooks (integrations): ids and a link only, never the order's content.
        api_path = reverse("order-detail", kwargs={"pk": order.pk})
        events.publish(PUBLISHED_STATUSES[to], "order", order.pk, absolute_url(api_path))


def order_url(order: Order) -> str:
    return absolute_url(reverse("orders:detail", kwargs={"pk": order.pk}))


def _notify_about(order: Order, *, recipients: list[User | None], subject: str, body: str) -> None:
    """A neutral message for confidential orders: the reference and a link only.
    An e-mail leaves the system, so it shows what any reader may see."""
    if not confidentiality.order_content_visible(None, order):
        subject = _("Bestilling %(ref)s er oppdatert") % {"ref": order.reference}
        body = _("Det er en endring i en fortrolig sak. Logg inn for å se den:\n%(url)s") % {
            "url": order_url(order)
        }
    notify(recipients=recipients, subject=subject, body=f"{body}\n\n{order_url(order)}")


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


# --- orders --------------------------------------------------------------------------


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
    department = fields.get("department")
    if (
        department is not None
        and department.pk != order.department_id
        and not _may_order_for(user, department)
    ):
        raise ApplicationError(
            _("Du kan bare bestille for avdelinger du er leder for."), field="department"
        )
    reason = str(fields.pop("confidential_reason", "") or "").strip()
    lifting = order.confidential and "confidential" in fields and not fields["confidential"]
    if lifting:
        rules.check_lift_confidentiality(user, order)
        if not reason:
            raise ApplicationError(
                _("Skriv hvorfor saken ikke lenger er fortrolig."), field="confidential_reason"
            )
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
        _event(
            order,
            actor=user,
            kind=EventKind.ESTIMATE,
            text=_("%(hours)s timer à %(rate)s kr = %(cost)s kr")
            % {
                "hours": numbers.format_number(order.estimated_hours, -2),
                "rate": numbers.format_number(order.hourly_rate, -2),
                "cost": numbers.format_number(order.estimated_cost, -2),
            },
        )
    body = _("BHT har godtatt bestillingen. Ansvarlig rådgiver: %(lead)s.") % {
        "lead": lead_advisor.user
    }
    if order.billing == Billing.EXTRA_SALE:
        estimate = _("%(hours)s timer à %(rate)s kr = %(cost)s kr") % {
            "hours": numbers.format_number(order.estimated_hours, -2),
            "rate": numbers.format_number(order.hourly_rate, -2),
            "cost": numbers.format_number(order.estimated_cost, -2),
        }
        body += f" {estimate}. " + _("Kostnaden må godkjennes før arbeidet kan starte.")
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


@history_by_user
@transaction.atomic
def order_comment(
    *, order: Order, user: User, text: str, confirm_health_info: bool = False
) -> OrderEvent:
    _ensure_visible(user, order)
    rules.check_comment(user, order)
    if not text.strip():
        raise ApplicationError(_("Skriv en kommentar."), field="text")
    guard = health_guard_check(user=user, texts={"text": text}, confirmed=confirm_health_info)
    event = _event(order, actor=user, kind=EventKind.COMMENT, text=text.strip())
    health_guard_record_override(user=user, obj=event, passed=guard)
    return event


@history_by_user
@transaction.atomic
def order_note_internal(*, order: Order, user: User, text: str) -> OrderEvent:
    _ensure_visible(user, order)
    rules.check_note(user, order)
    if not text.strip():
        raise ApplicationError(_("Skriv et notat."), field="text")
    return _event(order, actor=user, kind=EventKind.INTERNAL_NOTE, text=text.strip(), internal=True)


@history_by_user
@transaction.atomic
def order_attach(
    *,
    order: Order,
    user: User,
    file: UploadedFile,
    text: str = "",
    internal: bool = False,
    confirm_health_info: bool = False,
) -> OrderEvent:
    """A file on the timeline (a delivery report, minutes...), within type and size limits.
    The health guard reads the file's description, not the file."""
    _ensure_visible(user, order)
    rules.check_attach(user, order)
    if internal and not rules.is_bht_professional(user):
        raise PermissionDenied(_("Interne vedlegg er bare for BHT."))
    guard = health_guard_check(user=user, texts={"text": text}, confirmed=confirm_health_info)
    name = validate_upload(
        file, extensions=conf.attachment_extensions(), limit=conf.attachment_max_bytes()
    )
    event = OrderEvent(
        order=order,
        actor=user,
        kind=EventKind.ATTACHMENT,
        text=text.strip(),
        internal=internal,
        file_name=name[:200],
        file_size=file.size,
    )
    event.file.save(name, file, save=False)
    event.save()
    health_guard_record_override(user=user, obj=event, passed=guard)
    return event


FEEDBACK_FIELDS = ("help_received", "work_adapted", "impartial_role", "competence", "overall")


@history_by_user
@transaction.atomic
def order_feedback_give(
    *,
    order: Order,
    user: User,
    scores: dict[str, int],
    text: str = "",
    confirm_health_info: bool = False,
) -> OrderFeedback:
    """Scores 1–5, or 0 for "Vet ikke", on each scale of DESIGN.md §7."""
    _ensure_visible(user, order)
    order = _lock(order)
    rules.check_feedback(user, order)
    if OrderFeedback.objects.filter(order=order).exists():
        raise ApplicationError(_("Det er allerede gitt tilbakemelding på denne bestillingen."))
    clean: dict[str, int] = {}
    for name in FEEDBACK_FIELDS:
        value = scores.get(name)
        if value is None or not 0 <= int(value) <= 5:
            raise ApplicationError(_("Velg et svar fra 1 til 5, eller «Vet ikke»."), field=name)
        clean[name] = int(value)
    guard = health_guard_check(user=user, texts={"text": text}, confirmed=confirm_health_info)
    feedback = OrderFeedback.objects.create(order=order, given_by=user, text=text.strip(), **clean)
    health_guard_record_override(user=user, obj=feedback, passed=guard)
    _event(order, actor=user, kind=EventKind.FEEDBACK, text=_("Tilbakemelding gitt"))
    return feedback


# --- inquiries ---------------------------------------------------------------------------


def _caller_role_for(user: User) -> str:
    scope = access.scope_for(user)
    if scope.has_role(*rules.LEADER_ROLES):
        return CallerRole.LEADER
    if scope.has_role(Role.SAFETY_REP):
        return CallerRole.SAFETY_REP
    if scope.has_role(Role.UNION_REP):
        return CallerRole.UNION_REP
    return CallerRole.EMPLOYEE


def _check_consent(inquiry: Inquiry) -> None:
    """A confidential inquiry reaches the leader only with the employee's consent."""
    if inquiry.confidential and inquiry.consent_recorded_at is None:
        raise ApplicationError(
            _(
                "Henvendelsen er fortrolig. Lederen kan få et utkast først når den ansatte har "
                "samtykket til det. Registrer samtykket, eller gi bare råd."
            ),
            field="consent",
        )


def _record_consent(inquiry: Inquiry, *, user: User) -> None:
    if inquiry.consent_recorded_at is None:
        inquiry.consent_recorded_at = timezone.now()
        inquiry.consent_recorded_by = user


def draft_title(
    *, title: str = "", service: Service | None = None, category: InquiryCategory | None = None
) -> str:
    """A triage draft's short title: what the advisor wrote, else the service's or
    the category's name. Never the phone note: it may name the employee."""
    text = " ".join((title or "").split())
    if text:
        return text[:200]
    if service is not None:
        return service.name[:200]
    if category is not None:
        return category.name[:200]
    return _("Bestilling etter samtale")


def _draft_from_inquiry(
    inquiry: Inquiry, *, user: User, service: Service | None = None, title: str = ""
) -> Order:
    """The draft order the leader completes. It carries the service and, when the
    area's approved plan has an item for it, that item (so it is fixed price, not
    extra sale: rules.billing_for). A confidential inquiry needs the employee's
    consent and gives a draft with no content: a neutral title, no description, no
    category and no service (they say what the case is about, core.confidentiality)."""
    assert inquiry.department is not None
    _check_consent(inquiry)
    leader = selectors.leader_for_department(inquiry.department)
    if inquiry.caller is not None and inquiry.caller_role == CallerRole.LEADER:
        leader = inquiry.caller
    if leader is None:
        raise ApplicationError(
            _("Avdelingen har ingen leder som kan fullføre bestillingen."), field="department"
        )
    if service is not None and not service.is_active:
        raise ApplicationError(_("Tjenesten tilbys ikke lenger."), field="service")
    if inquiry.confidential:
        service = None
    plan_item = selectors.plan_item_for_service(
        area_id=inquiry.department.unit.area_id, service=service, department=inquiry.department
    )
    order = order_create_draft(
        user=user,
        department=inquiry.department,
        title=(
            confidentiality.placeholder()
            if inquiry.confidential
            else draft_title(title=title, service=service, category=inquiry.category)
        ),
        ordered_by=leader,
        inquiry=inquiry,
        service=service,
        plan_item=plan_item,
        # A confidential case stays one: the leader's draft says nothing of what
        # the employee asked about, not even its category (core.confidentiality).
        category=None if inquiry.confidential else inquiry.category,
        description="" if inquiry.confidential else inquiry.summary,
        confidential=inquiry.confidential,
    )
    notify(
        recipients=[leader],
        subject=_("Fullfør bestillingen %(ref)s til BHT") % {"ref": order.reference},
        body=_(
            "BHT har laget et utkast til bestilling etter samtalen dere hadde. "
            "Fullfør og send den her:\n%(url)s"
        )
        % {"url": absolute_url(reverse("orders:edit", kwargs={"pk": order.pk}))},
    )
    return order


@history_by_user
@transaction.atomic
def inquiry_record(
    *,
    user: User,
    channel: str,
    summary: str,
    outcome: str,
    department: Department | None = None,
    caller: User | None = None,
    caller_name: str = "",
    caller_role: str = CallerRole.LEADER,
    category: InquiryCategory | None = None,
    advice_given: str = "",
    confidential: bool = False,
    received_at: datetime.datetime | None = None,
    service: Service | None = None,
    title: str = "",
    consent: bool = False,
) -> Inquiry:
    """Phone triage by the BHT. `order_requested` creates a draft order for the
    department's leader with `service` and a short `title` (else the service's or
    category's name) and e-mails them a link to complete it. `consent`: the employee
    agreed that the leader is involved (needed for a confidential inquiry's draft)."""
    if not access.is_bht_staff(user):
        raise PermissionDenied(_("Bare BHT registrerer henvendelser."))
    if channel not in Channel.values:
        raise ApplicationError(_("Velg kanal."), field="channel")
    if outcome not in (InquiryOutcome.ADVICE_ONLY, InquiryOutcome.ORDER_REQUESTED):
        raise ApplicationError(_("Velg utfall av samtalen."), field="outcome")
    if caller_role not in CallerRole.values:
        raise ApplicationError(_("Velg innringers rolle."), field="caller_role")
    if caller is None and not caller_name.strip():
        raise ApplicationError(_("Velg en person eller skriv navnet."), field="caller_name")
    if not summary.strip():
        raise ApplicationError(_("Skriv kort hva henvendelsen gjelder."), field="summary")
    if department is None and caller is not None:
        department = caller.department
    if department is None:
        raise ApplicationError(_("Velg hvilken avdeling det gjelder."), field="department")
    if not selectors.departments_for_ordering(user).filter(pk=department.pk).exists():
        raise ApplicationError(
            _("Avdelingen er utenfor det du har tilgang til."), field="department"
        )
    now = timezone.now()
    unit = department.unit
    inquiry = Inquiry.objects.create(
        organisation_id=unit.area.organisation_id,
        received_at=received_at or now,
        received_by=user,
        author=user,
        channel=channel,
        caller=caller,
        caller_name=caller_name.strip() or (str(caller) if caller else ""),
        caller_role=caller_role,
        area=unit.area,
        unit=unit,
        department=department,
        category=category,
        summary=summary.strip(),
        advice_given=advice_given.strip(),
        outcome=outcome,
        # The call itself is the first response.
        responded_at=now,
        confidential=confidential,
        consent_recorded_at=now if consent else None,
        consent_recorded_by=user if consent else None,
    )
    if outcome == InquiryOutcome.ORDER_REQUESTED:
        _draft_from_inquiry(inquiry, user=user, service=service, title=title)
    return inquiry


@history_by_user
@transaction.atomic
def inquiry_request_advice(
    *,
    user: User,
    summary: str,
    category: InquiryCategory | None = None,
    confirm_health_info: bool = False,
) -> Inquiry:
    """The low-threshold door: an employee, safety or union representative asks the
    BHT for advice. It is confidential; the BHT decides whether the leader is told."""
    if access.is_bht_staff(user):
        raise PermissionDenied(_("BHT registrerer henvendelser med «Registrer henvendelse»."))
    if not selectors.may_request_advice(user):
        raise PermissionDenied(_("Du må være ansatt i virksomheten for å be om råd."))
    if not summary.strip():
        raise ApplicationError(_("Skriv kort hva du ønsker råd om."), field="summary")
    guard = health_guard_check(user=user, texts={"summary": summary}, confirmed=confirm_health_info)
    department = user.department
    organisation_id = None
    unit = area = None
    if department is not None:
        unit = department.unit
        area = unit.area
        organisation_id = area.organisation_id
    else:
        organisation_id = access.organisations_visible_to(user).values_list("pk", flat=True).first()
    if organisation_id is None:
        raise ApplicationError(_("Vi finner ikke hvilken virksomhet du hører til."))
    inquiry = Inquiry.objects.create(
        organisation_id=organisation_id,
        author=user,
        channel=Channel.WEB,
        caller=user,
        caller_name=str(user),
        caller_role=_caller_role_for(user),
        area=area,
        unit=unit,
        department=department,
        category=category,
        summary=summary.strip(),
        outcome=InquiryOutcome.PENDING,
        confidential=True,
    )
    health_guard_record_override(user=user, obj=inquiry, passed=guard)
    contact = selectors.main_contact_user_for_area(area.pk) if area is not None else None
    notify(
        recipients=[contact],
        subject=_("Ny fortrolig henvendelse til BHT"),
        body=_("En ansatt har bedt om råd. Logg inn for å lese henvendelsen:\n%(url)s")
        % {"url": absolute_url(reverse("orders:inquiry-detail", kwargs={"pk": inquiry.pk}))},
    )
    return inquiry


def _lock_inquiry(user: User, inquiry: Inquiry) -> Inquiry:
    if not selectors.inquiries_visible_to(user).filter(pk=inquiry.pk).exists():
        raise PermissionDenied(_("Henvendelsen er utenfor det du har tilgang til."))
    if not rules.is_bht_professional(user):
        raise PermissionDenied(_("Bare rådgivere i BHT kan svare på henvendelser."))
    return (
        Inquiry.objects.select_for_update(of=("self",))
        .select_related("department__unit__area")
        .get(pk=inquiry.pk)
    )


@history_by_user
@transaction.atomic
def inquiry_respond(*, inquiry: Inquiry, user: User, advice_given: str) -> Inquiry:
    """The BHT answers a request for advice (outcome: advice only)."""
    inquiry = _lock_inquiry(user, inquiry)
    if inquiry.outcome != InquiryOutcome.PENDING:
        raise ApplicationError(_("Henvendelsen er allerede besvart."))
    if not advice_given.strip():
        raise ApplicationError(_("Skriv hvilket råd som ble gitt."), field="advice_given")
    inquiry.advice_given = advice_given.strip()
    inquiry.outcome = InquiryOutcome.ADVICE_ONLY
    # A reopened inquiry (a reply by e-mail) keeps its first response time.
    inquiry.responded_at = inquiry.responded_at or timezone.now()
    inquiry.received_by = inquiry.received_by or user
    inquiry.save(
        update_fields=["advice_given", "outcome", "responded_at", "received_by", "updated_at"]
    )
    inbound.answer_by_email(inquiry, text=inquiry.advice_given)
    return inquiry


@history_by_user
@transaction.atomic
def inquiry_escalate(
    *,
    inquiry: Inquiry,
    user: User,
    advice_given: str = "",
    service: Service | None = None,
    title: str = "",
    consent: bool = False,
) -> Order:
    """The BHT decides the leader should be involved: a draft order for the
    department's leader (see _draft_from_inquiry), who completes it. `consent`
    records that the employee agreed; a confidential inquiry needs it."""
    inquiry = _lock_inquiry(user, inquiry)
    if hasattr(inquiry, "order") and Order.objects.filter(inquiry=inquiry).exists():
        raise ApplicationError(_("Henvendelsen er allerede sendt videre som bestilling."))
    if inquiry.department is None:
        raise ApplicationError(
            _("Henvendelsen har ingen avdeling, så vi vet ikke hvilken leder som skal få den."),
            field="department",
        )
    if consent:
        _record_consent(inquiry, user=user)
    _check_consent(inquiry)
    now = timezone.now()
    inquiry.outcome = InquiryOutcome.ORDER_REQUESTED
    inquiry.responded_at = inquiry.responded_at or now
    inquiry.escalated_at = now
    inquiry.received_by = inquiry.received_by or user
    if advice_given.strip():
        inquiry.advice_given = advice_given.strip()
    inquiry.save(
        update_fields=[
            "outcome",
            "responded_at",
            "escalated_at",
            "received_by",
            "advice_given",
            "consent_recorded_at",
            "consent_recorded_by",
            "updated_at",
        ]
    )
    return _draft_from_inquiry(inquiry, user=user, service=service, title=title)


def service_or_none(pk: int | None) -> Service | None:
    return Service.objects.filter(pk=pk).first() if pk else None
