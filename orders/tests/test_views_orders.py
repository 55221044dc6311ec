"""The order pages: Mine bestillinger, Bestill bistand, the order page and its actions."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Advisor
from core.numbers import format_kr
from orders.models import AssignmentRole, Order, OrderAssignment, OrderStatus
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")


def detail(order: Order) -> str:
    return reverse("orders:detail", kwargs={"pk": order.pk})


def action(order: Order, name: str) -> str:
    return reverse("orders:action", kwargs={"pk": order.pk, "action": name})


def form_data(**overrides) -> dict:
    data = {
        "service": f.draft().service_id,
        "title": "Ergonomi i resepsjonen",
        "description": "Vondt i nakken; vi ønsker en gjennomgang.",
        "department": f.department().pk,
        "urgency": "normal",
    }
    data.update(overrides)
    return data


# --- Mine bestillinger -------------------------------------------------------------


def test_it_lists_the_leaders_orders(client, avdelingsleder):
    order = f.submitted(title="Min egen bestilling")
    client.force_login(avdelingsleder)

    response = client.get(reverse("orders:list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Mine bestillinger" in html
    assert order.reference in html and "Min egen bestilling" in html


def test_it_shows_the_area_director_all_orders_of_the_area(client, kommunalsjef):
    order = f.submitted(title="Fra avdelingen")
    client.force_login(kommunalsjef)

    response = client.get(reverse("orders:list"), {"q": order.reference})

    assert order.reference in response.content.decode()


def test_it_hides_other_areas_orders_from_the_outsider(client, outsider):
    order = f.submitted(title="Hemmelig for skolen")
    client.force_login(outsider)

    response = client.get(reverse("orders:list"), {"q": order.reference})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert "Hemmelig for skolen" not in response.content.decode()


def test_it_filters_by_status_and_searches_text(client, avdelingsleder):
    submitted = f.submitted(title="Støymåling i kjøkkenet")
    draft = f.draft(title="Støymåling utkast")
    client.force_login(avdelingsleder)

    response = client.get(reverse("orders:list"), {"q": "Støymåling", "status": "submitted"})

    html = response.content.decode()
    assert submitted.reference in html
    assert draft.reference not in html


def test_it_pins_the_queries_of_the_list(client, bhtleder, django_assert_max_num_queries):
    client.force_login(bhtleder)
    client.get(reverse("orders:list"))  # warm the session and scope

    with django_assert_max_num_queries(14):
        response = client.get(reverse("orders:list"))

    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 25


def test_it_refuses_post_on_the_list(client, avdelingsleder):
    client.force_login(avdelingsleder)

    assert client.post(reverse("orders:list")).status_code == 405


# --- Bestill bistand ---------------------------------------------------------------------


def test_it_shows_the_order_form_with_the_health_notice(client, avdelingsleder):
    client.force_login(avdelingsleder)

    response = client.get(reverse("orders:create"))

    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Tjeneste (må fylles ut)", "Tittel (må fylles ut)", "Avdeling (må fylles ut)"):
        assert f">{label}</label>" in html
    for label in ("Ønsket oppstart", "Hast"):
        assert f">{label}</label>" in html
    # The leader classifies by service; the category is the BHT's.
    assert ">Kategori</label>" not in html
    assert "Beskrivelse (hva er problemet, hva ønsker dere å oppnå)" in html
    assert "Ingen helseopplysninger" in html
    assert "Lagre utkast" in html and "Send bestilling" in html


def test_it_saves_a_draft(client, avdelingsleder):
    client.force_login(avdelingsleder)

    response = client.post(reverse("orders:create"), {**form_data(), "action": "save"})

    order = Order.objects.get(title="Ergonomi i resepsjonen")
    assert response.status_code == 302
    assert response["Location"] == detail(order)
    assert order.status == OrderStatus.DRAFT
    assert order.ordered_by == avdelingsleder


def test_it_sends_an_order(client, avdelingsleder):
    client.force_login(avdelingsleder)

    client.post(reverse("orders:create"), {**form_data(), "action": "submit"})

    assert Order.objects.get(title="Ergonomi i resepsjonen").status == OrderStatus.SUBMITTED


def test_it_shows_field_errors_for_bad_input(client, avdelingsleder):
    client.force_login(avdelingsleder)

    response = client.post(
        reverse("orders:create"), {**form_data(title="", department=""), "action": "save"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Skriv en kort tittel." in html
    assert "Velg hvilken avdeling bestillingen gjelder." in html


def test_it_refuses_a_department_outside_the_leaders_scope(client, avdelingsleder, outsider):
    client.force_login(avdelingsleder)
    skole = outsider.department

    response = client.post(
        reverse("orders:create"), {**form_data(department=skole.pk), "action": "save"}
    )

    assert response.status_code == 400
    assert not Order.objects.filter(title="Ergonomi i resepsjonen").exists()


def test_it_forbids_the_order_form_for_employees(client, ansatt):
    client.force_login(ansatt)

    assert client.get(reverse("orders:create")).status_code == 403


def test_it_lets_the_leader_complete_a_draft(client, avdelingsleder):
    order = f.draft(description="")
    client.force_login(avdelingsleder)

    response = client.post(
        reverse("orders:edit", kwargs={"pk": order.pk}),
        {**form_data(description="Nå med beskrivelse."), "action": "submit"},
    )

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    assert order.description == "Nå med beskrivelse."


# --- the order page -----------------------------------------------------------------------


def test_it_shows_status_next_step_and_actions_for_the_manager(client, bhtleder):
    order = f.submitted()
    client.force_login(bhtleder)

    response = client.get(detail(order))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sendt" in html and "Neste steg" in html
    assert ">Godta</button>" in html and ">Avslå</button>" in html
    assert "Lever</button>" not in html


def test_it_offers_the_orderer_no_decision_buttons(client, avdelingsleder):
    order = f.submitted()
    client.force_login(avdelingsleder)

    html = client.get(detail(order)).content.decode()

    assert ">Godta</button>" not in html
    assert "Avbryt bestilling" in html


def test_the_outsider_gets_404_on_the_page_and_actions(client, outsider):
    order = f.submitted()
    client.force_login(outsider)

    assert client.get(detail(order)).status_code == 404
    assert client.post(action(order, "avbryt")).status_code == 404
    assert client.post(action(order, "kommentar"), {"text": "hei"}).status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_it_forbids_a_decision_by_the_orderer(client, avdelingsleder):
    order = f.submitted()
    client.force_login(avdelingsleder)

    response = client.post(action(order, "godta"), {"lead_advisor": f.advisor().pk})

    assert response.status_code == 403


def test_it_accepts_and_assigns_from_the_page(client, bhtleder):
    order = f.submitted()
    client.force_login(bhtleder)

    response = client.post(
        action(order, "godta"),
        {"lead_advisor": f.advisor().pk, "estimated_hours": "8"},
    )

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED
    assert order.estimated_hours == Decimal("8")


def test_it_shows_a_broken_rule_as_a_message(client, bhtleder):
    order = f.submitted()
    client.force_login(bhtleder)

    response = client.post(action(order, "godta"), {"lead_advisor": f.advisor().pk})

    assert response.status_code == 400
    assert "Mersalg trenger et estimat" in response.content.decode()


def test_it_reports_an_invalid_transition_as_400(client, radgiver):
    order = f.accepted()
    client.force_login(radgiver)

    response = client.post(action(order, "start"))

    assert response.status_code == 400
    assert "kostnaden" in response.content.decode()


def test_it_declines_and_the_orderer_sees_the_reason(client, bhtleder, avdelingsleder):
    order = f.submitted()
    client.force_login(bhtleder)
    client.post(
        action(order, "avsla"),
        {"reason_code": "capacity", "reason": "Fullt til mars.", "bekreft": "ja"},
    )

    client.force_login(avdelingsleder)
    html = client.get(detail(order)).content.decode()

    assert "Kapasitet" in html and "Fullt til mars." in html


def test_it_needs_a_reason_to_decline(client, bhtleder):
    order = f.submitted()
    client.force_login(bhtleder)

    response = client.post(action(order, "avsla"), {"reason_code": "capacity", "reason": ""})

    assert response.status_code == 400
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_it_refuses_get_on_an_action(client, bhtleder):
    order = f.submitted()
    client.force_login(bhtleder)

    assert client.get(action(order, "start")).status_code == 405


def test_it_hides_internal_notes_from_the_orderer(client, radgiver, avdelingsleder):
    order = f.submitted()
    client.force_login(radgiver)
    client.post(action(order, "notat"), {"text": "Internt: ring verneombudet"})
    client.post(action(order, "kommentar"), {"text": "Vi tar kontakt neste uke"})

    client.force_login(avdelingsleder)
    html = client.get(detail(order)).content.decode()

    assert "Vi tar kontakt neste uke" in html
    assert "ring verneombudet" not in html


def test_it_takes_feedback_from_the_orderer(client, avdelingsleder):
    order = f.delivered()
    client.force_login(avdelingsleder)
    scores = {
        "help_received": "5",
        "work_adapted": "0",
        "impartial_role": "4",
        "competence": "5",
        "overall": "4",
        "text": "Bra",
    }

    page = client.get(detail(order)).content.decode()
    response = client.post(action(order, "tilbakemelding"), scores)

    assert "Gi tilbakemelding" in page and "Vet ikke" in page
    assert response.status_code == 302
    assert order.feedback.overall == 4


def test_it_attaches_a_delivery_report(client, radgiver, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    order = f.in_progress()
    client.force_login(radgiver)

    ok = client.post(
        action(order, "vedlegg"),
        {"file": SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 demo", "application/pdf")},
    )
    bad = client.post(
        action(order, "vedlegg"),
        {"file": SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")},
    )

    assert ok.status_code == 302
    assert bad.status_code == 400
    assert "Filtypen er ikke tillatt" in bad.content.decode()
    assert order.events.filter(kind="attachment").count() == 1


def test_it_pins_the_queries_of_the_order_page(client, bhtleder, django_assert_max_num_queries):
    order = f.in_progress()
    client.force_login(bhtleder)
    client.get(detail(order))

    with django_assert_max_num_queries(14):
        response = client.get(detail(order))

    assert response.status_code == 200


def test_the_accept_form_suggests_the_main_contact_first(client, bhtleder, radgiver):
    order = f.submitted()
    client.force_login(bhtleder)

    form = client.get(detail(order)).context["accept_form"]

    choices = list(form.fields["lead_advisor"].choices)
    assert "hovedkontakt for området" in str(choices[1][1])
    assert form.initial["lead_advisor"] == radgiver.advisor.pk


def test_the_area_director_sees_the_areas_list_heading(client, kommunalsjef):
    client.force_login(kommunalsjef)

    html = client.get(reverse("orders:list")).content.decode()

    assert "Bestillinger i området" in html


def test_attachments_are_downloaded_through_the_access_check(
    client, radgiver, avdelingsleder, outsider, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from orders import services

    settings.MEDIA_ROOT = tmp_path
    order = f.in_progress()
    public = services.order_attach(
        order=order,
        user=radgiver,
        file=SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 ok", "application/pdf"),
    )
    internal = services.order_attach(
        order=order,
        user=radgiver,
        file=SimpleUploadedFile("notat.txt", b"internt"),
        internal=True,
    )

    def get(event):
        return client.get(
            reverse("orders:attachment", kwargs={"pk": order.pk, "event_id": event.pk})
        )

    client.force_login(avdelingsleder)
    ok = get(public)
    assert ok.status_code == 200
    assert b"".join(ok.streaming_content) == b"%PDF-1.4 ok"
    assert get(internal).status_code == 404

    client.force_login(radgiver)
    assert get(internal).status_code == 200

    client.force_login(outsider)
    assert get(public).status_code == 404


# --- confirm steps (core/confirm.py) ---------------------------------------------------------


def test_it_asks_before_declining_and_states_the_consequence(client, bhtleder):
    order = f.submitted()
    client.force_login(bhtleder)

    response = client.post(
        action(order, "avsla"), {"reason_code": "capacity", "reason": "Fullt til mars."}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Avslå bestilling" in html
    assert "Et avslag kan ikke angres" in html
    assert "Fullt til mars." in html  # what was written, repeated
    assert 'name="bekreft" value="ja"' in html
    assert 'name="reason_code" value="capacity"' in html
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED

    client.post(
        action(order, "avsla"),
        {"reason_code": "capacity", "reason": "Fullt til mars.", "bekreft": "ja"},
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.DECLINED


def test_it_asks_for_a_reason_before_the_confirm_step(client, bhtleder):
    order = f.submitted()
    client.force_login(bhtleder)

    response = client.post(action(order, "avsla"), {"reason_code": "", "reason": ""})

    assert response.status_code == 400
    assert 'name="bekreft"' not in response.content.decode()


def test_it_shows_the_amount_before_accepting_a_cost(client, avdelingsleder):
    order = f.accepted()
    client.force_login(avdelingsleder)

    response = client.post(action(order, "godkjenn-kostnad"))

    assert response.status_code == 200
    html = response.content.decode()
    amount = format_kr(order.estimated_cost)
    assert amount in html
    assert f"Ja, godkjenn {amount}" in html
    assert "mersalg" in html
    order.refresh_from_db()
    assert order.cost_accepted_at is None

    client.post(action(order, "godkjenn-kostnad"), {"bekreft": "ja"})
    order.refresh_from_db()
    assert order.cost_accepted_at is not None


def test_it_does_not_ask_to_confirm_a_cost_the_user_may_not_accept(client, radmann):
    order = f.accepted()
    client.force_login(radmann)

    response = client.post(action(order, "godkjenn-kostnad"))

    assert response.status_code in (403, 404)


# --- a page that reads well (issue 15, point 10) ---------------------------------------------


def test_the_description_comes_before_the_decision(client, bhtleder):
    order = f.submitted()
    client.force_login(bhtleder)

    html = client.get(detail(order)).content.decode()

    assert 'id="decision-heading"' in html
    assert html.index('id="desc-heading"') < html.index('id="decision-heading"')


def test_the_lead_advisor_is_not_repeated_among_supporting_advisors(client, bhtleder):
    order = f.accepted()
    lead = order.lead_advisor
    other = Advisor.objects.exclude(pk=lead.pk).select_related("user").first()
    # The lead held as a support row (as imported or older data may hold) and a real supporter.
    OrderAssignment.objects.filter(order=order, advisor=lead).update(role=AssignmentRole.SUPPORT)
    OrderAssignment.objects.create(order=order, advisor=other, role=AssignmentRole.SUPPORT)
    client.force_login(bhtleder)

    html = client.get(detail(order)).content.decode()

    supporters = html.split("<dt>Bidrar</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert str(other.user) in supporters
    assert str(lead.user) not in supporters
