"""API: `used_hours` and `used_percent` on plan-items and action-plans (DESIGN.md §8),
from the hours selector time tracking registers, in a fixed number of queries."""

from decimal import Decimal

import pytest

from actionplans import selectors
from actionplans.models import ActionPlan
from actionplans.tests.factories import CURRENT_PERIOD, helse

pytestmark = pytest.mark.usefixtures("demo_data")
LIST = "/api/v1/action-plans/"
ITEMS = "/api/v1/plan-items/"


@pytest.fixture
def hours(monkeypatch):
    """Every item has used 2.5 hours; records which items were asked for, per call."""
    calls = []

    def provider(ids):
        calls.append(list(ids))
        return dict.fromkeys(ids, Decimal("2.5"))

    monkeypatch.setattr(selectors.hours, "_hours_used_provider", provider)
    return calls


def _plan():
    return ActionPlan.objects.filter(area=helse(), start_year=CURRENT_PERIOD).order_by("version")[0]


def test_it_shows_the_hours_used_on_each_item_in_one_call(api, kommunalsjef, hours):
    api.force_authenticate(kommunalsjef)
    response = api.get(ITEMS, {"plan": _plan().pk})
    assert response.status_code == 200
    rows = response.data["results"]
    assert rows and {row["used_hours"] for row in rows} == {"2.50"}
    for row in rows:
        budget = Decimal(row["budget_hours"])
        assert row["used_percent"] == (int(Decimal("250") / budget) if budget else 0)
    assert len(hours) == 1


def test_it_shows_the_plans_hours_used_as_on_the_plan_page(api, kommunalsjef, hours):
    plan = _plan()
    api.force_authenticate(kommunalsjef)
    data = api.get(f"{LIST}{plan.pk}/").data
    page = selectors.plan_page(user=kommunalsjef, plan=plan)
    assert Decimal(data["used_hours"]) == page.hours_used == Decimal("2.5") * plan.items.count()
    assert data["used_percent"] == page.percent_used
    assert {item["used_hours"] for item in data["items"]} == {"2.50"}


def test_it_lists_plans_with_hours_in_few_queries(
    api, radmann, hours, django_assert_max_num_queries
):
    api.force_authenticate(radmann)
    with django_assert_max_num_queries(7):
        response = api.get(LIST)
    assert response.status_code == 200
    assert all("used_hours" in row for row in response.data["results"])


def test_with_real_hours_it_is_the_plan_pages_selector_and_nothing_else(
    api, kommunalsjef, radgiver
):
    """No stand-in provider: the demo's logged hours, as time tracking registered them
    (timetracking.selectors.plan_item_hours_used), give the same figures in the API,
    on the plan page and in the selector itself."""
    from timetracking.selectors import plan_item_hours_used
    from timetracking.tests.factories import clear_week, log

    plan = _plan()
    clear_week(radgiver)
    log(radgiver, hours="2", plan_item=plan.items.order_by("pk").first())
    ids = list(plan.items.values_list("pk", flat=True))
    direct = plan_item_hours_used(ids)
    assert sum(direct.values(), Decimal(0)) >= 2
    assert selectors.hours._hours_used_provider is plan_item_hours_used

    api.force_authenticate(kommunalsjef)
    data = api.get(f"{LIST}{plan.pk}/").data
    page = selectors.plan_page(user=kommunalsjef, plan=plan)
    assert Decimal(data["used_hours"]) == page.hours_used == sum(direct.values(), Decimal(0))
    assert data["used_percent"] == page.percent_used
    rows = api.get(ITEMS, {"plan": plan.pk, "page_size": 200}).data["results"]
    assert {row["id"]: Decimal(row["used_hours"]) for row in rows} == {
        pk: direct.get(pk, Decimal(0)) for pk in ids
    }
