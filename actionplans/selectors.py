"""Reads of the action plans app: scoped querysets, the board, the plan page.

Plans follow **structure** visibility (core.access): everyone who may see an area
may read its plan — the plan is the area's public agreement with the BHT, and
safety representatives and AMU must be able to read it. Who may *act* on a plan
is decided in actionplans.rules.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import rules
from actionplans.models import (
    OPEN_STATUSES,
    ActionPlan,
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
from core import access
from core.history import HistoryRow, history_rows
from core.models import Role, RoleAssignment, ServiceArea, User

# Two-year periods start in odd years (2023–2024, 2025–2026, 2027–2028 ...), as
# in the municipality's own cycle.
PERIOD_PARITY = 1
# The plan for the coming period should be approved by this day of the last year
# of the current period; after it, a missing plan is shown as overdue.
NEXT_PLAN_DUE = (10, 1)


def period_start(year: int) -> int:
    return year if year % 2 == PERIOD_PARITY else year - 1


def plans_visible_to(user: User) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(area__in=access.areas_visible_to(user)).select_related(
        "area__organisation"
    )


def plan_items_visible_to(user: User) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(plan__area__in=access.areas_visible_to(user)).select_related(
        "plan", "service", "unit", "department", "advisor__user"
    )


def approved_plan_items_for_area(
    *, area_id: int, on: datetime.date | None = None
) -> QuerySet[PlanItem]:
    """Items (not cancelled) of the area's approved plan whose period covers the
    year of `on` (default today). Used by orders to link an order to a plan item."""
    year = (on or timezone.localdate()).year
    return (
        PlanItem.objects.filter(
            plan__area_id=area_id,
            plan__status=PlanStatus.APPROVED,
            plan__start_year__lte=year,
            plan__end_year__gte=year,
        )
        .exclude(status=ItemStatus.CANCELLED)
        .select_related("plan")
        .order_by("priority", "title", "pk")
    )


# Hours live in time tracking, a higher app: it registers its selector
# (timetracking.selectors.plan_item_hours_used) here at start, in
# TimetrackingConfig.ready, so plan pages show hours used without importing it.
HoursUsedProvider = Callable[[list[int]], dict[int, Decimal]]
_hours_used_provider: HoursUsedProvider | None = None


def register_hours_used_provider(provider: HoursUsedProvider | None) -> None:
    global _hours_used_provider
    _hours_used_provider = provider


def hours_used(item_ids: Iterable[int]) -> dict[int, Decimal]:
    """Hours used per plan item, from time tracking's selector; 0 for each item when
    time tracking is not installed."""
    ids = list(item_ids)
    if _hours_used_provider is None:
        return dict.fromkeys(ids, Decimal(0))
    return _hours_used_provider(ids)


def hours_used_by_plan(plan_ids: Iterable[int]) -> dict[int, Decimal]:
    """Hours used per plan: the sum over its own items (as on the plan page)."""
    ids = list(plan_ids)
    item_plans = dict(PlanItem.objects.filter(plan_id__in=ids).values_list("pk", "plan_id"))
    used = dict.fromkeys(ids, Decimal(0))
    for item_id, hours in hours_used(item_plans).items():
        used[item_plans[item_id]] += hours
    return used


def percent_of(used: Decimal, budget: Decimal | None) -> int:
    """Budget use in whole percent, rounded down; 0 without a budget."""
    return int(used * 100 / budget) if budget else 0


# --- the board ---------------------------------------------------------------


@dataclass
class BoardRow:
    area: ServiceArea
    current: ActionPlan | None
    current_working: ActionPlan | None
    next: ActionPlan | None
    next_state: str  # "ok", "in_progress", "due", "overdue", "not_yet"

    @property
    def current_missing(self) -> bool:
        return self.current is None and self.current_working is None


@dataclass
class Board:
    """The board of a selection of areas. `counts`, `current_missing_count` and
    `area_count` cover the whole selection; `rows` only the areas shown (one
    page of them when the board is paged)."""

    current_start: int
    next_start: int
    rows: list[BoardRow] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    current_missing_count: int = 0
    area_count: int = 0
    page: Page[int] | None = None


class _PlanStub(NamedTuple):
    """What the board's rules need of a plan: one light row per plan."""

    pk: int
    area_id: int
    start_year: int
    status: str


