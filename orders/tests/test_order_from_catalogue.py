"""Ordering from the catalogue: "Bestill" on each service for leaders ("Be om råd"
for others), the form opens with the service set, one classification for the
orderer, a single department preselected, required fields marked, and no desired
start in the past."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Department, Service
from orders.models import Order
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")


def _service() -> Service:
    return Service.objects.active().order_by("name").last()


def test_the_catalogue_offers_bestill_to_leaders(client, avdelingsleder):
    client.force_login(avdelingsleder)
    page = client.get(reverse("catalogue")).content.decode()
    service = _service()
    href = f"{reverse('orders:create')}?tjeneste={service.pk}"
    assert f'href="{href}"' in page
    assert f'aria-label="Bestill: {service.name}"' in page


def test_the_catalogue_offers_advice_to_employees_and_nothing_to_bht(client, ansatt, radgiver):
    client.force_login(ansatt)
    page = client.get(reverse("catalogue")).content.decode()
    assert f'href="{reverse("orders:advice")}"' in page
    assert "?tjeneste=" not in page
    assert "Be om råd: " in page

    client.force_login(radgiver)
    page = client.get(reverse("catalogue")).content.decode()
    assert "?tjeneste=" not in page and 'aria-label="Be om råd' not in page


def test_bestill_opens_the_form_with_the_service_set(client, avdelingsleder):
    service = _service()
    client.force_login(avdelingsleder)
    page = client.get(reverse("orders:create"), {"tjeneste": service.pk}).content.decode()
    assert re.search(rf'<option value="{service.pk}" selected>', page)


def test_a_bad_service_parameter_is_ignored(client, avdelingsleder):
    client.force_login(avdelingsleder)
    for value in ("abc", "99999999", "-1", "1" * 30):
        response = client.get(reverse("orders:create"), {"tjeneste": value})
        assert response.status_code == 200
        select = response.content.decode().split('name="service"')[1].split("</select>")[0]
        assert re.findall(r'<option value="(\d*)" selected>', select) == [""]


def test_the_leader_classifies_by_service_only(client, avdelingsleder, radgiver):
    client.force_login(avdelingsleder)
    page = client.get(reverse("orders:create")).content.decode()
    assert 'name="service"' in page
    assert 'name="category"' not in page

    # BHT staff, who draft orders after triage, set the category.
    client.force_login(radgiver)
    page = client.get(reverse("orders:create")).content.decode()
    assert 'name="category"' in page


def test_a_single_department_is_preselected(client, avdelingsleder):
    departments = Department.objects.filter(leader=avdelingsleder)
    assert departments.count() == 1
    client.force_login(avdelingsleder)
    page = client.get(reverse("orders:create")).content.decode()
    assert re.search(rf'<option value="{departments.get().pk}" selected>', page)


def test_several_departments_are_not_preselected(client, tjenesteleder):
    client.force_login(tjenesteleder)
    page = client.get(reverse("orders:create")).content.decode()
    select = page.split('name="department"')[1].split("</select>")[0]
    assert "selected>" not in select.replace('value="" selected>', "")


def test_required_fields_are_marked(client, avdelingsleder):
    client.force_login(avdelingsleder)
    page = client.get(reverse("orders:create")).content.decode()
    for label in ("Tjeneste", "Tittel", "Avdeling"):
        assert f"{label} (må fylles ut)" in page
    assert page.count('aria-required="true"') == 4
    assert "Ønsket oppstart (må fylles ut)" not in page


def test_a_desired_start_in_the_past_is_a_field_error(client, avdelingsleder):
    client.force_login(avdelingsleder)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    before = Order.objects.count()
    response = client.post(
        reverse("orders:create"),
        {
            "service": _service().pk,
            "title": "Kurs",
            "description": "Kurs for nye ansatte.",
            "department": f.department().pk,
            "desired_start": yesterday.isoformat(),
            "urgency": "normal",
            "action": "submit",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["desired_start"] == [
        "Ønsket oppstart kan ikke være tilbake i tid. Velg i dag eller en senere dato."
    ]
    assert Order.objects.count() == before


def test_today_is_a_valid_desired_start(client, avdelingsleder):
    client.force_login(avdelingsleder)
    response = client.post(
        reverse("orders:create"),
        {
            "service": _service().pk,
            "title": "Kurs",
            "description": "Kurs for nye ansatte.",
            "department": f.department().pk,
            "desired_start": timezone.localdate().isoformat(),
            "urgency": "normal",
            "action": "submit",
        },
    )
    assert response.status_code == 302


def test_the_api_refuses_a_desired_start_in_the_past(api, avdelingsleder):
    api.force_authenticate(avdelingsleder)
    response = api.post(
        "/api/v1/orders/",
        {
            "department": f.department().pk,
            "title": "Kurs",
            "desired_start": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "tilbake i tid" in response.data["desired_start"][0]


def test_an_old_draft_keeps_its_past_date_until_changed(avdelingsleder):
    from orders import services

    order = f.draft()
    past = timezone.localdate() - datetime.timedelta(days=10)
    Order.objects.filter(pk=order.pk).update(desired_start=past)
    order.refresh_from_db()
    order = services.order_update_draft(
        order=order, user=avdelingsleder, title="Ny tittel", desired_start=past
    )
    assert order.title == "Ny tittel"
