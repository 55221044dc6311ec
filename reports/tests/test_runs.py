"""Report runs: figures, renderers, lifecycle, idempotence, scope, API, schedule."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplans.models import ActionPlan, PlanItem
from bht.celery import app as celery_app
from core.errors import ApplicationError
from core.models import Advisor, Organisation, ServiceArea, User
from orders.models import Billing, EventKind, Order, OrderEvent
from reports import render, services
from reports.kinds import KINDS, KindSpec
from reports.kinds import hours_by_area as hours_kind
from reports.models import ReportFile, ReportRun, RunStatus
from timetracking.models import Activity, InternalActivity, TimeEntry

YEAR = 2019  # no demo hours in this year: the figures are the ones below only


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def eager_tasks(monkeypatch):
    """Tasks run in-process here, also in CI's broker pass: a real worker cannot see
    this test's uncommitted rows (tests/test_reports_worker.py covers the worker)."""
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    monkeypatch.setattr(celery_app.conf, "task_eager_propagates", True)


def helse() -> ServiceArea:
    return ServiceArea.objects.get(name="Helse og sosial")


def other_area() -> ServiceArea:
    area = helse()
    return ServiceArea.objects.filter(organisation=area.organisation).exclude(pk=area.pk).first()  # type: ignore[return-value]


@pytest.fixture
def hours(bhtleder: User) -> dict[str, Decimal]:
    """Hand-built entries: helse 3+2 (fixed), 1.5 (extra), 0.5 (internal); other 4 (extra)."""
    assert not TimeEntry.objects.filter(date__year=YEAR).exists()
    advisor = Advisor.objects.order_by("pk").first()
    area = helse()
    other = other_area()
    item = PlanItem.objects.filter(plan__area=area).order_by("pk").first()
    order = Order.objects.filter(area=area).order_by("pk").first()
    other_order = Order.objects.filter(area=other).order_by("pk").first()
    internal = InternalActivity.objects.order_by("pk").first()
    assert advisor and item and order and other_order and internal

    def entry(
        day: datetime.date, h: str, billing: str, area: ServiceArea, **target: object
    ) -> None:
        TimeEntry.objects.create(
            advisor=advisor, date=day, hours=Decimal(h), activity=Activity.MEETING,
            billing=billing, area=area, **target,
        )  # fmt: skip

    entry(datetime.date(YEAR, 1, 10), "3", Billing.FIXED_PRICE, area, plan_item=item)
    entry(datetime.date(YEAR, 1, 11), "2", Billing.FIXED_PRICE, area, plan_item=item)
    entry(datetime.date(YEAR, 3, 5), "1.5", Billing.EXTRA_SALE, area, order=order)
    entry(datetime.date(YEAR, 3, 6), "0.5", Billing.INTERNAL, area, internal_activity=internal)
    entry(datetime.date(YEAR, 2, 1), "4", Billing.EXTRA_SALE, other, order=other_order)
    entry(datetime.date(YEAR + 1, 1, 1), "7", Billing.EXTRA_SALE, area, order=order)
    return {
        "fixed": Decimal(5),
        "extra": Decimal("5.5"),
        "internal": Decimal("0.5"),
        "all": Decimal(11),
    }


def new_run(user: User, **params: object) -> ReportRun:
    params.setdefault("kind", "hours_by_area")
    if params["kind"] == "hours_by_area":
        params.setdefault("organisation", helse().organisation)
        params.setdefault("year", YEAR)
    return services.report_request(user=user, **params)  # type: ignore[arg-type]


# --- figures and renderers ------------------------------------------------------


def test_hours_by_area_figures_match_hand_built_entries(bhtleder, hours, django_assert_num_queries):
    run = ReportRun(kind="hours_by_area", organisation=helse().organisation, year=YEAR)
    with django_assert_num_queries(1):
        rows = hours_kind.rows_for(run)
    assert len(rows) == 3  # helse jan, helse mar, other feb
    report = hours_kind.compute(run)
    table = report.sections[0].tables[0]
    assert table.totals == [
        "Sum",
        "",
        hours["fixed"],
        hours["extra"],
        hours["internal"],
        hours["all"],
    ]
    january = next(r for r in table.rows if r[0] == "Helse og sosial" and r[1] == "januar")
    assert january[2:] == [Decimal(5), Decimal(0), Decimal(0), Decimal(5)]


def test_hours_by_area_for_one_area(bhtleder, hours):
    run = ReportRun(
        kind="hours_by_area", organisation=helse().organisation, area=helse(), year=YEAR
    )
    table = hours_kind.compute(run).sections[0].tables[0]
    assert table.totals[-1] == Decimal(7)  # type: ignore[index]


