"""The journal (journal listing) and the public journal (offentlig journal) of an
extract's year, as CSV and PDF (WeasyPrint, like the reports). The public journal
hides what a confidential post is about: its title becomes the placeholder and
its correspondent is left out (offentleglova § 13)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import timezone

from archive.records import JournalLine
from core.exports import csv_bytes
from core.models import Organisation

MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
HEADER = ["Journalnummer", "Dato", "Periode", "Type", "Saksnummer", "Tittel", "Avsender/mottaker"]


def _rows(lines: Iterable[JournalLine], *, public: bool) -> list[list[str]]:
    rows = []
    for line in lines:
        rows.append(
            [
                line.number,
                line.date.strftime("%d.%m.%Y"),
                f"{line.date:%Y-%m}",
                line.post_type,
                line.case_id,
                line.public_title if public else line.title,
                line.public_party if public else line.party,
            ]
        )
    return rows


def to_csv(lines: list[JournalLine], *, public: bool) -> bytes:
    return csv_bytes(HEADER, _rows(lines, public=public))


def to_pdf(
    lines: list[JournalLine], *, public: bool, organisation: Organisation, period: str
) -> bytes:
    """The journal (or the public journal) of `period` ("2026", "01.03.2026–07.03.2026"),
    grouped by month."""
    # The reports app's PDF output: tagged (PDF/UA-1), like every PDF the system makes.
    from reports.render import html_to_pdf

    months = []
    for (year, month), group in itertools.groupby(
        lines, key=lambda line: (line.date.year, line.date.month)
    ):
        months.append({"name": f"{MONTHS[month - 1]} {year}", "rows": _rows(group, public=public)})
    html = render_to_string(
        "archive/journal.html",
        {
            "title": ("Offentlig journal" if public else "Journal") + f" {period}",
            "organisation": organisation,
            "public": public,
            "months": months,
            "header": [h for h in HEADER if h != "Periode"],
            "count": len(lines),
            "made": timezone.localdate(),
        },
    )
    return html_to_pdf(html)
