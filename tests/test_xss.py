"""User text is escaped everywhere (issue 7, "Web security"; docs/security.md).

Script and attribute-breaking payloads go into every text field of orders,
inquiries, plans and plan items and time-entry notes, through the real forms (and
the services where a form would only add set-up). The pages then show them as
text: the raw `<script>` / `<img onerror>` never appears in the HTML. The PDF and
XLSX reports that carry those texts show them as text too, and no spreadsheet cell
built from user text starts with a formula character (`=`, `+`, `-`, `@`).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplans import services as plan_services
from actionplans.models import PlanItem
from actionplans.tests.factories import FREE_PERIOD  # no plan in the demo
from bht.celery import app as celery_app
from core.models import Advisor, Service, ServiceArea, User
from orders.models import Inquiry, Order
from reports import services as report_services

pytestmark = pytest.mark.usefixtures("demo_data")

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# Starts with "=": in a spreadsheet it would be a formula, so it also probes injection.
PAYLOAD = f"=HYPERLINK(1) {SCRIPT} {IMG}"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
RAW = ("<script>alert", "<img src=x onerror")
FORMULA_STARTS = ("=", "+", "-", "@")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def eager_tasks(monkeypatch):
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    monkeypatch.setattr(celery_app.conf, "task_eager_propagates", True)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _post(client, username: str, url: str, data: dict, **extra) -> None:
    client.force_login(_user(username))
    response = client.post(url, data, **extra)
    assert response.status_code in (200, 302), (url, response.status_code)


def _order_action(order: Order, name: str) -> str:
    return reverse("orders:action", kwargs={"pk": order.pk, "action": name})


@pytest.fixture
def texts(client, django_capture_on_commit_callbacks):
    """Every text field filled with the payload, through the pages' own forms."""
    department = _user("avdelingsleder").department
    assert department is not None
    service = Service.objects.active().order_by("name").first()
    order_form = {
        "service": service.pk,
        "title": PAYLOAD,
        "description": PAYLOAD,
        "journal_reference": "=J-1 <script>",
        "department": department.pk,
        "urgency": "normal",
        "action": "submit",
    }
    advisor = Advisor.objects.get(user__username="radgiver")
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, "avdelingsleder", reverse("orders:create"), order_form)
        order = Order.objects.get(title=PAYLOAD)
        _post(client, "avdelingsleder", _order_action(order, "kommentar"), {"text": PAYLOAD})
        _post(
            client,
            "bhtleder",
            _order_action(order, "godta"),
            {"lead_advisor": advisor.pk, "estimated_hours": "3", "text": PAYLOAD},
        )
        upload = SimpleUploadedFile(f"{IMG}.txt", b"vedlegg", content_type="text/plain")
        _post(
            client,
            "radgiver",
            _order_action(order, "vedlegg"),
            {"file": upload, "text": PAYLOAD},
        )
        _post(client, "radgiver", _order_action(order, "notat"), {"text": PAYLOAD})
        _post(client, "avdelingsleder", _order_action(order, "godkjenn-kostnad"), {"bekreft": "ja"})
        _post(client, "radgiver", _order_action(order, "start"), {})
        _post(
            client,
            "radgiver",
            reverse("timetracking:quick-entry"),
            {
                "mal": f"order-{order.pk}",
                "dato": timezone.localdate().isoformat(),
                "timer": "1",
                "aktivitet": "advice",
                "notat": PAYLOAD,
            },
        )
        _post(client, "radgiver", _order_action(order, "lever"), {})
        scores = dict.fromkeys(("help_received", "work_adapted", "impartial_role"), "4")
        scores |= {"competence": "4", "overall": "5", "text": PAYLOAD}
        _post(client, "avdelingsleder", _order_action(order, "tilbakemelding"), scores)

        _post(client, "avdelingsleder", reverse("orders:create"), {**order_form, "title": "Nr 2"})
        declined = Order.objects.get(title="Nr 2")
        _post(
            client,
            "bhtleder",
            _order_action(declined, "avsla"),
            {"reason_code": "capacity", "reason": PAYLOAD, "bekreft": "ja"},
        )

        _post(
            client,
            "radgiver",
            reverse("orders:inquiry-create"),
            {
                "channel": "phone",
                "caller_name": PAYLOAD,
                "caller_role": "employee",
                "department": department.pk,
                "summary": PAYLOAD,
                "advice_given": PAYLOAD,
                "outcome": "advice_only",
            },
        )
        _post(client, "ansatt", reverse("orders:advice"), {"summary": PAYLOAD})

        director, radgiver = _user("kommunalsjef"), _user("radgiver")
        plan = plan_services.plan_create(
            user=director,
            area=ServiceArea.objects.get(name="Helse og sosial"),
            start_year=FREE_PERIOD,
            budget_hours=Decimal(100),
        )
        item = plan_services.plan_item_create(
            plan=plan,
            user=director,
            service=service,
            title=PAYLOAD,
            description=PAYLOAD,
            budget_hours=Decimal(10),
        )
        plan = plan_services.plan_submit(plan=plan, user=director)
        plan = plan_services.plan_feedback_give(
            plan=plan, user=radgiver, text=PAYLOAD, item_texts={item.pk: PAYLOAD}
        )
        plan = plan_services.plan_consult(
            plan=plan,
            user=director,
            meeting_date=timezone.localdate(),
            case_number="=26/1 <script>",
            minutes=PAYLOAD,
        )
        manager = _user("bhtleder")
        runs = [
            report_services.report_request(kind="order_report", user=manager, order=order),
            report_services.report_request(kind="plan_status", user=manager, plan=plan),
        ]
    for run in runs:
        run.refresh_from_db()
        assert run.status == "done", run.error
    assert Inquiry.objects.filter(summary=PAYLOAD).count() == 2
    assert PlanItem.objects.filter(title=PAYLOAD).exists()
    return {"order": order, "declined": declined, "plan": plan, "runs": runs}