def _classify(
    now_plans: list[_PlanStub], next_plans: list[_PlanStub], day: datetime.date, next_start: int
) -> tuple[_PlanStub | None, _PlanStub | None, _PlanStub | None, str]:
    """An area's approved (else closed) and open plan of the current period, its
    newest plan of the coming period, and how far that one has come."""
    approved = next((p for p in now_plans if p.status == PlanStatus.APPROVED), None)
    working = next((p for p in now_plans if p.status in OPEN_STATUSES), None)
    if approved is None:
        approved = next((p for p in now_plans if p.status == PlanStatus.CLOSED), None)
    next_plan = next_plans[0] if next_plans else None
    if next_plan is not None and next_plan.status in (PlanStatus.APPROVED, PlanStatus.CLOSED):
        state = "ok"
    elif day >= datetime.date(next_start - 1, *NEXT_PLAN_DUE):
        state = "overdue"
    elif next_plan is not None:
        state = "in_progress"
    elif day.year == next_start - 1:
        state = "due"
    else:
        state = "not_yet"
    return approved, working, next_plan, state


BOARD_PAGE_SIZE = 25  # as the order lists


def plan_board(
    user: User,
    *,
    today: datetime.date | None = None,
    organisation_id: int | None = None,
    page: str | int | None = None,
) -> Board:
    """Every visible area (of one organisation, if given) with its plan for the
    current and the coming period, BOARD_PAGE_SIZE areas per page."""
    areas = access.areas_visible_to(user)
    if organisation_id is not None:
        areas = areas.filter(organisation_id=organisation_id)
    return board_for_areas(areas, today=today, page=page)


def board_for_areas(
    areas_qs: QuerySet[ServiceArea],
    *,
    today: datetime.date | None = None,
    page: str | int | None = None,
) -> Board:
    """The board of the given areas (the plan board, and the weekly reminders:
    those without `page` get every row).

    The states of all areas come from light rows (ids and statuses), so that the
    counts cover a BHT's 2 000 areas; only the rows shown load as objects. Four
    queries, whatever the number of areas."""
    day = today or timezone.localdate()
    current_start = period_start(day.year)
    next_start = current_start + 2
    area_ids = list(
        areas_qs.order_by("organisation__name", "name", "pk").values_list("pk", flat=True)
    )
    by_area: dict[int, dict[int, list[_PlanStub]]] = {}
    for stub in (
        ActionPlan.objects.filter(area__in=areas_qs, start_year__in=[current_start, next_start])
        .order_by("area_id", "start_year", "-version")
        .values_list("pk", "area_id", "start_year", "status")
    ):
        plan = _PlanStub._make(stub)
        by_area.setdefault(plan.area_id, {}).setdefault(plan.start_year, []).append(plan)
    board = Board(current_start=current_start, next_start=next_start, area_count=len(area_ids))
    classified = {}
    for area_id in area_ids:
        periods = by_area.get(area_id, {})
        approved, working, next_plan, state = classified[area_id] = _classify(
            periods.get(current_start, []), periods.get(next_start, []), day, next_start
        )
        board.counts[state] += 1
        board.current_missing_count += approved is None and working is None
    shown = area_ids
    if page is not None:
        board.page = Paginator(area_ids, BOARD_PAGE_SIZE).get_page(page)
        shown = list(board.page.object_list)
    areas = ServiceArea.objects.select_related("organisation", "director").in_bulk(shown)
    plan_ids = {p.pk for area_id in shown for p in classified[area_id][:3] if p is not None}
    plans = ActionPlan.objects.in_bulk(plan_ids) if plan_ids else {}

    def plan_of(stub: _PlanStub | None) -> ActionPlan | None:
        return None if stub is None else plans[stub.pk]

    for area_id in shown:
        approved, working, next_plan, state = classified[area_id]
        board.rows.append(
            BoardRow(areas[area_id], plan_of(approved), plan_of(working), plan_of(next_plan), state)
        )
    return board


