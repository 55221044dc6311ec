"""Writes of the action plans app: one function per step of the chain.

Every function runs in one transaction, checks role, scope and state through
actionplans.rules (PermissionDenied → 403, ApplicationError → 400), writes a
PlanApproval row as the audit trail and sends notifications on commit.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from actionplans import rules
from actionplans.models import (
    ActionPlan,
    ApprovalStage,
    ItemProposal,
    ItemStatus,
    ItemStatusEntry,
    PlanApproval,
    PlanFeedback,
    PlanItem,
    PlanStatus,
    ProposalStatus,
    StatusReview,
)
from core import access, events
from core.concurrency import claim_version
from core.errors import ApplicationError
from core.history import history_by_user
from core.models import (
    Advisor,
    Department,
    MainContact,
    Service,
    ServiceArea,
    ServiceUnit,
    User,
)
from core.notifications import absolute_url, notify
from core.services import health_guard_check, health_guard_record_override
from core.uploads import validate_upload

# --- helpers -----------------------------------------------------------------


def _hours(value: Decimal | None, *, field: str, required: bool = True) -> Decimal | None:
    if value is None:
        if required:
            raise ApplicationError(_("Oppgi antall timer."), field=field)
        return None
    return _whole_or_half(value, field=field)


def _whole_or_half(value: Decimal | None, *, field: str) -> Decimal:
    if value is None:
        raise ApplicationError(_("Oppgi antall timer."), field=field)
    value = Decimal(value)
    if value <= 0:
        raise ApplicationError(_("Timene må være flere enn null."), field=field)
    if (value * 2) % 1 != 0:
        raise ApplicationError(_("Oppgi hele eller halve timer."), field=field)
    return value


def _lock(plan: ActionPlan) -> ActionPlan:
    """Reload the plan under a row lock, so that two steps cannot race."""
    return (
        ActionPlan.objects.select_for_update().select_related("area__organisation").get(pk=plan.pk)
    )


def _record(plan: ActionPlan, stage: str, by: User, **values: Any) -> PlanApproval:
    return PlanApproval.objects.create(plan=plan, stage=stage, by=by, at=timezone.now(), **values)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _diff(obj: Any, values: dict[str, Any]) -> dict[str, list[str]]:
    """{field: [old, new]} for the values that differ from `obj`'s."""
    return {
        name: [_text(getattr(obj, name)), _text(value)]
        for name, value in values.items()
        if getattr(obj, name) != value
    }


def _plan_url(plan: ActionPlan) -> str:
    return absolute_url(reverse("actionplans:plan", args=[plan.pk]))


def _main_contact_user(area_id: int) -> User | None:
    contact = (
        MainContact.objects.current()
        .filter(area_id=area_id)
        .select_related("advisor__user")
        .first()
    )
    return contact.advisor.user if contact else None


def _notify_plan(plan: ActionPlan, recipients: list[User | None], subject: str) -> None:
    notify(
        recipients=recipients,
        subject=subject,
        body=_("%(subject)s\n\nHandlingsplan: %(plan)s\n%(url)s\n")
        % {"subject": subject, "plan": plan, "url": _plan_url(plan)},
    )


def _check_area_director(user: User, area: ServiceArea) -> None:
    if not rules.is_director_of(user, area.pk):
        raise PermissionDenied(_("Bare kommunalsjefen for området kan gjøre dette."))


def _active_service(service: Service) -> Service:
    if not service.is_active:
        raise ApplicationError(_("Tjenesten er ikke lenger i tilbudet."), field="service")
    return service


def _check_target(area_id: int, unit: ServiceUnit | None, department: Department | None) -> None:
    if unit is not None and unit.area_id != area_id:
        raise ApplicationError(_("Tjenesteområdet hører ikke til planens område."), field="unit")
    if department is not None:
        if unit is None:
            raise ApplicationError(_("Velg tjenesteområdet til avdelingen."), field="unit")
        if department.unit_id != unit.pk:
            raise ApplicationError(
                _("Avdelingen hører ikke til tjenesteområdet."), field="department"
            )


# --- plans -------------------------------------------------------------------


