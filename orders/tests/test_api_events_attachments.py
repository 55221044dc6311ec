"""/api/v1/orders/{id}/events/ and /attachments/: the timeline, comments, internal
notes (BHT professionals only) and files, through the same services, rules,
confidentiality and upload checks as the order page."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AccessLog
from orders.models import EventKind, Order, OrderEvent
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def events_url(order: Order) -> str:
    return f"/api/v1/orders/{order.pk}/events/"


def files_url(order: Order) -> str:
    return f"/api/v1/orders/{order.pk}/attachments/"


def pdf(name: str = "rapport.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", "application/pdf")


def test_the_conversation_and_internal_notes(api, avdelingsleder, radgiver):
    order = f.in_progress()
    api.force_authenticate(avdelingsleder)
    made = api.post(events_url(order), {"text": "Når kan dere komme?"}, format="json")
    assert made.status_code == 201
    assert made.data["kind"] == "comment" and made.data["actor"] == avdelingsleder.pk

    api.force_authenticate(radgiver)
    note = api.post(
        events_url(order), {"kind": "internal_note", "text": "Ring verneombudet"}, format="json"
    )
    assert note.status_code == 201 and note.data["internal"] is True

    seen_by_bht = [e["text"] for e in api.get(events_url(order)).data["results"]]
    assert "Når kan dere komme?" in seen_by_bht and "Ring verneombudet" in seen_by_bht

    api.force_authenticate(avdelingsleder)
    timeline = api.get(events_url(order)).data["results"]
    assert "Ring verneombudet" not in [e["text"] for e in timeline]
    assert [e["at"] for e in timeline] == sorted(e["at"] for e in timeline)  # oldest first


def test_only_the_bht_writes_internal_notes(api, avdelingsleder, merkantil):
    order = f.in_progress()
    for user in (avdelingsleder, merkantil):
        api.force_authenticate(user)
        response = api.post(events_url(order), {"kind": "internal_note", "text": "x"})
        assert response.status_code == 403
    assert not OrderEvent.objects.filter(order=order, kind=EventKind.INTERNAL_NOTE).exists()


def test_an_empty_comment_is_refused_on_its_field(api, avdelingsleder):
    order = f.in_progress()
    api.force_authenticate(avdelingsleder)
    response = api.post(events_url(order), {"text": "  "}, format="json")
    assert response.status_code == 400 and "text" in response.data
    response = api.post(events_url(order), {"kind": "status", "text": "x"}, format="json")
    assert response.status_code == 400 and "kind" in response.data


def test_the_executive_reads_but_does_not_take_part(api, radmann):
    order = f.in_progress()
    api.force_authenticate(radmann)
    assert api.get(events_url(order)).status_code == 200
    assert api.post(events_url(order), {"text": "Hei"}, format="json").status_code == 403


def test_outside_the_scope_it_is_404(api, outsider):
    order = f.in_progress()
    api.force_authenticate(outsider)
    assert api.get(events_url(order)).status_code == 404
    assert api.post(events_url(order), {"text": "Hei"}, format="json").status_code == 404
    assert api.get(files_url(order)).status_code == 404


def test_a_confidential_timeline_shows_status_only_and_logs_the_read(
    api, avdelingsleder, tjenesteleder, radgiver
):
    order = f.in_progress(confidential=True, title="Gravid ansatt")
    api.force_authenticate(radgiver)
    api.post(events_url(order), {"text": "Samtale avtalt tirsdag"}, format="json")

    api.force_authenticate(tjenesteleder)  # a leader over the place, not an author
    kinds = {e["kind"] for e in api.get(events_url(order)).data["results"]}
    assert kinds == {"status"}

    logs = AccessLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Order), object_id=str(order.pk)
    )
    before = logs.count()
    api.force_authenticate(avdelingsleder)  # the author
    texts = [e["text"] for e in api.get(events_url(order)).data["results"]]
    assert "Samtale avtalt tirsdag" in texts
    assert logs.filter(user=avdelingsleder).count() == 1 and logs.count() == before + 1


def test_attachments_upload_list_and_download(api, avdelingsleder, radgiver):
    order = f.in_progress()
    api.force_authenticate(radgiver)
    made = api.post(files_url(order), {"file": pdf(), "text": "Sluttrapport"}, format="multipart")
    assert made.status_code == 201, made.data
    assert made.data["kind"] == "attachment" and made.data["file_name"] == "rapport.pdf"
    internal = api.post(files_url(order), {"file": pdf("notat.pdf"), "internal": "true"},
                        format="multipart")  # fmt: skip
    assert internal.status_code == 201 and internal.data["internal"] is True

    api.force_authenticate(avdelingsleder)
    listed = api.get(files_url(order)).data["results"]
    assert [a["file_name"] for a in listed] == ["rapport.pdf"]  # not the internal one
    download = api.get(listed[0]["file_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")
    assert download["X-Content-Type-Options"] == "nosniff"
    hidden = f"{files_url(order)}{internal.data['id']}/"
    assert api.get(hidden).status_code == 404


def test_the_upload_checks_of_the_page_apply(api, radgiver, settings):
    order = f.in_progress()
    api.force_authenticate(radgiver)
    html = SimpleUploadedFile("side.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    response = api.post(files_url(order), {"file": html}, format="multipart")
    assert response.status_code == 400 and "passer ikke" in response.data["file"][0]
    settings.UPLOAD_MAX_BYTES = 10
    response = api.post(files_url(order), {"file": pdf()}, format="multipart")
    assert response.status_code == 400 and "file" in response.data
    response = api.post(files_url(order), {}, format="multipart")
    assert response.status_code == 400 and "file" in response.data
    assert not OrderEvent.objects.filter(order=order, kind=EventKind.ATTACHMENT).exists()


def test_who_may_attach(api, avdelingsleder, radmann, merkantil):
    order = f.in_progress()
    api.force_authenticate(avdelingsleder)
    response = api.post(files_url(order), {"file": pdf(), "internal": "true"}, format="multipart")
    assert response.status_code == 403  # internal files are the BHT's
    for user in (radmann, merkantil):
        api.force_authenticate(user)
        assert api.post(files_url(order), {"file": pdf()}, format="multipart").status_code == 403


def test_a_confidential_download_is_logged(api, avdelingsleder, radgiver):
    order = f.in_progress(confidential=True, title="Gravid ansatt")
    api.force_authenticate(radgiver)
    made = api.post(files_url(order), {"file": pdf()}, format="multipart")
    api.force_authenticate(avdelingsleder)
    assert api.get(made.data["file_url"]).status_code == 200
    assert AccessLog.objects.filter(
        user=avdelingsleder, action="download", object_id=str(order.pk)
    ).exists()
