"""Which plans, items and proposals a user sees; plan periods."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from actionplans.models import (
    ActionPlan,
    ItemProposal,
    ItemStatus,
    PlanItem,
    PlanStatus,
)
from core import access
from core.models import Role, User

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
