"""Uploads: an allow-list of types checked by extension, declared type and content,
a size limit, and downloads that browsers never render (core/uploads.py)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import resolve
from django.urls.exceptions import Resolver404

from core.errors import ApplicationError
from core.uploads import content_type_for, file_response, validate_upload


def upload(name: str, body: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "body", "content_type"),
    [
        ("rapport.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("bilde.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        ("bilde.JPG", b"\xff\xd8\xff\xe0....", "image/jpeg"),
        ("notat.docx", b"PK\x03\x04....", "application/octet-stream"),
        ("tall.xlsx", b"PK\x03\x04....", "application/zip"),
        ("notat.txt", "Møte på fredag\n".encode(), "text/plain"),
        ("liste.csv", b"a;b\n1;2\n", "application/vnd.ms-excel"),
    ],
)
def test_it_accepts_allowed_files(name, body, content_type):
    assert validate_upload(upload(name, body, content_type)) == name


@pytest.mark.parametrize(
    ("name", "body", "content_type", "message"),
    [
        ("side.html", b"<html>", "text/html", "Filtypen er ikke tillatt"),
        ("virus.exe", b"MZ", "application/octet-stream", "Filtypen er ikke tillatt"),
        ("uten-endelse", b"%PDF-1.4", "application/pdf", "Filtypen er ikke tillatt"),
        ("falsk.pdf", b"<html><script>", "application/pdf", "passer ikke med filtypen .pdf"),
        ("falsk.png", b"%PDF-1.4", "image/png", "passer ikke med filtypen .png"),
        ("side.txt", b"<!DOCTYPE html><p>", "text/plain", "passer ikke med filtypen .txt"),
        ("binar.txt", b"ab\x00cd", "text/plain", "passer ikke med filtypen .txt"),
        ("rapport.pdf", b"%PDF-1.4", "text/html", "ikke en gyldig .pdf-fil"),
        ("tom.pdf", b"", "application/pdf", "tom"),
    ],
)
def test_it_refuses_other_files_with_a_message_for_the_field(name, body, content_type, message):
    with pytest.raises(ApplicationError) as error:
        validate_upload(upload(name, body, content_type), field="vedlegg")

    assert message in error.value.message
    assert error.value.field == "vedlegg"


@override_settings(UPLOAD_MAX_BYTES=1024 * 1024)
def test_it_refuses_a_file_over_the_size_limit():
    big = upload("stor.pdf", b"%PDF-" + b"0" * (1024 * 1024), "application/pdf")

    with pytest.raises(ApplicationError) as error:
        validate_upload(big)

    assert "Største tillatte størrelse er 1 MB" in error.value.message


def test_it_limits_to_the_extensions_given():
    with pytest.raises(ApplicationError):
        validate_upload(upload("bilde.png", b"\x89PNG\r\n\x1a\n", "image/png"), extensions=("pdf",))


def test_downloads_are_attachments_with_a_safe_type(tmp_path):
    path = tmp_path / "x"
    path.write_bytes(b"data")

    pdf = file_response(path.open("rb"), filename="rapport.pdf")
    other = file_response(path.open("rb"), filename="side.html")

    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert other["Content-Type"] == "application/octet-stream"
    assert content_type_for("notat.TXT") == "text/plain"


@override_settings(DEBUG=True)
def test_development_serves_photos_but_no_private_media():
    """static() in bht/urls.py is evaluated at import: re-import under DEBUG."""
    import importlib

    import bht.urls

    urls = importlib.reload(bht.urls)
    try:
        assert resolve("/media/photos/a.jpg", urlconf=urls)
        for private in (
            "/media/order-attachments/1/abc/x.pdf",
            "/media/reports/2026/x.pdf",
            "/media/plan-minutes/x.pdf",
        ):
            with pytest.raises(Resolver404):
                resolve(private, urlconf=urls)
    finally:
        importlib.reload(bht.urls)
