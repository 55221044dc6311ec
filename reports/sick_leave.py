"""Sick-leave statistics: the import from HR (`manage.py import_sick_leave`) and
the sums the report kinds read.

The file format is documented in docs/import_sick_leave.md. As for the
organisation import (core.imports), every row is checked before anything is
written, every message names the row as Excel shows it (the header is row 1)
and the column, and the rows are written in one transaction or not at all.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.imports import OrgImportError, _error, read_csv_table
from core.models import Department, Organisation, ServiceUnit
from reports.kinds._figures import half_up
from reports.models import SickLeaveStat

__all__ = [
    "COLUMNS",
    "MAX_UPLOAD_BYTES",
    "SickLeaveImportError",
    "SickLeaveImportResult",
    "sick_leave_import",
    "sick_leave_percent",
    "sick_leave_rows_from_csv",
    "sick_leave_totals",
]

COLUMNS = (
    "area",
    "unit",
    "department",
    "period_start",
    "period_end",
    "agreed_workdays",
    "lost_self_certified",
    "lost_doctor_certified",
)
REQUIRED = tuple(c for c in COLUMNS if c != "department")


class SickLeaveImportError(OrgImportError):
    """The file has errors; `errors` lists every one of them. Nothing was saved."""


DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
MAX_DAYS = Decimal("9999999999.99")  # Decimal(12, 2)
# The largest file the upload page and the API accept (a year of a large
# municipality's departments is well under 1 MB).
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


# --- reading -----------------------------------------------------------------


def sick_leave_rows_from_csv(data: bytes | str) -> list[dict[str, Any]]:
    """Rows of the file as {"number": row in the file, column: text}; the format and
    its errors are those of every CSV import (core.imports.read_csv_table)."""
    table = read_csv_table(
        data, columns=COLUMNS, required=REQUIRED, error_class=SickLeaveImportError
    )
    return [
        {"number": number, **{name: text.strip() for name, text in values.items()}}
        for number, values in table
    ]


# --- checking and writing ----------------------------------------------------------


@dataclass(frozen=True)
class _Clean:
    unit: ServiceUnit | None
    department: Department | None
    period_start: datetime.date
    period_end: datetime.date
    agreed_workdays: Decimal
    lost_self_certified: Decimal
    lost_doctor_certified: Decimal


@dataclass
class SickLeaveImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0


def _date(value: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a plain date
        except ValueError:
            continue
    return None


def _days(value: str) -> Decimal | None:
    try:
        number = Decimal(value.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _check(
    row: dict[str, Any],
    units: dict[tuple[str, str], ServiceUnit],
    departments: dict[tuple[str, str, str], Department],
) -> tuple[_Clean | None, list[str]]:
    n = row["number"]
    errors = [_error(n, name, _("mangler verdi.")) for name in REQUIRED if not row.get(name)]
    unit, department = _place(row, units, departments, errors)
    start, end = _period(row, errors)
    numbers = _numbers(row, errors)
    if (
        not errors
        and numbers["lost_self_certified"] + numbers["lost_doctor_certified"]
        > numbers["agreed_workdays"]
    ):
        errors.append(
            _error(n, "lost_doctor_certified", _("tapte dagsverk er flere enn avtalte dagsverk."))
        )
    if errors or start is None or end is None:
        return None, errors
    return _Clean(unit, department, start, end, **numbers), []


def _place(
    row: dict[str, Any],
    units: dict[tuple[str, str], ServiceUnit],
    departments: dict[tuple[str, str, str], Department],
    errors: list[str],
) -> tuple[ServiceUnit | None, Department | None]:
    """The row's department, else its unit (a missing one is an error)."""
    n = row["number"]
    area, unit_name, department_name = (
        row.get("area", ""),
        row.get("unit", ""),
        row.get("department", ""),
    )
    if not (area and unit_name):
        return None, None
    if department_name:
        department = departments.get((area.lower(), unit_name.lower(), department_name.lower()))
        if department is None:
            errors.append(
                _error(n, "department", _("finnes ikke under %(unit)s.") % {"unit": unit_name})
            )
        return None, department
    unit = units.get((area.lower(), unit_name.lower()))
    if unit is None:
        errors.append(_error(n, "unit", _("finnes ikke under %(area)s.") % {"area": area}))
    return unit, None


