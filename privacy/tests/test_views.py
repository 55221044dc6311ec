"""Who may use the privacy pages: everyone the privacy page, the BHT manager the rest."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PERSONAS

pytestmark = pytest.mark.django_db

NOT_MANAGERS = [name for name in PERSONAS if name != "bhtleder"]


def manager_urls(username: str) -> list[str]:
    named = "?navn=Kari+Nordmann"
    return [
        reverse("privacy:search") + "?q=ansatt",
        reverse("privacy:person", kwargs={"username": username}),
        reverse("privacy:person-json", kwargs={"username": username}),
        reverse("privacy:person-pdf", kwargs={"username": username}),
        reverse("privacy:person-erase", kwargs={"username": username}),
        reverse("privacy:named") + named,
        reverse("privacy:named-json") + named,
        reverse("privacy:named-erase") + named,
    ]


def test_it_shows_the_privacy_page_to_anyone(client, settings):
    settings.PRIVACY_RETENTION_YEARS = {**settings.PRIVACY_RETENTION_YEARS, "individual_order": 7}
    response = client.get(reverse("privacy:page"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Personvern i BHT-CRM" in text
    assert "§ 3-3" in text
    assert "artikkel 9" in text
    assert "7 år" in text  # the retention table reads the settings
    assert "Datatilsynet" in text
    assert reverse("privacy:search") not in text  # the manager's link is for the manager


def test_the_footer_links_the_privacy_page(client, ansatt):
    assert reverse("privacy:page") in client.get(reverse("login")).content.decode()
    client.force_login(ansatt)
    assert reverse("privacy:page") in client.get(reverse("home")).content.decode()


def test_it_sends_anonymous_users_to_login(client, ansatt):
    for url in manager_urls(ansatt.username):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("username", NOT_MANAGERS)
def test_it_refuses_everyone_but_the_bht_manager(client, persona, username):
    user = persona(username)
    target = persona("ansatt")
    client.force_login(user)
    for url in manager_urls(target.username):
        assert client.get(url).status_code == 403, url
    erase = reverse("privacy:person-erase", kwargs={"username": target.username})
    assert client.post(erase, {"bekreft": "ja"}).status_code == 403
    target.refresh_from_db()
    assert target.username == "ansatt"


def test_the_bht_manager_may_use_every_page(client, bhtleder, ansatt):
    client.force_login(bhtleder)
    for url in manager_urls(ansatt.username):
        assert client.get(url).status_code == 200, url
    search = client.get(reverse("privacy:search"), {"q": "Johannessen"}).content.decode()
    assert reverse("privacy:person", kwargs={"username": ansatt.username}) in search
    assert reverse("privacy:search") in client.get(reverse("privacy:page")).content.decode()
    # A person without a login is named in the URL; without a name there is nothing to do.
    assert client.post(reverse("privacy:named-erase"), {"bekreft": "ja"}).status_code == 400


def test_a_manager_limited_to_one_organisation_is_refused(client, persona):
    from core.models import Organisation, Role, RoleAssignment

    radgiver = persona("radgiver")
    RoleAssignment.objects.create(
        user=radgiver, role=Role.BHT_MANAGER, organisation=Organisation.objects.first()
    )
    # radgiver's advisor role has no organisation limit, but the manager role has.
    client.force_login(radgiver)
    assert client.get(reverse("privacy:search")).status_code == 403