@history_by_user
@transaction.atomic
def plan_create(
    *,
    user: User,
    area: ServiceArea,
    start_year: int,
    budget_hours: Decimal,
    fixed_price_amount: Decimal | None = None,
) -> ActionPlan:
    """A new draft plan for an area and a two-year period starting `start_year`."""
    _check_area_director(user, area)
    hours = _whole_or_half(budget_hours, field="budget_hours")
    if fixed_price_amount is not None and fixed_price_amount < 0:
        raise ApplicationError(_("Beløpet kan ikke være negativt."), field="fixed_price_amount")
    if ActionPlan.objects.filter(area=area, start_year=start_year).exists():
        raise ApplicationError(
            _("Området har allerede en plan for %(start)s–%(end)s. Bruk «Revider» for å endre den.")
            % {"start": start_year, "end": start_year + 1},
            field="start_year",
        )
    return ActionPlan.objects.create(
        area=area,
        start_year=start_year,
        end_year=start_year + 1,
        budget_hours=hours,
        fixed_price_amount=fixed_price_amount,
        created_by=user,
    )


@history_by_user
@transaction.atomic
def plan_update(
    *,
    plan: ActionPlan,
    user: User,
    budget_hours: Decimal,
    fixed_price_amount: Decimal | None = None,
    lock_version: int | None = None,
) -> ActionPlan:
    """Change the budget. `lock_version` is the version the form was loaded with."""
    plan = _lock(plan)
    rules.check_edit(user, plan)
    claim_version(
        plan,
        lock_version,
        message=_(
            "Noen andre har endret handlingsplanen mens du redigerte. Last siden på nytt for "
            "å se endringene, og gjør dine endringer på nytt. Ingenting ble lagret."
        ),
    )
    hours = _whole_or_half(budget_hours, field="budget_hours")
    if fixed_price_amount is not None and fixed_price_amount < 0:
        raise ApplicationError(_("Beløpet kan ikke være negativt."), field="fixed_price_amount")
    values = {"budget_hours": hours, "fixed_price_amount": fixed_price_amount}
    changes = _diff(plan, values)
    if changes:
        plan.budget_hours = hours
        plan.fixed_price_amount = fixed_price_amount
        plan.save(update_fields=["budget_hours", "fixed_price_amount", "updated_at"])
    return plan


@history_by_user
@transaction.atomic
def plan_submit(*, plan: ActionPlan, user: User) -> ActionPlan:
    """Draft → til faglig vurdering: the director sends the draft to the BHT."""
    plan = _lock(plan)
    rules.check_submit(user, plan)
    if not plan.items.exists():
        raise ApplicationError(_("Legg inn minst ett tiltak før planen sendes til BHT."))
    plan.status = PlanStatus.BHT_REVIEW
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    _record(plan, ApprovalStage.SUBMITTED, user)
    _notify_plan(plan, [_main_contact_user(plan.area_id)], _("Handlingsplan til faglig vurdering"))
    return plan


@history_by_user
@transaction.atomic
def plan_feedback_give(
    *,
    plan: ActionPlan,
    user: User,
    text: str,
    item_texts: dict[int, str] | None = None,
    complete: bool = True,
) -> ActionPlan:
    """The BHT's professional feedback on the whole plan and per item.

    With `complete` the plan goes back to the director (til behandling). Feedback
    is recorded as given; no function changes or removes it.
    """
    plan = _lock(plan)
    rules.check_feedback(user, plan)
    text = (text or "").strip()
    item_texts = {k: v.strip() for k, v in (item_texts or {}).items() if v and v.strip()}
    if not text and not item_texts and not plan.feedback.exists():
        raise ApplicationError(_("Skriv en faglig tilbakemelding."), field="text")
    items = {item.pk: item for item in plan.items.filter(pk__in=list(item_texts))}
    unknown = set(item_texts) - set(items)
    if unknown:
        raise ApplicationError(_("Tiltaket finnes ikke i denne planen."), field="items")
    if text:
        PlanFeedback.objects.create(plan=plan, author=user, text=text)
    PlanFeedback.objects.bulk_create(
        [
            PlanFeedback(plan=plan, item=items[pk], author=user, text=t)
            for pk, t in item_texts.items()
        ]
    )
    if complete:
        plan = plan_feedback_return(plan=plan, user=user)
    return plan


