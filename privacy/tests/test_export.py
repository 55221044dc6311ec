"""The export of everything stored about one person (GDPR art. 15)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.models import AccessLog
from orders.models import Order
from privacy import render, selectors, services
from privacy.export import WITHHELD, person_export
from privacy.tests import helpers

pytestmark = pytest.mark.django_db


def export_json(person) -> dict:
    return json.loads(render.to_json(person_export(person)))


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)


def test_it_exports_the_persons_data_from_every_app():
    world = helpers.person_everywhere(closed=helpers.moment(2019))
    data = export_json(selectors.person_for_user(world.person))
    sections = data["sections"]
    for key in (
        "user",  # bht
        "role_assignments",
        "advisor",
        "main_contacts",
        "inquiries",  # orders
        "orders",
        "order_events",
        "order_feedback",
        "time_entries",  # timetracking
        "plan_feedback",  # actionplans
        "report_runs",  # reports
        "amu_comments",
        "access_log_by_person",
    ):
        assert sections[key]["rows"], f"{key} is empty"
    assert sections["user"]["rows"][0]["email"] == "privat@example.no"
    assert "password" not in dump(sections["user"])
    assert sections["orders"]["rows"][0]["reference"] == "B-2019-9001"
    assert sections["time_entries"]["rows"][0]["note"] == "Kurs med Petra"
    assert sections["inquiries"]["rows"][0]["summary"].startswith("Ønsker tilrettelegging")
    assert data["person"] == {
        "kind": "user",
        "id": world.person.pk,
        "username": "privat",
        "name": "Petra Privatsen",
    }


def test_it_lists_audit_history_rows_under_other_references():
    world = helpers.person_everywhere(closed=helpers.moment(2019))
    rows = export_json(selectors.person_for_user(world.person))["sections"]["other_references"]
    # The role assignment's audit history (django-simple-history) points at the person.
    assert any(row["model"] == "bht.HistoricalRoleAssignment" for row in rows["rows"])


def test_it_withholds_other_peoples_confidential_content(persona):
    bhtleder, avdelingsleder = persona("bhtleder"), persona("avdelingsleder")
    secret = helpers.order(
        reference="B-2026-9100",
        ordered_by=avdelingsleder,
        closed=None,
        confidential=True,
        title="Konflikt – Ola Hemmelig",
        description="Ola Hemmelig og kollega trenger samtale.",
        decided_by=bhtleder,
    )
    manager_dump = dump(export_json(selectors.person_for_user(bhtleder)))
    assert "B-2026-9100" in manager_dump  # the manager's part in the case is theirs
    assert "Ola Hemmelig" not in manager_dump
    assert WITHHELD in manager_dump
    # The author of the case sees it in their own export.
    assert "Ola Hemmelig" in dump(export_json(selectors.person_for_user(avdelingsleder)))
    # And the person it is about, found by name.
    named = export_json(selectors.person_for_name("Ola Hemmelig"))
    assert [row["reference"] for row in named["sections"]["orders"]["rows"]] == [secret.reference]
    # Other employees' exports do not mention it at all.
    assert "B-2026-9100" not in dump(export_json(selectors.person_for_user(persona("ansatt"))))


def test_it_exports_a_person_without_a_login_by_name(persona):
    kari = helpers.inquiry(
        caller=None,
        caller_name="Kari Nordmann",
        author=persona("radgiver"),
        responded=helpers.moment(2024),
    )
    other = helpers.inquiry(
        caller=None,
        caller_name="Per Annen",
        author=persona("radgiver"),
        responded=helpers.moment(2024),
        summary="Per Annen har en konflikt.",
    )
    rows = export_json(selectors.person_for_name("kari  nordmann"))["sections"]["inquiries"]["rows"]
    assert [row["id"] for row in rows] == [kari.pk]
    assert other.pk not in [row["id"] for row in rows]


def test_reading_the_export_is_in_the_access_log(persona):
    world = helpers.person_everywhere(closed=helpers.moment(2019))
    bhtleder = persona("bhtleder")
    services.person_export_read(person=selectors.person_for_user(world.person), by=bhtleder)
    logged = AccessLog.objects.filter(user=bhtleder, action="export")
    assert logged.filter(object_id=str(world.person.pk), content_type__model="user").exists()
    # The confidential inquiry whose content the export holds.
    assert logged.filter(object_id=str(world.inquiry.pk), content_type__model="inquiry").exists()


def test_the_pdf_holds_the_same_data(persona):
    from pypdf import PdfReader

    world = helpers.person_everywhere(closed=helpers.moment(2019))
    pdf = render.to_pdf_bytes(person_export(selectors.person_for_user(world.person)))
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Petra" in text
    assert "B-2019-9001" in text
    assert "Innsyn i personopplysninger" in text


def test_the_command_writes_json_and_pdf(tmp_path, persona):
    world = helpers.person_everywhere(closed=helpers.moment(2019))
    out = io.StringIO()
    call_command(
        "privacy_export", "--user", "privat", "--out", str(tmp_path), "--by", "bhtleder", stdout=out
    )
    files = sorted(p.suffix for p in tmp_path.iterdir())
    assert files == [".json", ".pdf"]
    data = json.loads(next(tmp_path.glob("*.json")).read_text())
    assert data["person"]["id"] == world.person.pk
    assert AccessLog.objects.filter(user=persona("bhtleder"), action="export").exists()


def test_the_page_downloads_json_and_logs_it(client, persona):
    world = helpers.person_everywhere(closed=helpers.moment(2019))
    bhtleder = persona("bhtleder")
    client.force_login(bhtleder)
    response = client.get(
        reverse("privacy:person-json", kwargs={"username": world.person.username})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.json()["sections"]["orders"]["rows"][0]["reference"] == "B-2019-9001"
    assert AccessLog.objects.filter(
        user=bhtleder, action="export", object_id=str(world.person.pk)
    ).exists()
    # The person page itself shows counts, not content, and logs nothing more.
    before = AccessLog.objects.count()
    page = client.get(reverse("privacy:person", kwargs={"username": world.person.username}))
    assert page.status_code == 200
    assert AccessLog.objects.count() == before
    assert Order.objects.filter(reference="B-2019-9001").exists()
