"""Import of the organisation tree from an HR export (`manage.py import_org`).

The file format is documented in docs/import_org.md. Two steps, kept apart on
purpose: `org_rows_from_csv` reads the file into rows, `org_import` checks every
row and then writes all of them in one transaction, or nothing at all. Messages
name the row as the user sees it in Excel (the header is row 1) and the column.
"""

from __future__ import annotations

from .checking import (
    _check_employees,
    _check_leader,
    _check_names,
    _check_rows,
    _Clean,
    _Leader,
    _tidy,
    _users_by_email,
    split_name,
)
from .reading import (
    _SPACES,
    COLUMNS,
    EMPLOYEES_MAX,
    LEVELS,
    NAME_MAX,
    PERSON_NAME_MAX,
    PHONE_MAX,
    OrgImportError,
    OrgImportResult,
    OrgRow,
    _decode,
    _error,
    _positions,
    _records,
    org_rows_from_csv,
    read_csv_table,
)
from .writing import (
    _Writer,
    org_import,
)

__all__ = [
    "_Leader",
    "_Clean",
    "_tidy",
    "split_name",
    "_check_employees",
    "_check_names",
    "_check_leader",
    "_check_rows",
    "_users_by_email",
    "org_import",
    "_Writer",
    "COLUMNS",
    "NAME_MAX",
    "PERSON_NAME_MAX",
    "PHONE_MAX",
    "EMPLOYEES_MAX",
    "_SPACES",
    "LEVELS",
    "OrgRow",
    "OrgImportResult",
    "OrgImportError",
    "_error",
    "read_csv_table",
    "_decode",
    "_records",
    "_positions",
    "org_rows_from_csv",
]
