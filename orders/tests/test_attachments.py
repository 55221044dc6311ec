"""Attachments on the order page: allowed types and size only, with the message on
the file field; downloads through the scope-checked view, never rendered inline."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orders.models import EventKind, OrderEvent
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def attach(client, order, file) -> object:
    url = reverse("orders:action", kwargs={"pk": order.pk, "action": "vedlegg"})
    return client.post(url, {"file": file, "text": "Rapport"})


def test_it_attaches_an_allowed_file(client, radgiver):
    order = f.in_progress()
    client.force_login(radgiver)

    response = attach(client, order, SimpleUploadedFile("r.pdf", b"%PDF-1.4", "application/pdf"))

    assert response.status_code == 302
    assert OrderEvent.objects.filter(order=order, kind=EventKind.ATTACHMENT).count() == 1


@pytest.mark.parametrize(
    ("name", "body", "content_type", "message"),
    [
        ("side.html", b"<html><script>alert(1)</script>", "text/html", "Filtypen er ikke tillatt"),
        ("side.pdf", b"<html><script>alert(1)</script>", "application/pdf", "passer ikke"),
    ],
)
def test_it_refuses_a_wrong_file_on_the_field(client, radgiver, name, body, content_type, message):
    order = f.in_progress()
    client.force_login(radgiver)

    response = attach(client, order, SimpleUploadedFile(name, body, content_type))

    assert response.status_code == 400
    assert message in " ".join(response.context["attach_form"].errors["file"])
    assert not OrderEvent.objects.filter(order=order, kind=EventKind.ATTACHMENT).exists()


def test_it_refuses_a_file_over_the_limit(client, radgiver, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    order = f.in_progress()
    client.force_login(radgiver)

    body = b"%PDF-1.4" + b"0" * 2048
    response = attach(client, order, SimpleUploadedFile("r.pdf", body, "application/pdf"))

    assert response.status_code == 400
    assert "for stor" in " ".join(response.context["attach_form"].errors["file"])


def test_the_download_is_an_attachment_with_a_safe_type(client, radgiver, avdelingsleder):
    from orders import services

    order = f.in_progress()
    event = services.order_attach(
        order=order, user=radgiver, file=SimpleUploadedFile("notat.txt", b"hei", "text/plain")
    )
    url = reverse("orders:attachment", kwargs={"pk": order.pk, "event_id": event.pk})
    client.force_login(avdelingsleder)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_outsider_cannot_download(client, radgiver, outsider):
    from orders import services

    order = f.in_progress()
    event = services.order_attach(
        order=order, user=radgiver, file=SimpleUploadedFile("r.pdf", b"%PDF-1.4", "application/pdf")
    )
    client.force_login(outsider)

    url = reverse("orders:attachment", kwargs={"pk": order.pk, "event_id": event.pk})
    assert client.get(url).status_code == 404