@history_by_user
@transaction.atomic
def plan_feedback_return(*, plan: ActionPlan, user: User) -> ActionPlan:
    """Til faglig vurdering → til behandling: the BHT hands the plan back."""
    plan = _lock(plan)
    rules.check_feedback(user, plan)
    if not plan.feedback.exists():
        raise ApplicationError(_("Skriv en faglig tilbakemelding."), field="text")
    plan.status = PlanStatus.CONSULTATION
    plan.feedback_at = timezone.now()
    plan.save(update_fields=["status", "feedback_at", "updated_at"])
    _record(plan, ApprovalStage.FEEDBACK, user)
    _notify_plan(plan, [plan.area.director], _("Faglig tilbakemelding på handlingsplanen"))
    return plan


def _meeting(meeting_date: datetime.date | None, case_number: str) -> tuple[datetime.date, str]:
    if meeting_date is None:
        raise ApplicationError(_("Oppgi møtedato."), field="meeting_date")
    if meeting_date > timezone.localdate():
        raise ApplicationError(_("Møtedatoen kan ikke være fram i tid."), field="meeting_date")
    case_number = (case_number or "").strip()
    if not case_number:
        raise ApplicationError(_("Oppgi saksnummer."), field="case_number")
    return meeting_date, case_number


@history_by_user
@transaction.atomic
def plan_consult(
    *,
    plan: ActionPlan,
    user: User,
    meeting_date: datetime.date | None,
    case_number: str,
    minutes: str = "",
    minutes_file: UploadedFile | None = None,
) -> ActionPlan:
    """Record the treatment in område-AMU / MBM (the plan stays til behandling)."""
    plan = _lock(plan)
    rules.check_consult(user, plan)
    day, number = _meeting(meeting_date, case_number)
    values: dict[str, Any] = {"meeting_date": day, "case_number": number, "minutes": minutes}
    if minutes_file is not None:
        validate_upload(minutes_file, field="minutes_file")
        values["minutes_file"] = minutes_file
    _record(plan, ApprovalStage.CONSULTATION, user, **values)
    plan.consulted_at = timezone.now()
    plan.save(update_fields=["consulted_at", "updated_at"])
    return plan


@history_by_user
@transaction.atomic
def plan_sign(*, plan: ActionPlan, user: User) -> ActionPlan:
    plan = _lock(plan)
    rules.check_sign(user, plan)
    plan.status = PlanStatus.SIGNED
    plan.signed_at = timezone.now()
    plan.save(update_fields=["status", "signed_at", "updated_at"])
    _record(plan, ApprovalStage.SIGNED, user)
    _notify_plan(plan, [_main_contact_user(plan.area_id)], _("Handlingsplanen er signert"))
    return plan


@history_by_user
@transaction.atomic
def plan_approve(
    *,
    plan: ActionPlan,
    user: User,
    meeting_date: datetime.date | None,
    case_number: str,
    minutes: str = "",
) -> ActionPlan:
    """Signed → approved by hoved-AMU. An approved revision supersedes the old version."""
    plan = _lock(plan)
    rules.check_approve(user, plan)
    day, number = _meeting(meeting_date, case_number)
    now = timezone.now()
    if plan.previous_id is not None:
        old = ActionPlan.objects.select_for_update().get(pk=plan.previous_id)
        if old.status == PlanStatus.APPROVED:
            # Close first: only one approved plan per area and period may exist.
            old.status = PlanStatus.CLOSED
            old.closed_at = now
            old.superseded_at = now
            old.save(update_fields=["status", "closed_at", "superseded_at", "updated_at"])
            _record(
                old,
                ApprovalStage.CLOSED,
                user,
                minutes=_("Erstattet av versjon %(v)s.") % {"v": plan.version},
            )
    plan.status = PlanStatus.APPROVED
    plan.approved_at = now
    plan.save(update_fields=["status", "approved_at", "updated_at"])
    _record(
        plan, ApprovalStage.APPROVED, user, meeting_date=day, case_number=number, minutes=minutes
    )
    _notify_plan(
        plan,
        [plan.area.director, _main_contact_user(plan.area_id)],
        _("Handlingsplanen er godkjent i AMU"),
    )
    api_path = reverse("action-plan-detail", kwargs={"pk": plan.pk})
    events.publish("plan.approved", "plan", plan.pk, absolute_url(api_path))
    return plan


