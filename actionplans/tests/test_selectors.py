"""Reads: visibility, the board, the interface the orders app uses."""

import datetime
from decimal import Decimal

import pytest

from actionplans import selectors
from actionplans.models import ActionPlan, ItemStatus
from actionplans.tests.factories import CURRENT_PERIOD, FREE_PERIOD, advance, draft, helse

pytestmark = pytest.mark.usefixtures("demo_data")


def test_it_shows_the_areas_plan_to_everyone_who_may_see_the_area(verneombud, ansatt, radgiver):
    helse_plans = ActionPlan.objects.filter(area=helse())
    for user in (verneombud, ansatt, radgiver):
        assert set(selectors.plans_visible_to(user)) >= set(helse_plans)


def test_it_hides_other_areas_plans(outsider):
    assert not selectors.plans_visible_to(outsider).filter(area=helse()).exists()


def test_it_gives_the_approved_items_of_the_period(kommunalsjef):
    on = datetime.date(CURRENT_PERIOD + 1, 5, 1)
    items = list(selectors.approved_plan_items_for_area(area_id=helse().pk, on=on))
    assert items
    assert {(i.plan.start_year, i.plan.status) for i in items} == {(CURRENT_PERIOD, "approved")}
    cancelled = items[0]
    cancelled.status = ItemStatus.CANCELLED
    cancelled.save()
    assert cancelled not in selectors.approved_plan_items_for_area(area_id=helse().pk, on=on)


def test_it_gives_no_items_of_a_draft_or_another_period(kommunalsjef):
    draft(kommunalsjef)
    on = datetime.date(FREE_PERIOD, 3, 1)
    assert not selectors.approved_plan_items_for_area(area_id=helse().pk, on=on).exists()


def test_it_reports_zero_hours_when_no_provider_is_registered(monkeypatch):
    monkeypatch.setattr(selectors.hours, "_hours_used_provider", None)
    assert selectors.hours_used([7, 8]) == {7: Decimal(0), 8: Decimal(0)}


def test_the_plan_page_shows_the_hours_of_the_registered_provider(monkeypatch, kommunalsjef):
    # Time tracking registers its selector at start; actionplans only asks it.
    plan = ActionPlan.objects.filter(area=helse(), start_year=CURRENT_PERIOD).order_by("version")[0]
    asked = []

    def provider(ids):
        asked.append(sorted(ids))
        return dict.fromkeys(ids, Decimal("1.5"))

    monkeypatch.setattr(selectors.hours, "_hours_used_provider", provider)
    page = selectors.plan_page(user=kommunalsjef, plan=plan)
    assert asked == [sorted(plan.items.values_list("pk", flat=True))]
    assert page.hours_used == Decimal("1.5") * len(asked[0])
    assert {row.hours_used for row in page.items} == {Decimal("1.5")}


def test_it_shows_every_area_on_the_board_with_missing_and_overdue_plans(radmann):
    board = selectors.plan_board(radmann, today=datetime.date(CURRENT_PERIOD + 1, 11, 26))
    rows = {row.area.name: row for row in board.rows}
    assert (board.current_start, board.next_start) == (CURRENT_PERIOD, FREE_PERIOD)
    assert len(rows) == 10
    assert rows["Kultur"].current_missing
    assert rows["Plan og miljø"].current_working.status == "consultation"
    assert rows["Helse og sosial"].current.status == "approved"
    assert rows["Helse og sosial"].next_state == "overdue"


def test_it_shows_the_next_plan_as_due_before_the_deadline_and_ok_once_approved(
    radmann, kommunalsjef, radgiver, amu
):
    board = selectors.plan_board(radmann, today=datetime.date(CURRENT_PERIOD + 1, 3, 1))
    assert {row.next_state for row in board.rows} == {"due"}
    advance(draft(kommunalsjef), "approved", director=kommunalsjef, advisor=radgiver, amu=amu)
    board = selectors.plan_board(radmann, today=datetime.date(CURRENT_PERIOD + 1, 11, 26))
    assert {r.area.name: r.next_state for r in board.rows}["Helse og sosial"] == "ok"


def test_it_builds_the_board_in_few_queries(radmann, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        selectors.plan_board(radmann)
