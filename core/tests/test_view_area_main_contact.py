"""Bytt hovedkontakt: the BHT manager changes an area's main contact."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Advisor, MainContact, ServiceArea

pytestmark = pytest.mark.usefixtures("demo_data")


@pytest.fixture
def helse() -> ServiceArea:
    return ServiceArea.objects.get(name="Helse og sosial")


@pytest.fixture
def other_advisor(helse) -> Advisor:
    current = MainContact.objects.current().get(area=helse)
    return (
        Advisor.objects.filter(is_active=True, competence_areas__isnull=False)
        .exclude(pk=current.advisor_id)
        .first()
    )


def url(area: ServiceArea) -> str:
    return reverse("area-main-contact", kwargs={"slug": area.organisation.slug, "pk": area.pk})


def history(area: ServiceArea) -> list[tuple]:
    return list(
        MainContact.objects.filter(area=area)
        .order_by("pk")
        .values_list("advisor_id", "valid_from", "valid_to")
    )


def test_it_lets_the_bht_manager_change_the_main_contact(client, bhtleder, helse, other_advisor):
    old = MainContact.objects.current().get(area=helse)
    start = timezone.localdate() + datetime.timedelta(days=7)
    client.force_login(bhtleder)

    response = client.post(url(helse), {"advisor": other_advisor.pk, "valid_from": start})

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "area-detail", kwargs={"slug": helse.organisation.slug, "pk": helse.pk}
    )
    new = MainContact.objects.get(area=helse, valid_to=None)
    assert (new.advisor, new.valid_from) == (other_advisor, start)
    old.refresh_from_db()
    assert old.valid_to == start - datetime.timedelta(days=1)


def test_it_confirms_the_change_on_the_area_page(client, bhtleder, helse, other_advisor):
    client.force_login(bhtleder)

    response = client.post(
        url(helse),
        {"advisor": other_advisor.pk, "valid_from": timezone.localdate().isoformat()},
        follow=True,
    )

    assert f"{other_advisor.user} er hovedkontakt for Helse og sosial" in (
        response.content.decode()
    )


def test_it_forbids_an_advisor(client, radgiver, helse, other_advisor):
    before = history(helse)
    client.force_login(radgiver)

    response = client.post(
        url(helse), {"advisor": other_advisor.pk, "valid_from": timezone.localdate()}
    )

    assert response.status_code == 403
    assert history(helse) == before


def test_it_forbids_a_director_even_with_bad_input(client, kommunalsjef, helse):
    client.force_login(kommunalsjef)

    assert client.post(url(helse), {}).status_code == 403


def test_it_hides_the_area_from_the_outsider(client, outsider, helse, other_advisor):
    before = history(helse)
    client.force_login(outsider)

    response = client.post(
        url(helse), {"advisor": other_advisor.pk, "valid_from": timezone.localdate()}
    )

    assert response.status_code == 404
    assert history(helse) == before


def test_it_sends_anonymous_visitors_to_login(client, helse, other_advisor):
    before = history(helse)

    response = client.post(
        url(helse), {"advisor": other_advisor.pk, "valid_from": timezone.localdate()}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert history(helse) == before


def test_it_refuses_get(client, bhtleder, helse):
    client.force_login(bhtleder)

    assert client.get(url(helse)).status_code == 405


def test_it_asks_for_an_advisor_and_a_date(client, bhtleder, helse):
    before = history(helse)
    client.force_login(bhtleder)

    response = client.post(url(helse), {"advisor": "", "valid_from": "ikke en dato"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Velg hvilken rådgiver som skal være hovedkontakt." in html
    assert "Skriv inn en gyldig dato" in html
    assert 'aria-invalid="true"' in html
    assert history(helse) == before


def test_it_refuses_an_inactive_advisor(client, bhtleder, helse, other_advisor):
    other_advisor.is_active = False
    other_advisor.save()
    before = history(helse)
    client.force_login(bhtleder)

    response = client.post(
        url(helse), {"advisor": other_advisor.pk, "valid_from": timezone.localdate()}
    )

    assert response.status_code == 400
    assert "Velg en aktiv rådgiver fra listen." in response.content.decode()
    assert history(helse) == before


def test_it_shows_a_broken_rule_on_its_field(client, bhtleder, helse, other_advisor):
    current = MainContact.objects.current().get(area=helse)
    before = history(helse)
    client.force_login(bhtleder)

    response = client.post(
        url(helse),
        {
            "advisor": other_advisor.pk,
            "valid_from": current.valid_from - datetime.timedelta(days=1),
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Ny hovedkontakt må starte etter" in html
    assert 'id="id_valid_from_error"' in html
    assert history(helse) == before
