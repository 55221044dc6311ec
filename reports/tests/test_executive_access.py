"""The executive (rådmann / HR director) reads every report of their organisation
(DESIGN.md §2): the archive, the run page, the HTML view and the files, in pages and
API alike; they request nothing, comment on nothing and record no AMU treatment,
and a run of another organisation does not exist for them (404)."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from bht.celery import app as celery_app
from core.models import Organisation, Role, ServiceArea, User
from core.services import role_assign
from core.tests.factories import OrganisationFactory
from orders.tests import factories as order_factories
from reports import selectors, services
from reports.models import AmuComment, AmuReview, ReportRun, RunStatus

YEAR = 2019
FORMATS = ("pdf", "xlsx", "csv")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def eager_tasks(monkeypatch):
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    monkeypatch.setattr(celery_app.conf, "task_eager_propagates", True)


def fjordby() -> Organisation:
    return Organisation.objects.get(slug="fjordby")


def skole() -> ServiceArea:
    return ServiceArea.objects.get(organisation=fjordby(), name="Skole")


def _stored_run(kind: str, organisation: Organisation, **fields: object) -> ReportRun:
    fields.setdefault("status", RunStatus.DONE)
    return ReportRun.objects.create(
        kind=kind,
        organisation=organisation,
        year=YEAR,
        progress=100 if fields["status"] == RunStatus.DONE else 0,
        params_key=f"{kind}|org={organisation.pk}|{fields['status']}|executive-test",
        **fields,
    )


@pytest.fixture
def runs(bhtleder: User, amu: User, django_capture_on_commit_callbacks) -> dict[str, ReportRun]:
    """Fjordby: an organisation-wide and an area report (generated, with files), an
    annual report to hoved-AMU with the committee's treatment, a queued run; and a
    finished run of another client organisation of the BHT."""
    with django_capture_on_commit_callbacks(execute=True):
        whole = services.report_request(
            kind="hours_by_area", user=bhtleder, organisation=fjordby(), year=YEAR
        )
        area = services.report_request(
            kind="hours_by_area", user=bhtleder, organisation=fjordby(), area=skole(), year=YEAR
        )
    annual = _stored_run("amu_annual", fjordby(), released_at=timezone.now())
    services.amu_comment_add(run=annual, user=amu, text="Bra oversikt.")
    services.amu_review_record(
        run=annual,
        user=amu,
        meeting_date=timezone.localdate() - datetime.timedelta(days=1),
        case_number="26/14",
        decision="Tatt til orientering i hoved-AMU.",
    )
    queued = _stored_run("sick_leave", fjordby(), status=RunStatus.QUEUED)
    foreign = _stored_run("amu_annual", OrganisationFactory(name="Nabo AS", slug="nabo-as"))
    for run in (whole, area):
        run.refresh_from_db()
        assert run.status == RunStatus.DONE, run.error
    return {"whole": whole, "area": area, "annual": annual, "queued": queued, "foreign": foreign}


# --- who may do what ---------------------------------------------------------------


def test_it_sees_every_run_of_the_organisation_and_none_of_another(radmann, runs):
    visible = set(selectors.runs_visible_to(radmann))

    assert visible >= {runs["whole"], runs["area"], runs["annual"], runs["queued"]}
    assert runs["foreign"] not in visible
    assert {run.organisation_id for run in visible} == {fjordby().pk}


def test_it_reads_but_requests_comments_and_records_nothing(radmann, runs):
    assert selectors.may_see_reports(radmann)
    assert not selectors.may_request_reports(radmann)
    assert not selectors.may_comment(radmann, runs["annual"])
    assert not selectors.may_record_review(radmann, runs["annual"])


def test_an_executive_who_also_sits_in_hoved_amu_takes_part(radmann, runs):
    role_assign(user=radmann, role=Role.AMU_MEMBER, scope=fjordby())
    member = User.objects.get(pk=radmann.pk)  # a fresh object: the scope is cached

    assert selectors.may_comment(member, runs["annual"])
    assert selectors.may_record_review(member, runs["annual"])
    assert not selectors.may_request_reports(member)


# --- pages ---------------------------------------------------------------------------


def test_it_has_the_menu_entry_and_the_archive_without_the_request_form(client, radmann, runs):
    client.force_login(radmann)

    home = client.get(reverse("home")).content.decode()
    response = client.get(reverse("reports:index"))

    assert f'href="{reverse("reports:index")}"' in home
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("whole", "area", "annual", "queued"):
        assert reverse("reports:run", args=[runs[name].pk]) in page
    assert reverse("reports:run", args=[runs["foreign"].pk]) not in page
    assert 'name="kind"' not in page  # no "Lag rapport" form
    assert "registrere utvalgets behandling" not in page  # the lead is not the AMU's


def test_the_run_page_shows_the_amu_treatment_read_only(client, radmann, runs):
    client.force_login(radmann)

    response = client.get(reverse("reports:run", args=[runs["annual"].pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tatt til orientering i hoved-AMU." in page
    assert "Bra oversikt." in page
    assert reverse("reports:review", args=[runs["annual"].pk]) not in page
    assert reverse("reports:comment", args=[runs["annual"].pk]) not in page


@pytest.mark.parametrize("name", ["whole", "area"])
def test_it_opens_the_html_view_and_downloads_the_files(client, radmann, runs, name):
    run = runs[name]
    client.force_login(radmann)

    assert client.get(reverse("reports:run", args=[run.pk])).status_code == 200
    assert client.get(reverse("reports:run-status", args=[run.pk])).status_code == 200
    assert client.get(reverse("reports:html", args=[run.pk])).status_code == 200
    for fmt in FORMATS:
        response = client.get(reverse("reports:download", args=[run.pk, fmt]))
        assert response.status_code == 200, fmt
        assert b"".join(response.streaming_content)


def test_a_failed_run_offers_no_retry(client, radmann, runs):
    ReportRun.objects.filter(pk=runs["area"].pk).update(status=RunStatus.FAILED, error="Feil.")
    client.force_login(radmann)

    page = client.get(reverse("reports:run", args=[runs["area"].pk])).content.decode()
    retry = client.post(reverse("reports:retry", args=[runs["area"].pk]))

    assert reverse("reports:retry", args=[runs["area"].pk]) not in page
    assert retry.status_code == 403
    assert ReportRun.objects.get(pk=runs["area"].pk).status == RunStatus.FAILED


def test_it_may_not_request_comment_or_record_in_pages(client, radmann, runs):
    client.force_login(radmann)
    annual = runs["annual"]
    before = ReportRun.objects.count()

    request = client.post(
        reverse("reports:index"),
        {"kind": "hours_by_area", "organisation": fjordby().pk, "year": YEAR},
    )
    comment = client.post(reverse("reports:comment", args=[annual.pk]), {"text": "Hei"})
    review = client.post(
        reverse("reports:review", args=[annual.pk]),
        {"meeting_date": "ikke en dato", "decision": "Vedtatt."},
    )

    assert (request.status_code, comment.status_code, review.status_code) == (403, 403, 403)
    assert ReportRun.objects.count() == before
    assert not AmuComment.objects.filter(author=radmann).exists()
    assert not AmuReview.objects.filter(recorded_by=radmann).exists()


@pytest.mark.parametrize(
    "url",
    [
        lambda pk: reverse("reports:run", args=[pk]),
        lambda pk: reverse("reports:run-status", args=[pk]),
        lambda pk: reverse("reports:html", args=[pk]),
        lambda pk: reverse("reports:download", args=[pk, "pdf"]),
    ],
)
def test_a_run_of_another_organisation_is_not_found(client, radmann, runs, url):
    client.force_login(radmann)

    assert client.get(url(runs["foreign"].pk)).status_code == 404


def test_posts_on_a_run_of_another_organisation_are_not_found(client, radmann, runs):
    client.force_login(radmann)
    pk = runs["foreign"].pk

    assert client.post(reverse("reports:comment", args=[pk]), {"text": "x"}).status_code == 404
    assert client.post(reverse("reports:review", args=[pk])).status_code == 404
    assert client.post(reverse("reports:retry", args=[pk])).status_code == 404


# --- API -----------------------------------------------------------------------------


def test_api_lists_the_organisations_runs(api, radmann, runs):
    api.force_authenticate(radmann)

    response = api.get("/api/v1/reports/", {"page_size": 200})

    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert {runs[n].pk for n in ("whole", "area", "annual", "queued")} <= ids
    assert runs["foreign"].pk not in ids


def test_api_detail_and_file_links(api, client, radmann, runs):
    api.force_authenticate(radmann)
    client.force_login(radmann)

    detail = api.get(f"/api/v1/reports/{runs['area'].pk}/")
    annual = api.get(f"/api/v1/reports/{runs['annual'].pk}/").json()

    assert detail.status_code == 200
    files = detail.json()["files"]
    assert {f["format"] for f in files} == set(FORMATS)
    for f in files:
        assert client.get(f["url"]).status_code == 200
    assert [r["decision"] for r in annual["reviews"]] == ["Tatt til orientering i hoved-AMU."]


def test_api_write_endpoints_are_forbidden(api, radmann, runs):
    api.force_authenticate(radmann)
    pk = runs["annual"].pk
    before = ReportRun.objects.count()

    create = api.post(
        "/api/v1/reports/",
        {"kind": "hours_by_area", "organisation": fjordby().pk, "year": YEAR},
        format="json",
    )
    comment = api.post(f"/api/v1/reports/{pk}/comment/", {"text": "Hei"}, format="json")
    empty_comment = api.post(f"/api/v1/reports/{pk}/comment/", {}, format="json")
    review = api.post(
        f"/api/v1/reports/{pk}/review/",
        {"meeting_date": "2020-01-01", "decision": "Vedtatt."},
        format="json",
    )

    assert create.status_code == 403
    assert comment.status_code == 403
    assert empty_comment.status_code == 403  # the role decides before the body is read
    assert review.status_code == 403
    assert ReportRun.objects.count() == before
    assert not AmuComment.objects.filter(author=radmann).exists()
    assert not AmuReview.objects.filter(recorded_by=radmann).exists()


def test_api_run_of_another_organisation_is_not_found(api, radmann, runs):
    api.force_authenticate(radmann)
    pk = runs["foreign"].pk

    assert api.get(f"/api/v1/reports/{pk}/").status_code == 404
    assert api.post(f"/api/v1/reports/{pk}/comment/", {"text": "x"}).status_code == 404
    assert api.post(f"/api/v1/reports/{pk}/review/", {}).status_code == 404


# --- confidentiality -----------------------------------------------------------------


def _text_of(response) -> str:
    """The readable text of a page or file: HTML/CSV as is, XLSX cells, PDF text."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"%PDF"):
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if body.startswith(b"PK"):
        book = openpyxl.load_workbook(io.BytesIO(body))
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return body.decode("utf-8", errors="replace")


def test_a_report_on_a_confidential_order_shows_the_executive_no_content(
    client, radmann, bhtleder, django_capture_on_commit_callbacks
):
    mark = "Xq9secret"
    order = order_factories.submitted(
        title=f"{mark} tittel", description=f"{mark} beskrivelse", confidential=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_request(kind="order_report", user=bhtleder, order=order)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    client.force_login(radmann)

    urls = [
        reverse("reports:index"),
        reverse("reports:run", args=[run.pk]),
        reverse("reports:html", args=[run.pk]),
        *(reverse("reports:download", args=[run.pk, fmt]) for fmt in FORMATS),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert mark not in _text_of(response), url
    assert order.reference in client.get(reverse("reports:index")).content.decode()