@history_by_user
@transaction.atomic
def plan_revise(*, plan: ActionPlan, user: User) -> ActionPlan:
    """Start a revision: a new draft version of the same chain, with every item
    carried over and linked to the item it came from (its hours stay on the origin)."""
    plan = _lock(plan)
    rules.check_revise(user, plan)
    latest = ActionPlan.objects.filter(area=plan.area, start_year=plan.start_year).order_by(
        "-version"
    )[0]
    revision = ActionPlan.objects.create(
        area=plan.area,
        start_year=plan.start_year,
        end_year=plan.end_year,
        version=latest.version + 1,
        budget_hours=plan.budget_hours,
        fixed_price_amount=plan.fixed_price_amount,
        previous=plan,
        created_by=user,
    )
    # bulk_create alone would leave the copied items without a history row.
    bulk_create_with_history(
        [
            PlanItem(
                plan=revision,
                service_id=item.service_id,
                title=item.title,
                description=item.description,
                unit_id=item.unit_id,
                department_id=item.department_id,
                budget_hours=item.budget_hours,
                planned_start=item.planned_start,
                planned_end=item.planned_end,
                priority=item.priority,
                advisor_id=item.advisor_id,
                status=item.status,
                proposed_by_id=item.proposed_by_id,
                origin=item,
            )
            for item in plan.items.all()
        ],
        PlanItem,
        default_user=user,
    )
    _record(
        plan,
        ApprovalStage.REVISED,
        user,
        minutes=_("Versjon %(v)s startet.") % {"v": revision.version},
    )
    return revision


@history_by_user
@transaction.atomic
def plan_close(*, plan: ActionPlan, user: User) -> ActionPlan:
    plan = _lock(plan)
    rules.check_close(user, plan)
    plan.status = PlanStatus.CLOSED
    plan.closed_at = timezone.now()
    plan.save(update_fields=["status", "closed_at", "updated_at"])
    _record(plan, ApprovalStage.CLOSED, user)
    return plan


# --- items -------------------------------------------------------------------


def _item_conflict_message() -> str:
    return _(
        "Noen andre har endret tiltaket mens du redigerte. Last siden på nytt for å se "
        "endringene, og gjør dine endringer på nytt. Ingenting ble lagret."
    )


