"""Reference figures: published sick-leave percentages (e.g. SSB by sector and
year) imported from CSV, to compare the organisation's sick leave with on the
trends page. Nothing is fetched at runtime.

File: `;`-, `,`- or tab-separated, UTF-8 (or Windows-1252), header row with the
columns `source;sector;year;sick_leave_percent` (docs/reports.md). Every row is
checked first; each error names its row and column; nothing is saved unless every
row is right. An existing (source, sector, year) is updated.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.imports import OrgImportError, _error, read_csv_table
from core.parsing import small_number
from reports.models import ReferenceFigure

COLUMNS = ("source", "sector", "year", "sick_leave_percent")
MAX_UPLOAD_BYTES = 1024 * 1024


class ReferenceImportError(OrgImportError):
    """The file has errors; `errors` lists every one of them. Nothing was saved."""


@dataclass
class ReferenceImportResult:
    rows: int
    created: int
    updated: int


def reference_rows_from_csv(data: bytes | str) -> list[tuple[int, dict[str, str]]]:
    return read_csv_table(data, columns=COLUMNS, required=COLUMNS, error_class=ReferenceImportError)


def _check_row(number: int, values: dict[str, str]) -> tuple[dict[str, Any] | None, list[str]]:
    """The row's figure, or None with every error of the row."""
    this_year = timezone.localdate().year
    source = values.get("source", "").strip()
    sector = values.get("sector", "").strip()
    year_text = values.get("year", "").strip()
    row_errors = []
    if not source or len(source) > 100:
        row_errors.append(_error(number, "source", _("Oppgi kilden (høyst 100 tegn).")))
    if not sector or len(sector) > 200:
        row_errors.append(_error(number, "sector", _("Oppgi sektoren (høyst 200 tegn).")))
    year = small_number(year_text, digits=4)
    if year is None or not 1990 <= year <= this_year:
        row_errors.append(
            _error(number, "year", _("Oppgi et år mellom 1990 og %(y)s.") % {"y": this_year})
        )
    percent = _percent(values.get("sick_leave_percent", ""))
    if percent is None:
        row_errors.append(
            _error(number, "sick_leave_percent", _("Oppgi en prosent mellom 0 og 100."))
        )
    if row_errors:
        return None, row_errors
    return {"source": source, "sector": sector, "year": year, "percent": percent}, []


def _percent(text: str) -> Decimal | None:
    try:
        percent = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not percent.is_finite() or not 0 <= percent <= 100:
        return None
    return percent.quantize(Decimal("0.01"))


def reference_import(*, rows: list[tuple[int, dict[str, str]]]) -> ReferenceImportResult:
    errors: list[str] = []
    clean: list[dict[str, Any]] = []
    seen: set[tuple[str, str, int]] = set()
    for number, values in rows:
        row, row_errors = _check_row(number, values)
        if row is not None:
            key = (row["source"].lower(), row["sector"].lower(), row["year"])
            if key in seen:
                row_errors.append(_error(number, "year", _("Raden finnes to ganger i filen.")))
                row = None
            seen.add(key)
        errors += row_errors
        if row is not None:
            clean.append(row)
    if errors:
        raise ReferenceImportError(errors)
    if not clean:
        raise ReferenceImportError([_("Filen har ingen rader.")])
    created = updated = 0
    with transaction.atomic():
        for row in clean:
            _obj, was_created = ReferenceFigure.objects.update_or_create(
                source=row["source"],
                sector=row["sector"],
                year=row["year"],
                defaults={"sick_leave_percent": row["percent"]},
            )
            created += was_created
            updated += not was_created
    return ReferenceImportResult(rows=len(clean), created=created, updated=updated)
