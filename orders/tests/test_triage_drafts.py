"""Triage drafts a leader can use: a short title, the service and the billing the
plan implies, a link to the draft, and for a confidential inquiry the employee's
consent first and no content."""

import pytest
from django.contrib.messages import get_messages
from django.db.models import Q
from django.urls import reverse

from core.models import InquiryCategory, Service
from orders import selectors, services
from orders.models import Billing, Inquiry, Order
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")

NOTE = "Leder ringer om uro i personalgruppen etter at Kari kom tilbake"


def _item_and_service():
    """A service that the area's approved plan has an item for, for f.department()."""
    department = f.department()
    item = (
        selectors.plan_items_for_area(department.unit.area_id)
        .filter(
            Q(department=department)
            | Q(department__isnull=True, unit_id=department.unit_id)
            | Q(department__isnull=True, unit__isnull=True)
        )
        .first()
    )
    assert item is not None, "seed_demo gives Helse og sosial an approved plan"
    return item, item.service


def _service_without_item():
    department = f.department()
    planned = selectors.plan_items_for_area(department.unit.area_id).values("service")
    return Service.objects.active().exclude(pk__in=planned).order_by("name").first()


def _triage(client, advisor, leader, **values):
    client.force_login(advisor)
    data = {
        "channel": "phone",
        "caller": leader.pk,
        "caller_role": "leader",
        "summary": NOTE,
        "outcome": "order_requested",
    }
    data.update(values)
    return client.post(reverse("orders:inquiry-create"), data)


def test_the_draft_is_titled_by_the_service_and_carries_the_plan_item(
    client, radgiver, avdelingsleder
):
    item, service = _item_and_service()
    response = _triage(client, radgiver, avdelingsleder, service=service.pk)
    assert response.status_code == 302
    order = Order.objects.get(inquiry__summary=NOTE)
    assert order.title == service.name
    assert order.service == service
    assert order.plan_item == selectors.plan_item_for_service(
        area_id=order.area_id, service=service, department=order.department
    )
    assert order.plan_item is not None and order.plan_item.service == service
    assert order.billing == Billing.FIXED_PRICE
    assert order.description == NOTE


def test_a_service_outside_the_plan_is_extra_sale(client, radgiver, avdelingsleder):
    service = _service_without_item()
    _triage(client, radgiver, avdelingsleder, service=service.pk, title="  Kort   tittel ")
    order = Order.objects.get(inquiry__summary=NOTE)
    assert order.title == "Kort tittel"
    assert order.plan_item is None and order.billing == Billing.EXTRA_SALE


def test_without_service_the_title_is_the_category_never_the_note(client, radgiver, avdelingsleder):
    category = InquiryCategory.objects.filter(is_active=True).order_by("name").first()
    _triage(client, radgiver, avdelingsleder, category=category.pk)
    order = Order.objects.get(inquiry__summary=NOTE)
    assert order.title == category.name
    assert order.service is None


def test_the_success_message_links_to_the_draft(client, radgiver, avdelingsleder):
    response = _triage(client, radgiver, avdelingsleder, title="Kartlegging")
    order = Order.objects.get(inquiry__summary=NOTE)
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert order.reference in message
    assert f'href="{reverse("orders:detail", args=[order.pk])}"' in message
    page = client.get(response["Location"]).content.decode()
    assert f'href="{reverse("orders:detail", args=[order.pk])}"' in page


def test_the_title_prefill_default_is_a_service_then_a_category():
    service = Service.objects.active().first()
    category = InquiryCategory.objects.first()
    assert services.draft_title(title="", service=service, category=category) == service.name
    assert services.draft_title(title="", category=category) == category.name
    assert services.draft_title() == "Bestilling etter samtale"


# --- confidential inquiries: consent first, no content -----------------------------------


def test_a_confidential_call_without_consent_becomes_no_draft(client, radgiver, avdelingsleder):
    before = Inquiry.objects.count()
    response = _triage(client, radgiver, avdelingsleder, confidential="on")
    assert response.status_code == 400
    assert "samtykket" in response.content.decode()
    assert Inquiry.objects.count() == before
    assert not Order.objects.filter(inquiry__summary=NOTE).exists()


def test_a_confidential_call_with_consent_gives_a_draft_without_content(
    client, radgiver, avdelingsleder
):
    category = InquiryCategory.objects.get(name="Tilrettelegging av arbeidet")
    _item, service = _item_and_service()
    response = _triage(
        client,
        radgiver,
        avdelingsleder,
        confidential="on",
        consent="on",
        category=category.pk,
        service=service.pk,
        title="Tilrettelegging for Kari",
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get(summary=NOTE)
    assert inquiry.consent_recorded_by == radgiver and inquiry.consent_recorded_at is not None
    order = Order.objects.get(inquiry=inquiry)
    assert order.confidential
    assert order.title == "Fortrolig sak"
    assert order.description == "" and order.category is None and order.service is None


def test_escalating_an_employees_request_needs_recorded_consent(client, ansatt, radgiver):
    inquiry = services.inquiry_request_advice(user=ansatt, summary="Konflikt på vakt")
    client.force_login(radgiver)
    url = reverse("orders:inquiry-action", args=[inquiry.pk, "send-videre"])
    page = client.get(reverse("orders:inquiry-detail", args=[inquiry.pk])).content.decode()
    assert 'name="consent"' in page

    response = client.post(url, {"advice_given": "Snakket med den ansatte."})
    assert response.status_code == 400
    assert "samtykket" in response.content.decode()
    assert not Order.objects.filter(inquiry=inquiry).exists()
    inquiry.refresh_from_db()
    assert inquiry.consent_recorded_at is None and inquiry.escalated_at is None

    response = client.post(url, {"advice_given": "Snakket med den ansatte.", "consent": "on"})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.consent_recorded_by == radgiver
    order = Order.objects.get(inquiry=inquiry)
    assert order.title == "Fortrolig sak" and order.description == "" and order.category is None


def test_the_api_refuses_to_escalate_without_consent(api, ansatt, radgiver):
    inquiry = services.inquiry_request_advice(user=ansatt, summary="Konflikt på vakt")
    api.force_authenticate(radgiver)
    url = f"/api/v1/inquiries/{inquiry.pk}/escalate/"
    response = api.post(url, {}, format="json")
    assert response.status_code == 400
    assert "samtykket" in response.data["consent"][0]
    response = api.post(url, {"consent": True}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["title"] == "Fortrolig sak"


def test_the_api_triage_carries_service_and_title(api, radgiver, avdelingsleder):
    _item, service = _item_and_service()
    api.force_authenticate(radgiver)
    response = api.post(
        "/api/v1/inquiries/",
        {
            "caller": avdelingsleder.pk,
            "summary": NOTE,
            "outcome": "order_requested",
            "service": service.pk,
            "title": "Kartlegging i teamet",
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    order = Order.objects.get(inquiry_id=response.data["id"])
    assert order.title == "Kartlegging i teamet" and order.service == service
    assert order.billing == Billing.FIXED_PRICE
