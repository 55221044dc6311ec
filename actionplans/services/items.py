"""A plan's items (tiltak), and the status reviews of an approved plan."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import rules
from actionplans.models import (
    ActionPlan,
    ItemProposal,
    ItemStatus,
    ItemStatusEntry,
    PlanItem,
    ProposalStatus,
    StatusReview,
)
from core.concurrency import claim_version
from core.errors import ApplicationError
from core.history import history_by_user
from core.models import (
    Advisor,
    User,
)

from .common import _active_service, _check_target, _diff, _hours, _lock


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