def _item_values(plan: ActionPlan, values: dict[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if "service" in clean:
        _active_service(clean["service"])
    if "budget_hours" in clean:
        clean["budget_hours"] = _hours(clean["budget_hours"], field="budget_hours")
    if "title" in clean:
        clean["title"] = (clean["title"] or "").strip()
        if not clean["title"]:
            raise ApplicationError(_("Gi tiltaket en tittel."), field="title")
    advisor: Advisor | None = clean.get("advisor")
    if advisor is not None and not advisor.is_active:
        raise ApplicationError(_("Rådgiveren er ikke aktiv."), field="advisor")
    start, end = clean.get("planned_start"), clean.get("planned_end")
    if start and end and end < start:
        raise ApplicationError(_("Slutt kan ikke være før start."), field="planned_end")
    for day, name in ((start, "planned_start"), (end, "planned_end")):
        if day and not plan.start_year <= day.year <= plan.end_year:
            raise ApplicationError(_("Datoen må ligge i planperioden."), field=name)
    return clean


ITEM_FIELDS = (
    "service",
    "title",
    "description",
    "unit",
    "department",
    "budget_hours",
    "planned_start",
    "planned_end",
    "priority",
    "advisor",
)


@history_by_user
@transaction.atomic
def plan_item_create(*, plan: ActionPlan, user: User, **values: Any) -> PlanItem:
    plan = _lock(plan)
    rules.check_edit(user, plan)
    unknown = set(values) - set(ITEM_FIELDS) - {"proposed_by"}
    if unknown:
        raise ApplicationError(_("Ukjente felt: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for required in ("service", "title", "budget_hours"):
        if values.get(required) in (None, ""):
            raise ApplicationError(_("Feltet må fylles ut."), field=required)
    clean = _item_values(plan, values)
    _check_target(plan.area_id, clean.get("unit"), clean.get("department"))
    item = PlanItem.objects.create(plan=plan, **clean)
    return item


@history_by_user
@transaction.atomic
def plan_item_update(
    *, item: PlanItem, user: User, lock_version: int | None = None, **values: Any
) -> PlanItem:
    """Change an item. `lock_version` is the item's version when the form was loaded."""
    plan = _lock(item.plan)
    rules.check_edit(user, plan)
    item = PlanItem.objects.select_related("plan").get(pk=item.pk)
    claim_version(item, lock_version, message=_item_conflict_message())
    unknown = set(values) - set(ITEM_FIELDS)
    if unknown:
        raise ApplicationError(_("Ukjente felt: %(f)s") % {"f": ", ".join(sorted(unknown))})
    clean = _item_values(plan, values)
    changes = _diff(item, clean)
    for name, value in clean.items():
        setattr(item, name, value)
    _check_target(plan.area_id, item.unit, item.department)
    if changes:
        item.save(update_fields=[*clean, "updated_at"])
    return item


@history_by_user
@transaction.atomic
def plan_item_delete(*, item: PlanItem, user: User, lock_version: int | None = None) -> None:
    plan = _lock(item.plan)
    rules.check_edit(user, plan)
    # Removing an item someone changed after the form was loaded is refused too.
    claim_version(item, lock_version, message=_item_conflict_message())
    ItemProposal.objects.filter(resulting_item=item).update(
        status=ProposalStatus.PROPOSED, resulting_item=None
    )
    try:
        item.delete()
    except ProtectedError as error:
        # Orders (or hours) already point at the item.
        raise ApplicationError(_("Tiltaket er i bruk og kan ikke fjernes.")) from error


# --- proposals ---------------------------------------------------------------


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
) -> PlanItem:
    """Take a wish into a draft plan as a new item (the director may adjust title and hours)."""
    proposal = _decide(proposal, user)
    _plan_for(proposal, plan)
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
    return item


@history_by_user
@transaction.atomic
def proposal_merge(
    *, proposal: ItemProposal, user: User, item: PlanItem, reply: str = ""
) -> ItemProposal:
    """The wish is covered by an existing item of a draft plan."""
    proposal = _decide(proposal, user)
    _plan_for(proposal, item.plan)
    rules.check_edit(user, item.plan)
    return _close_proposal(proposal, user, ProposalStatus.MERGED, reply, item)


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
    guard = health_guard_check(user=user, texts={"reply": reply}, confirmed=confirm_health_info)
    proposal = _close_proposal(proposal, user, ProposalStatus.REJECTED, reply, None)
    health_guard_record_override(user=user, obj=proposal, passed=guard)
    return proposal


# --- status reviews ------------------------------------------------------------


@history_by_user
@transaction.atomic
def status_review_record(
    *,
    plan: ActionPlan,
    user: User,
    held_at: datetime.date | None = None,
    summary: str = "",
    entries: dict[int, tuple[str, str]],
) -> StatusReview:
    """A dated status review: per item a status and a comment. The items' current
    status follows the review (progress, not content, so allowed in an approved plan)."""
    plan = _lock(plan)
    rules.check_status_review(user, plan)
    day = held_at or timezone.localdate()
    if day > timezone.localdate():
        raise ApplicationError(_("Datoen kan ikke være fram i tid."), field="held_at")
    items = {item.pk: item for item in plan.items.all()}
    if set(entries) - set(items):
        raise ApplicationError(_("Tiltaket finnes ikke i denne planen."), field="entries")
    if not entries:
        raise ApplicationError(_("Gi status for minst ett tiltak."), field="entries")
    for status, _comment in entries.values():
        if status not in ItemStatus.values:
            raise ApplicationError(_("Ukjent status: %(s)s") % {"s": status}, field="entries")
    review = StatusReview.objects.create(plan=plan, held_at=day, by=user, summary=summary)
    ItemStatusEntry.objects.bulk_create(
        [
            ItemStatusEntry(review=review, item=items[pk], status=status, comment=comment)
            for pk, (status, comment) in entries.items()
        ]
    )
    for pk, (status, _comment) in entries.items():
        if items[pk].status != status:
            items[pk].status = status
            items[pk].save(update_fields=["status", "updated_at"])
    return review


def scoped_area_or_none(user: User, area_id: int) -> ServiceArea | None:
    return access.areas_visible_to(user).filter(pk=area_id).first()
