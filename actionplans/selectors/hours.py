"""Hours used on plans and items: asked of the provider timetracking registers at start
(this app is below it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from actionplans.models import PlanItem

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
