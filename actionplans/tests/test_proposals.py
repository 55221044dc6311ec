"""Wishes from units: propose, and the director accepts, merges or rejects."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from actionplans import services
from actionplans.models import ItemProposal, ProposalStatus
from actionplans.tests.factories import FREE_PERIOD, draft, item_of, service, skole
from core.errors import ApplicationError
from core.models import ServiceUnit

pytestmark = pytest.mark.usefixtures("demo_data")


def unit_of(user) -> ServiceUnit:
    return ServiceUnit.objects.get(leader=user)


def propose(user, unit=None) -> ItemProposal:
    return services.proposal_create(
        user=user,
        unit=unit or unit_of(user),
        service=service(),
        title="Kartlegging i rusteamet",
        start_year=FREE_PERIOD,
        rough_hours=Decimal(10),
    )


def test_it_lets_a_unit_leader_propose_and_the_director_accept(tjenesteleder, kommunalsjef):
    proposal = propose(tjenesteleder)
    plan = draft(kommunalsjef, items=0)
    item = services.proposal_accept(proposal=proposal, user=kommunalsjef, plan=plan, reply="Ja")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.resulting_item) == (ProposalStatus.ACCEPTED, item)
    assert (item.plan, item.budget_hours, item.proposed_by) == (plan, 10, tjenesteleder)


def test_it_lets_the_director_merge_and_reject(tjenesteleder, kommunalsjef):
    plan = draft(kommunalsjef)
    merged = services.proposal_merge(
        proposal=propose(tjenesteleder), user=kommunalsjef, item=item_of(plan)
    )
    assert merged.status == ProposalStatus.MERGED
    with pytest.raises(ApplicationError):
        services.proposal_reject(proposal=propose(tjenesteleder), user=kommunalsjef, reply="")
    rejected = services.proposal_reject(
        proposal=propose(tjenesteleder), user=kommunalsjef, reply="Dekkes av annet tiltak."
    )
    assert rejected.status == ProposalStatus.REJECTED


def test_it_forbids_proposing_for_another_unit(tjenesteleder):
    with pytest.raises(PermissionDenied):
        propose(tjenesteleder, unit=ServiceUnit.objects.filter(area=skole()).first())


def test_it_lets_only_the_director_decide(tjenesteleder, radgiver):
    proposal = propose(tjenesteleder)
    with pytest.raises(PermissionDenied):
        services.proposal_reject(proposal=proposal, user=tjenesteleder, reply="Nei")


def test_it_proposes_from_the_page(client, tjenesteleder):
    client.force_login(tjenesteleder)
    url = reverse("actionplans:proposals")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "unit": unit_of(tjenesteleder).pk,
            "service": service().pk,
            "title": "Kurs",
            "start_year": FREE_PERIOD,
        },
    )
    assert response.status_code == 302
    assert ItemProposal.objects.filter(title="Kurs", proposer=tjenesteleder).exists()


def test_it_answers_400_for_a_proposal_without_title(client, tjenesteleder):
    client.force_login(tjenesteleder)
    response = client.post(
        reverse("actionplans:proposals"),
        {"unit": unit_of(tjenesteleder).pk, "service": service().pk, "start_year": FREE_PERIOD},
    )
    assert response.status_code == 400


def test_it_forbids_proposing_to_employees(client, ansatt):
    client.force_login(ansatt)
    assert client.post(reverse("actionplans:proposals"), {}).status_code == 403


def test_it_accepts_a_proposal_from_the_page(client, tjenesteleder, kommunalsjef):
    proposal = propose(tjenesteleder)
    plan = draft(kommunalsjef, items=0)
    client.force_login(kommunalsjef)
    response = client.post(
        reverse("actionplans:proposal-decide", args=[proposal.pk]),
        {"decision": "accept", "plan": plan.pk, "reply": "Tatt med."},
    )
    assert response.status_code == 302
    assert plan.items.get().title == proposal.title


def test_it_hides_the_proposal_from_outsiders(client, tjenesteleder, outsider):
    proposal = propose(tjenesteleder)
    client.force_login(outsider)
    response = client.post(reverse("actionplans:proposal-decide", args=[proposal.pk]), {})
    assert response.status_code == 404


def test_it_lets_a_department_leader_propose_through_the_unit(avdelingsleder):
    unit = avdelingsleder.department.unit
    proposal = propose(avdelingsleder, unit=unit)
    assert proposal.area_id == unit.area_id


def test_it_tells_the_proposer_the_decision(
    tjenesteleder, kommunalsjef, django_capture_on_commit_callbacks
):
    from django.core import mail

    proposal = propose(tjenesteleder)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_reject(proposal=proposal, user=kommunalsjef, reply="Neste år.")
    assert mail.outbox[-1].to == [tjenesteleder.email]
    assert "Neste år." in mail.outbox[-1].body
