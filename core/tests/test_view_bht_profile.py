"""BHT-profil: the BHT's approval, staff and FTE per competence area, for BHT staff."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Advisor, BhtProfile

pytestmark = pytest.mark.usefixtures("demo_data")

URL = reverse("bht-profile")


def test_it_sends_anonymous_visitors_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_the_bht_manager_the_profile(client, bhtleder):
    profile = BhtProfile.objects.get()
    client.force_login(bhtleder)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert profile.name in html
    assert profile.approval_number in html
    assert "Årsverk per kompetanseområde" in html
    for advisor in Advisor.objects.filter(is_active=True).select_related("user"):
        assert str(advisor.user) in html


def test_it_sums_fte(client, bhtleder):
    client.force_login(bhtleder)

    html = client.get(URL).content.decode()

    assert "Faglige årsverk i alt" in html
    # DESIGN.md §9: 8.85 FTE professional + 1 FTE office
    assert "8,85" in html
    assert "9,85" in html


def test_it_is_open_to_all_bht_staff(client, radgiver, merkantil):
    for user in (radgiver, merkantil):
        client.force_login(user)

        assert client.get(URL).status_code == 200


def test_it_forbids_everyone_else(client, persona):
    for username in ("ansatt", "avdelingsleder", "kommunalsjef", "radmann", "amu"):
        client.force_login(persona(username))

        response = client.get(URL)

        assert response.status_code == 403, username
        assert "Du har ikke tilgang til denne siden" in response.content.decode()


def test_it_warns_when_the_approval_is_about_to_lapse(client, bhtleder):
    BhtProfile.objects.update(
        approval_valid_until=timezone.localdate() + datetime.timedelta(days=90)
    )
    client.force_login(bhtleder)

    assert "Godkjenningen utløper snart" in client.get(URL).content.decode()


def test_it_alerts_when_the_approval_has_lapsed(client, bhtleder):
    BhtProfile.objects.update(approval_valid_until=None)
    client.force_login(bhtleder)

    assert "BHT mangler gyldig godkjenning" in client.get(URL).content.decode()


def test_it_keeps_to_a_few_queries(client, bhtleder, django_assert_max_num_queries):
    client.force_login(bhtleder)

    with django_assert_max_num_queries(8):
        client.get(URL)


def test_it_refuses_post(client, bhtleder):
    client.force_login(bhtleder)

    assert client.post(URL).status_code == 405
