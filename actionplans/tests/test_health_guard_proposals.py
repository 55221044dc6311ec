"""The health guard on a unit's proposals to the action plan and on the director's
reply when rejecting one (service, page and API)."""

import pytest
from django.urls import reverse

from actionplans import services
from actionplans.models import ItemProposal, ProposalStatus
from actionplans.tests.factories import FREE_PERIOD, draft, service
from core.errors import HealthInfoFound
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


# --- the director's reply when rejecting a proposal ------------------------------------

REPLY = "Nei, Kari er sykmeldt 50 % og bruker Sertralin, så vi venter."
FNR = "15038512363"  # synthetic, valid control digits


def _proposal(tjenesteleder) -> ItemProposal:
    return services.proposal_create(
        user=tjenesteleder,
        unit=ServiceUnit.objects.get(leader=tjenesteleder),
        service=service(),
        title="Kurs i stressmestring",
        start_year=FREE_PERIOD,
    )


def test_the_reject_reply_is_checked_and_nothing_is_decided(tjenesteleder, kommunalsjef):
    proposal = _proposal(tjenesteleder)
    with pytest.raises(HealthInfoFound) as caught:
        services.proposal_reject(proposal=proposal, user=kommunalsjef, reply=REPLY)
    assert set(caught.value.errors) == {"reply"} and caught.value.confirmable
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED and proposal.reply == ""


def test_the_reject_reply_is_sent_anyway_and_the_choice_recorded(tjenesteleder, kommunalsjef):
    proposal = services.proposal_reject(
        proposal=_proposal(tjenesteleder), user=kommunalsjef, reply=REPLY, confirm_health_info=True
    )
    assert proposal.status == ProposalStatus.REJECTED and proposal.reply == REPLY
    record = HealthGuardOverride.objects.get(user=kommunalsjef, object_id=str(proposal.pk))
    assert record.fields == "reply" and "medisin" in record.kinds


def test_the_reject_reply_never_carries_a_fodselsnummer(tjenesteleder, kommunalsjef):
    proposal = _proposal(tjenesteleder)
    with pytest.raises(HealthInfoFound) as caught:
        services.proposal_reject(
            proposal=proposal,
            user=kommunalsjef,
            reply=f"Gjelder {FNR}, ta det opp med BHT.",
            confirm_health_info=True,
        )
    assert not caught.value.confirmable
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    assert not HealthGuardOverride.objects.filter(user=kommunalsjef).exists()


def test_a_plain_reject_reply_records_nothing(tjenesteleder, kommunalsjef):
    proposal = services.proposal_reject(
        proposal=_proposal(tjenesteleder), user=kommunalsjef, reply="Tas med i neste plan."
    )
    assert proposal.status == ProposalStatus.REJECTED
    assert not HealthGuardOverride.objects.filter(user=kommunalsjef).exists()


def test_the_decision_form_warns_at_the_reply_and_keeps_the_choice(
    client, tjenesteleder, kommunalsjef
):
    proposal = _proposal(tjenesteleder)
    client.force_login(kommunalsjef)
    url = reverse("actionplans:proposal-decide", args=[proposal.pk])
    response = client.post(url, {"decision": "reject", "reply": REPLY})
    assert response.status_code == 400
    page = response.content.decode()
    assert "helseopplysninger" in page and "«sykmeldt 50 %»" in page
    assert f'id="p{proposal.pk}_confirm_health_info"' in page
    assert f'id="p{proposal.pk}_reply"' in page and REPLY in page  # the text to rewrite
    assert f'value="reject" id="p{proposal.pk}_decision_2" checked' in page
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED

    response = client.post(url, {"decision": "reject", "reply": REPLY, "confirm_health_info": "on"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert HealthGuardOverride.objects.filter(user=kommunalsjef, object_id=str(proposal.pk))


def test_the_decision_form_refuses_a_fodselsnummer_without_a_confirm_box(
    client, tjenesteleder, kommunalsjef
):
    proposal = _proposal(tjenesteleder)
    client.force_login(kommunalsjef)
    response = client.post(
        reverse("actionplans:proposal-decide", args=[proposal.pk]),
        {"decision": "reject", "reply": f"Gjelder {FNR}", "confirm_health_info": "on"},
    )
    assert response.status_code == 400
    assert "fødselsnummer" in response.content.decode()
    assert 'name="confirm_health_info"' not in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_the_reject_api_answers_400_then_200_with_the_flag(api, tjenesteleder, kommunalsjef):
    proposal = _proposal(tjenesteleder)
    api.force_authenticate(kommunalsjef)
    url = f"/api/v1/plan-proposals/{proposal.pk}/reject/"
    response = api.post(url, {"reply": REPLY}, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"reply", "confirm_health_info"}
    response = api.post(url, {"reply": REPLY, "confirm_health_info": True}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["status"] == ProposalStatus.REJECTED
    assert HealthGuardOverride.objects.filter(user=kommunalsjef).count() == 1


# --- the reply when accepting or merging a proposal ------------------------------------


def test_the_accept_reply_is_checked_and_no_item_is_made(tjenesteleder, kommunalsjef):
    proposal = _proposal(tjenesteleder)
    plan = draft(kommunalsjef, start_year=FREE_PERIOD)
    items = plan.items.count()
    with pytest.raises(HealthInfoFound) as caught:
        services.proposal_accept(proposal=proposal, user=kommunalsjef, plan=plan, reply=REPLY)
    assert set(caught.value.errors) == {"reply"} and caught.value.confirmable
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED and plan.items.count() == items

    item = services.proposal_accept(
        proposal=proposal, user=kommunalsjef, plan=plan, reply=REPLY, confirm_health_info=True
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.resulting_item == item
    assert HealthGuardOverride.objects.filter(user=kommunalsjef, object_id=str(proposal.pk))


def test_the_merge_reply_is_checked_and_a_fodselsnummer_refused(tjenesteleder, kommunalsjef):
    proposal = _proposal(tjenesteleder)
    plan = draft(kommunalsjef, start_year=FREE_PERIOD)
    item = services.proposal_accept(
        proposal=_proposal(tjenesteleder), user=kommunalsjef, plan=plan, reply="Tatt med."
    )
    with pytest.raises(HealthInfoFound) as caught:
        services.proposal_merge(
            proposal=proposal,
            user=kommunalsjef,
            item=item,
            reply=f"Gjelder {FNR}.",
            confirm_health_info=True,
        )
    assert not caught.value.confirmable
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_the_accept_api_takes_the_flag(api, tjenesteleder, kommunalsjef):
    proposal = _proposal(tjenesteleder)
    plan = draft(kommunalsjef, start_year=FREE_PERIOD)
    api.force_authenticate(kommunalsjef)
    url = f"/api/v1/plan-proposals/{proposal.pk}/accept/"
    response = api.post(url, {"plan": plan.pk, "reply": REPLY}, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"reply", "confirm_health_info"}
    body = {"plan": plan.pk, "reply": REPLY, "confirm_health_info": True}
    response = api.post(url, body, format="json")
    assert response.status_code == 200, response.data
    assert response.data["status"] == ProposalStatus.ACCEPTED
