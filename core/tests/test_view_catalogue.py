"""Hva kan BHT hjelpe med?: the service catalogue every logged-in person can read."""

import pytest
from django.urls import reverse

from core.models import CompetenceArea, Service, StatutoryCode
from core.tests.factories import ServiceFactory

pytestmark = pytest.mark.usefixtures("demo_data")

URL = reverse("catalogue")


def test_it_sends_anonymous_visitors_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/tjenester/"


def test_it_is_open_to_every_logged_in_person(client, persona):
    for username in ("ansatt", "verneombud", "avdelingsleder", "amu", "radgiver", "merkantil"):
        client.force_login(persona(username))

        response = client.get(URL)

        assert response.status_code == 200, username
        assert "Hva kan BHT hjelpe med?" in response.content.decode()


def test_it_lists_every_active_service_under_its_competence_area(client, ansatt):
    client.force_login(ansatt)

    html = client.get(URL).content.decode()

    for service in Service.objects.active():
        assert service.name in html
    for area in CompetenceArea.objects.filter(services__is_active=True).distinct():
        assert f'id="area-{area.code}"' in html


def test_it_marks_statutory_and_additional_services(client, ansatt):
    statutory = Service.objects.active().exclude(statutory_code=StatutoryCode.EXTRA).first()
    client.force_login(ansatt)

    html = client.get(URL).content.decode()

    assert f"Lovpålagt (§ 13-2 {statutory.statutory_code})" in html
    assert "Tilleggstjeneste" in html


def test_it_tells_how_to_order_and_who_to_call(client, avdelingsleder):
    client.force_login(avdelingsleder)

    html = client.get(URL).content.decode()

    assert "Slik bestiller du" in html
    assert f'href="{reverse("order-start")}"' in html
    assert "Din hovedkontakt" in html
    assert "Anne Kristin Hauge" in html


def test_it_hides_inactive_services(client, ansatt):
    service = Service.objects.active().first()
    service.is_active = False
    service.save()
    client.force_login(ansatt)

    assert service.name not in client.get(URL).content.decode()


def test_it_filters_statutory_services(client, ansatt):
    extra = Service.objects.active().filter(statutory_code=StatutoryCode.EXTRA).first()
    statutory = Service.objects.active().exclude(statutory_code=StatutoryCode.EXTRA).first()
    client.force_login(ansatt)

    html = client.get(URL, {"type": "statutory"}).content.decode()

    assert statutory.name in html
    assert extra.name not in html


def test_it_filters_additional_services(client, ansatt):
    extra = Service.objects.active().filter(statutory_code=StatutoryCode.EXTRA).first()
    statutory = Service.objects.active().exclude(statutory_code=StatutoryCode.EXTRA).first()
    client.force_login(ansatt)

    html = client.get(URL, {"type": "extra"}).content.decode()

    assert extra.name in html
    assert statutory.name not in html


def test_it_ignores_an_unknown_filter(client, ansatt):
    client.force_login(ansatt)

    response = client.get(URL, {"type": "<script>"})

    assert response.status_code == 200
    assert response.content.decode().count('class="ds-card" data-color="neutral"') == (
        Service.objects.active().count()
    )


def test_it_keeps_its_queries_as_services_grow(client, ansatt, django_assert_max_num_queries):
    area = CompetenceArea.objects.first()
    client.force_login(ansatt)
    with django_assert_max_num_queries(10) as before:
        client.get(URL)
    for service in ServiceFactory.create_batch(15):
        service.competence_areas.add(area)

    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(URL)

    assert response.status_code == 200


def test_it_refuses_post(client, ansatt):
    client.force_login(ansatt)

    assert client.post(URL).status_code == 405
