"""`noark_export`: a Noark 5 v5.0 extract that validates against Arkivverket's XSD,
with closed orders, approved plans and annual reports, confidential cases shielded,
and the journal and public journal as CSV and PDF."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from lxml import etree
from pypdf import PdfReader

from actionplans.models import ActionPlan
from archive.noark import NS, SCHEMA_DIR
from orders import services
from orders.tests import factories as f
from reports.models import AmuReview, ReportKind, ReportRun, RunStatus

pytestmark = pytest.mark.django_db

N = {"n": NS, "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
SECRET_TITLE = "Tilrettelegging for Kari Hemmelig"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def export(out: Path, year: int, slug: str = "fjordby") -> str:
    stdout = io.StringIO()
    call_command(
        "noark_export",
        "--organisation",
        slug,
        "--year",
        str(year),
        "--out",
        str(out),
        stdout=stdout,
    )
    return stdout.getvalue()


def parse(out: Path) -> etree._ElementTree:
    return etree.parse(str(out / "arkivstruktur.xml"))


def xsd() -> etree.XMLSchema:
    # The vendored copy of the schemas, loaded independently of the export code.
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "arkivstruktur.xsd")))


def folder(tree: etree._ElementTree, title_part: str) -> etree._Element:
    found = [
        m
        for m in tree.iterfind(".//n:mappe", N)
        if title_part in (m.findtext("n:tittel", namespaces=N) or "")
    ]
    assert len(found) == 1, title_part
    return found[0]


@pytest.fixture
def closed_orders(radgiver, bhtleder):
    """Two orders closed today: an open one with an attachment, a confidential one."""
    plain = f.delivered(title="Kartlegging av inneklima")
    services.order_attach(
        order=plain,
        user=radgiver,
        file=SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 rapport", "application/pdf"),
    )
    services.order_close(order=plain, user=bhtleder)
    secret = f.delivered(title=SECRET_TITLE, confidential=True, journal_reference="J-1")
    services.order_close(order=secret, user=bhtleder)
    return plain, secret


def test_the_extract_validates_and_holds_the_closed_orders(tmp_path, closed_orders):
    plain, secret = closed_orders
    year = timezone.localdate().year
    out = tmp_path / "uttrekk"

    message = export(out, year)

    assert "saksmapper" in message
    tree = parse(out)
    schema = xsd()
    assert schema.validate(tree), schema.error_log
    case = folder(tree, plain.reference)
    assert case.get(f"{{{N['xsi']}}}type") == "saksmappe"
    assert case.findtext("n:saksstatus", namespaces=N) == "Avsluttet"
    posts = case.findall("n:registrering[@xsi:type='journalpost']", N)
    titles = [p.findtext("n:tittel", namespaces=N) for p in posts]
    assert any("Bestilling mottatt" in t for t in titles)
    assert any("Oppdrag levert" in t for t in titles)
    # The attachment is a document in the extract, with a checksum that matches.
    obj = case.find(".//n:dokumentobjekt", N)
    stored = out / obj.findtext("n:referanseDokumentfil", namespaces=N)
    assert stored.read_bytes() == b"%PDF-1.4 rapport"
    assert (
        obj.findtext("n:sjekksum", namespaces=N) == hashlib.sha256(stored.read_bytes()).hexdigest()
    )


def test_a_confidential_case_is_shielded(tmp_path, closed_orders):
    _plain, secret = closed_orders
    out = tmp_path / "uttrekk"
    export(out, timezone.localdate().year)
    tree = parse(out)

    case = folder(tree, secret.reference)
    assert case.find("n:skjerming/n:tilgangsrestriksjon", N).text == "13"
    public_titles = [e.text for e in case.iter(f"{{{NS}}}offentligTittel")]
    # No part of the title, not even a word of it: only the mask.
    assert public_titles and set(public_titles) == {"******"}
    assert all(r.find("n:skjerming", N) is not None for r in case.findall("n:registrering", N))

    public = (out / "offentlig-journal.csv").read_text(encoding="utf-8-sig")
    internal = (out / "journal.csv").read_text(encoding="utf-8-sig")
    assert "Hemmelig" not in public and secret.reference in internal
    rows = list(csv.DictReader(io.StringIO(public), delimiter=";"))
    shielded = [r for r in rows if r["Saksnummer"] == case.findtext("n:mappeID", namespaces=N)]
    assert shielded and all(r["Tittel"] == "Fortrolig sak" for r in shielded)
    assert all(r["Avsender/mottaker"] == "" for r in shielded)
    pdf_text = "".join(p.extract_text() for p in PdfReader(out / "offentlig-journal.pdf").pages)
    assert "Offentlig journal" in pdf_text and "Hemmelig" not in pdf_text
    assert "Journal" in "".join(p.extract_text() for p in PdfReader(out / "journal.pdf").pages)


def test_the_journal_numbers_match_the_journalposts(tmp_path, closed_orders):
    out = tmp_path / "uttrekk"
    year = timezone.localdate().year
    export(out, year)
    tree = parse(out)
    in_xml = sorted(
        int(p.findtext("n:journalsekvensnummer", namespaces=N))
        for p in tree.iterfind(".//n:registrering[@xsi:type='journalpost']", N)
    )
    rows = list(
        csv.DictReader(
            io.StringIO((out / "journal.csv").read_text(encoding="utf-8-sig")), delimiter=";"
        )
    )
    assert in_xml == list(range(1, len(rows) + 1))
    assert [r["Journalnummer"] for r in rows] == [f"{year}/{n}" for n in in_xml]


def test_approved_plans_come_with_their_approvals(tmp_path, demo_data):
    plan = ActionPlan.objects.filter(approved_at__isnull=False).order_by("approved_at").first()
    assert plan is not None and plan.approved_at is not None
    year = timezone.localtime(plan.approved_at).year
    out = tmp_path / "plans"
    export(out, year, plan.area.organisation.slug)
    tree = parse(out)
    assert xsd().validate(tree)
    case = folder(tree, f"Handlingsplan {plan.area.name} {plan.start_year}")
    titles = [t.text for t in case.iterfind("n:registrering/n:tittel", N)]
    assert any("Godkjent i AMU" in t for t in titles)


def test_annual_reports_come_with_the_amu_decision(tmp_path, demo_data, bhtleder, amu):
    from core.models import Organisation

    organisation = Organisation.objects.get(slug="fjordby")
    now = timezone.now()
    run = ReportRun.objects.create(
        kind=ReportKind.AMU_ANNUAL,
        organisation=organisation,
        year=now.year - 5,
        params_key=f"archive-test-{now.timestamp()}",
        requested_by=bhtleder,
        status=RunStatus.DONE,
        progress=100,
        finished_at=now,
    )
    AmuReview.objects.create(
        run=run,
        organisation=organisation,
        meeting_date=timezone.localdate(),
        case_number="12/34",
        decision="AMU tar årsrapporten til orientering.",
        recorded_by=amu,
    )
    out = tmp_path / "reports"
    export(out, timezone.localdate().year)
    tree = parse(out)
    assert xsd().validate(tree)
    case = folder(tree, f"Årsrapport til AMU {now.year - 5}")
    decisions = [
        r
        for r in case.findall("n:registrering", N)
        if "Vedtak i AMU" in r.findtext("n:tittel", namespaces=N)
    ]
    assert len(decisions) == 1
    assert (
        decisions[0].findtext("n:beskrivelse", namespaces=N)
        == "AMU tar årsrapporten til orientering."
    )
    assert "sak 12/34" in decisions[0].findtext("n:tittel", namespaces=N)


def test_it_refuses_bad_arguments(tmp_path, demo_data):
    with pytest.raises(CommandError, match="Finner ingen virksomhet"):
        export(tmp_path / "a", 2024, slug="finnes-ikke")
    with pytest.raises(CommandError, match="Ugyldig år"):
        export(tmp_path / "b", timezone.localdate().year + 1)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("x")
    with pytest.raises(CommandError, match="ikke tom"):
        export(busy, 2024)


def test_an_empty_year_is_still_a_valid_extract(tmp_path, demo_data):
    out = tmp_path / "tomt"
    assert "0 saksmapper" in export(out, 2000)
    assert xsd().validate(parse(out))
    assert (out / "offentlig-journal.pdf").read_bytes().startswith(b"%PDF")
    assert datetime.date(2000, 1, 1).isoformat() in (out / "arkivstruktur.xml").read_text()


@pytest.mark.parametrize("name", ["journal.pdf", "offentlig-journal.pdf"])
def test_the_journal_pdfs_are_tagged_like_every_pdf(tmp_path, closed_orders, name):
    # The accessibility statement promises tagged PDFs (PDF/UA-1), these included.
    out = tmp_path / "uttrekk"
    export(out, timezone.localdate().year)
    root = PdfReader(out / name).trailer["/Root"]
    assert root["/Lang"] == "nb" and root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root


# --- the journal of a period (manage.py noark_journal) ------------------------------


def journal_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def test_the_journal_of_a_period_holds_the_years_posts_of_those_days(tmp_path, closed_orders):
    today = timezone.localdate()
    year_out = tmp_path / "aar"
    export(year_out, today.year)
    of_the_year = journal_rows(year_out / "journal.csv")

    out = tmp_path / "uke"
    # The last seven days, within this year (the year's journal is compared with).
    start = max(today - datetime.timedelta(days=6), today.replace(month=1, day=1))
    stdout = io.StringIO()
    call_command("noark_journal", "--organisation", "fjordby", "--from", start.isoformat(),
                 "--to", today.isoformat(), "--out", str(out), stdout=stdout)  # fmt: skip
    rows = journal_rows(out / "journal.csv")
    in_period = [
        r for r in of_the_year
        if start <= datetime.datetime.strptime(r["Dato"], "%d.%m.%Y").date() <= today
    ]  # fmt: skip
    assert rows and rows == in_period  # the same posts with the same numbers
    assert f"{len(rows)} journalposter" in stdout.getvalue()

    secret = closed_orders[1]
    public = (out / "offentlig-journal.csv").read_text(encoding="utf-8-sig")
    assert "Hemmelig" not in public and "Fortrolig sak" in public
    assert secret.reference in (out / "journal.csv").read_text(encoding="utf-8-sig")
    pdf = "".join(p.extract_text() for p in PdfReader(out / "offentlig-journal.pdf").pages)
    assert f"Offentlig journal {start:%d.%m.%Y}" in pdf and "Hemmelig" not in pdf


@pytest.mark.parametrize(
    "start, end, message",
    [
        ("2026-03-08", "2026-03-01", "--to: Sluttdatoen er før startdatoen."),
        ("2024-01-01", "2026-01-01", "--to: En periode kan være på høyst ett år."),
        ("1999-12-01", "1999-12-31", "--from: Perioden må ligge"),
        ("2026-02-30", "2026-03-01", "--from:"),
    ],
)
def test_a_period_journal_refuses_a_bad_period(tmp_path, demo_data, start, end, message):
    out = tmp_path / "periode"
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("noark_journal", "--organisation", "fjordby", "--from", start,
                     "--to", end, "--out", str(out))  # fmt: skip
    assert not out.exists() or not any(out.iterdir())


def test_a_period_journal_refuses_an_unknown_organisation(tmp_path, demo_data):
    with pytest.raises(CommandError, match="Finner ingen virksomhet med kortnavn 'finnes-ikke'"):
        call_command("noark_journal", "--organisation", "finnes-ikke", "--from", "2026-03-01",
                     "--to", "2026-03-31", "--out", str(tmp_path / "periode"))  # fmt: skip
