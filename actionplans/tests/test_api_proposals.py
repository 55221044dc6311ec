"""API: plan-proposals (wishes from units) and the status-review action."""

import pytest

from actionplans.models import ActionPlan, ItemProposal
from actionplans.tests.factories import CURRENT_PERIOD, FREE_PERIOD, draft, helse, item_of, service
from core.models import ServiceUnit

pytestmark = pytest.mark.usefixtures("demo_data")
URL = "/api/v1/plan-proposals/"


def propose(api, user):
    api.force_authenticate(user)
    return api.post(
        URL,
        {
            "unit": ServiceUnit.objects.get(leader=user).pk,
            "service": service().pk,
            "title": "Kurs i konflikthåndtering",
            "start_year": FREE_PERIOD,
            "rough_hours": "8",
        },
        format="json",
    )


def test_it_lets_a_unit_leader_propose_and_the_director_accept(api, tjenesteleder, kommunalsjef):
    response = propose(api, tjenesteleder)
    assert response.status_code == 201, response.data
    plan = draft(kommunalsjef, items=0)
    api.force_authenticate(kommunalsjef)
    response = api.post(
        f"{URL}{response.data['id']}/accept/", {"plan": plan.pk, "reply": "Ja"}, format="json"
    )
    assert response.status_code == 200, response.data
    assert response.data["status"] == "accepted"
    assert plan.items.get().title == "Kurs i konflikthåndtering"


def test_it_forbids_others_to_decide(api, tjenesteleder, radgiver):
    proposal_id = propose(api, tjenesteleder).data["id"]
    api.force_authenticate(radgiver)
    response = api.post(f"{URL}{proposal_id}/reject/", {"reply": "Nei"}, format="json")
    assert response.status_code == 403


def test_it_requires_a_reply_to_reject(api, tjenesteleder, kommunalsjef):
    proposal_id = propose(api, tjenesteleder).data["id"]
    api.force_authenticate(kommunalsjef)
    response = api.post(f"{URL}{proposal_id}/reject/", {}, format="json")
    assert response.status_code == 400
    assert "reply" in response.data


def test_it_merges_into_an_item(api, tjenesteleder, kommunalsjef):
    proposal_id = propose(api, tjenesteleder).data["id"]
    item = item_of(draft(kommunalsjef))
    api.force_authenticate(kommunalsjef)
    response = api.post(f"{URL}{proposal_id}/merge/", {"item": item.pk}, format="json")
    assert response.data["resulting_item"] == item.pk


def test_it_hides_proposals_from_outsiders(api, tjenesteleder, outsider):
    proposal_id = propose(api, tjenesteleder).data["id"]
    api.force_authenticate(outsider)
    assert api.get(f"{URL}{proposal_id}/").status_code == 404
    assert not ItemProposal.objects.filter(pk=proposal_id, proposer=outsider).exists()


def test_it_forbids_proposing_to_an_employee(api, ansatt):
    api.force_authenticate(ansatt)
    response = api.post(
        URL,
        {
            "unit": ansatt.department.unit_id,
            "service": service().pk,
            "title": "X",
            "start_year": FREE_PERIOD,
        },
        format="json",
    )
    assert response.status_code == 403


def test_it_answers_400_for_a_unit_outside_scope(api, avdelingsleder2):
    api.force_authenticate(avdelingsleder2)
    response = api.post(
        URL,
        {
            "unit": ServiceUnit.objects.filter(area=helse())[0].pk,
            "service": service().pk,
            "title": "X",
            "start_year": FREE_PERIOD,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "unit" in response.data


def test_it_records_a_status_review(api, kommunalsjef, verneombud):
    plan = ActionPlan.objects.get(area=helse(), start_year=CURRENT_PERIOD)
    item = item_of(plan)
    body = {"entries": [{"item": item.pk, "status": "done", "comment": "Ferdig"}]}
    api.force_authenticate(verneombud)
    assert (
        api.post(f"/api/v1/action-plans/{plan.pk}/status-review/", body, format="json").status_code
        == 403
    )
    api.force_authenticate(kommunalsjef)
    response = api.post(f"/api/v1/action-plans/{plan.pk}/status-review/", body, format="json")
    assert response.status_code == 201, response.data
    assert response.data["entries"] == [{"item": item.pk, "status": "done", "comment": "Ferdig"}]
    bad = {"entries": [{"item": item.pk, "status": "nonsense"}]}
    response = api.post(f"/api/v1/action-plans/{plan.pk}/status-review/", bad, format="json")
    assert response.status_code == 400
