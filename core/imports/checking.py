"""Checking the organisation file's rows: names, headcounts and leaders, all errors at
once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from core.models import User

from .reading import _SPACES, EMPLOYEES_MAX, NAME_MAX, PERSON_NAME_MAX, PHONE_MAX, OrgRow, _error


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
