"""`arkivstruktur.xml` of a Noark 5 v5.0 extract (arkivuttrekk), built with lxml and
validated against Arkivverket's schemas, vendored in archive/schemas/noark5/v5_0/.

Element order follows the schema: for a type that extends another (saksmappe
extends mappe, journalpost extends registrering) the base type's elements come
first, then the extension's.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from pathlib import Path

from django.utils import timezone
from lxml import etree

from archive.records import NOTE, OUTGOING, Case, Document, Record, system_id
from core.models import Organisation

NS = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas" / "noark5" / "v5_0"
SYSTEM = "BHT-CRM"
# What a confidential case shows in offentligTittel: no part of its title.
SHIELDED = "******"


@functools.cache
def schema(name: str = "arkivstruktur.xsd") -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name)))


def validate(document: etree._ElementTree, name: str = "arkivstruktur.xsd") -> list[str]:
    """The schema errors of `document`, as "line N: message"; empty when valid."""
    xsd = schema(name)
    if xsd.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in xsd.error_log]


def _dt(value: datetime.datetime) -> str:
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _date(value: datetime.datetime | datetime.date) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


class _Builder:
    def __init__(self, out_dir: Path, archived_at: datetime.datetime, year: int) -> None:
        self.out_dir = out_dir
        self.archived_at = archived_at
        # The journal of the extract's year numbers its posts (journalaar).
        self.journal_year = year

    def sub(self, parent: etree._Element, tag: str, text: object = None) -> etree._Element:
        element = etree.SubElement(parent, f"{{{NS}}}{tag}")
        if text is not None:
            element.text = str(text)
        return element

    def skjerming(self, parent: etree._Element, *fields: str) -> None:
        element = self.sub(parent, "skjerming")
        # Offentleglova § 13 with forvaltningsloven § 13: duty of confidentiality
        # about personal matters (a case about an individual employee).
        self.sub(element, "tilgangsrestriksjon", "13")
        self.sub(element, "skjermingshjemmel", "Offl. § 13 jf. fvl. § 13 første ledd nr. 1")
        for name in fields:
            self.sub(element, "skjermingMetadata", name)
        self.sub(element, "skjermingDokument", "Hele dokumentet")

    def document(self, parent: etree._Element, document: Document, number: int) -> None:
        description = self.sub(parent, "dokumentbeskrivelse")
        self.sub(description, "systemID", document.system_id)
        self.sub(description, "dokumenttype", "Vedlegg" if number > 1 else "Dokument")
        self.sub(description, "dokumentstatus", "Dokumentet er ferdigstilt")
        self.sub(description, "tittel", document.title or "Dokument")
        self.sub(description, "opprettetDato", _dt(document.created))
        self.sub(description, "opprettetAv", document.created_by)
        self.sub(
            description, "tilknyttetRegistreringSom", "Hoveddokument" if number == 1 else "Vedlegg"
        )
        self.sub(description, "dokumentnummer", number)
        self.sub(description, "tilknyttetDato", _dt(document.created))
        self.sub(description, "tilknyttetAv", document.created_by)
        try:
            with document.open_file("rb") as handle:
                content = handle.read()
        except (OSError, ValueError):
            return  # the file is gone: the description stays, without an object
        suffix = Path(document.file_name).suffix.lower() or ".bin"
        relative = f"dokumenter/{document.system_id}{suffix}"
        target = self.out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        obj = self.sub(description, "dokumentobjekt")
        self.sub(obj, "systemID", system_id("object", document.system_id))
        self.sub(obj, "versjonsnummer", 1)
        self.sub(obj, "variantformat", "Produksjonsformat")
        self.sub(obj, "format", suffix.lstrip(".").upper())
        self.sub(obj, "opprettetDato", _dt(document.created))
        self.sub(obj, "opprettetAv", document.created_by)
        self.sub(obj, "referanseDokumentfil", relative)
        self.sub(obj, "sjekksum", hashlib.sha256(content).hexdigest())
        self.sub(obj, "sjekksumAlgoritme", "SHA-256")
        self.sub(obj, "filstoerrelse", len(content))

    def record(
        self,
        parent: etree._Element,
        case: Case,
        record: Record,
        *,
        number_in_case: int,
        journal_numbers: dict[str, int],
    ) -> None:
        element = self.sub(parent, "registrering")
        hidden = case.confidential or record.confidential
        journalled = record.journal and record.system_id in journal_numbers
        if journalled:
            element.set(f"{{{XSI}}}type", "journalpost")
        self.sub(element, "systemID", record.system_id)
        self.sub(element, "opprettetDato", _dt(record.at))
        self.sub(element, "opprettetAv", record.by)
        self.sub(element, "arkivertDato", _dt(self.archived_at))
        self.sub(element, "arkivertAv", SYSTEM)
        if hidden:
            self.skjerming(element, "tittel", "beskrivelse", "korrespondansepart")
        for number, document in enumerate(record.documents, start=1):
            self.document(element, document, number)
        self.sub(element, "tittel", record.title or "Registrering")
        self.sub(
            element, "offentligTittel", SHIELDED if hidden else (record.title or "Registrering")
        )
        if record.description.strip():
            self.sub(element, "beskrivelse", record.description.strip())
        if journalled and record.party:
            party = self.sub(element, "korrespondansepart")
            self.sub(
                party,
                "korrespondanseparttype",
                "Mottaker" if record.post_type == OUTGOING else "Avsender",
            )
            self.sub(party, "korrespondansepartNavn", record.party)
        if not journalled:
            return
        self.sub(element, "journalaar", self.journal_year)
        self.sub(element, "journalsekvensnummer", journal_numbers[record.system_id])
        self.sub(element, "journalpostnummer", number_in_case)
        self.sub(element, "journalposttype", record.post_type)
        self.sub(element, "journalstatus", "Arkivert")
        self.sub(element, "journaldato", _date(record.at))
        self.sub(element, "dokumentetsDato", _date(record.at))
        if record.post_type == OUTGOING:
            self.sub(element, "sendtDato", _dt(record.at))
        elif record.post_type != NOTE:
            self.sub(element, "mottattDato", _dt(record.at))

    def case(self, parent: etree._Element, case: Case, journal_numbers: dict[str, int]) -> None:
        folder = self.sub(parent, "mappe")
        folder.set(f"{{{XSI}}}type", "saksmappe")
        self.sub(folder, "systemID", case.system_id)
        self.sub(folder, "mappeID", case.case_id)
        self.sub(folder, "tittel", case.title)
        self.sub(folder, "offentligTittel", SHIELDED if case.confidential else case.title)
        if case.description.strip():
            self.sub(folder, "beskrivelse", case.description.strip())
        self.sub(folder, "opprettetDato", _dt(case.created))
        self.sub(folder, "opprettetAv", case.created_by)
        self.sub(folder, "avsluttetDato", _dt(case.closed))
        self.sub(folder, "avsluttetAv", case.closed_by)
        if case.confidential:
            self.skjerming(folder, "tittel", "beskrivelse")
        in_case = 0
        for record in case.records:
            if record.journal:
                in_case += 1
            self.record(
                folder,
                case,
                record,
                number_in_case=in_case,
                journal_numbers=journal_numbers,
            )
        self.sub(folder, "saksaar", case.year)
        self.sub(folder, "sakssekvensnummer", case.sequence)
        self.sub(folder, "saksdato", _date(case.created))
        self.sub(folder, "administrativEnhet", case.unit)
        self.sub(folder, "saksansvarlig", case.responsible)
        self.sub(folder, "saksstatus", "Avsluttet")


def arkivstruktur(
    *,
    organisation: Organisation,
    year: int,
    cases: list[Case],
    journal_numbers: dict[str, int],
    out_dir: Path,
    archived_at: datetime.datetime,
) -> etree._ElementTree:
    """The extract's main document; attachments are copied into out_dir/dokumenter/."""
    builder = _Builder(out_dir, archived_at, year)
    root = etree.Element(f"{{{NS}}}arkiv", nsmap={None: NS, "xsi": XSI})
    root.set(
        f"{{{XSI}}}schemaLocation",
        f"{NS} arkivstruktur.xsd",
    )
    sub = builder.sub
    sub(root, "systemID", system_id("arkiv", organisation.pk))
    sub(root, "tittel", f"BHT-CRM: {organisation.name}")
    sub(root, "arkivstatus", "Avsluttet")
    sub(root, "opprettetDato", _dt(archived_at))
    sub(root, "opprettetAv", SYSTEM)
    sub(root, "avsluttetDato", _dt(archived_at))
    sub(root, "avsluttetAv", SYSTEM)
    creator = sub(root, "arkivskaper")
    sub(creator, "arkivskaperID", organisation.org_number or organisation.slug)
    sub(creator, "arkivskaperNavn", organisation.name)
    part = sub(root, "arkivdel")
    sub(part, "systemID", system_id("arkivdel", organisation.pk, year))
    sub(part, "tittel", f"Bedriftshelsetjenesten {year}")
    sub(part, "arkivdelstatus", "Avsluttet periode")
    sub(part, "opprettetDato", _dt(archived_at))
    sub(part, "opprettetAv", SYSTEM)
    sub(part, "avsluttetDato", _dt(archived_at))
    sub(part, "avsluttetAv", SYSTEM)
    sub(part, "arkivperiodeStartDato", datetime.date(year, 1, 1).isoformat())
    sub(part, "arkivperiodeSluttDato", datetime.date(year, 12, 31).isoformat())
    for case in cases:
        builder.case(part, case, journal_numbers)
    return etree.ElementTree(root)
