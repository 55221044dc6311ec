"""/api/v1/orders/ and /api/v1/inquiries/: lifecycle, scoping, 403/404/400/405."""

import pytest
from django.urls import reverse

from core.models import Service
from orders.models import Inquiry, Order, OrderStatus
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")


def url(name: str, order: Order | None = None) -> str:
    if order is None:
        return reverse(f"order-{name}")
    return reverse(f"order-{name}", kwargs={"pk": order.pk})


def test_the_whole_lifecycle_through_the_api(api, avdelingsleder, bhtleder, radgiver):
    api.force_authenticate(avdelingsleder)
    created = api.post(
        url("list"),
        {
            "department": f.department().pk,
            "service": Service.objects.active().first().pk,
            "title": "Arbeidsmiljøkartlegging",
            "description": "Vi ønsker en kartlegging.",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    order = Order.objects.get(pk=created.json()["id"])
    assert created.json()["status"] == "draft"
    assert created.json()["billing"] == "extra_sale"

    assert api.patch(url("detail", order), {"urgency": "urgent"}, format="json").status_code == 200
    assert api.post(url("submit", order)).json()["status"] == "submitted"

    api.force_authenticate(bhtleder)
    accepted = api.post(
        url("accept", order),
        {"lead_advisor": f.advisor().pk, "estimated_hours": "6"},
        format="json",
    )
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["lead_advisor_name"] == str(radgiver)
    assert accepted.json()["estimated_cost"] == "6900.00"

    api.force_authenticate(avdelingsleder)
    assert api.post(url("accept-cost", order)).status_code == 200

    api.force_authenticate(radgiver)
    assert api.post(url("start", order)).json()["status"] == "in_progress"
    assert api.post(url("deliver", order), {"text": "Rapport sendt"}).json()["status"] == (
        "delivered"
    )

    api.force_authenticate(avdelingsleder)
    feedback = api.post(
        url("feedback", order),
        {
            "help_received": 5,
            "work_adapted": 0,
            "impartial_role": 5,
            "competence": 4,
            "overall": 5,
            "text": "Takk",
        },
        format="json",
    )
    assert feedback.status_code == 201, feedback.json()
    closed = api.post(url("close", order))
    assert closed.json()["status"] == "closed"
    assert api.get(url("detail", order)).json()["allowed_actions"] == ["attach", "comment"]


def test_the_outsider_gets_404(api, outsider):
    order = f.submitted()
    api.force_authenticate(outsider)

    assert api.get(url("detail", order)).status_code == 404
    assert api.post(url("cancel", order)).status_code == 404
    assert api.post(url("accept", order), {}, format="json").status_code == 404
    listed = api.get(url("list"), {"reference": order.reference}).json()
    assert listed["count"] == 0


def test_a_forbidden_action_is_403(api, avdelingsleder):
    order = f.submitted()
    api.force_authenticate(avdelingsleder)

    response = api.post(url("accept", order), {"lead_advisor": f.advisor().pk}, format="json")

    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_an_invalid_transition_is_400_with_a_message(api, radgiver):
    order = f.accepted()
    api.force_authenticate(radgiver)

    response = api.post(url("start", order))

    assert response.status_code == 400
    assert "kostnaden" in response.json()["non_field_errors"][0]


def test_bad_input_is_400_per_field(api, bhtleder, avdelingsleder):
    order = f.submitted()
    api.force_authenticate(bhtleder)

    decline = api.post(url("decline", order), {"reason_code": "nope"}, format="json")
    accept = api.post(url("accept", order), {"lead_advisor": f.advisor().pk}, format="json")

    assert decline.status_code == 400
    assert set(decline.json()) == {"reason_code", "reason"}
    assert accept.status_code == 400
    assert "estimated_hours" in accept.json()

    api.force_authenticate(avdelingsleder)
    created = api.post(url("list"), {"title": ""}, format="json")
    assert created.status_code == 400
    assert {"department", "title"} <= set(created.json())


def test_a_department_outside_scope_is_400(api, avdelingsleder, outsider):
    api.force_authenticate(avdelingsleder)

    response = api.post(
        url("list"), {"department": outsider.department_id, "title": "x"}, format="json"
    )

    assert response.status_code == 400
    assert "department" in response.json()


def test_wrong_method_is_405(api, avdelingsleder):
    order = f.submitted()
    api.force_authenticate(avdelingsleder)

    assert api.get(url("submit", order)).status_code == 405
    assert api.delete(url("detail", order)).status_code == 405


def test_anonymous_is_401(api):
    assert api.get(url("list")).status_code == 401


def test_it_filters_the_list(api, bhtleder, django_assert_max_num_queries):
    order = f.submitted(title="Filtrerbar bestilling")
    api.force_authenticate(bhtleder)
    api.get(url("list"))

    with django_assert_max_num_queries(8):
        response = api.get(url("list"), {"status": "submitted", "q": "Filtrerbar"})

    ids = [row["id"] for row in response.json()["results"]]
    assert ids == [order.pk]


# --- inquiries ------------------------------------------------------------------------


def test_the_bht_records_an_inquiry_that_requests_an_order(api, radgiver, avdelingsleder):
    api.force_authenticate(radgiver)

    response = api.post(
        reverse("inquiry-list"),
        {
            "channel": "phone",
            "caller": avdelingsleder.pk,
            "summary": "Ønsker kurs i konflikthåndtering",
            "outcome": "order_requested",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    order = Order.objects.get(pk=response.json()["order"])
    assert order.ordered_by == avdelingsleder and order.status == OrderStatus.DRAFT


def test_an_employee_request_is_confidential_and_can_be_escalated(api, ansatt, radgiver):
    api.force_authenticate(ansatt)
    created = api.post(reverse("inquiry-list"), {"summary": "Trøbbel på jobb"}, format="json")
    assert created.status_code == 201
    inquiry = Inquiry.objects.get(pk=created.json()["id"])
    assert inquiry.confidential

    api.force_authenticate(radgiver)
    url = reverse("inquiry-escalate", kwargs={"pk": inquiry.pk})
    without_consent = api.post(url, {}, format="json")
    escalated = api.post(url, {"consent": True}, format="json")
    again = api.post(url, {"consent": True}, format="json")

    assert without_consent.status_code == 400 and "consent" in without_consent.json()

    assert escalated.status_code == 200
    assert escalated.json()["status"] == "draft"
    assert again.status_code == 400


def test_a_leader_cannot_escalate_or_see_inquiries(api, avdelingsleder, ansatt):
    api.force_authenticate(ansatt)
    created = api.post(reverse("inquiry-list"), {"summary": "Privat"}, format="json").json()

    api.force_authenticate(avdelingsleder)

    assert api.get(reverse("inquiry-detail", kwargs={"pk": created["id"]})).status_code == 404
    assert api.post(reverse("inquiry-escalate", kwargs={"pk": created["id"]})).status_code == 404


def test_an_advisor_escalating_forbidden_for_office(api, ansatt, merkantil):
    api.force_authenticate(ansatt)
    created = api.post(reverse("inquiry-list"), {"summary": "Privat"}, format="json").json()

    api.force_authenticate(merkantil)
    listed = api.get(reverse("inquiry-list")).json()

    row = next(r for r in listed["results"] if r["id"] == created["id"])
    assert row["summary"] == "Fortrolig sak"
    assert api.post(reverse("inquiry-escalate", kwargs={"pk": created["id"]})).status_code == 403
