"""A plan's life: create, edit, submit, BHT feedback, consultation, signing, hoved-AMU's
approval, revision and closing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from actionplans import rules
from actionplans.models import (
    ActionPlan,
    ApprovalStage,
    PlanFeedback,
    PlanItem,
    PlanStatus,
)
from core import events
from core.concurrency import claim_version
from core.errors import ApplicationError
from core.history import history_by_user
from core.models import (
    ServiceArea,
    User,
)
from core.notifications import absolute_url
from core.uploads import validate_upload

from .common import (
    _check_area_director,
    _diff,
    _lock,
    _main_contact_user,
    _notify_plan,
    _record,
    _whole_or_half,
)


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
