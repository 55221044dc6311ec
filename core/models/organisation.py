"""The organisation tree: organisations, service areas, units, departments and headcounts."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        abstract = True


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
        settings.AUTH_USER_MODEL,
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
        settings.AUTH_USER_MODEL,
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
        settings.AUTH_USER_MODEL,
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
