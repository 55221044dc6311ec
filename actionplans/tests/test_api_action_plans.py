"""API: action-plans and plan-items, the chain end to end with scoping and roles."""

import pytest
from django.utils import timezone

from actionplans.models import ActionPlan
from actionplans.tests.factories import (
    CURRENT_PERIOD,
    FREE_PERIOD,
    advance,
    draft,
    helse,
    item_of,
    service,
    skole,
)

pytestmark = pytest.mark.usefixtures("demo_data")
LIST = "/api/v1/action-plans/"
ITEMS = "/api/v1/plan-items/"


def act(api, plan, action, data=None):
    return api.post(f"{LIST}{plan.pk}/{action}/", data or {}, format="json")


def meeting(case="26/1"):
    return {"meeting_date": timezone.localdate().isoformat(), "case_number": case}


def test_it_runs_the_whole_chain(api, kommunalsjef, radgiver, amu):
    api.force_authenticate(kommunalsjef)
    response = api.post(
        LIST,
        {"area": helse().pk, "start_year": FREE_PERIOD, "budget_hours": "80"},
        format="json",
    )
    assert response.status_code == 201, response.data
    plan = ActionPlan.objects.get(pk=response.data["id"])
    response = api.post(
        ITEMS,
        {"plan": plan.pk, "service": service().pk, "title": "Kartlegging", "budget_hours": "20.5"},
        format="json",
    )
    assert response.status_code == 201, response.data
    item_id = response.data["id"]
    assert act(api, plan, "submit").data["status"] == "bht_review"

    api.force_authenticate(radgiver)
    response = act(api, plan, "feedback", {"text": "God plan.", "items": {str(item_id): "Ok."}})
    assert response.status_code == 200, response.data
    assert response.data["status"] == "consultation"
    assert len(response.data["feedback"]) == 2

    api.force_authenticate(kommunalsjef)
    assert act(api, plan, "consult", meeting()).status_code == 200
    assert act(api, plan, "sign").data["status"] == "signed"

    api.force_authenticate(amu)
    response = act(api, plan, "approve", meeting("26/2"))
    assert response.data["status"] == "approved"
    assert [a["stage"] for a in response.data["approvals"]] == [
        "submitted",
        "feedback",
        "consultation",
        "signed",
        "approved",
    ]

    api.force_authenticate(kommunalsjef)
    response = act(api, plan, "revise")
    assert response.status_code == 201
    assert (response.data["version"], response.data["previous"]) == (2, plan.pk)
    assert act(api, plan, "close").data["status"] == "closed"


@pytest.mark.parametrize(
    ("stage", "action", "wrong"),
    [
        ("draft", "submit", "radgiver"),
        ("bht_review", "feedback", "kommunalsjef"),
        ("consultation", "consult", "amu"),
        ("consulted", "sign", "radgiver"),
        ("signed", "approve", "kommunalsjef"),
        ("approved", "revise", "amu"),
        ("approved", "close", "radgiver"),
    ],
)
def test_it_forbids_each_step_to_the_wrong_role(
    api, persona, kommunalsjef, radgiver, amu, stage, action, wrong
):
    plan = draft(kommunalsjef)
    if stage != "draft":
        plan = advance(plan, stage, director=kommunalsjef, advisor=radgiver, amu=amu)
    api.force_authenticate(persona(wrong))
    response = act(api, plan, action, {**meeting(), "text": "x"})
    assert response.status_code == 403


def test_it_answers_404_outside_scope(api, outsider, kommunalsjef):
    plan = draft(kommunalsjef)
    api.force_authenticate(outsider)
    assert api.get(f"{LIST}{plan.pk}/").status_code == 404
    assert act(api, plan, "submit").status_code == 404
    assert api.get(f"{ITEMS}{item_of(plan).pk}/").status_code == 404
    assert not any(p["area"] == helse().pk for p in api.get(LIST).data["results"])


