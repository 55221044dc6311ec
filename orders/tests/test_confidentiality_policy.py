"""The confidentiality policy (core.confidentiality) where the second security
review found it broken (issue 18, findings 3-6): an escalated employee's case stays
confidential, and what a confidential case is about (its category, its service) and
its timeline reach only those who see its content, filters and reports included."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import InquiryCategory, Service
from orders import services
from orders.models import EventKind, Inquiry, Order, OrderEvent
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")

CATEGORY = "Qz7-kategori"
SERVICE = "Qz7-tjeneste"


@pytest.fixture
def category() -> InquiryCategory:
    return InquiryCategory.objects.create(name=CATEGORY, sort_order=99)


@pytest.fixture
def service() -> Service:
    template = Service.objects.active().order_by("name").first()
    assert template is not None
    return Service.objects.create(
        name=SERVICE,
        description="Varsling om kritikkverdige forhold",
        statutory_code=template.statutory_code,
    )


@pytest.fixture
def request_for_advice(ansatt, category) -> Inquiry:
    """ansatt asks the BHT for advice, under a category that says what it is about
    (and sends it past the health guard's warning)."""
    return services.inquiry_request_advice(
        user=ansatt,
        summary="Jeg er gravid og jobber natt.",
        category=category,
        confirm_health_info=True,
    )


@pytest.fixture
def escalated(request_for_advice, radgiver) -> Order:
    return services.inquiry_escalate(
        inquiry=request_for_advice,
        user=radgiver,
        advice_given="Snakk med lederen din.",
        consent=True,
    )


# --- finding 3: an escalated case stays confidential ------------------------------------


def test_it_gives_the_leader_a_draft_without_the_employees_category(api, escalated):
    leader = escalated.ordered_by
    api.force_authenticate(leader)

    data = api.get(f"/api/v1/orders/{escalated.pk}/").json()

    assert escalated.confidential
    assert escalated.category_id is None
    assert data["category"] is None
    assert data["description"] == ""
    assert data["confidential"] is True


def test_it_refuses_the_leader_who_lifts_confidentiality(api, escalated):
    api.force_authenticate(escalated.ordered_by)

    response = api.patch(
        f"/api/v1/orders/{escalated.pk}/", {"confidential": False, "confidential_reason": "x"}
    )

    assert response.status_code == 403
    escalated.refresh_from_db()
    assert escalated.confidential


def test_it_keeps_the_box_ticked_when_the_leader_saves_the_form(client, escalated):
    leader = escalated.ordered_by
    client.force_login(leader)
    url = reverse("orders:edit", kwargs={"pk": escalated.pk})

    response = client.post(
        url,
        {
            "title": "Tilrettelegging",
            "description": "Behov for tilrettelegging av turnus.",
            "department": escalated.department_id,
            "urgency": "normal",
            "lock_version": escalated.lock_version,
            "action": "save",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    escalated.refresh_from_db()
    assert escalated.confidential
    assert escalated.description == "Behov for tilrettelegging av turnus."


def test_it_lets_an_advisor_lift_it_only_with_a_reason(api, radgiver, escalated):
    api.force_authenticate(radgiver)
    url = f"/api/v1/orders/{escalated.pk}/"

    missing = api.patch(url, {"confidential": False})
    lifted = api.patch(
        url, {"confidential": False, "confidential_reason": "Gjelder hele avdelingen."}
    )

    assert missing.status_code == 400
    assert "confidential_reason" in missing.json()
    assert lifted.status_code == 200
    assert lifted.json()["confidential"] is False
    event = OrderEvent.objects.get(order=escalated, internal=True, actor=radgiver)
    assert "Gjelder hele avdelingen." in event.text


def test_it_lets_an_advisor_lift_it_on_the_form_with_a_reason(client, radgiver, escalated):
    client.force_login(radgiver)
    url = reverse("orders:edit", kwargs={"pk": escalated.pk})
    form = {
        "title": "Turnus i avdelingen",
        "description": "Gjelder hele avdelingen.",
        "department": escalated.department_id,
        "urgency": "normal",
        "lock_version": escalated.lock_version,
        "action": "save",
    }

    page = client.get(url).content.decode()
    refused = client.post(url, form)
    lifted = client.post(url, {**form, "confidential_reason": "Ikke lenger om én ansatt."})

    assert "Begrunnelse for å oppheve fortroligheten" in page
    assert refused.status_code == 400
    assert "Skriv hvorfor saken ikke lenger er fortrolig." in refused.content.decode()
    assert lifted.status_code == 302
    escalated.refresh_from_db()
    assert not escalated.confidential
    assert OrderEvent.objects.filter(
        order=escalated, internal=True, text__contains="Ikke lenger om én ansatt."
    ).exists()


# --- finding 4: a confidential inquiry's category ----------------------------------------


def test_it_hides_a_confidential_inquirys_category_from_the_office(
    api, client, merkantil, request_for_advice
):
    api.force_authenticate(merkantil)
    client.force_login(merkantil)

    detail = api.get(f"/api/v1/inquiries/{request_for_advice.pk}/").json()
    listed = api.get("/api/v1/inquiries/").json()["results"]
    page = client.get(reverse("orders:inquiry-detail", kwargs={"pk": request_for_advice.pk}))
    queue = client.get(reverse("orders:queue") + "?fane=inquiries")

    assert detail["category"] is None
    assert [r["category"] for r in listed if r["id"] == request_for_advice.pk] == [None]
    assert page.status_code == queue.status_code == 200
    assert CATEGORY not in page.content.decode()
    assert CATEGORY not in queue.content.decode()


def test_it_shows_the_category_to_the_advisor(api, client, radgiver, request_for_advice):
    api.force_authenticate(radgiver)
    client.force_login(radgiver)

    detail = api.get(f"/api/v1/inquiries/{request_for_advice.pk}/").json()
    page = client.get(reverse("orders:inquiry-detail", kwargs={"pk": request_for_advice.pk}))
    queue = client.get(reverse("orders:queue") + "?fane=inquiries")

    assert detail["category"] == request_for_advice.category_id
    assert CATEGORY in page.content.decode()
    assert CATEGORY in queue.content.decode()


# --- finding 5: a confidential order's service -------------------------------------------


def _row(html: str, reference: str) -> str:
    """The table row of one order in a list page."""
    rows = [row for row in re.findall(r"<tr.*?</tr>", html, re.S) if reference in row]
    assert len(rows) == 1, f"{reference} is listed once"
    return rows[0]


@pytest.fixture
def confidential_order(service) -> Order:
    return f.submitted(title="Varsling om leder", service=service, confidential=True)


def test_it_hides_the_service_of_a_confidential_order(
    api, client, kommunalsjef, confidential_order
):
    api.force_authenticate(kommunalsjef)
    client.force_login(kommunalsjef)
    ref = confidential_order.reference

    detail = api.get(f"/api/v1/orders/{confidential_order.pk}/").json()
    listed = api.get("/api/v1/orders/", {"reference": ref}).json()["results"]
    page = client.get(reverse("orders:detail", kwargs={"pk": confidential_order.pk}))
    rows = client.get(reverse("orders:list") + f"?reference={ref}").content.decode()

    assert detail["service"] is None
    assert [r["service"] for r in listed] == [None]
    assert SERVICE not in page.content.decode()
    assert SERVICE not in _row(rows, ref)


def test_it_shows_the_service_to_the_advisor(api, client, radgiver, confidential_order):
    api.force_authenticate(radgiver)
    client.force_login(radgiver)
    ref = confidential_order.reference

    detail = api.get(f"/api/v1/orders/{confidential_order.pk}/").json()
    page = client.get(reverse("orders:detail", kwargs={"pk": confidential_order.pk}))
    rows = client.get(reverse("orders:queue") + "?fane=new").content.decode()

    assert detail["service"] == confidential_order.service_id
    assert SERVICE in page.content.decode()
    assert SERVICE in _row(rows, ref)


@pytest.mark.parametrize(
    ("username", "finds_it"), [("kommunalsjef", False), ("radmann", False), ("radgiver", True)]
)
def test_it_finds_a_confidential_order_by_service_only_for_those_who_see_it(
    username, finds_it, api, client, persona, service, confidential_order
):
    open_order = f.submitted(title="Varsling, rutiner", service=service)
    user = persona(username)
    api.force_authenticate(user)
    client.force_login(user)

    found = {
        r["reference"]
        for r in api.get("/api/v1/orders/", {"service": service.pk}).json()["results"]
    }
    html = client.get(reverse("orders:list") + f"?service={service.pk}").content.decode()

    assert open_order.reference in found
    assert open_order.reference in html
    assert (confidential_order.reference in found) is finds_it
    assert (confidential_order.reference in html) is finds_it


# --- finding 6: order_report shows the timeline only with the content -------------------


def _report_events(order: Order) -> list[list[object]]:
    from reports.kinds import order_report
    from reports.models import ReportRun

    report = order_report.compute(ReportRun(kind="order_report", order=order))
    tables = [t for s in report.sections for t in s.tables if t.title == "Hendelser"]
    return tables[0].rows


def _with_comment_and_attachment(order: Order, settings, tmp_path) -> Order:
    settings.MEDIA_ROOT = tmp_path
    leader, advisor = f.user("avdelingsleder"), f.user("radgiver")
    services.order_comment(order=order, user=leader, text="Kommentar fra lederen")
    services.order_attach(
        order=order,
        user=advisor,
        file=SimpleUploadedFile("notat.pdf", b"%PDF-1.4 x", "application/pdf"),
        text="Vedlegg fra rådgiveren",
    )
    return order


def test_it_reports_only_the_status_changes_of_a_confidential_order(settings, tmp_path):
    order = _with_comment_and_attachment(
        f.in_progress(title="Konflikt i turnusen", confidential=True), settings, tmp_path
    )
    status = str(EventKind.STATUS.label)

    rows = _report_events(order)

    assert rows, "the status changes are in the report"
    assert {row[1] for row in rows} == {status}
    assert all(row[3] == "" for row in rows)
    assert len(rows) == OrderEvent.objects.filter(order=order, kind=EventKind.STATUS).count()


def test_it_reports_the_whole_timeline_of_an_open_order(settings, tmp_path):
    order = _with_comment_and_attachment(f.in_progress(), settings, tmp_path)

    kinds = {row[1] for row in _report_events(order)}

    assert {str(EventKind.COMMENT.label), str(EventKind.ATTACHMENT.label)} <= kinds
