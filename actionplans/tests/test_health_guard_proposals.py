"""The health guard on a unit's proposals to the action plan (page and API)."""

import pytest
from django.urls import reverse

from actionplans.models import ItemProposal
from actionplans.tests.factories import FREE_PERIOD, service
from core.models import HealthGuardOverride, ServiceUnit

pytestmark = pytest.mark.usefixtures("demo_data")

REASON = "To ansatte er langtidssykmeldt med utbrenthet."


def _form(user, **values):
    data = {
        "unit": ServiceUnit.objects.get(leader=user).pk,
        "service": service().pk,
        "title": "Kurs i stressmestring",
        "reason": REASON,
        "start_year": FREE_PERIOD,
    }
    data.update(values)
    return data


def test_the_proposal_page_warns_and_saves_nothing(client, tjenesteleder):
    client.force_login(tjenesteleder)
    response = client.post(reverse("actionplans:proposals"), _form(tjenesteleder))
    assert response.status_code == 400
    page = response.content.decode()
    assert "helseopplysninger" in page and "«langtidssykmeldt»" in page
    assert 'name="confirm_health_info"' in page
    assert not ItemProposal.objects.filter(proposer=tjenesteleder, reason=REASON).exists()


def test_the_proposal_page_sends_anyway_and_records_it(client, tjenesteleder):
    client.force_login(tjenesteleder)
    response = client.post(
        reverse("actionplans:proposals"), _form(tjenesteleder, confirm_health_info="on")
    )
    assert response.status_code == 302
    proposal = ItemProposal.objects.get(proposer=tjenesteleder, reason=REASON)
    record = HealthGuardOverride.objects.get(object_id=str(proposal.pk))
    assert record.kinds == "diagnose,sykmelding" and record.fields == "reason"


def test_the_proposal_page_shows_no_confirm_box_before_a_warning(client, tjenesteleder):
    client.force_login(tjenesteleder)
    page = client.get(reverse("actionplans:proposals")).content.decode()
    assert 'name="confirm_health_info"' not in page


def test_the_proposal_api_answers_400_then_201_with_the_flag(api, tjenesteleder):
    api.force_authenticate(tjenesteleder)
    url = "/api/v1/plan-proposals/"
    response = api.post(url, _form(tjenesteleder), format="json")
    assert response.status_code == 400
    assert set(response.data) == {"reason", "confirm_health_info"}
    response = api.post(url, _form(tjenesteleder, confirm_health_info=True), format="json")
    assert response.status_code == 201, response.data
    assert HealthGuardOverride.objects.filter(user=tjenesteleder).count() == 1
