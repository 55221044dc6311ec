"""Revider: a new version of an approved plan that supersedes it once approved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from actionplans import selectors, services
from actionplans.models import ActionPlan, PlanStatus
from actionplans.tests.factories import FREE_PERIOD, advance, draft, item_of
from core.errors import ApplicationError

pytestmark = pytest.mark.usefixtures("demo_data")


@pytest.fixture
def approved(kommunalsjef, radgiver, amu) -> ActionPlan:
    return advance(
        draft(kommunalsjef), "approved", director=kommunalsjef, advisor=radgiver, amu=amu
    )


def test_it_starts_a_new_draft_version_with_the_items_carried_over(approved, kommunalsjef):
    revision = services.plan_revise(plan=approved, user=kommunalsjef)

    assert (revision.status, revision.version, revision.previous) == ("draft", 2, approved)
    assert sorted(revision.items.values_list("origin_id", flat=True)) == sorted(
        approved.items.values_list("pk", flat=True)
    )
    approved.refresh_from_db()
    assert approved.status == PlanStatus.APPROVED


def test_it_supersedes_the_old_version_when_the_revision_is_approved(
    approved, kommunalsjef, radgiver, amu
):
    revision = services.plan_revise(plan=approved, user=kommunalsjef)
    services.plan_item_update(item=item_of(revision), user=kommunalsjef, title="Endret tiltak")

    revision = advance(revision, "approved", director=kommunalsjef, advisor=radgiver, amu=amu)

    approved.refresh_from_db()
    assert approved.status == PlanStatus.CLOSED
    assert approved.is_superseded
    # History kept: the old version still has its items and its approvals.
    assert approved.items.count() == 2
    assert approved.approvals.filter(stage="approved").exists()
    items = selectors.approved_plan_items_for_area(
        area_id=approved.area_id, on=datetime.date(FREE_PERIOD, 3, 1)
    )
    assert {item.plan_id for item in items} == {revision.pk}
    page = selectors.plan_page(user=kommunalsjef, plan=revision)
    assert [row.kind for row in page.diff] == ["changed", "same"]


def test_it_allows_one_revision_at_a_time(approved, kommunalsjef):
    services.plan_revise(plan=approved, user=kommunalsjef)
    with pytest.raises(ApplicationError):
        services.plan_revise(plan=approved, user=kommunalsjef)


def test_it_lets_only_the_director_revise(approved, radgiver, amu):
    for user in (radgiver, amu):
        with pytest.raises(PermissionDenied):
            services.plan_revise(plan=approved, user=user)


def test_it_refuses_to_revise_a_draft(kommunalsjef):
    with pytest.raises(ApplicationError):
        services.plan_revise(plan=draft(kommunalsjef), user=kommunalsjef)
