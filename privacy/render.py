"""The export as JSON and as PDF (through the reports app's document and WeasyPrint)."""

from __future__ import annotations

import json
import logging

from privacy.export import PersonExport
from reports.document import Report, Section, Table
from reports.render import to_pdf

# WeasyPrint's font subsetting logs every glyph at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# Column headings of the PDF; keys not listed are shown as they are.
HEADINGS = {
    "id": "Id",
    "username": "Brukernavn",
    "first_name": "Fornavn",
    "last_name": "Etternavn",
    "email": "E-post",
    "phone": "Telefon",
    "job_title": "Stilling",
    "department": "Avdeling",
    "is_active": "Aktiv",
    "date_joined": "Opprettet",
    "last_login": "Sist innlogget",
    "photo": "Bilde",
    "role": "Rolle",
    "organisation": "Virksomhet",
    "area": "Område",
    "unit": "Tjenesteområde",
    "valid_from": "Fra",
    "valid_to": "Til",
    "received_at": "Mottatt",
    "channel": "Kanal",
    "caller_name": "Innringer",
    "caller_role": "Innringers rolle",
    "category": "Kategori",
    "summary": "Hva gjelder henvendelsen",
    "advice_given": "Råd gitt",
    "outcome": "Utfall",
    "responded_at": "Besvart",
    "confidential": "Fortrolig",
    "person_part": "Personens rolle",
    "reference": "Referanse",
    "service": "Tjeneste",
    "status": "Status",
    "title": "Tittel",
    "description": "Beskrivelse",
    "journal_reference": "Journalreferanse",
    "decline_reason": "Begrunnelse for avslag",
    "text": "Tekst",
    "at": "Tidspunkt",
    "kind": "Type",
    "order": "Bestilling",
    "date": "Dato",
    "hours": "Timer",
    "activity": "Aktivitet",
    "note": "Notat",
    "action": "Handling",
    "user": "Bruker",
    "object_label": "Objekt",
    "model": "Type",
    "field": "Felt",
}

# Columns left out of the PDF tables to keep them readable (the JSON has them all).
PDF_SKIP = {"organisation_code", "id"}


def to_json(export: PersonExport) -> bytes:
    return json.dumps(export.as_json(), ensure_ascii=False, indent=2).encode("utf-8")


def to_report(export: PersonExport) -> Report:
    sections = [
        Section(
            title="Om innsynet",
            paragraphs=[
                "Dette er alle opplysningene BHT-CRM har lagret om personen, hentet ut "
                "etter personvernforordningen (GDPR) artikkel 15. Innhold i fortrolige "
                "saker som gjelder andre ansatte, er utelatt.",
                "Den samme eksporten finnes maskinlesbar som JSON.",
            ],
            facts=[
                ("Person", export.person.label),
                ("Hentet ut", export.generated_at.strftime("%d.%m.%Y %H:%M")),
            ],
        )
    ]
    for section in export.sections:
        if not section.rows:
            sections.append(Section(title=section.title, paragraphs=["Ingen registreringer."]))
            continue
        keys: list[str] = []
        for row in section.rows:
            keys += [
                k for k in row if k not in keys and k not in PDF_SKIP and not k.endswith("_code")
            ]
        table = Table(
            title=section.title,
            headers=[HEADINGS.get(k, k) for k in keys],
            rows=[[_cell(row.get(k)) for k in keys] for row in section.rows],
            note=section.note,
        )
        sections.append(Section(title=section.title, tables=[table]))
    return Report(
        kind="privacy_export",
        title="Innsyn i personopplysninger",
        subtitle=export.person.label,
        organisation_name="BHT-CRM",
        sections=sections,
        period_label=export.generated_at.strftime("%d.%m.%Y"),
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nei"
    return str(value)


def to_pdf_bytes(export: PersonExport) -> bytes:
    return to_pdf(to_report(export))
