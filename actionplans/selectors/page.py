"""One plan's page: its items with hours used, its history and the difference from the
previous version."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from actionplans import rules
from actionplans.models import (
    ActionPlan,
    ItemStatusEntry,
    PlanApproval,
    PlanFeedback,
    PlanItem,
    PlanStatus,
    StatusReview,
)
from core.history import HistoryRow, history_rows
from core.models import User

from .hours import hours_used, percent_of


@dataclass
class ItemRow:
    item: PlanItem
    hours_used: Decimal
    feedback: list[PlanFeedback]

    @property
    def percent_used(self) -> int:
        return percent_of(self.hours_used, self.item.budget_hours)


@dataclass
class DiffRow:
    old: PlanItem | None
    new: PlanItem | None
    changes: list[str]

    @property
    def kind(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.changes else "same"


@dataclass
class ReviewTrend:
    review: StatusReview
    counts: dict[str, int]


def plan_history(plan: ActionPlan) -> list[HistoryRow]:
    """The audit history of a plan and of its items (removed items included), newest
    first. Anyone who may read the plan may read it: a plan holds no case content."""
    plan_rows = history_rows(
        list(plan.history.select_related("history_user")),
        model=ActionPlan,
        subject=lambda record: _("Planen"),
    )
    item_rows = history_rows(
        list(PlanItem.history.filter(plan_id=plan.pk).select_related("history_user")),
        model=PlanItem,
        hidden=("plan",),
        subject=lambda record: record.title,
    )
    return sorted(plan_rows + item_rows, key=lambda row: row.at, reverse=True)


def plan_item_history(item: PlanItem) -> list[HistoryRow]:
    return history_rows(
        list(item.history.select_related("history_user")),
        model=PlanItem,
        hidden=("plan",),
    )


@dataclass
class PlanPage:
    plan: ActionPlan
    items: list[ItemRow]
    plan_feedback: list[PlanFeedback]
    approvals: list[PlanApproval]
    history: list[HistoryRow]
    latest_review: StatusReview | None
    latest_entries: list[ItemStatusEntry]
    trend: list[ReviewTrend]
    diff: list[DiffRow]
    versions: list[ActionPlan]
    actions: set[str]
    items_budget: Decimal
    hours_used: Decimal
    previous_period: ActionPlan | None

    @property
    def percent_used(self) -> int:
        return percent_of(self.hours_used, self.plan.budget_hours)


DIFF_FIELDS = ("title", "service_id", "budget_hours", "unit_id", "priority", "advisor_id", "status")


def _diff(old_items: list[PlanItem], new_items: list[PlanItem]) -> list[DiffRow]:
    by_origin = {item.origin_id: item for item in new_items if item.origin_id}
    rows: list[DiffRow] = []
    for old in old_items:
        new = by_origin.pop(old.pk, None)
        changes = (
            [
                name.removesuffix("_id")
                for name in DIFF_FIELDS
                if getattr(old, name) != getattr(new, name)
            ]
            if new is not None
            else []
        )
        rows.append(DiffRow(old, new, changes))
    for new in new_items:
        if not new.origin_id or new.origin_id not in {o.pk for o in old_items}:
            rows.append(DiffRow(None, new, []))
    return rows


def _items_qs() -> QuerySet[PlanItem]:
    return PlanItem.objects.select_related(
        "service", "unit", "department", "advisor__user"
    ).order_by("priority", "title", "pk")


def _reviews(plan: ActionPlan) -> list[StatusReview]:
    """The plan's status reviews, oldest first, with their entries."""
    return list(
        StatusReview.objects.filter(plan=plan)
        .select_related("by")
        .prefetch_related(
            Prefetch("entries", queryset=ItemStatusEntry.objects.select_related("item"))
        )
        .order_by("held_at", "pk")
    )


def _previous_period(plan: ActionPlan) -> ActionPlan | None:
    """The approved plan of the period before, for comparison."""
    return (
        ActionPlan.objects.filter(
            area_id=plan.area_id,
            start_year=plan.start_year - 2,
            status__in=[PlanStatus.APPROVED, PlanStatus.CLOSED],
            superseded_at__isnull=True,
        )
        .order_by("-version")
        .first()
    )


def plan_page(*, user: User, plan: ActionPlan) -> PlanPage:
    """Everything the plan page shows, in a fixed number of queries."""
    items = list(_items_qs().filter(plan=plan))
    feedback = list(
        PlanFeedback.objects.filter(plan=plan).select_related("author").order_by("created_at")
    )
    item_feedback: dict[int, list[PlanFeedback]] = {}
    for row in feedback:
        if row.item_id:
            item_feedback.setdefault(row.item_id, []).append(row)
    used = hours_used([item.pk for item in items])
    rows = [
        ItemRow(item, used.get(item.pk, Decimal(0)), item_feedback.get(item.pk, []))
        for item in items
    ]
    approvals = list(plan.approvals.select_related("by").order_by("at", "pk"))
    reviews = _reviews(plan)
    trend = [
        ReviewTrend(review, dict(Counter(entry.status for entry in review.entries.all())))
        for review in reviews
    ]
    latest = reviews[-1] if reviews else None
    diff: list[DiffRow] = []
    if plan.previous_id:
        old_items = list(_items_qs().filter(plan_id=plan.previous_id))
        diff = _diff(old_items, items)
    versions = list(
        ActionPlan.objects.filter(area_id=plan.area_id, start_year=plan.start_year).order_by(
            "version"
        )
    )
    return PlanPage(
        plan=plan,
        items=rows,
        plan_feedback=[row for row in feedback if row.item_id is None],
        approvals=approvals,
        history=plan_history(plan),
        latest_review=latest,
        latest_entries=list(latest.entries.all()) if latest else [],
        trend=trend,
        diff=diff,
        versions=versions,
        actions=rules.allowed_actions(user, plan),
        items_budget=sum((item.budget_hours for item in items), Decimal(0)),
        hours_used=sum(used.values(), Decimal(0)),
        previous_period=_previous_period(plan),
    )
