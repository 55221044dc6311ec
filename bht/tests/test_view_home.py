"""The start page: Bestill bistand, Din hovedkontakt, and what each role needs first."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.models import BhtProfile, MainContact, ServiceArea

pytestmark = pytest.mark.usefixtures("demo_data")


def get_home(client, user):
    client.force_login(user)
    return client.get(reverse("home"))


def test_it_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/"


def test_it_shows_a_leader_their_main_contact(client, avdelingsleder):
    response = get_home(client, avdelingsleder)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Din hovedkontakt" in html
    assert "Anne Kristin Hauge" in html
    assert 'href="tel:55551234"' in html
    assert 'href="mailto:anne.kristin.hauge@' in html
    assert "Hovedkontakt for Helse og sosial" in html


def test_it_offers_everyone_to_order_help(client, persona):
    for username in ("ansatt", "avdelingsleder", "kommunalsjef", "amu", "radgiver"):
        response = get_home(client, persona(username))

        assert f'href="{reverse("order-start")}"' in response.content.decode(), username
        assert "Bestill bistand" in response.content.decode()


def test_it_shows_where_a_person_belongs(client, avdelingsleder):
    helse = ServiceArea.objects.get(name="Helse og sosial")

    html = get_home(client, avdelingsleder).content.decode()

    assert "Din plass i organisasjonen" in html
    assert reverse("area-detail", kwargs={"slug": helse.organisation.slug, "pk": helse.pk}) in html


def test_it_shows_an_employee_their_main_contact_too(client, ansatt):
    html = get_home(client, ansatt).content.decode()

    assert "Din hovedkontakt" in html
    assert "Anne Kristin Hauge" in html


def test_it_says_so_when_there_is_no_main_contact(client, avdelingsleder):
    MainContact.objects.all().delete()

    html = get_home(client, avdelingsleder).content.decode()

    assert "Det er ikke registrert noen hovedkontakt" in html


def test_it_shows_an_advisor_the_areas_they_are_main_contact_for(client, radgiver):
    helse = ServiceArea.objects.get(name="Helse og sosial")

    html = get_home(client, radgiver).content.decode()

    assert "Dine områder" in html
    assert reverse("area-detail", kwargs={"slug": helse.organisation.slug, "pk": helse.pk}) in html
    assert "Randi Bakke" in html  # the area's director
    assert "Din hovedkontakt" not in html


def test_it_does_not_show_areas_to_a_leader(client, avdelingsleder):
    assert "Dine områder" not in get_home(client, avdelingsleder).content.decode()


def test_it_shows_the_bht_manager_a_valid_approval(client, bhtleder):
    BhtProfile.objects.update(
        approval_valid_until=timezone.localdate() + datetime.timedelta(days=400)
    )

    html = get_home(client, bhtleder).content.decode()

    assert "Godkjenningen er gyldig" in html


def test_it_warns_the_bht_manager_before_the_approval_lapses(client, bhtleder):
    BhtProfile.objects.update(
        approval_valid_until=timezone.localdate() + datetime.timedelta(days=30)
    )

    html = get_home(client, bhtleder).content.decode()

    assert "Godkjenningen utløper snart" in html
    assert 'data-color="warning"' in html


def test_it_alerts_the_bht_manager_when_the_approval_has_lapsed(client, bhtleder):
    BhtProfile.objects.update(approval_valid_until=timezone.localdate() - datetime.timedelta(1))

    html = get_home(client, bhtleder).content.decode()

    assert "BHT mangler gyldig godkjenning" in html
    assert 'data-color="danger"' in html


def test_it_shows_the_approval_to_the_bht_manager_only(client, radgiver, avdelingsleder):
    for user in (radgiver, avdelingsleder):
        assert "Godkjenning fra Arbeidstilsynet" not in get_home(client, user).content.decode()


def test_it_links_executives_and_amu_to_the_organisation_overview(client, radmann, amu):
    for user in (radmann, amu):
        html = get_home(client, user).content.decode()

        assert "Oversikt over organisasjonen" in html
        assert f'href="{reverse("organisation-list")}"' in html


def test_it_shows_the_menu_for_bht_staff_only(client, bhtleder, avdelingsleder):
    assert f'href="{reverse("bht-profile")}"' in get_home(client, bhtleder).content.decode()
    assert (
        f'href="{reverse("bht-profile")}"' not in get_home(client, avdelingsleder).content.decode()
    )


def test_it_speaks_english_when_asked(client, avdelingsleder):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = get_home(client, avdelingsleder).content.decode()

    assert '<html lang="en"' in html
    assert "Your main contact" in html
    assert "Order assistance" in html


def test_it_switches_language_through_the_menu(client, avdelingsleder):
    client.force_login(avdelingsleder)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert "Your main contact" in client.get(reverse("home")).content.decode()


# The start page's query budget per role is pinned in test_waiting.py.


def test_it_refuses_post(client, avdelingsleder):
    client.force_login(avdelingsleder)

    assert client.post(reverse("home")).status_code == 405
