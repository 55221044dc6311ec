"""AMU review of annual reports: comments and the committee's decision, pages and API,
and who may see and do what (an AMU member of another organisation sees nothing)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.demo import annual_report_year
from core.errors import ApplicationError
from core.models import Organisation, Role, User
from core.services import role_assign
from core.tests.factories import OrganisationFactory, UserFactory
from reports import selectors, services
from reports.models import AmuComment, AmuReview, ReportRun, RunStatus

pytestmark = pytest.mark.django_db


def fjordby() -> Organisation:
    return Organisation.objects.get(slug="fjordby")


def _run(kind: str = "amu_annual", *, organisation: Organisation | None = None) -> ReportRun:
    org = organisation or fjordby()
    return ReportRun.objects.create(
        kind=kind,
        organisation=org,
        year=2019,
        status=RunStatus.DONE,
        progress=100,
        finished_at=timezone.now() - datetime.timedelta(days=30),
        # Released by the BHT manager (tests/test_release.py covers the release).
        released_at=timezone.now() - datetime.timedelta(days=29),
        params_key=f"{kind}|org={org.pk}|test",
    )


@pytest.fixture
def run() -> ReportRun:
    return _run()


@pytest.fixture
def other_amu() -> User:
    """An AMU member of another organisation."""
    other = OrganisationFactory(name="Nabokommune", slug="nabokommune")
    user = UserFactory(username="amu-nabo", email="amu@nabo.no")
    role_assign(user=user, role=Role.AMU_MEMBER, scope=other)
    return user


YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


# --- services --------------------------------------------------------------------


def test_amu_member_comments_and_records_the_decision(run, amu, bhtleder):
    mail.outbox.clear()
    comment = services.amu_comment_add(run=run, user=amu, text="  Bra rapport.  ")
    assert comment.text == "Bra rapport." and comment.author == amu
    review = services.amu_review_record(
        run=run,
        user=amu,
        meeting_date=YESTERDAY,
        case_number="26/14",
        decision="Tatt til orientering.",
    )
    assert review.organisation == run.organisation and review.area is None
    assert review.recorded_by == amu
    assert list(run.reviews.all()) == [review]


def test_decision_tells_the_bht_manager(run, amu, bhtleder, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.amu_review_record(
            run=run,
            user=amu,
            meeting_date=YESTERDAY,
            case_number="26/14",
            decision="Tatt til orientering.",
        )
    recipients = {address for m in mail.outbox for address in m.to}
    assert bhtleder.email in recipients
    assert amu.email not in recipients
    assert "Tatt til orientering." in mail.outbox[0].body


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"meeting_date": None}, "meeting_date"),
        ({"meeting_date": timezone.localdate() + datetime.timedelta(days=1)}, "meeting_date"),
        ({"meeting_date": datetime.date(2000, 1, 1)}, "meeting_date"),
        ({"decision": "   "}, "decision"),
        ({"case_number": "x" * 41}, "case_number"),
    ],
)
def test_review_validation_names_the_field_and_saves_nothing(run, amu, fields, field):
    values = {"meeting_date": YESTERDAY, "case_number": "1", "decision": "Ok", **fields}
    with pytest.raises(ApplicationError) as exc:
        services.amu_review_record(run=run, user=amu, **values)
    assert exc.value.field == field
    assert not AmuReview.objects.filter(run=run).exists()


def test_empty_comment_is_refused(run, amu):
    with pytest.raises(ApplicationError) as exc:
        services.amu_comment_add(run=run, user=amu, text="  ")
    assert exc.value.field == "text"


def test_only_the_committee_records_the_decision(run, bhtleder, kommunalsjef, radgiver):
    # The BHT may comment, but only the committee decides.
    services.amu_comment_add(run=run, user=radgiver, text="Svar fra BHT.")
    for user in (bhtleder, radgiver):
        with pytest.raises(PermissionDenied):
            services.amu_review_record(run=run, user=user, meeting_date=YESTERDAY,
                                       case_number="", decision="x")  # fmt: skip
    # An area director does not see the organisation's AMU report at all.
    assert selectors.run_for_user(kommunalsjef, run.pk) is None
    with pytest.raises(PermissionDenied):
        services.amu_comment_add(run=run, user=kommunalsjef, text="x")


def test_reports_that_are_not_for_amu_take_no_review(amu, bhtleder):
    run = _run("hours_by_area")
    assert not selectors.may_comment(bhtleder, run)
    with pytest.raises(PermissionDenied):
        services.amu_comment_add(run=run, user=bhtleder, text="x")


def test_a_run_that_is_not_done_takes_no_review(run, amu):
    run.status = RunStatus.RUNNING
    run.save()
    with pytest.raises(PermissionDenied):
        services.amu_review_record(run=run, user=amu, meeting_date=YESTERDAY,
                                   case_number="", decision="x")  # fmt: skip


def test_amu_member_of_another_organisation_sees_nothing(run, other_amu, client, api):
    assert selectors.run_for_user(other_amu, run.pk) is None
    with pytest.raises(PermissionDenied):
        services.amu_comment_add(run=run, user=other_amu, text="x")
    client.force_login(other_amu)
    assert client.get(reverse("reports:run", args=[run.pk])).status_code == 404
    assert client.get(reverse("reports:html", args=[run.pk])).status_code == 404
    assert client.post(reverse("reports:comment", args=[run.pk]), {"text": "x"}).status_code == 404
    assert (
        client.post(
            reverse("reports:review", args=[run.pk]),
            {"meeting_date": YESTERDAY.isoformat(), "decision": "x"},
        ).status_code
        == 404
    )
    index = client.get(reverse("reports:index"))
    assert index.status_code == 200
    assert reverse("reports:run", args=[run.pk]) not in index.content.decode()
    api.force_authenticate(other_amu)
    assert api.get("/api/v1/reports/").json()["count"] == 0
    assert api.get(f"/api/v1/reports/{run.pk}/").status_code == 404
    assert api.post(f"/api/v1/reports/{run.pk}/comment/", {"text": "x"}).status_code == 404
    assert not AmuComment.objects.filter(run=run).exists()


def test_amu_member_sees_the_committees_reports_only(amu):
    mine = _run()
    assert selectors.run_for_user(amu, mine.pk) is not None
    not_for_amu = _run("hours_by_area")
    assert selectors.run_for_user(amu, not_for_amu.pk) is None


# --- pages ---------------------------------------------------------------------------


def test_run_page_shows_the_forms_to_the_committee(run, amu, client):
    client.force_login(amu)
    page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert reverse("reports:review", args=[run.pk]) in page
    assert reverse("reports:comment", args=[run.pk]) in page


def test_run_page_for_bht_shows_comment_form_but_not_the_decision_form(run, bhtleder, client):
    client.force_login(bhtleder)
    page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert reverse("reports:comment", args=[run.pk]) in page
    assert reverse("reports:review", args=[run.pk]) not in page


def test_comment_and_decision_through_the_page(run, amu, client):
    client.force_login(amu)
    response = client.post(reverse("reports:comment", args=[run.pk]), {"text": "Hva med Oppvekst?"})
    assert response.status_code == 302
    response = client.post(
        reverse("reports:review", args=[run.pk]),
        {"meeting_date": YESTERDAY.isoformat(), "case_number": "26/3", "decision": "Godkjent."},
    )
    assert response.status_code == 302
    page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert "Hva med Oppvekst?" in page and "26/3" in page and "Godkjent." in page
    archive = client.get(reverse("reports:index")).content.decode()
    assert "Behandlet" in archive


def test_page_shows_errors_per_field_and_keeps_input(run, amu, client):
    client.force_login(amu)
    response = client.post(
        reverse("reports:review", args=[run.pk]),
        {"meeting_date": "31.02.2026", "case_number": "7", "decision": "Mitt vedtak"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="rv-date-error"' in page and "Mitt vedtak" in page
    assert not AmuReview.objects.filter(run=run).exists()


# --- API -------------------------------------------------------------------------------


def test_api_comment_and_review(run, amu, api):
    api.force_authenticate(amu)
    response = api.post(f"/api/v1/reports/{run.pk}/comment/", {"text": "Fra API"}, format="json")
    assert response.status_code == 201, response.content
    response = api.post(
        f"/api/v1/reports/{run.pk}/review/",
        {"meeting_date": YESTERDAY.isoformat(), "case_number": "26/9", "decision": "Ok."},
        format="json",
    )
    assert response.status_code == 201, response.content
    detail = api.get(f"/api/v1/reports/{run.pk}/").json()
    assert detail["reviews"][0]["case_number"] == "26/9"
    assert detail["comments"][0]["text"] == "Fra API"


def test_api_review_errors_are_per_field(run, amu, api):
    api.force_authenticate(amu)
    response = api.post(f"/api/v1/reports/{run.pk}/review/", {"meeting_date": "x"}, format="json")
    assert response.status_code == 400
    assert "meeting_date" in str(response.json())
    response = api.post(
        f"/api/v1/reports/{run.pk}/review/",
        {"meeting_date": YESTERDAY.isoformat(), "decision": ""},
        format="json",
    )
    assert response.status_code == 400
    assert "decision" in str(response.json())


def test_api_review_is_forbidden_for_bht(run, bhtleder, api):
    api.force_authenticate(bhtleder)
    response = api.post(
        f"/api/v1/reports/{run.pk}/review/",
        {"meeting_date": YESTERDAY.isoformat(), "decision": "x"},
        format="json",
    )
    assert response.status_code == 403


# --- demo --------------------------------------------------------------------------


def test_demo_leaves_last_years_annual_reports_done_and_treated():
    year = annual_report_year(timezone.localdate())
    runs = ReportRun.objects.filter(organisation=fjordby(), year=year, status=RunStatus.DONE)
    kinds = set(runs.values_list("kind", flat=True))
    assert {"amu_annual", "labour_inspection_annual"} <= kinds
    amu_run = runs.get(kind="amu_annual")
    assert amu_run.recommendations
    assert set(amu_run.files.values_list("format", flat=True)) >= {"pdf", "xlsx"}
    review = amu_run.reviews.get()
    assert review.decision and review.case_number and review.organisation == fjordby()
    assert amu_run.comments.count() == 2
    # In the order they happened: made, commented, decided, all in the past.
    made = amu_run.finished_at
    comments = list(amu_run.comments.values_list("created_at", flat=True))
    assert made < min(comments) and max(comments) < review.recorded_at < timezone.now()
    assert made.date() == datetime.date(year + 1, 1, 15)
    assert review.meeting_date < timezone.localdate()


def test_annual_report_with_an_area_is_the_area_amus_report(bhtleder, monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda fn, using=None, robust=False: None)
    area = fjordby().areas.order_by("pk").first()
    run = services.report_request(
        kind="amu_annual", user=bhtleder, organisation=fjordby(), area=area, year=2019
    )
    # amu_annual with an area: the report to that area's AMU (test_amu_annual.py).
    assert run.area == area and run.organisation == fjordby()
