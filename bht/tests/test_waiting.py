""" "Venter på deg" (bht/waiting.py) on every start page: what waits for each role,
with counts and links, in a pinned number of queries."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from actionplans import services as plan_services
from actionplans.tests import factories as plan_factories
from bht import waiting
from orders import services as order_services
from orders.services import FEEDBACK_FIELDS
from orders.tests import factories as order_factories
from timetracking.models import WeekStatus, WeekSubmission
from timetracking.tests import factories as time_factories

pytestmark = pytest.mark.usefixtures("demo_data")


def items(user) -> dict[str, waiting.WaitingItem]:
    return {item.key: item for item in waiting.waiting_for(user)}


def count(user, key: str) -> int:
    item = items(user).get(key)
    return item.count if item else 0


# Queries of the whole start page per role, at most (warm: the session and the
# content types are loaded once; a part with nothing waiting may skip a query, so
# some days of the demo's calendar need one fewer). A new part of "Venter på deg"
# must fit in here; the reports part (runs done, failed or waiting for release)
# costs one or two.
QUERY_BUDGET = {
    "ansatt": 9,
    "verneombud": 9,
    "tillitsvalgt": 9,
    "avdelingsleder": 10,
    "tjenesteleder": 11,
    "kommunalsjef": 18,
    "radmann": 12,
    "amu": 16,
    "radgiver": 16,
    "bhtleder": 22,
    "merkantil": 11,
}


@pytest.mark.parametrize("username", sorted(QUERY_BUDGET))
def test_it_keeps_the_start_page_to_its_query_budget(
    client, persona, username, django_assert_max_num_queries
):
    client.force_login(persona(username))
    client.get(reverse("home"))

    with django_assert_max_num_queries(QUERY_BUDGET[username]):
        response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Venter på deg" in response.content.decode()


def test_it_shows_a_leader_the_draft_bht_wrote_for_them(client, avdelingsleder, radgiver):
    before = count(avdelingsleder, "drafts")
    order_services.order_create_draft(
        user=radgiver, department=order_factories.department(), title="Kartlegging"
    )

    assert count(avdelingsleder, "drafts") == before + 1
    client.force_login(avdelingsleder)
    html = client.get(reverse("home")).content.decode()
    assert "utkast fra BHT å fullføre og sende" in html
    assert f'href="{reverse("orders:list")}?status=draft"' in html


def test_it_does_not_count_the_leaders_own_drafts(avdelingsleder):
    before = count(avdelingsleder, "drafts")
    order_factories.draft()

    assert count(avdelingsleder, "drafts") == before


def test_it_shows_a_leader_a_cost_to_accept(avdelingsleder):
    before = count(avdelingsleder, "costs")
    order = order_factories.accepted()

    assert count(avdelingsleder, "costs") == before + 1
    order_services.order_accept_cost(order=order, user=avdelingsleder)
    assert count(avdelingsleder, "costs") == before


def test_it_shows_the_director_the_areas_costs_and_declines(kommunalsjef, bhtleder):
    costs = count(kommunalsjef, "costs")
    declined = count(kommunalsjef, "declined")
    order_factories.accepted()
    order = order_factories.submitted()
    order_services.order_decline(
        order=order, user=bhtleder, reason_code="capacity", reason="Fullt til mars."
    )

    assert count(kommunalsjef, "costs") == costs + 1
    assert count(kommunalsjef, "declined") == declined + 1


def test_it_shows_feedback_to_give_until_it_is_given(avdelingsleder):
    before = count(avdelingsleder, "feedback")
    order = order_factories.delivered()

    assert count(avdelingsleder, "feedback") == before + 1
    order_services.order_feedback_give(
        order=order, user=avdelingsleder, scores=dict.fromkeys(FEEDBACK_FIELDS, 4), text="Bra."
    )
    assert count(avdelingsleder, "feedback") == before


def test_it_shows_the_director_a_plan_to_sign(client, kommunalsjef, radgiver, amu):
    plan = plan_factories.draft(kommunalsjef)
    plan_factories.advance(plan, "consultation", director=kommunalsjef, advisor=radgiver, amu=amu)

    assert count(kommunalsjef, "plans_to_sign") == 1
    client.force_login(kommunalsjef)
    assert "1 handlingsplan å behandle i MBM og signere" in client.get("/").content.decode()


def test_it_shows_the_manager_plans_waiting_for_feedback(bhtleder, kommunalsjef):
    before = count(bhtleder, "plans_feedback")
    plan = plan_factories.draft(kommunalsjef)
    plan_services.plan_submit(plan=plan, user=kommunalsjef)

    assert count(bhtleder, "plans_feedback") == before + 1


def test_it_shows_hoved_amu_a_signed_plan_to_treat(amu, kommunalsjef, radgiver):
    before = count(amu, "amu_plans")
    plan = plan_factories.draft(kommunalsjef)
    plan_factories.advance(plan, "signed", director=kommunalsjef, advisor=radgiver, amu=amu)

    assert count(amu, "amu_plans") == before + 1


def test_it_shows_the_manager_unanswered_orders_past_the_sla_first(client, bhtleder):
    order = order_factories.submitted()
    total = count(bhtleder, "unassigned")

    item = items(bhtleder)["unassigned"]
    assert item.count == total
    overdue = [row for row in item.rows if row.note]
    # Rows past the SLA come before the rest.
    assert item.rows[: len(overdue)] == overdue
    order_services.order_decline(
        order=order, user=bhtleder, reason_code="capacity", reason="Fullt."
    )
    assert count(bhtleder, "unassigned") == total - 1


def test_it_shows_the_manager_weeks_to_approve(bhtleder):
    expected = WeekSubmission.objects.filter(status=WeekStatus.SUBMITTED).count()

    assert count(bhtleder, "weeks") == expected


def test_it_lists_the_advisors_own_open_orders(client, radgiver):
    order = order_factories.accepted()

    item = items(radgiver)["my_orders"]
    assert item.count >= 1
    client.force_login(radgiver)
    html = client.get("/").content.decode()
    assert "åpne bestillinger du jobber med" in html or "åpen bestilling du jobber med" in html
    if order.pk in {int(row.url.rstrip("/").rsplit("/", 1)[1]) for row in item.rows}:
        assert reverse("orders:detail", args=[order.pk]) in html


def test_it_shows_the_advisor_days_of_this_week_without_hours(radgiver):
    # A Wednesday: Monday to Wednesday are working days (pinned by time_machine).
    wednesday = datetime.date(2026, 3, 11)
    with time_machine.travel(datetime.datetime(2026, 3, 11, 12, tzinfo=datetime.UTC)):
        time_factories.clear_week(radgiver, wednesday)
        assert count(radgiver, "days_without_hours") == 3
        time_factories.log(radgiver, date=wednesday - datetime.timedelta(days=1))
        assert count(radgiver, "days_without_hours") == 2
        label = items(radgiver)["days_without_hours"].label
        assert "mandag" in label
        assert "tirsdag" not in label


def test_it_shows_the_advisor_inquiries_to_follow_up(radgiver, ansatt):
    before = count(radgiver, "inquiries")
    order_services.inquiry_request_advice(
        user=ansatt,
        summary="Spørsmål om arbeidsmiljø og samarbeid i avdelingen",
    )

    assert count(radgiver, "inquiries") == before + 1


def test_it_says_so_when_nothing_waits(client, ansatt):
    client.force_login(ansatt)

    assert "Ingenting venter på deg nå." in client.get("/").content.decode()


def test_it_uses_correct_plurals(avdelingsleder):
    before = count(avdelingsleder, "costs")
    order_factories.accepted()

    label = items(avdelingsleder)["costs"].label
    if before == 0:
        assert label == "1 kostnad å godkjenne"
    else:
        assert label == f"{before + 1} kostnader å godkjenne"


def test_it_shows_the_manager_a_committee_report_waiting_for_release(client, bhtleder):
    """reports.selectors.waiting_for reaches the start page (bht.waiting.reports_part)."""
    from django.utils import timezone

    from core.models import Organisation
    from reports.models import ReportRun, RunStatus

    before = count(bhtleder, "runs_to_release")
    ReportRun.objects.create(
        kind="amu_annual",
        organisation=Organisation.objects.get(slug="fjordby"),
        year=2019,
        status=RunStatus.DONE,
        progress=100,
        finished_at=timezone.now(),
        params_key="waiting-test",
    )
    assert count(bhtleder, "runs_to_release") == before + 1
    client.force_login(bhtleder)
    assert (
        "Rapporter som venter på frigiving til AMU" in client.get(reverse("home")).content.decode()
    )


def test_it_shows_the_requester_a_report_run_that_failed(client, bhtleder):
    """A failed run reaches "Venter på deg" as urgent, besides the e-mail."""
    from django.utils import timezone

    from core.models import Organisation
    from reports.models import ReportRun, RunStatus

    before = count(bhtleder, "runs_failed")
    ReportRun.objects.create(
        kind="hours_by_area",
        organisation=Organisation.objects.get(slug="fjordby"),
        year=2019,
        status=RunStatus.FAILED,
        error="Rapporten kunne ikke lages: test",
        finished_at=timezone.now(),
        requested_by=bhtleder,
        params_key="waiting-failed-test",
    )
    item = items(bhtleder)["runs_failed"]
    assert item.count == before + 1 and item.urgent
    client.force_login(bhtleder)
    assert "Rapporter som feilet" in client.get(reverse("home")).content.decode()
