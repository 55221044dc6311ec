"""Reports frozen as made: the browser view and every file come from the document
stored with the run; new data after the run changes none of them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bht.celery import app as celery_app
from core.models import Advisor, ServiceArea
from orders.models import Billing, Order
from reports import services
from reports.document import Chart, Report, Section, Table, report_from_data, report_to_data
from reports.models import RunStatus
from timetracking.models import Activity, TimeEntry

YEAR = 2019


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.APP_VERSION = "test-1.2.3"


@pytest.fixture(autouse=True)
def eager_tasks(monkeypatch):
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    monkeypatch.setattr(celery_app.conf, "task_eager_propagates", True)


def _entry(hours: str) -> None:
    area = ServiceArea.objects.get(name="Helse og sosial")
    TimeEntry.objects.create(
        advisor=Advisor.objects.order_by("pk").first(),
        date=datetime.date(YEAR, 3, 5),
        hours=Decimal(hours),
        activity=Activity.MEETING,
        billing=Billing.EXTRA_SALE,
        area=area,
        order=Order.objects.filter(area=area).order_by("pk").first(),
    )


def test_document_round_trips_exactly():
    report = Report(
        kind="x",
        title="T",
        subtitle="S",
        organisation_name="O",
        period_label="2019",
        sections=[
            Section(
                title="A",
                paragraphs=["p"],
                facts=[("Ansatte", "12")],
                tables=[
                    Table(
                        title="t",
                        headers=["a", "b", "c", "d"],
                        rows=[["x", 1, Decimal("7.50"), None]],
                        totals=["Sum", 1, Decimal("7.50"), 0.5],
                        column_formats=["", "count", "decimal"],
                    )
                ],
                charts=[Chart(title="c", svg="<svg/>", alt="alt")],
            )
        ],
    )
    assert report_from_data(report_to_data(report)) == report


def test_it_keeps_view_and_files_when_data_changes(
    client, bhtleder, django_capture_on_commit_callbacks
):
    _entry("3")
    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_request(
            kind="hours_by_area",
            user=bhtleder,
            organisation=ServiceArea.objects.get(name="Helse og sosial").organisation,
            year=YEAR,
        )
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.document is not None and run.code_version == "test-1.2.3"
    assert run.data_taken_at is not None and run.data_fingerprint
    client.force_login(bhtleder)
    # The report itself; the site's header around it (menu, CSRF token) may change.
    page = client.get(reverse("reports:html", args=[run.pk])).context["document"]
    files = {
        f.format: client.get(reverse("reports:download", args=[run.pk, f.format])).getvalue()
        for f in run.files.all()
    }
    assert set(files) == {"pdf", "xlsx", "csv"}
    assert "3,00" in page

    _entry("4")  # new data after the run

    assert client.get(reverse("reports:html", args=[run.pk])).context["document"] == page
    for fmt, content in files.items():
        assert client.get(reverse("reports:download", args=[run.pk, fmt])).getvalue() == content
    run_page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert "Tallene er hentet" in run_page
    assert timezone.localtime(run.data_taken_at).strftime("%Y") in run_page
    assert "test-1.2.3" in run_page

    # A new run sees the new data and gets another fingerprint.
    with django_capture_on_commit_callbacks(execute=True):
        again = services.report_request(
            kind="hours_by_area", user=bhtleder, organisation=run.organisation, year=YEAR
        )
    again.refresh_from_db()
    assert again.pk != run.pk and again.data_fingerprint != run.data_fingerprint
    assert "7,00" in client.get(reverse("reports:html", args=[again.pk])).content.decode()


def test_a_run_without_stored_document_has_no_browser_view(client, bhtleder):
    from reports.models import ReportRun

    run = ReportRun.objects.create(
        kind="hours_by_area",
        organisation=ServiceArea.objects.get(name="Helse og sosial").organisation,
        year=YEAR,
        status=RunStatus.DONE,
        params_key="no-document",
    )
    client.force_login(bhtleder)
    assert client.get(reverse("reports:html", args=[run.pk])).status_code == 404