def test_xlsx_has_numbers_and_totals_equal_to_the_database(bhtleder, hours):
    run = ReportRun(kind="hours_by_area", organisation=helse().organisation, year=YEAR)
    book = openpyxl.load_workbook(io.BytesIO(render.to_xlsx(hours_kind.compute(run))))
    sheet = book["Timer"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    last = [c.value for c in sheet[sheet.max_row]]
    assert last[0] == "Sum"
    assert last[-1] == float(hours["all"]) == 11
    db_total = sum(
        TimeEntry.objects.filter(
            date__year=YEAR, area__organisation=helse().organisation
        ).values_list("hours", flat=True)
    )
    assert Decimal(str(last[-1])) == db_total
    assert isinstance(sheet.cell(row=2, column=3).value, int | float)


def test_pdf_contains_organisation_and_total(bhtleder, hours):
    run = ReportRun(kind="hours_by_area", organisation=helse().organisation, year=YEAR)
    pdf = render.to_pdf(hours_kind.compute(run))
    assert pdf.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert helse().organisation.name in text
    assert "11,00" in text  # "Timer i alt"
    assert "Side 2 av" in text


def test_csv_is_semicolon_separated_utf8_with_bom(bhtleder, hours):
    run = ReportRun(kind="hours_by_area", organisation=helse().organisation, year=YEAR)
    data = render.to_csv(hours_kind.compute(run))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Tjenesteområde"
    assert rows[-1][0] == "Sum"
    assert rows[-1][-1] == "11.00".replace(".", ",")


def test_plan_status_and_order_report_compute(bhtleder):
    plan = ActionPlan.objects.order_by("pk").first()
    report = KINDS["plan_status"].compute(ReportRun(kind="plan_status", plan=plan))
    assert report.sections[1].tables[0].rows
    order = Order.objects.order_by("pk").first()
    assert order is not None
    OrderEvent.objects.create(
        order=order, kind=EventKind.INTERNAL_NOTE, internal=True, text="hemmelig notat"
    )
    report = KINDS["order_report"].compute(ReportRun(kind="order_report", order=order))
    assert "hemmelig notat" not in render.canonical_json(report)
    assert report.organisation_name == order.organisation.name


# --- lifecycle -------------------------------------------------------------------


def test_request_runs_to_done_with_files(bhtleder, hours, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = new_run(bhtleder)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    assert run.attempts == 1
    assert run.started_at and run.finished_at
    assert len(run.data_fingerprint) == 64
    formats = {f.format: f for f in run.files.all()}
    assert set(formats) == {"pdf", "xlsx", "csv"}
    for f in formats.values():
        assert f.file.storage.exists(f.file.name)
        assert f.size == f.file.size


def test_failure_is_recorded_and_retry_succeeds(
    bhtleder, hours, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(run: ReportRun) -> None:
        raise ValueError("tallene mangler")

    with monkeypatch.context() as patched:
        patched.setattr(hours_kind, "compute", broken)
        with django_capture_on_commit_callbacks(execute=True):
            run = new_run(bhtleder)
        run.refresh_from_db()
        assert run.status == RunStatus.FAILED
        assert "tallene mangler" in run.error
        assert not run.files.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(run=run, user=bhtleder)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.attempts == 2
    assert run.error == ""


def test_a_kind_whose_module_is_missing_fails_with_a_clear_message(
    bhtleder, monkeypatch, django_capture_on_commit_callbacks
):
    spec = KINDS["hours_by_area"]
    monkeypatch.setitem(
        KINDS,
        "hours_by_area",
        KindSpec(spec.label, "reports.kinds.not_there.compute", spec.required),
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = new_run(bhtleder)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "ikke tilgjengelig" in run.error


def test_same_request_while_queued_is_the_same_run(bhtleder):
    first = new_run(bhtleder)  # on_commit not executed: stays queued
    second = new_run(bhtleder)
    assert first.pk == second.pk
    assert ReportRun.objects.filter(year=YEAR).count() == 1


def test_same_request_with_same_data_reuses_the_files(
    bhtleder, hours, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = new_run(bhtleder)
    with django_capture_on_commit_callbacks(execute=True):
        second = new_run(bhtleder)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.pk != second.pk
    assert second.status == RunStatus.DONE
    assert first.data_fingerprint == second.data_fingerprint
    names = lambda run: {f.format: f.file.name for f in run.files.all()}  # noqa: E731
    assert names(first) == names(second)
    # New data → a new fingerprint and new files.
    TimeEntry.objects.filter(date__year=YEAR).order_by("pk").first().delete()  # type: ignore[union-attr]
    with django_capture_on_commit_callbacks(execute=True):
        third = new_run(bhtleder)
    third.refresh_from_db()
    assert third.data_fingerprint != first.data_fingerprint
    assert names(third)["pdf"] != names(first)["pdf"]


def test_stuck_runs_are_marked_failed(bhtleder):
    run = new_run(bhtleder)
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now() - datetime.timedelta(hours=2)
    )
    fresh = new_run(bhtleder, year=YEAR - 1)
    ReportRun.objects.filter(pk=fresh.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    assert services.reports_fail_stuck(older_than=datetime.timedelta(minutes=30)) == 1
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == services.STUCK_MESSAGE


def test_validation_names_the_field(bhtleder):
    with pytest.raises(ApplicationError) as exc:
        services.report_request(
            kind="hours_by_area", user=bhtleder, organisation=helse().organisation
        )
    assert exc.value.field == "year"
    with pytest.raises(ApplicationError) as exc:
        services.report_request(kind="nope", user=bhtleder)
    assert exc.value.field == "kind"
    with pytest.raises(ApplicationError) as exc:
        services.report_request(kind="plan_status", user=bhtleder)
    assert exc.value.field == "plan"


def test_director_may_request_own_area_only(kommunalsjef, avdelingsleder):
    run = new_run(kommunalsjef, area=helse())
    assert run.area == helse()
    with pytest.raises(PermissionDenied):
        new_run(kommunalsjef, area=other_area())
    with pytest.raises(PermissionDenied):
        new_run(kommunalsjef, kind="order_report", order=Order.objects.filter(area=helse()).first())
    with pytest.raises(PermissionDenied):
        new_run(avdelingsleder, area=helse())


def test_annual_drafts_are_created_once(bhtleder):
    from core.models import Role
    from core.services import role_assign
    from core.tests.factories import UserFactory

    role_assign(user=UserFactory(username="amu-helse"), role=Role.AMU_MEMBER, scope=helse())
    first = services.annual_drafts_create(year=YEAR)
    assert len(first) == 2 * Organisation.objects.count() + 1
    # The area with its own AMU gets its area report; none is released yet.
    assert [r.area for r in first if r.area_id] == [helse()]
    assert all(r.released_at is None for r in first)
    assert services.annual_drafts_create(year=YEAR) == []


def test_beat_schedule_has_the_15_january_job():
    entry = celery_app.conf.beat_schedule["reports-annual-drafts"]
    assert entry["task"] == "reports.tasks.create_annual_drafts"
    schedule = entry["schedule"]
    assert schedule.day_of_month == {15} and schedule.month_of_year == {1}
    assert schedule.hour == {6} and schedule.minute == {0}
    assert (
        celery_app.conf.beat_schedule["reports-fail-stuck"]["task"]
        == "reports.tasks.fail_stuck_reports"
    )


def test_generate_report_command(bhtleder, hours, capsys):
    call_command("generate_report", "--kind", "hours_by_area", "--year", str(YEAR),
                 "--organisation", helse().organisation.slug)  # fmt: skip
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 3 and out[0].endswith(".csv")


# --- pages -----------------------------------------------------------------------


def test_pages_for_bht_manager(client, bhtleder, hours, django_capture_on_commit_callbacks):
    client.force_login(bhtleder)
    assert client.get(reverse("reports:index")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:index"), {
            "kind": "hours_by_area", "organisation": helse().organisation.pk, "year": YEAR,
        })  # fmt: skip
    assert response.status_code == 302
    run = ReportRun.objects.get(year=YEAR)
    page = client.get(reverse("reports:run", args=[run.pk]))
    assert page.status_code == 200
    assert b'role="progressbar"' in page.content and b'aria-valuenow="100"' in page.content
    download = client.get(reverse("reports:download", args=[run.pk, "xlsx"]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    html = client.get(reverse("reports:html", args=[run.pk]))
    assert helse().organisation.name.encode() in html.content
    # In the site's frame: the header with the menu, and a way back to the run.
    text = html.content.decode()
    assert 'class="bht-header"' in text
    assert 'aria-label="Hovedmeny"' in text
    assert f'href="{reverse("reports:run", args=[run.pk])}"' in text
    assert 'name="viewport"' in text
    assert text.count("<h1") == 1


def test_the_form_shows_field_errors(client, bhtleder):
    client.force_login(bhtleder)
    response = client.post(reverse("reports:index"), {"kind": "hours_by_area", "year": "abc"})
    assert response.status_code == 400
    assert "fire sifre" in response.content.decode()


def test_queued_run_polls_and_failed_run_offers_retry(client, bhtleder):
    client.force_login(bhtleder)
    run = new_run(bhtleder)
    fragment = client.get(reverse("reports:run-status", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error="Noe gikk galt")
    fragment = client.get(reverse("reports:run-status", args=[run.pk])).content.decode()
    assert "Noe gikk galt" in fragment and "Prøv igjen" in fragment
    assert "every 1s" not in fragment


def test_scope_of_runs(client, bhtleder, kommunalsjef, avdelingsleder, outsider, amu):
    mine = new_run(kommunalsjef, area=helse())
    whole = new_run(bhtleder)
    other = new_run(bhtleder, area=other_area())
    annual = ReportRun.objects.create(
        kind="amu_annual",
        organisation=helse().organisation,
        year=YEAR,
        params_key="x",
        released_at=timezone.now(),
    )
    client.force_login(kommunalsjef)
    assert client.get(reverse("reports:run", args=[mine.pk])).status_code == 200
    assert client.get(reverse("reports:run", args=[other.pk])).status_code == 404
    assert client.get(reverse("reports:run", args=[whole.pk])).status_code == 404
    client.force_login(avdelingsleder)
    assert client.get(reverse("reports:index")).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("reports:run", args=[mine.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[mine.pk, "pdf"])).status_code == 404
    client.force_login(amu)
    assert client.get(reverse("reports:run", args=[annual.pk])).status_code == 200
    assert client.get(reverse("reports:run", args=[whole.pk])).status_code == 404
    client.force_login(bhtleder)
    for run in (mine, whole, other, annual):
        assert client.get(reverse("reports:run", args=[run.pk])).status_code == 200


def test_archive_query_count_does_not_grow_with_runs(
    client, bhtleder, hours, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(bhtleder)
    with django_capture_on_commit_callbacks(execute=True):
        for year in (YEAR - 2, YEAR - 1, YEAR):
            new_run(bhtleder, year=year)
    client.get(reverse("reports:index"))  # warm caches (session, profile)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("reports:index"))
    count = len(few.captured_queries)
    with django_capture_on_commit_callbacks(execute=True):
        for year in (YEAR - 5, YEAR - 4, YEAR - 3):
            new_run(bhtleder, year=year)
    with django_assert_max_num_queries(count):
        client.get(reverse("reports:index"))


# --- API -------------------------------------------------------------------------


def test_api_request_list_and_detail(api, bhtleder, hours, django_capture_on_commit_callbacks):
    api.force_authenticate(bhtleder)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/reports/", {
            "kind": "hours_by_area", "organisation": helse().organisation.pk, "year": YEAR,
        }, format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.data["status"] == "queued"
    detail = api.get(f"/api/v1/reports/{response.data['id']}/")
    assert detail.data["status"] == "done" and detail.data["progress"] == 100
    assert {f["format"] for f in detail.data["files"]} == {"pdf", "xlsx", "csv"}
    listing = api.get("/api/v1/reports/")
    assert listing.status_code == 200


def test_api_errors(api, kommunalsjef, avdelingsleder, outsider):
    api.force_authenticate(kommunalsjef)
    bad = api.post("/api/v1/reports/", {"kind": "hours_by_area", "area": helse().pk}, format="json")
    assert bad.status_code == 400 and "year" in bad.data
    unseen = api.post(
        "/api/v1/reports/",
        {"kind": "hours_by_area", "area": other_area().pk, "year": YEAR},
        format="json",
    )
    assert unseen.status_code == 400 and "area" in unseen.data  # outside scope: unknown
    api.force_authenticate(avdelingsleder)
    forbidden = api.post(
        "/api/v1/reports/",
        {"kind": "hours_by_area", "area": helse().pk, "year": YEAR},
        format="json",
    )
    assert forbidden.status_code == 403
    run = new_run(kommunalsjef, area=helse())
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/reports/{run.pk}/").status_code == 404
    assert not ReportFile.objects.filter(run__year=YEAR).exists()


@pytest.mark.parametrize(
    ("username", "shown"),
    [("bhtleder", True), ("kommunalsjef", True), ("amu", True), ("avdelingsleder", False)],
)
def test_nav_entry_for_those_who_may_see_reports(client, persona, username, shown):
    client.force_login(persona(username))
    page = client.get(reverse("home")).content.decode()
    assert (f'href="{reverse("reports:index")}"' in page) is shown
