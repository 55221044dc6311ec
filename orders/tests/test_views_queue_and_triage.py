"""Arbeidskø, Registrer henvendelse (phone triage), type-ahead and Be om råd."""

import pytest
from django.core import mail
from django.urls import reverse

from orders.models import Inquiry, InquiryOutcome, Order, OrderStatus
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")


def test_it_shows_new_orders_oldest_first_with_the_sla_clock(client, bhtleder):
    order = f.submitted(title="Ny i køen")
    client.force_login(bhtleder)

    response = client.get(reverse("orders:queue"))

    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    submitted = [row.submitted_at for row in rows]
    assert submitted == sorted(submitted)
    html = response.content.decode()
    assert "Arbeidskø" in html and "Nye og ubesvarte" in html
    assert all(row.status == OrderStatus.SUBMITTED for row in rows)
    assert order.pk in [row.pk for row in Order.objects.filter(status="submitted")]


@pytest.mark.parametrize("tab", ["new", "mine", "area", "inquiries"])
def test_it_pins_the_queries_of_each_tab(client, radgiver, tab, django_assert_max_num_queries):
    client.force_login(radgiver)
    client.get(reverse("orders:queue"), {"fane": tab})

    with django_assert_max_num_queries(16):
        response = client.get(reverse("orders:queue"), {"fane": tab})

    assert response.status_code == 200


def test_it_lists_the_advisors_own_orders(client, radgiver):
    order = f.accepted(title="Tildelt meg")
    client.force_login(radgiver)

    response = client.get(reverse("orders:queue"), {"fane": "mine"})

    assert order.pk in [row.pk for row in response.context["page"].object_list]


def test_it_forbids_the_queue_for_leaders(client, avdelingsleder):
    client.force_login(avdelingsleder)

    assert client.get(reverse("orders:queue")).status_code == 403


def test_it_records_a_call_that_becomes_a_draft_order(
    client, radgiver, avdelingsleder, django_capture_on_commit_callbacks
):
    client.force_login(radgiver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("orders:inquiry-create"),
            {
                "channel": "phone",
                "caller": avdelingsleder.pk,
                "caller_role": "leader",
                "summary": "Uro i personalgruppen etter omorganisering",
                "advice_given": "Anbefalte en kartlegging.",
                "outcome": "order_requested",
                "title": "Kartlegging etter omorganisering",
            },
        )

    assert response.status_code == 302
    inquiry = Inquiry.objects.get(summary__startswith="Uro i personalgruppen")
    assert inquiry.department == avdelingsleder.department
    order = Order.objects.get(inquiry=inquiry)
    assert order.status == OrderStatus.DRAFT
    assert order.ordered_by == avdelingsleder
    # The advisor's short title, not the phone note.
    assert order.title == "Kartlegging etter omorganisering"
    message = next(m for m in mail.outbox if avdelingsleder.email in m.to)
    assert f"/bestillinger/{order.pk}/endre/" in message.body


def test_it_records_advice_only_without_an_order(client, merkantil):
    client.force_login(merkantil)

    response = client.post(
        reverse("orders:inquiry-create"),
        {
            "channel": "email",
            "caller_name": "Kari Nordmann",
            "caller_role": "employee",
            "department": f.department().pk,
            "summary": "Spørsmål om hørselvern",
            "outcome": "advice_only",
        },
    )

    assert response.status_code == 302
    inquiry = Inquiry.objects.get(summary="Spørsmål om hørselvern")
    assert inquiry.outcome == InquiryOutcome.ADVICE_ONLY
    assert not Order.objects.filter(inquiry=inquiry).exists()