def _pages(texts) -> list[tuple[str, str, bool]]:
    """(persona, url, whether the payload must be on the page as escaped text)."""
    order, declined, plan = texts["order"], texts["declined"], texts["plan"]
    inquiries = Inquiry.objects.filter(summary=PAYLOAD)
    pages = [
        ("avdelingsleder", reverse("orders:detail", kwargs={"pk": order.pk}), True),
        ("avdelingsleder", reverse("orders:detail", kwargs={"pk": declined.pk}), True),
        ("avdelingsleder", reverse("orders:list"), True),
        ("bhtleder", reverse("orders:detail", kwargs={"pk": order.pk}), True),
        ("bhtleder", reverse("orders:list") + "?q=HYPERLINK", True),
        # Long demo queues: the case may be on a later page, the check still applies.
        ("bhtleder", reverse("orders:queue") + "?fane=area", False),
        ("bhtleder", reverse("orders:queue") + "?fane=inquiries", False),
        ("bhtleder", reverse("orders:inquiry-list"), True),
        ("radgiver", reverse("timetracking:timesheet"), True),
        ("radgiver", reverse("timetracking:order-hours", kwargs={"pk": order.pk}), False),
        ("bhtleder", reverse("timetracking:list"), True),
        ("ansatt", reverse("orders:advice"), True),
        ("kommunalsjef", reverse("actionplans:plan", kwargs={"pk": plan.pk}), True),
        ("radgiver", reverse("actionplans:plan", kwargs={"pk": plan.pk}), True),
        ("kommunalsjef", reverse("actionplans:board"), False),
        ("bhtleder", reverse("reports:index"), True),
    ]
    for inquiry in inquiries:
        pages.append(
            ("radgiver", reverse("orders:inquiry-detail", kwargs={"pk": inquiry.pk}), True)
        )
    for run in texts["runs"]:
        pages += [
            ("bhtleder", reverse("reports:run", kwargs={"pk": run.pk}), False),
            ("bhtleder", reverse("reports:html", kwargs={"pk": run.pk}), True),
        ]
    return pages


def test_pages_show_user_text_as_text(client, texts):
    problems = []
    for username, url, shown in _pages(texts):
        client.force_login(_user(username))
        response = client.get(url)
        assert response.status_code == 200, (username, url, response.status_code)
        html = response.content.decode()
        problems += [f"{username} {url}: raw {raw!r}" for raw in RAW if raw in html]
        if shown and ESCAPED_SCRIPT not in html:
            problems.append(f"{username} {url}: the text is not on the page")
    assert problems == [], "\n".join(problems)


def test_the_api_answers_json_that_no_browser_renders(client, texts):
    """JSON carries the text as it was typed; it is never served as HTML."""
    client.force_login(_user("radgiver"))

    response = client.get(f"/api/v1/orders/{texts['order'].pk}/")

    assert response.json()["title"] == PAYLOAD
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"


def _download(client, run, fmt: str) -> bytes:
    client.force_login(_user("bhtleder"))
    response = client.get(reverse("reports:download", kwargs={"pk": run.pk, "fmt": fmt}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_pdf_reports_print_user_text_as_text(client, texts):
    for run in texts["runs"]:
        reader = PdfReader(io.BytesIO(_download(client, run, "pdf")))
        text = re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))

        assert SCRIPT in text, run.kind
        assert "<img src=x onerror=alert(1)>" in text, run.kind


def _cells(xlsx: bytes):
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _assert_no_formula(values: list[str], where: str) -> None:
    carrying = [v for v in values if "alert(1)" in v]
    assert carrying, f"{where}: the user text is missing"
    for value in carrying:
        assert not value.startswith(FORMULA_STARTS), f"{where}: {value!r}"
        assert SCRIPT in value


def test_xlsx_and_csv_reports_keep_user_text_inert(client, texts):
    for run in texts["runs"]:
        cells = list(_cells(_download(client, run, "xlsx")))
        assert not [c.coordinate for c in cells if c.data_type == "f"], run.kind
        _assert_no_formula([c.value for c in cells if isinstance(c.value, str)], run.kind)
    csv_text = _download(client, texts["runs"][1], "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    _assert_no_formula([value for row in rows for value in row], "plan_status csv")


def test_the_time_export_keeps_notes_inert(client, texts):
    client.force_login(_user("bhtleder"))

    xlsx = client.get(reverse("timetracking:export", kwargs={"fmt": "xlsx"}))
    csv_body = client.get(reverse("timetracking:export", kwargs={"fmt": "csv"}))

    cells = list(_cells(xlsx.content))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    _assert_no_formula([c.value for c in cells if isinstance(c.value, str)], "timer.xlsx")
    rows = csv.reader(io.StringIO(csv_body.content.decode("utf-8-sig")), delimiter=";")
    _assert_no_formula([value for row in rows for value in row], "timer.csv")
