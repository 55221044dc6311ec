"""Reading an HR export: the CSV format shared by every import, and the organisation file's
rows."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.models import (
    Department,
    Role,
    ServiceArea,
    ServiceUnit,
)

COLUMNS = (
    "area",
    "unit",
    "department",
    "employees",
    "leader_name",
    "leader_email",
    "leader_phone",
)


NAME_MAX = 200  # ServiceArea/ServiceUnit/Department.name


PERSON_NAME_MAX = 150  # User.first_name / last_name


PHONE_MAX = 30  # User.phone


EMPLOYEES_MAX = 2_147_483_647  # PositiveIntegerField


# Excel writes thousands with a space or a no-break space: "1 234".
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


LEVELS = {
    "area": (ServiceArea, "director", Role.AREA_DIRECTOR),
    "unit": (ServiceUnit, "leader", Role.UNIT_LEADER),
    "department": (Department, "leader", Role.DEPARTMENT_LEADER),
}


@dataclass(frozen=True)
class OrgRow:
    """One line of the file, values as text. `number` is the row in the file."""

    number: int
    area: str = ""
    unit: str = ""
    department: str = ""
    employees: str = ""
    leader_name: str = ""
    leader_email: str = ""
    leader_phone: str = ""


@dataclass
class OrgImportResult:
    year: int
    rows: int = 0
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    users_created: int = 0
    roles_assigned: int = 0
    roles_ended: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.created.values())
            or sum(self.updated.values())
            or self.users_created
            or self.roles_assigned
            or self.roles_ended
        )


class OrgImportError(ApplicationError):
    """The file has errors; `errors` lists every one of them. Nothing was saved."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _error(row: int, column: str, message: str) -> str:
    return _("Rad %(row)s, kolonne %(column)s: %(message)s") % {
        "row": row,
        "column": column,
        "message": message,
    }


def read_csv_table(
    data: bytes | str,
    *,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    error_class: type[OrgImportError] = OrgImportError,
) -> list[tuple[int, dict[str, str]]]:
    """The data rows of an HR export as (row number in the file, {column: text}).

    Shared by every CSV import: UTF-8 with or without BOM (Windows-1252 is accepted
    too, as older Excel versions save it), delimiter `;`, `,` or tab, found from the
    header; unknown, repeated and missing columns and rows with more fields than the
    header are errors, all reported at once through `error_class`.
    """
    records = _records(_decode(data, error_class), error_class)
    header = [cell.strip().lower() for cell in records[0]]
    positions = _positions(header, columns, required, error_class)
    rows, errors = [], []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if any(cell.strip() for cell in record[len(header) :]):
            errors.append(
                _("Rad %(row)s: har flere felt enn overskriftsraden (feil skilletegn?).")
                % {"row": number}
            )
            continue
        values = {
            name: record[index] if index < len(record) else "" for name, index in positions.items()
        }
        rows.append((number, values))
    if errors:
        raise error_class(errors)
    return rows


def _decode(data: bytes | str, error_class: type[OrgImportError]) -> str:
    if not isinstance(data, bytes):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Bytes such as 0x81 are neither UTF-8 nor Windows-1252.
        raise error_class(
            [_("Filen kan ikke leses: lagre den som CSV (UTF-8) og prøv igjen.")]
        ) from None


def _records(text: str, error_class: type[OrgImportError]) -> list[list[str]]:
    """The file's records, with the delimiter found from the header; the first
    record is the header and is not empty."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        # A field over csv.field_size_limit() (131 072 characters), a stray NUL...
        raise error_class(
            [_("Filen kan ikke leses som CSV (et felt er for langt eller ugyldig).")]
        ) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise error_class([_("Filen er tom: første rad må være overskriftene.")])
    return records


def _positions(
    header: list[str],
    columns: tuple[str, ...],
    required: tuple[str, ...],
    error_class: type[OrgImportError],
) -> dict[str, int]:
    """Each known column's index; unknown, repeated and missing columns are errors."""
    errors = []
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            continue  # Excel leaves empty columns after the last one
        if name not in columns:
            errors.append(
                _error(
                    1,
                    name,
                    _("ukjent kolonne. Gyldige kolonner: %(columns)s.")
                    % {"columns": ", ".join(columns)},
                )
            )
        elif name in positions:
            errors.append(_error(1, name, _("kolonnen står to ganger.")))
        else:
            positions[name] = index
    errors.extend(
        _error(1, name, _("kolonnen mangler.")) for name in required if name not in positions
    )
    if errors:
        raise error_class(errors)
    return positions


def org_rows_from_csv(data: bytes | str) -> list[OrgRow]:
    """The rows of an organisation export (see `read_csv_table` for the format)."""
    table = read_csv_table(data, columns=COLUMNS, required=("area",))
    return [OrgRow(number=number, **values) for number, values in table]
