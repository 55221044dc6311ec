"""Report files in S3-compatible object storage (MEDIA_STORAGE=s3, bht/settings.py).

A real S3 API on loopback (moto's server, in-process): the settings the
environment gives select django-storages' S3 backend, a report run writes its
files into the bucket, and the download view streams them back from it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.urls import reverse

from bht.celery import app as celery_app
from core.models import Organisation
from reports import services
from reports.models import ReportRun, RunStatus

BASE_DIR = Path(__file__).resolve().parent.parent
BUCKET = "bht-rapporter"

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="eu-north-1",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    yield endpoint, client
    server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint):
    endpoint, client = s3_endpoint
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "eu-north-1",
                "access_key": "test",
                "secret_key": "test",
                "location": "media",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    storages._storages = {}  # the setting_changed signal resets them too; be explicit
    yield client
    storages._storages = {}


def test_settings_select_s3_from_the_environment():
    env = {
        **os.environ,
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": "https://s3.example.no",
        "S3_PREFIX": "bht",
    }
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "bht.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert '"storages.backends.s3.S3Storage"' in out
    assert '"bucket_name": "bht-rapporter"' in out and '"location": "bht"' in out


def test_s3_without_a_bucket_fails_at_start():
    env = {**os.environ, "MEDIA_STORAGE": "s3", "DJANGO_SETTINGS_MODULE": "bht.settings"}
    env.pop("S3_BUCKET", None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "S3_BUCKET" in result.stderr


@pytest.mark.django_db
def test_report_files_go_to_the_bucket_and_come_back(s3_storage, bhtleder, client, monkeypatch):
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda fn, using=None, robust=False: None)
    organisation = Organisation.objects.get(slug="fjordby")
    run = services.report_request(
        kind="hours_by_area", user=bhtleder, organisation=organisation, year=2019
    )
    run = services.report_generate(run_id=run.pk)
    assert run.status == RunStatus.DONE, run.error
    keys = {
        obj["Key"]
        for obj in s3_storage.list_objects_v2(Bucket=BUCKET, Prefix="media/reports/")["Contents"]
    }
    names = {f"media/{f.file.name}" for f in ReportRun.objects.get(pk=run.pk).files.all()}
    assert names and names <= keys
    client.force_login(bhtleder)
    response = client.get(reverse("reports:download", args=[run.pk, "pdf"]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
