"""Notice and release: the requester hears when a run is done or failed (outbox);
a committee report reaches the committee only once the BHT manager releases it;
`waiting_for` counts what waits for each user."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from bht.celery import app as celery_app
from core.errors import ApplicationError
from core.models import Organisation, OutgoingMail
from reports import selectors, services
from reports.kinds import KINDS, KindSpec
from reports.models import ReportRun, RunStatus

YEAR = 2019


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def eager_tasks(monkeypatch):
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    monkeypatch.setattr(celery_app.conf, "task_eager_propagates", True)


def fjordby() -> Organisation:
    return Organisation.objects.get(slug="fjordby")


def _draft() -> ReportRun:
    """A finished 15 January draft: requested by no one, not released."""
    return ReportRun.objects.create(
        kind="amu_annual",
        organisation=fjordby(),
        year=YEAR,
        status=RunStatus.DONE,
        progress=100,
        finished_at=timezone.now(),
        params_key="release-test",
    )


def test_it_mails_the_requester_when_done(bhtleder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_request(
            kind="hours_by_area", user=bhtleder, organisation=fjordby(), year=YEAR
        )
    mail = OutgoingMail.objects.filter(to=bhtleder.email).order_by("-pk").first()
    assert mail is not None
    assert mail.subject.startswith("Rapporten er klar")
    assert reverse("reports:run", args=[run.pk]) in mail.body


def test_it_mails_the_requester_when_failed(
    bhtleder, monkeypatch, django_capture_on_commit_callbacks
):
    spec = KINDS["hours_by_area"]
    monkeypatch.setitem(
        KINDS,
        "hours_by_area",
        KindSpec(spec.label, "reports.kinds.not_there.compute", spec.required),
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_request(
            kind="hours_by_area", user=bhtleder, organisation=fjordby(), year=YEAR
        )
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert OutgoingMail.objects.filter(
        to=bhtleder.email, subject__startswith="Rapporten feilet"
    ).exists()


def test_a_draft_is_announced_to_the_bht_manager(bhtleder, django_capture_on_commit_callbacks):
    run = ReportRun.objects.create(
        kind="hours_by_area", organisation=fjordby(), year=YEAR, params_key="draft-notice"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_generate(run_id=run.pk)
    assert OutgoingMail.objects.filter(
        to=bhtleder.email, subject__startswith="Rapporten er klar"
    ).exists()


def test_the_committee_sees_nothing_before_release(client, api, amu, bhtleder, radmann):
    run = _draft()
    assert not selectors.runs_visible_to(amu).filter(pk=run.pk).exists()
    client.force_login(amu)
    assert client.get(reverse("reports:run", args=[run.pk])).status_code == 404
    assert client.get(reverse("reports:html", args=[run.pk])).status_code == 404
    assert f"/rapporter/{run.pk}/" not in client.get(reverse("reports:index")).content.decode()
    api.force_authenticate(amu)
    assert api.get(f"/api/v1/reports/{run.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.amu_comment_add(run=run, user=amu, text="Før frigiving")

    # Others may not release it: 403 for the committee (after release it sees it),
    # and the executive, who reads the archive, may not release.
    client.force_login(radmann)
    assert client.post(reverse("reports:release", args=[run.pk])).status_code == 403

    client.force_login(bhtleder)
    page = client.get(reverse("reports:run", args=[run.pk])).content.decode()
    assert "Frigi til utvalget" in page
    assert selectors.waiting_for(bhtleder)[0]["key"] == "runs_to_release"
    response = client.post(reverse("reports:release", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.released_at is not None and run.released_by == bhtleder
    assert OutgoingMail.objects.filter(
        to=amu.email, subject__startswith="Ny rapport til AMU"
    ).exists()

    client.force_login(amu)
    assert client.get(reverse("reports:run", args=[run.pk])).status_code == 200
    assert api.get(f"/api/v1/reports/{run.pk}/").status_code == 200
    assert "reports_to_treat" in [w["key"] for w in selectors.waiting_for(amu)]
    assert client.post(reverse("reports:release", args=[run.pk])).status_code == 403
    with pytest.raises(ApplicationError):
        services.report_release(run=run, user=bhtleder)


def test_api_release(api, bhtleder, amu):
    run = _draft()
    api.force_authenticate(amu)
    assert api.post(f"/api/v1/reports/{run.pk}/release/").status_code == 404
    api.force_authenticate(bhtleder)
    response = api.post(f"/api/v1/reports/{run.pk}/release/")
    assert response.status_code == 200, response.content
    assert response.json()["released_at"]
    again = api.post(f"/api/v1/reports/{run.pk}/release/")
    assert again.status_code == 400
    api.force_authenticate(amu)
    assert api.post(f"/api/v1/reports/{run.pk}/release/").status_code == 403


def test_waiting_for_the_requester(bhtleder, avdelingsleder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_request(
            kind="hours_by_area", user=bhtleder, organisation=fjordby(), year=YEAR
        )
    keys = {w["key"]: w["count"] for w in selectors.waiting_for(bhtleder)}
    assert keys["runs_ready"] >= 1
    assert selectors.waiting_for(avdelingsleder) == []


def test_the_15_january_drafts_wait_for_the_release(
    amu, bhtleder, settings, django_capture_on_commit_callbacks
):
    """The beat job of 15 January makes last year's committee reports; the BHT manager
    is told, the committee sees and hears nothing until the manager releases one."""
    import datetime
    import zoneinfo

    import time_machine

    from reports import tasks

    def to_treat() -> int:
        return {w["key"]: w["count"] for w in selectors.waiting_for(amu)}.get("reports_to_treat", 0)

    before, mails_before = to_treat(), OutgoingMail.objects.filter(to=amu.email).count()
    oslo = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    fifteenth = datetime.datetime(YEAR + 1, 1, 15, 6, 0, tzinfo=oslo)
    with (
        time_machine.travel(fifteenth, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.create_annual_drafts() >= 2
    drafts = ReportRun.objects.filter(
        year=YEAR, kind__in=["amu_annual", "labour_inspection_annual"]
    )
    assert drafts.exists()
    assert set(drafts.values_list("status", flat=True)) == {RunStatus.DONE}
    assert not drafts.filter(released_at__isnull=False).exists()
    assert not selectors.runs_visible_to(amu).filter(pk__in=drafts).exists()
    assert to_treat() == before
    assert OutgoingMail.objects.filter(to=amu.email).count() == mails_before
    assert OutgoingMail.objects.filter(
        to=bhtleder.email, subject__startswith="Rapporten er klar"
    ).exists()

    draft = drafts.get(kind="amu_annual", organisation=fjordby(), area=None)
    services.report_release(run=draft, user=bhtleder)
    assert list(selectors.runs_visible_to(amu).filter(pk__in=drafts)) == [draft]
    assert to_treat() == before + 1
