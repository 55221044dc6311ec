"""Units' proposals for a plan: proposed by a unit leader, accepted, merged or rejected by
the director."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import rules
from actionplans.models import (
    ActionPlan,
    ItemProposal,
    PlanItem,
    ProposalStatus,
)
from core.errors import ApplicationError
from core.history import history_by_user
from core.models import (
    Department,
    Service,
    ServiceArea,
    ServiceUnit,
    User,
)
from core.notifications import absolute_url, notify
from core.services import HealthGuardPass, health_guard_check, health_guard_record_override

from .common import _active_service, _check_target, _hours
from .items import plan_item_create


@history_by_user
@transaction.atomic
def proposal_create(
    *,
    user: User,
    unit: ServiceUnit,
    service: Service,
    title: str,
    start_year: int,
    reason: str = "",
    department: Department | None = None,
    rough_hours: Decimal | None = None,
    confirm_health_info: bool = False,
) -> ItemProposal:
    if not rules.may_propose_for(user, unit):
        raise PermissionDenied(_("Du kan bare foreslå tiltak for ditt eget tjenesteområde."))
    _active_service(service)
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Skriv hva dere ønsker."), field="title")
    guard = health_guard_check(
        user=user, texts={"title": title, "reason": reason}, confirmed=confirm_health_info
    )
    _check_target(unit.area_id, unit, department)
    hours = _hours(rough_hours, field="rough_hours", required=False)
    proposal = ItemProposal.objects.create(
        area_id=unit.area_id,
        start_year=start_year,
        proposer=user,
        unit=unit,
        department=department,
        service=service,
        title=title,
        reason=reason,
        rough_hours=hours,
    )
    health_guard_record_override(user=user, obj=proposal, passed=guard)
    area = ServiceArea.objects.select_related("director").get(pk=unit.area_id)
    notify(
        recipients=[area.director],
        subject=_("Nytt forslag til handlingsplanen"),
        body=_("%(who)s foreslår «%(title)s» for %(unit)s.\n%(url)s\n")
        % {
            "who": user,
            "title": title,
            "unit": unit,
            "url": absolute_url(reverse("actionplans:proposals")),
        },
    )
    return proposal


def _decide(proposal: ItemProposal, user: User) -> ItemProposal:
    proposal = ItemProposal.objects.select_for_update().get(pk=proposal.pk)
    if not rules.is_director_of(user, proposal.area_id):
        raise PermissionDenied(_("Bare kommunalsjefen for området avgjør forslag."))
    if proposal.status != ProposalStatus.PROPOSED:
        raise ApplicationError(_("Forslaget er allerede avgjort."))
    return proposal


def _close_proposal(
    proposal: ItemProposal, user: User, status: str, reply: str, item: PlanItem | None
) -> ItemProposal:
    proposal.status = status
    proposal.reply = reply
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.resulting_item = item
    proposal.save(
        update_fields=[
            "status",
            "reply",
            "decided_by",
            "decided_at",
            "resulting_item",
            "updated_at",
        ]
    )
    notify(
        recipients=[proposal.proposer],
        subject=_("Svar på forslaget ditt til handlingsplanen"),
        body=_("Forslaget «%(title)s»: %(status)s.\n%(reply)s\n")
        % {"title": proposal.title, "status": proposal.get_status_display(), "reply": reply},
    )
    return proposal


def _guard_reply(user: User, reply: str, confirmed: bool) -> HealthGuardPass:
    """The director's reply is free text from outside the BHT that the proposer reads:
    the health guard checks it (a fødselsnummer refused, other findings "Send likevel")."""
    return health_guard_check(user=user, texts={"reply": reply or ""}, confirmed=confirmed)


def _plan_for(proposal: ItemProposal, plan: ActionPlan) -> None:
    if plan.area_id != proposal.area_id:
        raise ApplicationError(_("Planen hører til et annet område."), field="plan")


@history_by_user
@transaction.atomic
def proposal_accept(
    *,
    proposal: ItemProposal,
    user: User,
    plan: ActionPlan,
    reply: str = "",
    budget_hours: Decimal | None = None,
    title: str | None = None,
    confirm_health_info: bool = False,
) -> PlanItem:
    """Take a wish into a draft plan as a new item (the director may adjust title and
    hours). The reply, like every reply to a proposal, passes the health guard."""
    proposal = _decide(proposal, user)
    _plan_for(proposal, plan)
    guard = _guard_reply(user, reply, confirm_health_info)
    hours = budget_hours or proposal.rough_hours or proposal.service.typical_hours or Decimal(1)
    # Typical hours may be quarter hours; plan budgets are whole or half hours.
    hours = (Decimal(hours) * 2).to_integral_value() / 2 or Decimal("0.5")
    item = plan_item_create(
        plan=plan,
        user=user,
        service=proposal.service,
        title=title or proposal.title,
        description=proposal.reason,
        unit=proposal.unit,
        department=proposal.department,
        budget_hours=hours,
        proposed_by=proposal.proposer,
    )
    _close_proposal(proposal, user, ProposalStatus.ACCEPTED, reply, item)
    health_guard_record_override(user=user, obj=proposal, passed=guard)
    return item


@history_by_user
@transaction.atomic
def proposal_merge(
    *,
    proposal: ItemProposal,
    user: User,
    item: PlanItem,
    reply: str = "",
    confirm_health_info: bool = False,
) -> ItemProposal:
    """The wish is covered by an existing item of a draft plan."""
    proposal = _decide(proposal, user)
    _plan_for(proposal, item.plan)
    rules.check_edit(user, item.plan)
    guard = _guard_reply(user, reply, confirm_health_info)
    proposal = _close_proposal(proposal, user, ProposalStatus.MERGED, reply, item)
    health_guard_record_override(user=user, obj=proposal, passed=guard)
    return proposal


@history_by_user
@transaction.atomic
def proposal_reject(
    *, proposal: ItemProposal, user: User, reply: str, confirm_health_info: bool = False
) -> ItemProposal:
    """The director declines a wish with a reason. The reason is free text from
    outside the BHT that the proposer reads: the health guard checks it as it
    checks the proposal (a fødselsnummer refused, other findings "Send likevel")."""
    proposal = _decide(proposal, user)
    reply = (reply or "").strip()
    if not reply:
        raise ApplicationError(_("Skriv en begrunnelse til den som foreslo."), field="reply")
    guard = _guard_reply(user, reply, confirm_health_info)
    proposal = _close_proposal(proposal, user, ProposalStatus.REJECTED, reply, None)
    health_guard_record_override(user=user, obj=proposal, passed=guard)
    return proposal
