"""Writes of the core domain. Views, API, commands and tasks all call these."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, health_guard
from core.errors import ApplicationError, HealthInfoFound
from core.models import (
    ROLE_SCOPE_LEVELS,
    AccessLog,
    Advisor,
    AdvisorTraining,
    Department,
    HealthGuardOverride,
    MainContact,
    Organisation,
    Role,
    RoleAssignment,
    ServiceArea,
    ServiceUnit,
    User,
)

ScopeObject = Organisation | ServiceArea | ServiceUnit | Department | None


def role_assign(
    *,
    user: User,
    role: str,
    scope: ScopeObject = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> RoleAssignment:
    """Give `user` the `role` at `scope`; an identical open assignment is reused."""
    if role not in Role.values:
        raise ApplicationError(_("Ukjent rolle: %(role)s") % {"role": role}, field="role")
    level = "none" if scope is None else _scope_level(scope)
    if level not in ROLE_SCOPE_LEVELS[role]:
        raise ApplicationError(
            _("Rollen %(role)s kan ikke tildeles på nivået %(level)s.")
            % {"role": Role(role).label, "level": level},
            field="scope",
        )
    start = valid_from or timezone.localdate()
    if valid_to is not None and valid_to < start:
        raise ApplicationError(_("Sluttdato kan ikke være før startdato."), field="valid_to")
    scope_fields = dict.fromkeys(("organisation", "area", "unit", "department"))
    if scope is not None:
        scope_fields[level] = scope
    # The user's scope is cached on the object for the request; it changes now.
    user.__dict__.pop("_bht_scope", None)
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        valid_to=valid_to,
        **scope_fields,
        defaults={"valid_from": start},
    )
    return assignment


def _scope_level(scope: Organisation | ServiceArea | ServiceUnit | Department) -> str:
    return {
        Organisation: "organisation",
        ServiceArea: "area",
        ServiceUnit: "unit",
        Department: "department",
    }[type(scope)]


@transaction.atomic
def main_contact_assign(
    *,
    advisor: Advisor,
    area: ServiceArea | None = None,
    unit: ServiceUnit | None = None,
    valid_from: datetime.date | None = None,
    by: User | None = None,
) -> MainContact:
    """Make `advisor` the main contact of an area (or a unit) from `valid_from`.

    The current main contact's row is closed the day before, so history is kept
    and there is never more than one current main contact. A change dated the
    same day as the current row corrects that row instead. `by=None` is for
    trusted callers (seed and import commands).
    """
    if (area is None) == (unit is None):
        raise ApplicationError(_("Velg enten et virksomhetsområde eller et tjenesteområde."))
    if by is not None:
        if not access.may_assign_main_contact(by):
            raise PermissionDenied(_("Bare leder av BHT kan bytte hovedkontakt."))
        # A manager limited to one client organisation acts only there.
        in_scope = (
            access.areas_visible_to(by).filter(pk=area.pk)
            if area is not None
            else access.units_visible_to(by).filter(pk=unit.pk)  # type: ignore[union-attr]
        )
        if not in_scope.exists():
            raise PermissionDenied(_("Området er utenfor det du har tilgang til."))
    if not advisor.is_active:
        raise ApplicationError(_("Rådgiveren er ikke aktiv."), field="advisor")
    start = valid_from or timezone.localdate()
    target: dict[str, ServiceArea | ServiceUnit | None] = (
        {"area": area} if area is not None else {"unit": unit}
    )
    # Lock the open row so that two simultaneous changes cannot both close it.
    current = (
        MainContact.objects.select_for_update()
        .filter(valid_to__isnull=True, **target)
        # No default ordering: its outer joins cannot be locked FOR UPDATE on PostgreSQL.
        .order_by("pk")
        .first()
    )
    if current is not None:
        if current.advisor_id == advisor.pk:
            return current
        if current.valid_from == start:
            current.advisor = advisor
            current.save(update_fields=["advisor", "updated_at"])
            return current
        if current.valid_from > start:
            raise ApplicationError(
                _("Ny hovedkontakt må starte etter %(date)s, da den gjeldende startet.")
                % {"date": current.valid_from.strftime("%d.%m.%Y")},
                field="valid_from",
            )
        current.valid_to = start - datetime.timedelta(days=1)
        current.save(update_fields=["valid_to", "updated_at"])
    return MainContact.objects.create(advisor=advisor, valid_from=start, **target)


def access_log_record(
    *, user: User, obj: models.Model, action: str = "read", label: str = ""
) -> None:
    """Log one read of confidential content. Call it wherever such content is shown."""
    from django.contrib.contenttypes.models import ContentType

    AccessLog.objects.create(
        user=user,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_label=label or str(obj)[:200],
        organisation_id=getattr(obj, "organisation_id", None),
    )


# --- the guard against health information ------------------------------------------


@dataclass(frozen=True)
class HealthGuardPass:
    """What `health_guard_check` let through after a «Send likevel»: the kinds found
    and the fields they were in (both empty when nothing was found)."""

    kinds: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()


def health_guard_check(
    *, user: User, texts: Mapping[str, str | None], confirmed: bool = False
) -> HealthGuardPass:
    """Check free text written by someone outside the BHT before it is saved.

    `texts` maps input field names to what was written. Raises HealthInfoFound
    (a message per field) when health information is found, unless `confirmed`
    («Send likevel») and no fødselsnummer is among the findings; a fødselsnummer is
    refused outright. Pass the result to `health_guard_record_override` once the
    object is saved. BHT staff are not checked: they write about cases on the
    customer's behalf and keep health information in their own journal."""
    if access.is_bht_staff(user):
        return HealthGuardPass()
    scanned = {name: health_guard.scan(text or "") for name, text in texts.items()}
    found = {name: findings for name, findings in scanned.items() if findings}
    if not found:
        return HealthGuardPass()
    refused = any(health_guard.is_refused(findings) for findings in found.values())
    if refused or not confirmed:
        raise HealthInfoFound(
            {name: health_guard.describe(findings) for name, findings in found.items()},
            confirmable=not refused,
        )
    all_findings = [f for findings in found.values() for f in findings]
    return HealthGuardPass(tuple(health_guard.kinds(all_findings)), tuple(found))