def test_it_answers_400_with_a_message_per_field(api, kommunalsjef, radgiver, amu):
    plan = advance(
        draft(kommunalsjef), "consultation", director=kommunalsjef, advisor=radgiver, amu=amu
    )
    api.force_authenticate(kommunalsjef)
    response = act(api, plan, "consult", {"meeting_date": "nope"})
    assert response.status_code == 400
    assert set(response.data) == {"meeting_date", "case_number"}


def test_it_answers_400_for_a_step_out_of_order(api, kommunalsjef):
    plan = draft(kommunalsjef)
    api.force_authenticate(kommunalsjef)
    response = act(api, plan, "sign")
    assert response.status_code == 400
    assert "non_field_errors" in response.data


def test_it_answers_400_for_odd_item_hours(api, kommunalsjef):
    plan = draft(kommunalsjef)
    api.force_authenticate(kommunalsjef)
    response = api.post(
        ITEMS,
        {"plan": plan.pk, "service": service().pk, "title": "X", "budget_hours": "2.3"},
        format="json",
    )
    assert response.status_code == 400
    assert "budget_hours" in response.data


def test_it_updates_an_item_in_draft_only(api, kommunalsjef, radgiver, amu):
    plan = draft(kommunalsjef)
    item = item_of(plan)
    api.force_authenticate(kommunalsjef)
    response = api.patch(f"{ITEMS}{item.pk}/", {"title": "Nytt navn"}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["title"] == "Nytt navn"
    advance(plan, "bht_review", director=kommunalsjef, advisor=radgiver, amu=amu)
    response = api.patch(f"{ITEMS}{item.pk}/", {"title": "Igjen"}, format="json")
    assert response.status_code == 400


def test_it_forbids_item_changes_to_others(api, kommunalsjef, tjenesteleder):
    item = item_of(draft(kommunalsjef))
    api.force_authenticate(tjenesteleder)
    assert api.patch(f"{ITEMS}{item.pk}/", {"title": "X"}, format="json").status_code == 403


def test_it_refuses_wrong_methods(api, kommunalsjef):
    plan = draft(kommunalsjef)
    api.force_authenticate(kommunalsjef)
    assert api.get(f"{LIST}{plan.pk}/submit/").status_code == 405
    assert api.delete(f"{LIST}{plan.pk}/").status_code == 405
    assert api.delete(f"{ITEMS}{item_of(plan).pk}/").status_code == 405


def test_it_filters_by_area_status_and_year(api, radmann):
    api.force_authenticate(radmann)
    response = api.get(
        LIST, {"area": helse().pk, "status": "approved", "start_year": CURRENT_PERIOD}
    )
    assert [(p["area"], p["start_year"]) for p in response.data["results"]] == [
        (helse().pk, CURRENT_PERIOD)
    ]


def test_it_lists_plans_in_few_queries(api, radmann, django_assert_max_num_queries):
    api.force_authenticate(radmann)
    with django_assert_max_num_queries(6):
        response = api.get(LIST)
    assert response.status_code == 200


def test_it_lists_the_allowed_actions(api, kommunalsjef, verneombud):
    plan = draft(kommunalsjef)
    api.force_authenticate(kommunalsjef)
    assert api.get(f"{LIST}{plan.pk}/").data["allowed_actions"] == ["edit", "submit"]
    api.force_authenticate(verneombud)
    assert api.get(f"{LIST}{plan.pk}/").data["allowed_actions"] == []


def test_it_forbids_creating_a_plan_to_others(api, radgiver):
    api.force_authenticate(radgiver)
    response = api.post(
        LIST, {"area": helse().pk, "start_year": FREE_PERIOD, "budget_hours": "8"}, format="json"
    )
    assert response.status_code == 403


def test_it_answers_400_for_an_area_outside_scope(api):
    # Skole's director may create plans, but Helse og sosial is not theirs to find.
    api.force_authenticate(skole().director)
    response = api.post(
        LIST, {"area": helse().pk, "start_year": FREE_PERIOD, "budget_hours": "8"}, format="json"
    )
    assert response.status_code == 400
    assert "area" in response.data
