"""The BHT: advisors and their training, competence areas, the service catalogue, inquiry
categories, main contacts and profiles."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import ServiceArea, ServiceUnit, TimestampedModel
from .people import User


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
