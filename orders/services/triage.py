"""Triage: phone inquiries, advice requests, answers, and drafts made from an inquiry."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, confidentiality
from core.errors import ApplicationError
from core.history import history_by_user
from core.models import Department, InquiryCategory, Role, Service, User
from core.notifications import absolute_url, notify
from core.services import health_guard_check, health_guard_record_override
from orders import inbound, rules, selectors
from orders.models import (
    CallerRole,
    Channel,
    Inquiry,
    InquiryOutcome,
    Order,
)

from .drafts import order_create_draft


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


def _check_record(
    user: User,
    *,
    channel: str,
    outcome: str,
    caller_role: str,
    caller: User | None,
    caller_name: str,
    summary: str,
    department: Department | None,
) -> Department:
    """The checks of `inquiry_record`; returns the department (else the caller's)."""
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
    return department


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
    """Phone triage by the BHT. `order_requested` creates a draft for the department's
    leader (`service`, a short `title`) and e-mails them a link to complete it.
    `consent`: the employee agreed that the leader is involved (confidential drafts)."""
    department = _check_record(
        user,
        channel=channel,
        outcome=outcome,
        caller_role=caller_role,
        caller=caller,
        caller_name=caller_name,
        summary=summary,
        department=department,
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