def test_it_needs_a_caller_and_a_summary(client, radgiver):
    client.force_login(radgiver)

    response = client.post(
        reverse("orders:inquiry-create"),
        {"channel": "phone", "caller_role": "leader", "outcome": "advice_only"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Skriv kort hva henvendelsen gjelder." in html
    assert "Velg en person eller skriv navnet." in html


def test_it_forbids_triage_for_leaders(client, avdelingsleder):
    client.force_login(avdelingsleder)

    assert client.get(reverse("orders:inquiry-create")).status_code == 403


def test_the_triage_form_has_labels_and_the_save_button(client, radgiver):
    client.force_login(radgiver)

    html = client.get(reverse("orders:inquiry-create")).content.decode()

    assert "<title>Registrer henvendelse – BHT-CRM</title>" in html
    assert "Lagre henvendelse" in html
    assert 'for="caller-search"' in html and 'for="department-search"' in html


def test_it_finds_people_by_part_of_the_name(client, radgiver, avdelingsleder):
    client.force_login(radgiver)

    response = client.get(reverse("orders:search-people"), {"q": avdelingsleder.last_name[:4]})

    assert response.status_code == 200
    assert f'value="{avdelingsleder.pk}"' in response.content.decode()


def test_it_forbids_people_search_outside_the_bht(client, avdelingsleder):
    client.force_login(avdelingsleder)

    assert client.get(reverse("orders:search-people"), {"q": "an"}).status_code == 403


def test_it_finds_departments(client, radgiver):
    client.force_login(radgiver)

    response = client.get(reverse("orders:search-departments"), {"q": "Oppfølging"})

    assert "Oppfølgingstjenesten" in response.content.decode()


def test_an_employee_asks_for_advice_confidentially(
    client, ansatt, radgiver, django_capture_on_commit_callbacks
):
    client.force_login(ansatt)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("orders:advice"), {"summary": "Konflikt med en kollega på vakt"}
        )

    assert response.status_code == 302
    inquiry = Inquiry.objects.filter(author=ansatt).latest("pk")
    assert inquiry.confidential and inquiry.channel == "web"
    assert inquiry.outcome == InquiryOutcome.PENDING
    message = next(m for m in mail.outbox if radgiver.email in m.to)
    assert "Konflikt" not in message.body and str(ansatt) not in message.body


def test_the_advice_form_needs_a_summary(client, ansatt):
    client.force_login(ansatt)

    assert client.post(reverse("orders:advice"), {"summary": ""}).status_code == 400


def test_the_bht_answers_or_escalates_a_web_request(client, ansatt, radgiver, avdelingsleder):
    client.force_login(ansatt)
    client.post(reverse("orders:advice"), {"summary": "Tungt arbeidspress på kveldsvakt"})
    inquiry = Inquiry.objects.filter(author=ansatt).latest("pk")

    client.force_login(radgiver)
    page = client.get(reverse("orders:inquiry-detail", kwargs={"pk": inquiry.pk}))
    response = client.post(
        reverse("orders:inquiry-action", kwargs={"pk": inquiry.pk, "action": "send-videre"}),
        {"advice_given": "Avtalt med den ansatte at lederen involveres.", "consent": "on"},
    )

    assert "Tungt arbeidspress" in page.content.decode()
    assert response.status_code == 302
    order = Order.objects.get(inquiry=inquiry)
    assert order.ordered_by == avdelingsleder
    assert order.confidential
    assert order.title == "Fortrolig sak"  # the leader learns no content from the draft


def test_a_leader_cannot_see_an_employees_request(client, ansatt, avdelingsleder):
    client.force_login(ansatt)
    client.post(reverse("orders:advice"), {"summary": "Privat sak"})
    inquiry = Inquiry.objects.filter(author=ansatt).latest("pk")

    client.force_login(avdelingsleder)

    assert (
        client.get(reverse("orders:inquiry-detail", kwargs={"pk": inquiry.pk})).status_code == 404
    )


def test_it_lists_inquiries_for_the_bht_with_filters(
    client, radgiver, django_assert_max_num_queries
):
    client.force_login(radgiver)
    client.get(reverse("orders:inquiry-list"))

    with django_assert_max_num_queries(14):
        response = client.get(reverse("orders:inquiry-list"), {"outcome": "advice_only"})

    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert rows and all(row.outcome == "advice_only" for row in rows)


def test_it_forbids_the_inquiry_list_for_leaders(client, avdelingsleder):
    client.force_login(avdelingsleder)

    assert client.get(reverse("orders:inquiry-list")).status_code == 403


def test_reading_a_confidential_request_is_logged(client, ansatt, radgiver, merkantil):
    from core.models import AccessLog

    client.force_login(ansatt)
    client.post(reverse("orders:advice"), {"summary": "Vanskelig situasjon med leder"})
    inquiry = Inquiry.objects.filter(author=ansatt).latest("pk")
    page = reverse("orders:inquiry-detail", kwargs={"pk": inquiry.pk})

    client.force_login(merkantil)
    office = client.get(page).content.decode()
    client.force_login(radgiver)
    advisor = client.get(page).content.decode()

    assert "Vanskelig situasjon" not in office
    assert "Vanskelig situasjon" in advisor
    assert AccessLog.objects.filter(user=radgiver, object_id=str(inquiry.pk)).count() == 1
    assert not AccessLog.objects.filter(user=merkantil, object_id=str(inquiry.pk)).exists()


def test_it_filters_the_queue_by_area(client, bhtleder):
    order = f.submitted()
    client.force_login(bhtleder)

    response = client.get(reverse("orders:queue"), {"fane": "new", "area": order.area_id})

    rows = list(response.context["page"].object_list)
    assert order.pk in [row.pk for row in rows]
    assert {row.area_id for row in rows} == {order.area_id}


def test_the_employee_follows_their_own_requests(client, ansatt):
    client.force_login(ansatt)
    client.post(reverse("orders:advice"), {"summary": "Spørsmål om turnus"})
    inquiry = Inquiry.objects.filter(author=ansatt).latest("pk")

    page = client.get(reverse("orders:advice")).content.decode()
    detail = client.get(reverse("orders:inquiry-detail", kwargs={"pk": inquiry.pk}))

    assert "Dine henvendelser" in page and "venter på svar fra BHT" in page
    assert detail.status_code == 200
    assert "Spørsmål om turnus" in detail.content.decode()
