"""The plan board: each area's plan for the period, and what waits for whom."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from actionplans.models import (
    OPEN_STATUSES,
    ActionPlan,
    ItemProposal,
    PlanStatus,
    ProposalStatus,
)
from core import access
from core.models import Role, RoleAssignment, ServiceArea, User

from .scope import NEXT_PLAN_DUE, period_start


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