def _period(
    row: dict[str, Any], errors: list[str]
) -> tuple[datetime.date | None, datetime.date | None]:
    n = row["number"]
    dates: dict[str, datetime.date | None] = {}
    for name in ("period_start", "period_end"):
        if row.get(name):
            dates[name] = _date(row[name])
            if dates[name] is None:
                errors.append(
                    _error(n, name, _("er ikke en dato (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)."))
                )
    start, end = dates.get("period_start"), dates.get("period_end")
    if start and end and end < start:
        errors.append(_error(n, "period_end", _("er før period_start.")))
    return start, end


def _numbers(row: dict[str, Any], errors: list[str]) -> dict[str, Decimal]:
    """The row's days, each checked; the valid ones by column."""
    n = row["number"]
    numbers: dict[str, Decimal] = {}
    for name in ("agreed_workdays", "lost_self_certified", "lost_doctor_certified"):
        if not row.get(name):
            continue
        value = _days(row[name])
        if value is None:
            errors.append(_error(n, name, _("er ikke et tall.")))
        elif value < 0 or value > MAX_DAYS:
            errors.append(_error(n, name, _("må være mellom 0 og %(max)s.") % {"max": MAX_DAYS}))
        elif value != value.quantize(Decimal("0.01")):
            errors.append(_error(n, name, _("kan ha høyst to desimaler.")))
        else:
            numbers[name] = value
    if "agreed_workdays" in numbers and numbers["agreed_workdays"] == 0:
        errors.append(_error(n, "agreed_workdays", _("må være større enn 0.")))
    return numbers


def sick_leave_import(
    *, organisation: Organisation, rows: list[dict[str, Any]]
) -> SickLeaveImportResult:
    """Check every row, then write all of them (update or create per unit or
    department and period) in one transaction. Raises SickLeaveImportError with
    every error, having saved nothing."""
    units = {
        (u.area.name.lower(), u.name.lower()): u
        for u in ServiceUnit.objects.filter(area__organisation=organisation).select_related("area")
    }
    departments = {
        (d.unit.area.name.lower(), d.unit.name.lower(), d.name.lower()): d
        for d in Department.objects.filter(unit__area__organisation=organisation).select_related(
            "unit__area"
        )
    }
    cleaned, errors = [], []
    seen: dict[tuple[Any, ...], int] = {}
    for row in rows:
        clean, row_errors = _check(row, units, departments)
        errors.extend(row_errors)
        if clean is None:
            continue
        key = (clean.unit, clean.department, clean.period_start, clean.period_end)
        if key in seen:
            errors.append(
                _error(
                    row["number"],
                    "period_start",
                    _("samme enhet og periode som rad %(row)s.") % {"row": seen[key]},
                )
            )
        seen[key] = row["number"]
        cleaned.append(clean)
    if errors:
        raise SickLeaveImportError(errors)
    result = SickLeaveImportResult(rows=len(cleaned))
    with transaction.atomic():
        for clean in cleaned:
            _stat, created = SickLeaveStat.objects.update_or_create(
                organisation=organisation,
                unit=clean.unit,
                department=clean.department,
                period_start=clean.period_start,
                period_end=clean.period_end,
                defaults={
                    "agreed_workdays": clean.agreed_workdays,
                    "lost_self_certified": clean.lost_self_certified,
                    "lost_doctor_certified": clean.lost_doctor_certified,
                },
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result


# --- figures -----------------------------------------------------------------


def sick_leave_percent(lost: Decimal, agreed: Decimal) -> Decimal | None:
    """Sick-leave percent as NAV/SSB define it: lost workdays × 100 / agreed
    workdays, one decimal, rounded half up."""
    if not agreed:
        return None
    return half_up(lost * 100 / agreed, 1)


def sick_leave_totals(
    *, organisation: Organisation, year: int, by: Literal["area", "unit"]
) -> list[dict[str, Any]]:
    """Agreed and lost workdays of the periods inside `year`, summed per area or per
    unit (a department's figures count in its unit). One query."""
    qs = SickLeaveStat.objects.filter(
        organisation=organisation,
        period_start__gte=datetime.date(year, 1, 1),
        period_end__lte=datetime.date(year, 12, 31),
    ).annotate(
        area_name=Coalesce("unit__area__name", "department__unit__area__name"),
        unit_name=Coalesce("unit__name", "department__unit__name"),
    )
    keys = ["area_name"] if by == "area" else ["area_name", "unit_name"]
    return list(
        qs.order_by()
        .values(*keys)
        .annotate(
            agreed=Sum("agreed_workdays"),
            lost_self=Sum("lost_self_certified"),
            lost_doctor=Sum("lost_doctor_certified"),
        )
        .order_by(*keys)
    )
