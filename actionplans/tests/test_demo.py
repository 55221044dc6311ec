"""The demo plans of seed_demo."""

import pytest
from django.core.management import call_command

from actionplans.models import (
    ActionPlan,
    ItemProposal,
    ItemStatusEntry,
    PlanApproval,
    PlanFeedback,
    PlanItem,
)
from actionplans.tests.factories import CURRENT_PERIOD, FREE_PERIOD, LAST_PERIOD

pytestmark = pytest.mark.usefixtures("demo_data")
MODELS = (ActionPlan, PlanItem, PlanApproval, PlanFeedback, ItemProposal, ItemStatusEntry)


def snapshot() -> dict:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


def test_it_changes_nothing_when_run_twice():
    before = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == before


def test_it_has_last_periods_closed_plans_and_this_periods_plans():
    assert ActionPlan.objects.filter(start_year=LAST_PERIOD, status="closed").count() == 10
    current = dict(
        ActionPlan.objects.filter(start_year=CURRENT_PERIOD).values_list("area__name", "status")
    )
    assert "Kultur" not in current
    assert current["Plan og miljø"] == "consultation"
    assert list(current.values()).count("approved") == 8
    assert not ActionPlan.objects.filter(start_year=FREE_PERIOD).exists()
    assert ItemProposal.objects.filter(proposer__username="tjenesteleder").count() == 2
