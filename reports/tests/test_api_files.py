"""GET /api/v1/reports/{id}/files/{format}/: a run's file for a token client, in the
same scope as the page (404 outside), recorded in the access log; `files[].url`
points there."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from rest_framework.authtoken.models import Token

from bht.celery import app as celery_app
from core.models import AccessLog, ServiceArea
from reports import services
from reports.models import ReportRun

pytestmark = pytest.mark.usefixtures("demo_data")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def eager_tasks(monkeypatch):
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    monkeypatch.setattr(celery_app.conf, "task_eager_propagates", True)


@pytest.fixture
def run(kommunalsjef, django_capture_on_commit_callbacks) -> ReportRun:
    """kommunalsjef's own hours report for Helse og sosial, rendered."""
    with django_capture_on_commit_callbacks(execute=True):
        run = services.report_request(
            kind="hours_by_area", user=kommunalsjef, area=ServiceArea.objects.get(
                name="Helse og sosial"), year=2019,
        )  # fmt: skip
    run.refresh_from_db()
    assert run.status == "done", run.error
    return run


def _token(client, user):
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=user).key}"
    return client


def _logs(run):
    return AccessLog.objects.filter(
        content_type=ContentType.objects.get_for_model(ReportRun), object_id=str(run.pk)
    )


def test_a_token_client_downloads_the_file_the_run_links_to(client, kommunalsjef, run):
    _token(client, kommunalsjef)
    detail = client.get(f"/api/v1/reports/{run.pk}/").json()
    urls = {f["format"]: f["url"] for f in detail["files"]}
    assert urls["pdf"] == f"/api/v1/reports/{run.pk}/files/pdf/"

    response = client.get(urls["pdf"], HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    stored = run.files.get(format="pdf").file
    assert b"".join(response.streaming_content) == stored.open("rb").read()
    log = _logs(run).get()
    assert (log.user, log.action) == (kommunalsjef, "download")


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [
        ("csv", "text/csv"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_every_format_is_served(client, kommunalsjef, run, fmt, media_type):
    _token(client, kommunalsjef)
    response = client.get(f"/api/v1/reports/{run.pk}/files/{fmt}/")
    assert response.status_code == 200 and response["Content-Type"] == media_type


def test_outside_the_scope_it_is_404_and_nothing_is_logged(client, run, outsider, avdelingsleder):
    for user in (outsider, avdelingsleder):
        _token(client, user)
        response = client.get(f"/api/v1/reports/{run.pk}/files/pdf/", HTTP_ACCEPT="application/pdf")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
    assert not _logs(run).exists()


def test_an_unknown_format_is_404_and_anonymous_is_401(client, kommunalsjef, run):
    assert client.get(f"/api/v1/reports/{run.pk}/files/pdf/").status_code == 401
    _token(client, kommunalsjef)
    assert client.get(f"/api/v1/reports/{run.pk}/files/docx/").status_code == 404


def test_the_session_works_too_and_the_page_download_is_logged(client, kommunalsjef, run):
    client.force_login(kommunalsjef)
    assert client.get(f"/api/v1/reports/{run.pk}/files/csv/").status_code == 200
    assert client.get(reverse("reports:download", args=[run.pk, "csv"])).status_code == 200
    assert _logs(run).count() == 2
