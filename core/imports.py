"""Import of the organisation tree from an HR export (`manage.py import_org`).

The file format is documented in docs/import_org.md. Two steps, kept apart on
purpose: `org_rows_from_csv` reads the file into rows, `org_import` checks every
row and then writes all of them in one transaction, or nothing at all. Messages
name the row as the user sees it in Excel (the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.models import (
    Department,
    Headcount,
    Organisation,
    Role,
    RoleAssignment,
    ServiceArea,
    ServiceUnit,
    User,
)
from core.services import role_assign

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


# --- reading the file ------------------------------------------------------


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
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                # Bytes such as 0x81 are neither UTF-8 nor Windows-1252.
                raise error_class(
                    [_("Filen kan ikke leses: lagre den som CSV (UTF-8) og prøv igjen.")]
                ) from None
    else:
        text = data.removeprefix("\ufeff")
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

    header = [cell.strip().lower() for cell in records[0]]
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

    rows = []
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


def org_rows_from_csv(data: bytes | str) -> list[OrgRow]:
    """The rows of an organisation export (see `read_csv_table` for the format)."""
    table = read_csv_table(data, columns=COLUMNS, required=("area",))
    return [OrgRow(number=number, **values) for number, values in table]


# --- checking and writing --------------------------------------------------


@dataclass(frozen=True)
class _Leader:
    email: str
    first_name: str
    last_name: str
    phone: str


@dataclass(frozen=True)
class _Clean:
    number: int
    path: tuple[str, ...]  # (area,), (area, unit) or (area, unit, department)
    employees: int | None
    leader: _Leader | None

    @property
    def level(self) -> str:
        return ("area", "unit", "department")[len(self.path) - 1]


def _tidy(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def split_name(name: str) -> tuple[str, str]:
    """'Kari Nordmann' and 'Nordmann, Kari' -> ('Kari', 'Nordmann');
    the last word is the surname ('Anne Marie Hansen' -> ('Anne Marie', 'Hansen'))."""
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        return first, last
    first, _sep, last = name.rpartition(" ")
    return (first, last) if first else (last, "")


def _check_employees(n: int, raw: str) -> tuple[int | None, list[str]]:
    if not raw:
        return None, []
    digits = _SPACES.sub("", raw)
    if digits.isascii() and digits.isdecimal():
        if int(digits) > EMPLOYEES_MAX:
            return None, [_error(n, "employees", _("«%s» er for stort.") % raw)]
        return int(digits), []
    if digits.startswith("-") and digits[1:].isdecimal():
        return None, [_error(n, "employees", _("«%s» kan ikke være negativt.") % raw)]
    return None, [_error(n, "employees", _("«%s» er ikke et heltall.") % raw)]


def _check_names(n: int, area: str, unit: str, department: str) -> list[str]:
    errors = []
    if not area:
        errors.append(_error(n, "area", _("mangler verdi.")))
    if department and not unit:
        errors.append(_error(n, "unit", _("mangler: en avdeling må høre til et tjenesteområde.")))
    for column, value in (("area", area), ("unit", unit), ("department", department)):
        if len(value) > NAME_MAX:
            errors.append(_error(n, column, _("er lengre enn %(max)s tegn.") % {"max": NAME_MAX}))
    return errors


def _check_leader(n: int, email: str, name: str, phone: str) -> tuple[_Leader | None, list[str]]:
    errors = []
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _error(n, "leader_email", _("«%s» er ikke en gyldig e-postadresse.") % email)
            )
    elif name or phone:
        errors.append(
            _error(
                n,
                "leader_email",
                _("mangler: lederen kobles til en bruker gjennom e-postadressen."),
            )
        )
    first_name, last_name = split_name(name) if name else ("", "")
    if max(len(first_name), len(last_name)) > PERSON_NAME_MAX:
        message = _("er for langt (høyst %s tegn for fornavn og etternavn).") % PERSON_NAME_MAX
        errors.append(_error(n, "leader_name", message))
    if len(phone) > PHONE_MAX:
        errors.append(
            _error(n, "leader_phone", _("er lengre enn %(max)s tegn.") % {"max": PHONE_MAX})
        )
    leader = _Leader(email, first_name, last_name, phone) if email and not errors else None
    return leader, errors


def _check_rows(rows: Iterable[OrgRow]) -> tuple[list[_Clean], list[str]]:
    """Every row on its own, then across rows: one node once, one name per e-mail."""
    clean: list[_Clean] = []
    errors: list[str] = []
    seen_nodes: dict[tuple[str, ...], int] = {}
    seen_emails: dict[str, tuple[int, str]] = {}
    for row in rows:
        v = {f.name: _tidy(getattr(row, f.name)) for f in fields(row) if f.name != "number"}
        if not any(v.values()):
            continue
        n = row.number
        row_errors = _check_names(n, v["area"], v["unit"], v["department"])
        employees, employee_errors = _check_employees(n, v["employees"])
        leader, leader_errors = _check_leader(
            n, v["leader_email"], v["leader_name"], v["leader_phone"]
        )
        row_errors += employee_errors + leader_errors

        email, name = v["leader_email"].lower(), v["leader_name"]
        if email and name:
            first_row, first_name = seen_emails.setdefault(email, (n, name))
            if first_name != name:
                message = _(
                    "«%(name)s» er et annet navn enn «%(other)s» i rad %(row)s, "
                    "med samme e-postadresse."
                ) % {"name": name, "other": first_name, "row": first_row}
                row_errors.append(_error(n, "leader_name", message))

        path = tuple(part for part in (v["area"], v["unit"], v["department"]) if part)
        if not row_errors:
            key = tuple(part.casefold() for part in path)
            if key in seen_nodes:
                column = ("area", "unit", "department")[len(path) - 1]
                message = _("«%(name)s» står allerede i rad %(row)s.") % {
                    "name": path[-1],
                    "row": seen_nodes[key],
                }
                row_errors.append(_error(n, column, message))
            seen_nodes.setdefault(key, n)

        if row_errors:
            errors += row_errors
        else:
            clean.append(_Clean(n, path, employees, leader))
    return clean, errors


def _users_by_email(rows: list[_Clean], errors: list[str]) -> dict[str, User]:
    """The existing users the file names as leaders. A new leader needs a name."""
    emails = {row.leader.email.lower() for row in rows if row.leader}
    found: dict[str, list[User]] = {}
    matches = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    for user in matches.order_by("pk"):
        found.setdefault(user.email.lower(), []).append(user)
    named = {row.leader.email.lower() for row in rows if row.leader and row.leader.first_name}
    reported: set[str] = set()
    for row in rows:
        if row.leader is None:
            continue
        email = row.leader.email.lower()
        if len(found.get(email, [])) > 1 and email not in reported:
            reported.add(email)
            errors.append(
                _error(
                    row.number,
                    "leader_email",
                    _("flere brukere har e-postadressen «%s»; rett opp i brukerlisten først.")
                    % row.leader.email,
                )
            )
        elif email not in found and email not in named and email not in reported:
            reported.add(email)
            errors.append(
                _error(
                    row.number,
                    "leader_name",
                    _("mangler: «%s» er ikke en bruker ennå, og en ny bruker trenger et navn.")
                    % row.leader.email,
                )
            )
    return {email: users[0] for email, users in found.items()}


def org_import(
    *,
    organisation: Organisation,
    rows: Iterable[OrgRow],
    year: int | None = None,
    dry_run: bool = False,
) -> OrgImportResult:
    """Create or update the areas, units and departments of `organisation` from
    `rows`, with their leaders (role and leader field) and headcounts for `year`.

    Every row is checked first; any error raises OrgImportError listing all of
    them, and nothing is saved. Blank cells leave the current value alone.
    Importing the same rows again changes nothing.
    """
    clean, errors = _check_rows(rows)
    users = _users_by_email(clean, errors)
    if errors:
        raise OrgImportError(errors)
    with transaction.atomic():
        writer = _Writer(organisation, year or timezone.localdate().year, users)
        for row in clean:
            writer.write(row)
        writer.result.rows = len(clean)
        if dry_run:
            transaction.set_rollback(True)
    return writer.result


class _Writer:
    def __init__(self, organisation: Organisation, year: int, users: dict[str, User]) -> None:
        self.organisation = organisation
        self.today = timezone.localdate()
        self.result = OrgImportResult(year=year)
        self.users = users
        self.areas = {a.name.casefold(): a for a in organisation.areas.all()}
        self.units = {
            (u.area_id, u.name.casefold()): u
            for u in ServiceUnit.objects.filter(area__organisation=organisation)
        }
        self.departments = {
            (d.unit_id, d.name.casefold()): d
            for d in Department.objects.filter(unit__area__organisation=organisation)
        }
        self.headcounts = {
            (h.area_id, h.unit_id, h.department_id): h
            for h in Headcount.objects.filter(year=year).filter(
                models.Q(area__organisation=organisation)
                | models.Q(unit__area__organisation=organisation)
                | models.Q(department__unit__area__organisation=organisation)
            )
        }
        self.usernames: set[str] = set()

    def write(self, row: _Clean) -> None:
        created_before = self.result.created[row.level]
        node: ServiceArea | ServiceUnit | Department = self._area(row.path[0])
        if len(row.path) > 1:
            node = self._unit(node, row.path[1])  # type: ignore[arg-type]
        if len(row.path) > 2:
            node = self._department(node, row.path[2])  # type: ignore[arg-type]
        user = self._user(row.leader) if row.leader is not None else None
        _model, fk, role = LEVELS[row.level]
        changed = []
        if row.employees is not None and node.employees != row.employees:
            node.employees = row.employees
            changed.append("employees")
        if user is not None and getattr(node, f"{fk}_id") != user.pk:
            setattr(node, fk, user)
            changed.append(fk)
        if changed:
            node.save(update_fields=[*changed, "updated_at"])
            if self.result.created[row.level] == created_before:
                self.result.updated[row.level] += 1
        if row.employees is not None:
            self._headcount(node, row.level, row.employees)
        if user is not None:
            self._leader_role(node, row.level, role, user)

    def _area(self, name: str) -> ServiceArea:
        area = self.areas.get(name.casefold())
        if area is None:
            area = ServiceArea.objects.create(organisation=self.organisation, name=name)
            self.areas[name.casefold()] = area
            self.result.created["area"] += 1
        return area

    def _unit(self, area: ServiceArea, name: str) -> ServiceUnit:
        unit = self.units.get((area.pk, name.casefold()))
        if unit is None:
            unit = ServiceUnit.objects.create(area=area, name=name)
            self.units[(area.pk, name.casefold())] = unit
            self.result.created["unit"] += 1
        return unit

    def _department(self, unit: ServiceUnit, name: str) -> Department:
        department = self.departments.get((unit.pk, name.casefold()))
        if department is None:
            department = Department.objects.create(unit=unit, name=name)
            self.departments[(unit.pk, name.casefold())] = department
            self.result.created["department"] += 1
        return department

    def _headcount(self, node: models.Model, level: str, employees: int) -> None:
        key = tuple(node.pk if lv == level else None for lv in ("area", "unit", "department"))
        headcount = self.headcounts.get(key)  # type: ignore[arg-type]
        if headcount is None:
            Headcount.objects.create(year=self.result.year, employees=employees, **{level: node})
            self.result.created["headcount"] += 1
        elif headcount.employees != employees:
            headcount.employees = employees
            headcount.save(update_fields=["employees", "updated_at"])
            self.result.updated["headcount"] += 1

    def _leader_role(self, node: models.Model, level: str, role: str, user: User) -> None:
        scope = {level: node}
        if not RoleAssignment.objects.filter(role=role, valid_to=None, user=user, **scope).exists():
            role_assign(user=user, role=role, scope=node, valid_from=self.today)  # type: ignore[arg-type]
            self.result.roles_assigned += 1
        # The file names the one leader of the node; whoever held the role before
        # keeps it in the history up to yesterday.
        for old in RoleAssignment.objects.filter(role=role, **scope).active().exclude(user=user):
            if old.valid_from < self.today:
                old.valid_to = self.today - datetime.timedelta(days=1)
                old.save(update_fields=["valid_to", "updated_at"])
            else:
                old.delete()
            self.result.roles_ended += 1

    def _user(self, leader: _Leader) -> User:
        email = leader.email.lower()
        user = self.users.get(email)
        if user is None:
            user = User(
                username=self._new_username(email),
                email=leader.email,
                first_name=leader.first_name,
                last_name=leader.last_name,
                phone=leader.phone,
            )
            user.set_unusable_password()  # they log in after a password reset or through SSO
            user.save()
            self.users[email] = user
            self.result.users_created += 1
            return user
        changed = []
        wanted = {"phone": leader.phone}
        if leader.first_name:
            wanted |= {"first_name": leader.first_name, "last_name": leader.last_name}
        for name, value in wanted.items():
            if value and getattr(user, name) != value:
                setattr(user, name, value)
                changed.append(name)
        if changed:
            user.save(update_fields=changed)
            self.result.updated["user"] += 1
        return user

    def _new_username(self, email: str) -> str:
        base = re.sub(r"[^\w.+-]", "", email.split("@", 1)[0])[:140] or "leder"
        candidate, suffix = base, 1
        while candidate in self.usernames or User.objects.filter(username=candidate).exists():
            suffix += 1
            candidate = f"{base}{suffix}"
        self.usernames.add(candidate)
        return candidate