# --- the plan page -------------------------------------------------------------


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
    reviews = list(
        StatusReview.objects.filter(plan=plan)
        .select_related("by")
        .prefetch_related(
            Prefetch("entries", queryset=ItemStatusEntry.objects.select_related("item"))
        )
        .order_by("held_at", "pk")
    )
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
    previous_period = (
        ActionPlan.objects.filter(
            area_id=plan.area_id,
            start_year=plan.start_year - 2,
            status__in=[PlanStatus.APPROVED, PlanStatus.CLOSED],
            superseded_at__isnull=True,
        )
        .order_by("-version")
        .first()
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
        previous_period=previous_period,
    )


# --- proposals -----------------------------------------------------------------


def proposals_visible_to(user: User) -> QuerySet[ItemProposal]:
    """A director sees the wishes of their areas; BHT staff of the areas they serve;
    everyone sees their own."""
    qs = ItemProposal.objects.select_related(
        "area", "unit", "department", "service", "proposer", "resulting_item__plan"
    )
    scope = access.scope_for(user)
    if scope.everything:
        return qs
    mine = Q(proposer=user)
    directed = (
        Q(area_id__in=scope.oversight.areas) if scope.has_role(Role.AREA_DIRECTOR) else Q(pk__in=[])
    )
    bht = (
        Q(area__organisation_id__in=scope.oversight.organisations) if scope.is_bht else Q(pk__in=[])
    )
    return qs.filter(mine | directed | bht)


def draft_plans_for_director(user: User) -> QuerySet[ActionPlan]:
    return plans_visible_to(user).filter(
        status=PlanStatus.DRAFT, area_id__in=access.scope_for(user).oversight.areas
    )


def typical_hours_for_services(service_ids: list[int]) -> dict[int, Decimal]:
    """What similar items got in earlier plans: the average budget per service."""
    rows = (
        PlanItem.objects.filter(service_id__in=service_ids)
        .exclude(plan__status=PlanStatus.DRAFT)
        .values("service_id")
        .annotate(total=Sum("budget_hours"), n=Count("pk"))
    )
    return {
        row["service_id"]: (row["total"] / row["n"]).quantize(Decimal("0.1"))
        for row in rows
        if row["n"]
    }


# --- "Venter på deg" (bht/waiting.py) ---------------------------------------------------


def plans_waiting_counts(user: User) -> dict[str, int]:
    """Plans that wait for this user, in one query (two for AMU members):
    `to_sign` — a director's plans in consultation (register MBM, then sign);
    `to_feedback` — plans waiting for the BHT's professional feedback (BHT advisors
    and the manager); `to_treat` — plans for the user's AMU: signed plans for the
    hoved-AMU of an organisation, plans in consultation for an area's AMU."""
    scope = access.scope_for(user)
    director_areas = scope.oversight.areas if scope.has_role(Role.AREA_DIRECTOR) else frozenset()
    bht = scope.has_role(Role.BHT_ADVISOR, Role.BHT_MANAGER)
    amu_organisations: set[int] = set()
    amu_areas: set[int] = set()
    if scope.has_role(Role.AMU_MEMBER):
        for organisation_id, area_id in (
            RoleAssignment.objects.filter(user=user, role=Role.AMU_MEMBER)
            .active()
            .values_list("organisation_id", "area_id")
        ):
            if area_id:
                amu_areas.add(area_id)
            elif organisation_id:
                amu_organisations.add(organisation_id)
    current = Q(superseded_at__isnull=True)
    to_treat = Q(status=PlanStatus.SIGNED, area__organisation_id__in=amu_organisations) | Q(
        status=PlanStatus.CONSULTATION, area_id__in=amu_areas
    )
    return ActionPlan.objects.filter(area__in=access.areas_visible_to(user)).aggregate(
        to_sign=Count(
            "pk", filter=current & Q(status=PlanStatus.CONSULTATION, area_id__in=director_areas)
        ),
        to_feedback=Count(
            "pk",
            filter=current & (Q(status=PlanStatus.BHT_REVIEW) if bht else Q(pk__in=[])),
        ),
        to_treat=Count("pk", filter=current & to_treat),
    )


def proposals_waiting_count(user: User) -> int:
    """Units' wishes for the next plan that the director has not decided yet."""
    scope = access.scope_for(user)
    if not scope.has_role(Role.AREA_DIRECTOR):
        return 0
    return ItemProposal.objects.filter(
        status=ProposalStatus.PROPOSED, area_id__in=scope.oversight.areas
    ).count()
