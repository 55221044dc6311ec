"""Invariants the database enforces on its own, whatever code writes."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from actionplans.models import ActionPlan, PlanApproval, PlanItem
from actionplans.tests.factories import draft, helse, item_of

pytestmark = pytest.mark.usefixtures("demo_data")


def plan(**values) -> ActionPlan:
    fields = {"area": helse(), "start_year": 2031, "end_year": 2032, "budget_hours": Decimal(10)}
    fields.update(values)
    return ActionPlan.objects.create(**fields)


@pytest.mark.parametrize(
    "values",
    [
        {"end_year": 2033},
        {"budget_hours": Decimal(0)},
        {"budget_hours": Decimal("-5")},
        {"budget_hours": Decimal("2.3")},
        {"status": "unknown"},
        {"fixed_price_amount": Decimal("-1")},
    ],
)
def test_it_refuses_an_invalid_plan(values):
    with pytest.raises(IntegrityError), transaction.atomic():
        plan(**values)


def test_it_accepts_half_hours():
    assert plan(budget_hours=Decimal("12.5")).pk


def test_it_allows_one_approved_plan_per_area_and_period():
    plan(status="approved")
    with pytest.raises(IntegrityError), transaction.atomic():
        plan(status="approved", version=2)


def test_it_allows_one_open_plan_per_area_and_period():
    plan(status="draft")
    with pytest.raises(IntegrityError), transaction.atomic():
        plan(status="bht_review", version=2)


def test_it_allows_a_closed_and_an_approved_version_side_by_side():
    plan(status="closed")
    assert plan(status="approved", version=2).pk


@pytest.mark.parametrize("hours", [Decimal(0), Decimal("1.2")])
def test_it_refuses_item_budgets_that_are_not_positive_half_hours(kommunalsjef, hours):
    item = item_of(draft(kommunalsjef))
    item.budget_hours = hours
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_it_refuses_a_committee_decision_without_a_case_number(kommunalsjef):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanApproval.objects.create(
            plan=draft(kommunalsjef), stage="approved", by=kommunalsjef, at="2026-11-01T10:00Z"
        )


def test_it_refuses_an_item_that_ends_before_it_starts(kommunalsjef):
    item = item_of(draft(kommunalsjef))
    item.planned_start = "2027-05-01"
    item.planned_end = "2027-01-01"
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()
    assert PlanItem.objects.filter(pk=item.pk).exists()
