"""People and roles: users, their role assignments and the scope each role takes."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import audit_history

from .organisation import Department, Organisation, ServiceArea, ServiceUnit, TimestampedModel


class User(AbstractUser):
    """A person who logs in. Roles come from `RoleAssignment`, not from Django groups."""

    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    job_title = models.CharField(_("stilling"), max_length=120, blank=True)
    photo = models.ImageField(_("bilde"), upload_to="photos/", blank=True)
    # Where the person works; gives an employee their area and main contact.
    department = models.ForeignKey(
        "bht.Department",
        verbose_name=_("avdeling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Ansatt")
    SAFETY_REP = "safety_rep", _("Verneombud")
    UNION_REP = "union_rep", _("Tillitsvalgt")
    DEPARTMENT_LEADER = "department_leader", _("Avdelingsleder")
    UNIT_LEADER = "unit_leader", _("Tjenesteleder")
    AREA_DIRECTOR = "area_director", _("Kommunalsjef")
    EXECUTIVE = "executive", _("Rådmann / direktør")
    AMU_MEMBER = "amu_member", _("Medlem av AMU")
    BHT_ADVISOR = "bht_advisor", _("Rådgiver i BHT")
    BHT_MANAGER = "bht_manager", _("Leder av BHT")
    BHT_OFFICE = "bht_office", _("Merkantil i BHT")


BHT_ROLES = frozenset({Role.BHT_ADVISOR, Role.BHT_MANAGER, Role.BHT_OFFICE})


# Which scope level each role is assigned at. BHT roles take no scope (the whole
# BHT) or one organisation (an external provider's advisor serving one client).
ROLE_SCOPE_LEVELS: dict[str, frozenset[str]] = {
    Role.EMPLOYEE: frozenset({"department", "unit"}),
    Role.SAFETY_REP: frozenset({"unit"}),
    Role.UNION_REP: frozenset({"organisation", "area"}),
    Role.DEPARTMENT_LEADER: frozenset({"department"}),
    Role.UNIT_LEADER: frozenset({"unit"}),
    Role.AREA_DIRECTOR: frozenset({"area"}),
    Role.EXECUTIVE: frozenset({"organisation"}),
    Role.AMU_MEMBER: frozenset({"organisation", "area"}),
    Role.BHT_ADVISOR: frozenset({"none", "organisation"}),
    Role.BHT_MANAGER: frozenset({"none", "organisation"}),
    Role.BHT_OFFICE: frozenset({"none", "organisation"}),
}


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self, on: datetime.date | None = None) -> RoleAssignmentQuerySet:
        day = on or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class RoleAssignment(TimestampedModel):
    """A user holds a role at one node of the tree during a period (valid_to inclusive)."""

    user = models.ForeignKey(
        User, verbose_name=_("bruker"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("virksomhet"), null=True, blank=True, on_delete=models.CASCADE
    )
    area = models.ForeignKey(
        ServiceArea,
        verbose_name=_("virksomhetsområde"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("tjenesteområde"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    department = models.ForeignKey(
        Department, verbose_name=_("avdeling"), null=True, blank=True, on_delete=models.CASCADE
    )
    valid_from = models.DateField(_("gyldig fra"), default=timezone.localdate)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    # Audit history (who, when, what changed): docs/audit.md.
    history = audit_history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("rolletildeling")
        verbose_name_plural = _("rolletildelinger")
        ordering = ["user__username", "role"]
        indexes = [
            # access.scope_for(): the active assignments of one user, on every request.
            models.Index(fields=["user", "valid_from"], name="role_user_valid_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="role_at_most_one_scope",
                condition=(
                    Q(organisation=None, area=None, unit=None, department=None)
                    | Q(organisation__isnull=False, area=None, unit=None, department=None)
                    | Q(organisation=None, area__isnull=False, unit=None, department=None)
                    | Q(organisation=None, area=None, unit__isnull=False, department=None)
                    | Q(organisation=None, area=None, unit=None, department__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="role_valid_period",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
            ),
            models.CheckConstraint(
                name="role_known_code", condition=Q(role__in=[r.value for r in Role])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.scope_object or _('hele BHT')})"

    @property
    def scope_level(self) -> str:
        for level in ("department", "unit", "area", "organisation"):
            if getattr(self, f"{level}_id") is not None:
                return level
        return "none"

    @property
    def scope_object(self) -> models.Model | None:
        level = self.scope_level
        return None if level == "none" else getattr(self, level)
