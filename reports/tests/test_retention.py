"""Retention: files of runs older than REPORT_FILE_RETENTION_YEARS are deleted by
the beat task; the run row and its fingerprint stay."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from bht.celery import app as celery_app
from core.models import Organisation
from reports import services, tasks
from reports.models import ReportFile, RunStatus

NOW = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_FILE_RETENTION_YEARS = 3


@pytest.fixture(autouse=True)
def eager_tasks(monkeypatch):
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    monkeypatch.setattr(celery_app.conf, "task_eager_propagates", True)


def _run(user, year: int):
    run = services.report_request(
        kind="hours_by_area",
        user=user,
        organisation=Organisation.objects.get(slug="fjordby"),
        year=year,
    )
    return services.report_generate(run_id=run.pk)


def test_it_deletes_old_files_and_keeps_the_row(
    client, bhtleder, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW - datetime.timedelta(days=3 * 365 + 10), tick=False):
        old = _run(bhtleder, 2019)
    with time_machine.travel(NOW - datetime.timedelta(days=365), tick=False):
        recent = _run(bhtleder, 2020)
    old_names = [f.file.name for f in old.files.all()]
    assert old_names and all(old.files.first().file.storage.exists(n) for n in old_names)
    fingerprint = old.data_fingerprint

    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.purge_old_report_files() == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.purge_old_report_files() == 0  # a second sweep finds nothing

    old.refresh_from_db()
    assert old.status == RunStatus.DONE and old.data_fingerprint == fingerprint
    assert old.files_deleted_at is not None and old.document is None
    assert not ReportFile.objects.filter(run=old).exists()
    storage = recent.files.first().file.storage
    assert not any(storage.exists(n) for n in old_names)
    assert recent.files.count() == 3 and recent.document is not None
    client.force_login(bhtleder)
    assert client.get(reverse("reports:download", args=[old.pk, "pdf"])).status_code == 404
    assert client.get(reverse("reports:html", args=[old.pk])).status_code == 404
    assert "Filer slettet" in client.get(reverse("reports:run", args=[old.pk])).content.decode()


def test_it_keeps_a_file_shared_with_a_newer_run(bhtleder, django_capture_on_commit_callbacks):
    """Same request, same data: the newer run points at the older run's files."""
    with time_machine.travel(NOW - datetime.timedelta(days=4 * 365), tick=False):
        old = _run(bhtleder, 2019)
    with time_machine.travel(NOW - datetime.timedelta(days=30), tick=False):
        newer = _run(bhtleder, 2019)
    assert newer.pk != old.pk
    shared = {f.file.name for f in newer.files.all()}
    assert shared == {f.file.name for f in old.files.all()}
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert services.report_files_purge() == 1
    storage = newer.files.first().file.storage
    assert all(storage.exists(n) for n in shared)


def test_the_sweep_is_scheduled():
    schedule = celery_app.conf.beat_schedule
    assert any(e["task"] == "reports.tasks.purge_old_report_files" for e in schedule.values())
