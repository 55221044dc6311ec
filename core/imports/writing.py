"""Writing the organisation tree from checked rows, in one transaction."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.db import models, transaction
from django.utils import timezone

from core.models import (
    Department,
    Headcount,
    Organisation,
    RoleAssignment,
    ServiceArea,
    ServiceUnit,
    User,
)
from core.services import role_assign

from .checking import _check_rows, _Clean, _Leader, _users_by_email
from .reading import LEVELS, OrgImportError, OrgImportResult, OrgRow


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
