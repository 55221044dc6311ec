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


def test_it_is_linked_from_the_footer_of_every_page(client, ansatt, rf):
    from django.views.defaults import server_error

    link = f'href="{URL}"'
    assert link in client.get(reverse("login")).content.decode()
    assert link in client.get(URL).content.decode()
    client.force_login(ansatt)
    assert link in client.get("/").content.decode()
    missing = client.get("/finnes-ikke/")
    assert missing.status_code == 404 and link in missing.content.decode()
    # The error pages too; the 500 page is rendered without a request context.
    failed = server_error(rf.get("/"))
    assert failed.status_code == 500 and link in failed.content.decode()


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


def test_with_several_clients_and_no_default_feedback_still_arrives(client, demo_data, settings):
    from conftest import second_client
    from core.models import Organisation

    settings.INQUIRY_DEFAULT_ORGANISATION = ""
    second_client()  # the `make run` demo: two clients
    first = Organisation.objects.filter(is_active=True).order_by("pk").first()
    first.sla_working_days = 4
    first.save(update_fields=["sla_working_days"])

    assert "innen 4 virkedager" in client.get(URL).content.decode()
    answer = client.post(URL, {"text": "Menyen lukkes ikke med Esc."})
    assert answer.status_code == 302
    inquiry = Inquiry.objects.filter(channel=Channel.FEEDBACK).latest("pk")
    assert inquiry.organisation == first and inquiry.outcome == InquiryOutcome.PENDING


def test_the_promised_answer_time_is_the_sla_of_the_queue_it_lands_in(client, demo_data):
    import datetime

    import time_machine
    from django.utils import timezone

    from conftest import second_client
    from core.models import Organisation, User
    from orders.selectors import decorate_inquiries
    from orders.working_days import add_working_days

    second_client()
    nabo = Organisation.objects.get(slug="nabo")
    nabo.sla_working_days = 7
    nabo.save(update_fields=["sla_working_days"])
    client.force_login(User.objects.get(username="nina.berg"))

    assert "innen 7 virkedager" in client.get(URL).content.decode()
    client.post(URL, {"text": "Tabellene mangler overskrifter."})
    inquiry = Inquiry.objects.filter(channel=Channel.FEEDBACK).latest("pk")
    assert inquiry.organisation == nabo
    due = add_working_days(inquiry.received_at, 7)
    noon = datetime.time(12, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(datetime.datetime.combine(due, noon)):
        assert not decorate_inquiries([inquiry], user=inquiry.author)[0].overdue
    after = add_working_days(inquiry.received_at, 8)
    with time_machine.travel(datetime.datetime.combine(after, noon)):
        assert decorate_inquiries([inquiry], user=inquiry.author)[0].overdue
