"""Logg inn / logg ut: Django's auth views with our form and templates."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("demo_data")


def test_it_shows_the_login_form(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert b"Logg inn i BHT-CRM" in response.content
    assert b'<label class="ds-label" for="id_username">Brukernavn</label>' in response.content
    assert b'<label class="ds-label" for="id_password">Passord</label>' in response.content


def test_it_logs_in_and_goes_to_the_start_page(client):
    response = client.post(
        reverse("login"), {"username": "avdelingsleder", "password": settings.DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_it_goes_to_the_page_asked_for_after_login(client):
    response = client.post(
        reverse("login") + "?next=/tjenester/",
        {"username": "ansatt", "password": settings.DEMO_PASSWORD, "next": "/tjenester/"},
    )

    assert response["Location"] == "/tjenester/"


def test_it_explains_a_wrong_password_in_norwegian(client):
    response = client.post(reverse("login"), {"username": "avdelingsleder", "password": "feil"})

    assert response.status_code == 200
    assert "Feil brukernavn eller passord" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_asks_for_both_fields(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})

    assert response.status_code == 200
    assert response.content.decode().count('class="ds-validation-message"') == 2


def test_it_sends_a_logged_in_user_to_the_start_page(client, avdelingsleder):
    client.force_login(avdelingsleder)

    response = client.get(reverse("login"))

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_it_logs_out_on_post(client, avdelingsleder):
    client.force_login(avdelingsleder)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_it_does_not_log_out_on_get(client, avdelingsleder):
    client.force_login(avdelingsleder)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert client.get(reverse("home")).status_code == 200
