"""`noark_export`: the archive extract of one organisation and year, and
`journal_export`: the journal and the public journal of any period (docs/archive.md)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from lxml import etree

from archive import journal, noark
from archive.records import JournalLine, cases_for, journal_lines
from core.errors import ApplicationError
from core.models import Organisation

FILES = (
    "arkivstruktur.xml",
    "journal.csv",
    "journal.pdf",
    "offentlig-journal.csv",
    "offentlig-journal.pdf",
)


@dataclass(frozen=True)
class ExportResult:
    cases: int
    journal_posts: int
    confidential_cases: int
    files: tuple[Path, ...]


def noark_export(*, organisation: Organisation, year: int, out_dir: Path) -> ExportResult:
    """Write the extract into `out_dir`. The structure is validated against the
    Noark 5 v5.0 schema before anything is written: an invalid extract is an error,
    never a file a depot would refuse later."""
    if not 2000 <= year <= timezone.localdate().year:
        raise ApplicationError(f"Ugyldig år: {year}.", field="year")
    _empty_dir(out_dir)
    cases = cases_for(organisation, year)
    lines = journal_lines(cases, year)
    numbers = {line.system_id: int(line.number.split("/")[1]) for line in lines}
    tree = noark.arkivstruktur(
        organisation=organisation,
        year=year,
        cases=cases,
        journal_numbers=numbers,
        out_dir=out_dir,
        archived_at=timezone.now(),
    )
    errors = noark.validate(tree)
    if errors:
        raise ApplicationError("arkivstruktur.xml er ikke gyldig: " + "; ".join(errors[:5]))
    (out_dir / "arkivstruktur.xml").write_bytes(
        etree.tostring(tree, xml_declaration=True, encoding="utf-8", pretty_print=True)
    )
    _write_journals(lines, organisation=organisation, period=str(year), out_dir=out_dir)
    return ExportResult(
        cases=len(cases),
        journal_posts=len(lines),
        confidential_cases=sum(1 for case in cases if case.confidential),
        files=tuple(out_dir / name for name in FILES),
    )


JOURNAL_FILES = FILES[1:]
MAX_JOURNAL_DAYS = 366


@dataclass(frozen=True)
class JournalResult:
    journal_posts: int
    files: tuple[Path, ...]


def _write_journals(
    lines: list[JournalLine], *, organisation: Organisation, period: str, out_dir: Path
) -> None:
    """journal.{csv,pdf} (internal) and offentlig-journal.{csv,pdf} (public)."""
    for public, stem in ((False, "journal"), (True, "offentlig-journal")):
        (out_dir / f"{stem}.csv").write_bytes(journal.to_csv(lines, public=public))
        (out_dir / f"{stem}.pdf").write_bytes(
            journal.to_pdf(lines, public=public, organisation=organisation, period=period)
        )


def _empty_dir(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(out_dir.iterdir()):
        raise ApplicationError(f"Mappen {out_dir} er ikke tom.", field="out")


def journal_export(
    *, organisation: Organisation, start: datetime.date, end: datetime.date, out_dir: Path
) -> JournalResult:
    """The journal and the public journal of the days `start`–`end` (at most a year),
    as CSV and PDF: the posts of the extract's journal in that period, with the same
    numbers (`year/sequence`, per journal year), e.g. the public journal of a week."""
    if end < start:
        raise ApplicationError("Sluttdatoen er før startdatoen.", field="to")
    if (end - start).days >= MAX_JOURNAL_DAYS:
        raise ApplicationError("En periode kan være på høyst ett år.", field="to")
    if start.year < 2000 or end.year > timezone.localdate().year:
        raise ApplicationError(
            "Perioden må ligge mellom år 2000 og utgangen av i år.", field="from"
        )
    _empty_dir(out_dir)
    found: dict[str, JournalLine] = {}
    for year in range(start.year, end.year + 1):
        for line in journal_lines(cases_for(organisation, year), year):
            if start <= line.date <= end:
                found.setdefault(line.system_id, line)
    lines = sorted(found.values(), key=lambda line: (line.date, *map(int, line.number.split("/"))))
    period = f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"
    _write_journals(lines, organisation=organisation, period=period, out_dir=out_dir)
    return JournalResult(
        journal_posts=len(lines), files=tuple(out_dir / name for name in JOURNAL_FILES)
    )
