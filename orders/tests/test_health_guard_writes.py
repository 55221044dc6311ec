"""The health guard on every free text written outside the BHT: orders, advice
requests, comments, attachments' descriptions, cancellations and feedback — pages
and API alike (core.services.health_guard_check)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.models import HealthGuardOverride, Service
from orders import services
from orders.models import EventKind, Inquiry, Order, OrderEvent, OrderFeedback
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")

SICK = "Ansatt er 50 % sykmeldt og bruker Sertralin."
FNR = "15038512363"  # synthetic, valid control digits


def _order_form(**values):
    data = {
        "service": Service.objects.active().order_by("name").first().pk,
        "title": "Tilrettelegging i avdelingen",
        "description": "Vi ønsker hjelp med tilrettelegging.",
        "department": f.department().pk,
        "urgency": "normal",
        "action": "submit",
    }
    data.update(values)
    return data


# --- the order form --------------------------------------------------------------------


def test_it_warns_about_health_information_in_an_order_and_saves_nothing(client, avdelingsleder):
    client.force_login(avdelingsleder)
    before = Order.objects.count()
    response = client.post(reverse("orders:create"), _order_form(description=SICK))
    assert response.status_code == 400
    page = response.content.decode()
    assert "helseopplysninger" in page
    assert "«50 % sykmeldt»" in page and "«Sertralin»" in page
    assert "Send likevel" in page
    assert Order.objects.count() == before


def test_it_saves_the_order_with_send_likevel_and_records_the_choice(client, avdelingsleder):
    client.force_login(avdelingsleder)
    response = client.post(
        reverse("orders:create"), _order_form(description=SICK, confirm_health_info="on")
    )
    assert response.status_code == 302
    order = Order.objects.get(ordered_by=avdelingsleder, description=SICK)
    record = HealthGuardOverride.objects.get(
        content_type=ContentType.objects.get_for_model(Order), object_id=str(order.pk)
    )
    assert record.user == avdelingsleder
    assert record.kinds == "medisin,sykmelding"
    assert record.fields == "description"
    # The record names kinds and fields, never the text.
    assert "Sertralin" not in f"{record.kinds}{record.fields}{record}"


def test_it_refuses_a_fodselsnummer_even_with_send_likevel(client, avdelingsleder):
    client.force_login(avdelingsleder)
    before = Order.objects.count()
    response = client.post(
        reverse("orders:create"),
        _order_form(journal_reference=FNR, confirm_health_info="on"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "fødselsnummer" in page
    # No «Send likevel» for a fødselsnummer.
    assert 'name="confirm_health_info"' not in page
    assert Order.objects.count() == before


def test_the_guard_checks_the_leaders_edit_of_a_draft(client, avdelingsleder):
    order = f.draft()
    client.force_login(avdelingsleder)
    response = client.post(
        reverse("orders:edit", args=[order.pk]),
        _order_form(title="Kari har depresjon", lock_version=order.lock_version),
    )
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.title == "Kartlegging av arbeidsmiljøet"


def test_an_ordinary_order_passes_without_a_record(client, avdelingsleder):
    client.force_login(avdelingsleder)
    response = client.post(
        reverse("orders:create"),
        _order_form(
            description="Vi ønsker hjelp med sykefraværsstatistikk og helsefremmende arbeid."
        ),
    )
    assert response.status_code == 302
    assert not HealthGuardOverride.objects.exists()


def test_bht_staff_are_not_checked(radgiver):
    order = f.draft(by=radgiver, description=SICK)
    assert order.description == SICK
    assert not HealthGuardOverride.objects.exists()


# --- advice requests --------------------------------------------------------------------


def test_the_advice_form_shows_the_notice_and_the_guard(client, ansatt):
    client.force_login(ansatt)
    page = client.get(reverse("orders:advice")).content.decode()
    assert "Ingen helseopplysninger i henvendelsen" in page
    assert 'name="confirm_health_info"' not in page
    before = Inquiry.objects.filter(author=ansatt).count()

    response = client.post(reverse("orders:advice"), {"summary": "Jeg har migrene av lyset."})
    assert response.status_code == 400
    assert "helseopplysninger" in response.content.decode()
    assert 'name="confirm_health_info"' in response.content.decode()
    assert Inquiry.objects.filter(author=ansatt).count() == before

    response = client.post(
        reverse("orders:advice"), {"summary": "Lyset på kontoret er for sterkt."}
    )
    assert response.status_code == 302
    assert Inquiry.objects.filter(author=ansatt).count() == before + 1


def test_an_advice_request_sent_anyway_is_recorded(client, ansatt):
    client.force_login(ansatt)
    response = client.post(
        reverse("orders:advice"),
        {"summary": "Jeg har migrene av lyset.", "confirm_health_info": "on"},
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.filter(author=ansatt).latest("pk")
    record = HealthGuardOverride.objects.get(object_id=str(inquiry.pk))
    assert record.content_type.model == "inquiry"
    assert record.kinds == "sykdom" and record.fields == "summary"


# --- comments, attachments, feedback -------------------------------------------------------


def test_a_comment_with_a_diagnosis_is_refused_then_sent_anyway(client, avdelingsleder):
    order = f.submitted()
    client.force_login(avdelingsleder)
    url = reverse("orders:action", args=[order.pk, "kommentar"])
    response = client.post(url, {"text": "Hun har fått diagnosen ADHD."})
    assert response.status_code == 400
    assert "helseopplysninger" in response.content.decode()
    assert not OrderEvent.objects.filter(order=order, kind=EventKind.COMMENT).exists()

    response = client.post(
        url, {"text": "Hun har fått diagnosen ADHD.", "confirm_health_info": "on"}
    )
    assert response.status_code == 302
    event = OrderEvent.objects.get(order=order, kind=EventKind.COMMENT)
    assert HealthGuardOverride.objects.get(object_id=str(event.pk)).kinds == "diagnose"


def test_feedback_text_is_checked(client, avdelingsleder):
    order = f.delivered()
    client.force_login(avdelingsleder)
    scores = dict.fromkeys(services.FEEDBACK_FIELDS, "4")
    url = reverse("orders:action", args=[order.pk, "tilbakemelding"])
    response = client.post(url, {**scores, "text": f"Takk! Fnr {FNR}"})
    assert response.status_code == 400
    assert "fødselsnummer" in response.content.decode()
    assert not OrderFeedback.objects.filter(order=order).exists()


# --- API ----------------------------------------------------------------------------------


def _api_order(**values):
    data = {
        "department": f.department().pk,
        "service": Service.objects.active().order_by("name").first().pk,
        "title": "Tilrettelegging",
        "description": SICK,
    }
    data.update(values)
    return data


def test_the_api_answers_400_with_a_message_per_field(api, avdelingsleder):
    api.force_authenticate(avdelingsleder)
    response = api.post("/api/v1/orders/", _api_order(title="Per er sykmeldt"), format="json")
    assert response.status_code == 400
    assert set(response.data) == {"title", "description", "confirm_health_info"}
    assert "helseopplysninger" in response.data["description"][0]
    assert "«sykmeldt»" in response.data["title"][0]


def test_the_api_saves_with_the_confirm_flag_and_records_it(api, avdelingsleder):
    api.force_authenticate(avdelingsleder)
    response = api.post("/api/v1/orders/", _api_order(confirm_health_info=True), format="json")
    assert response.status_code == 201, response.data
    assert "confirm_health_info" not in response.data
    assert HealthGuardOverride.objects.filter(
        user=avdelingsleder, object_id=str(response.data["id"])
    ).exists()


def test_the_api_refuses_a_fodselsnummer_with_the_flag(api, avdelingsleder):
    api.force_authenticate(avdelingsleder)
    response = api.post(
        "/api/v1/orders/",
        _api_order(description=f"Gjelder {FNR}", confirm_health_info=True),
        format="json",
    )
    assert response.status_code == 400
    assert "fødselsnummer" in response.data["description"][0]
    assert "confirm_health_info" not in response.data


def test_the_api_checks_advice_requests_and_feedback(api, ansatt, avdelingsleder):
    api.force_authenticate(ansatt)
    response = api.post("/api/v1/inquiries/", {"summary": "Jeg er sykmeldt."}, format="json")
    assert response.status_code == 400
    assert "summary" in response.data
    response = api.post(
        "/api/v1/inquiries/",
        {"summary": "Jeg er sykmeldt.", "confirm_health_info": True},
        format="json",
    )
    assert response.status_code == 201

    order = f.delivered()
    api.force_authenticate(avdelingsleder)
    scores = dict.fromkeys(services.FEEDBACK_FIELDS, 4)
    url = f"/api/v1/orders/{order.pk}/feedback/"
    response = api.post(url, {**scores, "text": "Hun går på Cipralex."}, format="json")
    assert response.status_code == 400 and "text" in response.data
    response = api.post(
        url, {**scores, "text": "Hun går på Cipralex.", "confirm_health_info": True}, format="json"
    )
    assert response.status_code == 201, response.data
    assert HealthGuardOverride.objects.filter(user=avdelingsleder).count() == 1