def health_guard_record_override(*, user: User, obj: models.Model, passed: HealthGuardPass) -> None:
    """Record that `user` sent `obj` past the guard's warning; nothing when there
    was nothing to confirm. No text is copied into the record."""
    from django.contrib.contenttypes.models import ContentType

    if not passed.kinds:
        return
    HealthGuardOverride.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        kinds=",".join(passed.kinds)[:200],
        fields=",".join(passed.fields)[:200],
    )


COURSE_MAX = 200


def advisor_training_add(
    *, user: User, advisor: Advisor, date: datetime.date | None, course: str, provider: str = ""
) -> AdvisorTraining:
    """The BHT manager records a staff member's training in the BHT role (§ 2-3)."""
    if not (user.is_superuser or access.has_role(user, Role.BHT_MANAGER)):
        raise PermissionDenied(_("Bare leder av BHT fører opplæringsregisteret."))
    if date is None:
        raise ApplicationError(_("Oppgi datoen."), field="date")
    if date > timezone.localdate():
        raise ApplicationError(_("Datoen kan ikke være fram i tid."), field="date")
    course, provider = course.strip(), provider.strip()
    if not course:
        raise ApplicationError(_("Skriv kurset."), field="course")
    if len(course) > COURSE_MAX:
        raise ApplicationError(_("Kurset kan være på høyst 200 tegn."), field="course")
    if len(provider) > COURSE_MAX:
        raise ApplicationError(_("Kursholderen kan være på høyst 200 tegn."), field="provider")
    return AdvisorTraining.objects.create(
        advisor=advisor, date=date, course=course, provider=provider, recorded_by=user
    )
