"""Tilgjengelighetserklæring (/tilgjengelighet/): public, linked from every page,
and its feedback form becomes an inquiry in triage."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from core import confidentiality
from orders.models import Channel, Inquiry, InquiryOutcome
from orders.selectors import queue_inquiries

pytestmark = pytest.mark.django_db

URL = "/tilgjengelighet/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def test_it_is_public_and_states_status_gaps_and_contact(client, demo_data):
    page = client.get(URL)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Tilgjengelighetserklæring" in body
    assert "WCAG 2.1" in body and "axe-core" in body
    assert "Kjente mangler" in body
    assert "virkedager" in body and "uutilsynet.no" in body


def test_it_is_linked_from_the_footer_of_every_page(client, ansatt):
    assert f'href="{URL}"' in client.get(reverse("login")).content.decode()
    client.force_login(ansatt)
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_anonymous_feedback_becomes_a_pending_inquiry_in_triage(client, bhtleder):
    before = Inquiry.objects.filter(channel=Channel.FEEDBACK).count()
    answer = client.post(
        URL,
        {"text": "Knappen «Send» kan ikke nås med tastatur.", "email": "kari@example.org"},
    )
    assert answer.status_code == 302
    follow = client.get(answer["Location"])
    assert "Takk!" in follow.content.decode()
    inquiry = Inquiry.objects.filter(channel=Channel.FEEDBACK).latest("pk")
    assert Inquiry.objects.filter(channel=Channel.FEEDBACK).count() == before + 1
    assert inquiry.author is None and inquiry.sender_email == "kari@example.org"
    assert inquiry.outcome == InquiryOutcome.PENDING and not inquiry.confidential
    assert inquiry in queue_inquiries(bhtleder)


def test_a_logged_in_users_feedback_is_theirs(client, ansatt):
    client.force_login(ansatt)
    client.post(URL, {"text": "Kontrasten på knappene er svak."})
    inquiry = Inquiry.objects.filter(channel=Channel.FEEDBACK).latest("pk")
    assert inquiry.author == ansatt


def test_feedback_with_health_information_is_quarantined(client, demo_data, ansatt):
    client.post(URL, {"text": "Jeg er sykmeldt og klarer ikke lese siden."})
    inquiry = Inquiry.objects.filter(channel=Channel.FEEDBACK).latest("pk")
    assert inquiry.quarantined and inquiry.confidential
    assert not confidentiality.inquiry_content_visible(ansatt, inquiry)


@pytest.mark.parametrize(
    "data, field_message",
    [
        ({}, "Skriv hva tilbakemeldingen gjelder."),
        ({"text": "   "}, "Skriv hva tilbakemeldingen gjelder."),
        ({"text": "x" * 5001}, "5000"),
        ({"text": "Hei", "email": "ikke-en-adresse"}, "gyldig e-postadresse"),
        ({"text": "Null\x00byte"}, "error-summary-heading"),
        ({"text": "Hei", "name": "n" * 201}, "200"),
    ],
)
def test_bad_input_gets_a_message_and_saves_nothing(client, demo_data, data, field_message):
    before = Inquiry.objects.count()
    page = client.post(URL, data)
    assert page.status_code == 400
    assert field_message in page.content.decode()
    assert Inquiry.objects.count() == before


def test_it_needs_the_csrf_token(demo_data):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, {"text": "Hei"}).status_code == 403


def test_it_limits_the_messages_per_address_and_hour(client, demo_data, settings):
    settings.ACCESSIBILITY_FEEDBACK_PER_HOUR = 2
    for _ in range(2):
        assert client.post(URL, {"text": "Hei"}).status_code == 302
    refused = client.post(URL, {"text": "Hei"})
    assert refused.status_code == 429 and "Prøv igjen om en time" in refused.content.decode()


def test_other_methods_are_refused(client, demo_data):
    assert client.put(URL).status_code == 405


def test_the_bht_answer_goes_back_to_the_given_address(
    client, radgiver, django_capture_on_commit_callbacks
):
    from django.core import mail

    from orders import services

    client.post(URL, {"text": "Lenkene er for like.", "email": "kari@example.org"})
    inquiry = Inquiry.objects.filter(channel=Channel.FEEDBACK).latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        services.inquiry_respond(
            inquiry=inquiry, user=radgiver, advice_given="Takk, vi har endret lenketekstene."
        )
    sent = [m for m in mail.outbox if m.to == ["kari@example.org"]]
    assert len(sent) == 1 and "Takk, vi har endret lenketekstene." in sent[0].body
    assert f"[BHT-H{inquiry.pk}]" in sent[0].subject
