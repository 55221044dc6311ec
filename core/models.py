"""Core domain: the organisation tree, people and roles, the BHT and its catalogue."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import audit_history


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        abstract = True


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


org_number_validator = RegexValidator(r"^\d{9}$", _("Organisasjonsnummeret har ni sifre."))


class Organisation(TimestampedModel):
    """A client of the BHT (for the in-house BHT: the municipality itself)."""

    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kortnavn"), max_length=60, unique=True)
    org_number = models.CharField(
        _("organisasjonsnummer"),
        max_length=9,
        blank=True,
        validators=[org_number_validator],
    )
    employees = models.PositiveIntegerField(_("ansatte"), default=0)
    fte = models.DecimalField(_("årsverk"), max_digits=9, decimal_places=1, default=Decimal(0))
    sla_working_days = models.PositiveSmallIntegerField(
        _("svarfrist (virkedager)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    sick_leave_threshold_percent = models.DecimalField(
        _("terskel for sykefravær (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("12.0"),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("virksomhet")
        verbose_name_plural = _("virksomheter")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceArea(TimestampedModel):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("virksomhet"),
        on_delete=models.PROTECT,
        related_name="areas",
    )
    name = models.CharField(_("navn"), max_length=200)
    director = models.ForeignKey(
        User,
        verbose_name=_("kommunalsjef"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directed_areas",
    )
    employees = models.PositiveIntegerField(_("ansatte"), default=0)

    class Meta:
        verbose_name = _("virksomhetsområde")
        verbose_name_plural = _("virksomhetsområder")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="area_name_unique_in_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ServiceUnit(TimestampedModel):
    area = models.ForeignKey(
        ServiceArea,
        verbose_name=_("virksomhetsområde"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    name = models.CharField(_("navn"), max_length=200)
    leader = models.ForeignKey(
        User,
        verbose_name=_("tjenesteleder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_units",
    )
    employees = models.PositiveIntegerField(_("ansatte"), default=0)

    class Meta:
        verbose_name = _("tjenesteområde")
        verbose_name_plural = _("tjenesteområder")
        ordering = ["area__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="unit_name_unique_in_area")
        ]

    def __str__(self) -> str:
        return self.name


class Department(TimestampedModel):
    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("tjenesteområde"),
        on_delete=models.PROTECT,
        related_name="departments",
    )
    name = models.CharField(_("navn"), max_length=200)
    leader = models.ForeignKey(
        User,
        verbose_name=_("avdelingsleder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_departments",
    )
    employees = models.PositiveIntegerField(_("ansatte"), default=0)

    class Meta:
        verbose_name = _("avdeling")
        verbose_name_plural = _("avdelinger")
        ordering = ["unit__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="department_name_unique_in_unit")
        ]

    def __str__(self) -> str:
        return self.name


class Headcount(TimestampedModel):
    """Employees and FTE of one node in one year, so that past per-employee ratios stay true.

    The `employees` field on each node is the current value; reports for a past
    year read this table.
    """

    year = models.PositiveSmallIntegerField(_("år"))
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="headcounts"
    )
    area = models.ForeignKey(
        ServiceArea, null=True, blank=True, on_delete=models.CASCADE, related_name="headcounts"
    )
    unit = models.ForeignKey(
        ServiceUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="headcounts"
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.CASCADE, related_name="headcounts"
    )
    employees = models.PositiveIntegerField(_("ansatte"))
    fte = models.DecimalField(_("årsverk"), max_digits=9, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("antall ansatte")
        verbose_name_plural = _("antall ansatte")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                name="headcount_exactly_one_node",
                condition=(
                    Q(organisation__isnull=False, area=None, unit=None, department=None)
                    | Q(organisation=None, area__isnull=False, unit=None, department=None)
                    | Q(organisation=None, area=None, unit__isnull=False, department=None)
                    | Q(organisation=None, area=None, unit=None, department__isnull=False)
                ),
            ),
            models.UniqueConstraint(fields=["year", "organisation"], name="headcount_org_year"),
            models.UniqueConstraint(fields=["year", "area"], name="headcount_area_year"),
            models.UniqueConstraint(fields=["year", "unit"], name="headcount_unit_year"),
            models.UniqueConstraint(
                fields=["year", "department"], name="headcount_department_year"
            ),
        ]

    def __str__(self) -> str:
        node = self.organisation or self.area or self.unit or self.department
        return f"{node} {self.year}: {self.employees}"


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


class CompetenceArea(TimestampedModel):
    """A professional field of the BHT (forskrift om administrative ordninger § 13-5)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=120)
    description = models.TextField(_("beskrivelse"), blank=True)
    # Arbeidstilsynet's approval needs at least 0.3 FTE in each such field.
    required_for_approval = models.BooleanField(_("kreves for godkjenning"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    class Meta:
        verbose_name = _("kompetanseområde")
        verbose_name_plural = _("kompetanseområder")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Advisor(TimestampedModel):
    """A professional (or office worker) of the BHT."""

    user = models.OneToOneField(
        User, verbose_name=_("bruker"), on_delete=models.PROTECT, related_name="advisor"
    )
    profession = models.CharField(_("yrke"), max_length=120)
    fte_percent = models.DecimalField(
        _("stillingsprosent"),
        max_digits=5,
        decimal_places=1,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    competence_areas = models.ManyToManyField(
        CompetenceArea, verbose_name=_("kompetanseområder"), blank=True, related_name="advisors"
    )
    is_external = models.BooleanField(_("ekstern (innleid)"), default=False)
    hourly_cost = models.DecimalField(
        _("timekost (NOK)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("rådgiver")
        verbose_name_plural = _("rådgivere")
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                name="advisor_fte_percent_range",
                condition=Q(fte_percent__gte=0) & Q(fte_percent__lte=100),
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def fte(self) -> Decimal:
        return self.fte_percent / Decimal(100)


class AdvisorTraining(TimestampedModel):
    """One course in the BHT role taken by a staff member, hired-in staff included
    (forskrift om administrative ordninger § 2-3: the BHT documents that all its
    staff are trained in their role). The register is the BHT manager's."""

    advisor = models.ForeignKey(
        Advisor, verbose_name=_("ansatt i BHT"), on_delete=models.CASCADE, related_name="trainings"
    )
    date = models.DateField(_("dato"))
    course = models.CharField(_("kurs"), max_length=200)
    provider = models.CharField(_("kursholder"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("registrert av"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("opplæring i BHT-rollen")
        verbose_name_plural = _("opplæring i BHT-rollen")
        ordering = ["advisor", "-date"]
        indexes = [
            # selectors.advisor_training_status: each staff member's latest course.
            models.Index(fields=["advisor", "-date"], name="advisortraining_latest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.advisor} {self.course} {self.date}"


class StatutoryCode(models.TextChoices):
    """The letters of forskrift om organisering, ledelse og medvirkning § 13-2."""

    A = "a", _("a) Kartlegging og risikovurdering")
    B = "b", _("b) Forslag til forebyggende tiltak")
    C = "c", _("c) Fysiske og organisatoriske endringer")
    D = "d", _("d) Retningslinjer for kjemikalier, maskiner og prosesser")
    E = "e", _("e) Helseovervåkning")
    F = "f", _("f) Individuell tilrettelegging, dialogmøter og oppfølgingsplaner")
    G = "g", _("g) Informasjon og opplæring")
    H = "h", _("h) Henvendelser fra arbeidstakere, verneombud og AMU")
    EXTRA = "extra", _("Tilleggstjeneste")


class ServiceQuerySet(models.QuerySet["Service"]):
    def active(self) -> ServiceQuerySet:
        return self.filter(is_active=True)


class Service(TimestampedModel):
    """An entry of the public catalogue "Hva kan BHT hjelpe med?"."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    description = models.TextField(_("beskrivelse"))
    statutory_code = models.CharField(
        _("lovpålagt oppgave (§ 13-2)"), max_length=5, choices=StatutoryCode.choices
    )
    competence_areas = models.ManyToManyField(
        CompetenceArea, verbose_name=_("kompetanseområder"), related_name="services"
    )
    typical_hours = models.DecimalField(
        _("typisk antall timer"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tjeneste")
        verbose_name_plural = _("tjenester")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="service_known_statutory_code",
                condition=Q(statutory_code__in=[c.value for c in StatutoryCode]),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_statutory(self) -> bool:
        return self.statutory_code != StatutoryCode.EXTRA


class InquiryCategory(TimestampedModel):
    name = models.CharField(_("navn"), max_length=120, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("henvendelseskategori")
        verbose_name_plural = _("henvendelseskategorier")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class MainContactQuerySet(models.QuerySet["MainContact"]):
    def current(self, on: datetime.date | None = None) -> MainContactQuerySet:
        day = on or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class MainContact(TimestampedModel):
    """The BHT's named contact for a service area (or a unit). Rows are history:
    a change closes the current row and opens a new one (see services.main_contact_assign).
    """

    advisor = models.ForeignKey(
        Advisor, verbose_name=_("rådgiver"), on_delete=models.PROTECT, related_name="main_contacts"
    )
    area = models.ForeignKey(
        ServiceArea,
        verbose_name=_("virksomhetsområde"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="main_contacts",
    )
    unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("tjenesteområde"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="main_contacts",
    )
    valid_from = models.DateField(_("gyldig fra"), default=timezone.localdate)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    objects = MainContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("hovedkontakt")
        verbose_name_plural = _("hovedkontakter")
        ordering = ["area__name", "unit__name", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                name="main_contact_area_xor_unit",
                condition=(
                    Q(area__isnull=False, unit__isnull=True)
                    | Q(area__isnull=True, unit__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="main_contact_valid_period",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
            ),
            # At most one open-ended (current) main contact per area and per unit.
            models.UniqueConstraint(
                fields=["area"],
                condition=Q(valid_to__isnull=True, area__isnull=False),
                name="one_open_main_contact_per_area",
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(valid_to__isnull=True, unit__isnull=False),
                name="one_open_main_contact_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.advisor} – {self.area or self.unit}"


class BhtProfile(TimestampedModel):
    """The BHT itself. Arbeidstilsynet's approval lasts five years and must not lapse unseen."""

    name = models.CharField(_("navn"), max_length=200)
    approval_number = models.CharField(_("godkjenningsnummer"), max_length=60, blank=True)
    approval_valid_until = models.DateField(_("godkjent til"), null=True, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    quality_system_notes = models.TextField(_("kvalitetssystem"), blank=True)

    class Meta:
        verbose_name = _("BHT-profil")
        verbose_name_plural = _("BHT-profil")

    def __str__(self) -> str:
        return self.name

    # Warn this long before the approval lapses: renewal takes months at Arbeidstilsynet.
    APPROVAL_WARNING_DAYS = 180

    def approval_status(self, today: datetime.date | None = None) -> str:
        day = today or timezone.localdate()
        if self.approval_valid_until is None or self.approval_valid_until < day:
            return "expired"
        if (self.approval_valid_until - day).days <= self.APPROVAL_WARNING_DAYS:
            return "expiring"
        return "valid"


class AccessLog(models.Model):
    """One read of confidential content (who, when, which object). Append-only."""

    class Action(models.TextChoices):
        READ = "read", _("Lest")
        DOWNLOAD = "download", _("Lastet ned")
        EXPORT = "export", _("Eksportert")

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User, verbose_name=_("bruker"), on_delete=models.PROTECT, related_name="access_logs"
    )
    action = models.CharField(_("handling"), max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("type"), on_delete=models.PROTECT
    )
    object_id = models.CharField(_("objekt-id"), max_length=64)
    # A neutral label (e.g. the order reference), never the confidential content.
    object_label = models.CharField(_("objekt"), max_length=200, blank=True)
    # The client organisation the object belongs to, so that BHT staff limited to some
    # organisations see only their part of the log (core.selectors.access_log_rows).
    # Empty on rows logged before it existed: those show only to unrestricted staff.
    organisation = models.ForeignKey(
        "bht.Organisation",
        verbose_name=_("virksomhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tilgangslogg")
        verbose_name_plural = _("tilgangslogg")
        ordering = ["-at"]
        indexes = [
            # "Who read this object?" on the object's access-log page.
            models.Index(fields=["content_type", "object_id", "-at"], name="accesslog_object_idx"),
            # "What did this user read?" for the per-user export.
            models.Index(fields=["user", "-at"], name="accesslog_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.object_label}"


class HealthGuardOverride(models.Model):
    """Someone outside the BHT sent a text although the health guard warned
    (core/health_guard.py) and they chose «Send likevel». Append-only.

    Only the kinds found and where are kept, never the text or what matched: the
    record must not become a second copy of the health information."""

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("bruker"),
        on_delete=models.PROTECT,
        related_name="health_guard_overrides",
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("type"), on_delete=models.PROTECT
    )
    object_id = models.CharField(_("objekt-id"), max_length=64)
    # Comma-separated kinds of core.health_guard.KIND_LABELS, e.g. "sykmelding,medisin".
    kinds = models.CharField(_("funn"), max_length=200)
    # The input fields the findings were in, e.g. "title,description".
    fields = models.CharField(_("felt"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("helseopplysninger sendt likevel")
        verbose_name_plural = _("helseopplysninger sendt likevel")
        ordering = ["-at"]
        indexes = [
            # "Was this object sent past the guard?" from the object's side.
            models.Index(fields=["content_type", "object_id"], name="healthoverride_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.kinds}"


class OutgoingMail(models.Model):
    """One notification e-mail to one address (a transactional outbox).

    `notify()` writes the row in the caller's transaction, so the mail exists
    exactly when the change it reports was committed; a Celery task sends it and
    stamps `sent_at`. Rows without `sent_at` are retried (docs/reliability.md).
    """

    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    to = models.EmailField(_("til"))
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"))
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.CharField(_("siste feil"), max_length=500, blank=True)
    # Set when a reply must find its way back (an answer to an e-mail inquiry):
    # the Message-ID header the mail is sent with, without angle brackets.
    message_id = models.CharField(_("meldings-ID"), max_length=255, blank=True, default="")

    class Meta:
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")
        ordering = ["created_at", "pk"]
        indexes = [
            # The periodic sweep: unsent mails, oldest first.
            models.Index(
                fields=["created_at"],
                name="outgoingmail_unsent_idx",
                condition=Q(sent_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
