"""AMU meetings: the lifecycle through pages and API (create, agenda, decisions that
record the plan approval and the report treatment, minutes approved as a tagged PDF
and locked), with permissions; and the årshjul page."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ApprovalStage, PlanStatus
from actionplans.tests.factories import advance, draft
from core.models import Organisation
from reports import selectors
from reports.models import AgendaItem, AmuMeeting, AmuReview, ReportRun, RunStatus

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def fjordby() -> Organisation:
    return Organisation.objects.get(slug="fjordby")


@pytest.fixture
def released_run() -> ReportRun:
    return ReportRun.objects.create(
        kind="amu_annual",
        organisation=fjordby(),
        year=2019,
        status=RunStatus.DONE,
        progress=100,
        finished_at=timezone.now() - datetime.timedelta(days=30),
        released_at=timezone.now() - datetime.timedelta(days=29),
        params_key="meeting-test",
    )


@pytest.fixture
def meeting(bhtleder, amu) -> AmuMeeting:
    return AmuMeeting.objects.create(
        organisation=fjordby(), date=YESTERDAY, place="Rådhuset", chair=amu, secretary=amu
    )


def test_it_runs_a_meeting_through_the_pages(
    client, bhtleder, amu, kommunalsjef, radgiver, outsider, released_run
):
    plan = advance(draft(kommunalsjef), "signed", director=kommunalsjef, advisor=radgiver, amu=amu)
    waiting = {w["key"]: w["count"] for w in selectors.waiting_for(amu)}
    assert waiting["plans_to_approve"] >= 1
    client.force_login(bhtleder)
    response = client.post(
        reverse("reports:meetings"),
        {"organisation": fjordby().pk, "date": YESTERDAY.isoformat(), "place": "Rådhuset",
         "chair": amu.pk, "secretary": amu.pk},
    )  # fmt: skip
    assert response.status_code == 302
    meeting = AmuMeeting.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))
    url = reverse("reports:meeting", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Årsrapport til AMU 2019" in page  # offered for the agenda
    add = reverse("reports:meeting-item-add", args=[meeting.pk])
    assert client.post(add, {"kind": "report", "run": released_run.pk}).status_code == 302
    assert client.post(add, {"kind": "plan", "plan": plan.pk}).status_code == 302
    bad = client.post(add, {"kind": "free", "title": ""})
    assert bad.status_code == 400 and "Skriv saken." in bad.content.decode()
    report_item, plan_item = meeting.items.order_by("number")
    assert (report_item.number, plan_item.number) == (1, 2)
    # The BHT manager keeps the agenda but does not decide for the committee.
    decide = reverse("reports:meeting-item-decide", args=[meeting.pk, report_item.pk])
    assert client.post(decide, {"decision": "x", "case_number": "1"}).status_code == 403

    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(radgiver)
    assert client.get(url).status_code == 200
    assert client.post(add, {"kind": "free", "title": "Eget"}).status_code == 403

    client.force_login(amu)
    missing = client.post(decide, {"decision": "", "case_number": "27/3"})
    assert missing.status_code == 400 and "Skriv vedtaket." in missing.content.decode()
    assert (
        client.post(
            decide, {"decision": "Tatt til orientering.", "case_number": "27/3"}
        ).status_code
        == 302
    )
    review = AmuReview.objects.get(run=released_run)
    assert (review.meeting_date, review.case_number) == (YESTERDAY, "27/3")
    plan_decide = reverse("reports:meeting-item-decide", args=[meeting.pk, plan_item.pk])
    assert (
        client.post(plan_decide, {"decision": "Godkjent.", "case_number": "27/4"}).status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    approval = plan.approvals.get(stage=ApprovalStage.APPROVED)
    assert (approval.meeting_date, approval.case_number) == (YESTERDAY, "27/4")

    attendance = reverse("reports:meeting-attendance", args=[meeting.pk])
    assert client.post(attendance, {"members_present": [amu.pk]}).status_code == 302
    client.force_login(bhtleder)
    assert client.post(reverse("reports:meeting-approve", args=[meeting.pk])).status_code == 403
    client.force_login(amu)
    assert client.post(reverse("reports:meeting-approve", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_locked and meeting.minutes_approved_by == amu
    assert client.post(add, {"kind": "free", "title": "Etterpå"}).status_code == 403
    pdf = b"".join(
        client.get(reverse("reports:meeting-minutes", args=[meeting.pk])).streaming_content
    )
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        path = meeting.minutes_file.path
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True)
        assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M)
        assert re.search(r"^Title:\s+Protokoll Hoved-AMU", info.stdout, re.M), info.stdout
    from pypdf import PdfReader

    root = PdfReader(meeting.minutes_file.path).trailer["/Root"]
    assert root["/Lang"] == "nb" and "/StructTreeRoot" in root


def test_minutes_wait_for_every_decision(client, amu, meeting):
    AgendaItem.objects.create(meeting=meeting, number=1, kind="free", title="Eventuelt")
    client.force_login(amu)
    response = client.post(reverse("reports:meeting-approve", args=[meeting.pk]), follow=True)
    assert "Alle saker må ha vedtak" in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.is_locked


def test_api_lifecycle_and_permissions(api, bhtleder, amu, radgiver, outsider, released_run):
    api.force_authenticate(radgiver)
    assert api.post("/api/v1/amu-meetings/", {}, format="json").status_code == 403
    api.force_authenticate(bhtleder)
    bad = api.post("/api/v1/amu-meetings/", {"organisation": fjordby().pk}, format="json")
    assert bad.status_code == 400 and "date" in bad.json()
    created = api.post(
        "/api/v1/amu-meetings/",
        {"organisation": fjordby().pk, "date": YESTERDAY.isoformat(), "place": "Rådhuset",
         "chair": amu.pk, "secretary": amu.pk},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    base = f"/api/v1/amu-meetings/{created.json()['id']}/"
    item = api.post(base + "add-item/", {"kind": "report", "run": released_run.pk}, format="json")
    assert item.status_code == 201, item.content
    twice = api.post(base + "add-item/", {"kind": "report", "run": released_run.pk}, format="json")
    assert twice.status_code == 400
    free = api.post(base + "add-item/", {"kind": "free", "title": "Eventuelt"}, format="json")
    assert free.status_code == 201
    body = {"item": item.json()["id"], "decision": "x", "case_number": "1"}
    assert api.post(base + "decide/", body, format="json").status_code == 403
    # Attendance: members of the committee only; the list replaces the one before.
    assert api.post(base + "attendance/", {}, format="json").status_code == 400
    stranger = {"members_present": [amu.pk, radgiver.pk]}
    refused = api.post(base + "attendance/", stranger, format="json")
    assert refused.status_code == 400 and list(refused.json()) == ["members_present"]
    assert api.get(base).json()["members_present"] == []
    present = api.post(base + "attendance/", {"members_present": [amu.pk]}, format="json")
    assert present.status_code == 200, present.content
    assert present.json()["members_present"] == [amu.pk]

    api.force_authenticate(outsider)
    assert api.get(base).status_code == 404
    api.force_authenticate(radgiver)
    assert api.get(base).status_code == 200
    assert (
        api.post(base + "add-item/", {"kind": "free", "title": "Nei"}, format="json").status_code
        == 403
    )
    api.force_authenticate(amu)
    for answer in (item, free):
        decided = api.post(
            base + "decide/",
            {"item": answer.json()["id"], "decision": "Vedtatt.", "case_number": "27/9"},
            format="json",
        )
        assert decided.status_code == 200, decided.content
    body = {"item": 999999, "decision": "x", "case_number": "1"}
    assert api.post(base + "decide/", body, format="json").status_code == 400
    approved = api.post(base + "approve-minutes/")
    assert approved.status_code == 200, approved.content
    assert approved.json()["minutes_url"]
    assert api.post(base + "approve-minutes/").status_code == 403
    api.force_authenticate(bhtleder)  # approved minutes lock the attendance too
    assert api.post(base + "attendance/", {"members_present": []}, format="json").status_code == 403


def test_the_annual_cycle_shows_the_year(client, amu, meeting, released_run):
    client.force_login(amu)
    page = client.get(reverse("reports:annual-cycle") + f"?year={YESTERDAY.year}").content.decode()
    assert "Møte i Hoved-AMU" in page
    assert "Utkast til årsrapporter" in page
    assert reverse("reports:meeting", args=[meeting.pk]) in page
    assert client.get(reverse("reports:annual-cycle") + "?year=abc").status_code == 200


def test_outsiders_see_no_meetings(client, avdelingsleder, meeting):
    client.force_login(avdelingsleder)
    assert client.get(reverse("reports:meetings")).status_code == 403
    assert client.get(reverse("reports:annual-cycle")).status_code == 403


def test_the_secretary_keeps_the_agenda_and_only_the_chair_approves(
    client, api, bhtleder, amu, released_run
):
    """Roles in one meeting: the secretary (a committee member who is not the BHT
    manager) keeps the agenda and records decisions; the chair records decisions and
    approves the minutes; another member of the committee only reads."""
    from core.models import Role
    from core.services import role_assign
    from core.tests.factories import UserFactory

    secretary, member = UserFactory(username="amu-sekretaer"), UserFactory(username="amu-medlem")
    for user in (secretary, member):
        role_assign(user=user, role=Role.AMU_MEMBER, scope=fjordby())
    meeting = AmuMeeting.objects.create(
        organisation=fjordby(), date=YESTERDAY, place="Rådhuset", chair=amu, secretary=secretary
    )
    add = reverse("reports:meeting-item-add", args=[meeting.pk])
    base = f"/api/v1/amu-meetings/{meeting.pk}/"
    for user in (amu, member):  # the chair and a member do not keep the agenda
        client.force_login(user)
        assert client.get(reverse("reports:meeting", args=[meeting.pk])).status_code == 200
        assert client.post(add, {"kind": "free", "title": "Eget"}).status_code == 403
        api.force_authenticate(user)
        free = {"kind": "free", "title": "Eget"}
        assert api.post(base + "add-item/", free, format="json").status_code == 403

    client.force_login(secretary)
    assert client.post(add, {"kind": "report", "run": released_run.pk}).status_code == 302
    api.force_authenticate(secretary)
    free = api.post(base + "add-item/", {"kind": "free", "title": "Eventuelt"}, format="json")
    assert free.status_code == 201, free.content
    attendance = reverse("reports:meeting-attendance", args=[meeting.pk])
    present = {"members_present": [amu.pk, secretary.pk]}
    assert client.post(attendance, present).status_code == 302
    report_item = meeting.items.get(number=1)

    api.force_authenticate(member)
    body = {"item": report_item.pk, "decision": "Tatt til orientering.", "case_number": "27/1"}
    assert api.post(base + "decide/", body, format="json").status_code == 403
    assert api.post(base + "approve-minutes/").status_code == 403
    api.force_authenticate(secretary)
    assert api.post(base + "decide/", body, format="json").status_code == 200
    api.force_authenticate(amu)
    body = {"item": free.json()["id"], "decision": "Ingen saker.", "case_number": "27/2"}
    assert api.post(base + "decide/", body, format="json").status_code == 200
    api.force_authenticate(secretary)
    assert api.post(base + "approve-minutes/").status_code == 403
    api.force_authenticate(amu)
    approved = api.post(base + "approve-minutes/")
    assert approved.status_code == 200, approved.content
    assert sorted(approved.json()["members_present"]) == sorted([amu.pk, secretary.pk])
    assert AmuReview.objects.get(run=released_run).case_number == "27/1"
    meeting.refresh_from_db()
    assert meeting.is_locked and meeting.minutes_file
    client.force_login(secretary)
    assert client.post(attendance, {"members_present": [amu.pk]}).status_code == 403


def test_the_annual_cycle_shows_the_plan_deadline_and_status_reviews(client, amu):
    from actionplans.models import ActionPlan, StatusReview
    from actionplans.selectors import period_start

    # A year whose next year starts a plan period: its 1 October is the deadline.
    year = next(y for y in (2020, 2021) if period_start(y + 1) == y + 1)
    plan = ActionPlan.objects.filter(area__organisation=fjordby()).order_by("pk").first()
    StatusReview.objects.create(
        plan=plan, held_at=datetime.date(year, 6, 3), by=amu, summary="Greit."
    )
    client.force_login(amu)
    page = client.get(reverse("reports:annual-cycle") + f"?year={year}").content.decode()
    assert f"Frist: handlingsplaner for {year + 1}–{year + 2} godkjent i AMU" in page
    assert f"Statusgjennomgang: {plan.area.name}" in page
    assert f"Utkast til årsrapporter for {year - 1} lages" in page
    assert f'datetime="{year}-10-01"' in page


def test_the_demo_has_last_years_meetings_with_minutes_this_years_cycle_and_references(client, amu):
    from reports.models import ReferenceFigure

    this_year = timezone.localdate().year
    last_year = AmuMeeting.objects.filter(organisation=fjordby(), date__year=this_year - 1)
    assert last_year.count() >= 2
    for meeting in last_year:
        assert meeting.is_locked and meeting.minutes_file, meeting
        assert meeting.members_present.exists()
        assert not meeting.items.filter(decided_at__isnull=True).exists()
        assert meeting.items.exclude(case_number="").exists()
    assert AmuMeeting.objects.filter(organisation=fjordby(), date__year=this_year).exists()
    client.force_login(amu)
    page = client.get(reverse("reports:annual-cycle")).content.decode()
    assert "Møte i Hoved-AMU" in page
    assert f"Utkast til årsrapporter for {this_year - 1} lages" in page
    assert ReferenceFigure.objects.filter(year=this_year - 1).count() >= 2
    trends = client.get(reverse("reports:trends")).content.decode()
    assert "SSB (demo)" in trends


def test_the_annual_cycle_speaks_english_to_an_english_user(amu):
    from django.utils import translation

    from reports.annual_cycle import cycle_for

    year = timezone.localdate().year
    with translation.override("en"):
        months = cycle_for(amu, year)
        labels = [entry.label for month in months for entry in month.entries]
    assert months[0].name == "January"
    assert f"Drafts of the annual reports for {year - 1} are made" in labels
    assert not any(label.startswith("Møte i") for label in labels)
    with translation.override("nb"):
        assert cycle_for(amu, year)[0].name == "januar"


def test_the_attendance_page_refuses_a_non_member_as_the_api_does(
    client, bhtleder, amu, radgiver, meeting
):
    client.force_login(bhtleder)
    url = reverse("reports:meeting-attendance", args=[meeting.pk])

    response = client.post(url, {"members_present": [amu.pk, radgiver.pk]})

    assert response.status_code == 400
    assert "Velg medlemmer av utvalget." in response.content.decode()
    assert not meeting.members_present.exists()
