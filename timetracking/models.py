"""Time tracking: entries against orders, plan items and internal work; rates,
period locks, weekly approval, budget alerts and the entries' audit history.

Writes go through timetracking/services.py; reads through timetracking/selectors.py.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import numbers
from core.history import audit_history
from core.models import TimestampedModel
from orders.models import Billing


def _quarter_hours(field: str) -> Exact:
    """True when `field` is a whole number of quarter hours (works on SQLite and PostgreSQL)."""
    return Exact(F(field) * 4, Round(F(field) * 4))


class Activity(models.TextChoices):
    PREPARATION = "preparation", _("Forberedelse")
    MEETING = "meeting", _("Møte")
    SURVEY = "survey", _("Kartlegging")
    ADVICE = "advice", _("Rådgivning")
    ANALYSIS = "analysis", _("Analyse")
    REPORT_WRITING = "report_writing", _("Rapportskriving")
    COURSE = "course", _("Kurs")
    TRAVEL = "travel", _("Reise")
    INTERNAL = "internal", _("Internt arbeid")


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Sendt")
    APPROVED = "approved", _("Godkjent")


class InternalActivity(TimestampedModel):
    """BHT work that belongs to no client order or plan (AMU, competence, administration...)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("intern aktivitet")
        verbose_name_plural = _("interne aktiviteter")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class TimeEntry(TimestampedModel):
    advisor = models.ForeignKey(
        "bht.Advisor",
        verbose_name=_("rådgiver"),
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    date = models.DateField(_("dato"))
    hours = models.DecimalField(_("timer"), max_digits=4, decimal_places=2)
    activity = models.CharField(_("aktivitet"), max_length=20, choices=Activity.choices)
    # Exactly one target (constraint below).
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("bestilling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    plan_item = models.ForeignKey(
        "actionplans.PlanItem",
        verbose_name=_("tiltak"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    internal_activity = models.ForeignKey(
        InternalActivity,
        verbose_name=_("intern aktivitet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    # Derived from the target by orders.rules.billing_for (through services.derive),
    # never typed (DESIGN.md §6).
    billing = models.CharField(_("fakturering"), max_length=16, choices=Billing.choices)
    area = models.ForeignKey(
        "bht.ServiceArea",
        verbose_name=_("virksomhetsområde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_entries",
    )
    note = models.CharField(_("notat"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    created_by = models.ForeignKey(
        "bht.User",
        verbose_name=_("registrert av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Audit history (who, when, what changed): docs/audit.md.
    history = audit_history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("timeføring")
        verbose_name_plural = _("timeføringer")
        ordering = ["-date", "pk"]
        indexes = [
            # Week grid and the 24-hour rule: one advisor's entries in a date range.
            models.Index(fields=["advisor", "date"], name="entry_advisor_date_idx"),
            # Hours per area and month split by billing (reports, list filters).
            models.Index(fields=["area", "date", "billing"], name="entry_area_date_idx"),
            # Month locks and the manager's lists: entries of a period.
            models.Index(fields=["date"], name="entry_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="entry_hours_positive", condition=Q(hours__gt=0)),
            models.CheckConstraint(name="entry_hours_max_day", condition=Q(hours__lte=24)),
            models.CheckConstraint(
                name="entry_hours_quarter_steps", condition=_quarter_hours("hours")
            ),
            models.CheckConstraint(
                name="entry_exactly_one_target",
                condition=(
                    Q(order__isnull=False, plan_item=None, internal_activity=None)
                    | Q(order=None, plan_item__isnull=False, internal_activity=None)
                    | Q(order=None, plan_item=None, internal_activity__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="entry_internal_billing_iff_internal_target",
                condition=(
                    Q(billing=Billing.INTERNAL, internal_activity__isnull=False)
                    | (~Q(billing=Billing.INTERNAL) & Q(internal_activity=None))
                ),
            ),
            models.CheckConstraint(
                name="entry_known_activity", condition=Q(activity__in=Activity.values)
            ),
            models.CheckConstraint(
                name="timeentry_known_status", condition=Q(status__in=EntryStatus.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.advisor} {self.date} {self.hours} t"

    @property
    def target(self) -> models.Model:
        return self.order or self.plan_item or self.internal_activity  # type: ignore[return-value]

    @property
    def target_kind(self) -> str:
        if self.order_id:
            return "order"
        if self.plan_item_id:
            return "plan_item"
        return "internal"

    @property
    def target_id(self) -> int:
        return self.order_id or self.plan_item_id or self.internal_activity_id  # type: ignore[return-value]


class HourlyRate(TimestampedModel):
    """The hourly rate for extra sale in one year (NOK); orders snapshot it."""

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    amount = models.DecimalField(_("timepris (NOK)"), max_digits=9, decimal_places=2)
    set_by = models.ForeignKey(
        "bht.User",
        verbose_name=_("satt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Audit history (who, when, what changed): docs/audit.md.
    history = audit_history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("timepris")
        verbose_name_plural = _("timepriser")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(name="rate_amount_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {numbers.format_kr(self.amount, -2)}"


class PeriodLock(models.Model):
    """A locked month, for one organisation or (organisation empty) the whole BHT.

    Rows are history: unlocking stamps `unlocked_*` and a new lock is a new row.
    """

    organisation = models.ForeignKey(
        "bht.Organisation",
        verbose_name=_("virksomhet"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="period_locks",
    )
    month = models.DateField(_("måned"))
    locked_by = models.ForeignKey(
        "bht.User", verbose_name=_("låst av"), on_delete=models.PROTECT, related_name="+"
    )
    locked_at = models.DateTimeField(_("låst"), default=timezone.now)
    unlocked_by = models.ForeignKey(
        "bht.User",
        verbose_name=_("låst opp av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unlocked_at = models.DateTimeField(_("låst opp"), null=True, blank=True)
    unlock_reason = models.TextField(_("begrunnelse for opplåsing"), blank=True)

    # Audit history (who, when, what changed): docs/audit.md.
    history = audit_history()

    class Meta:
        verbose_name = _("låst måned")
        verbose_name_plural = _("låste måneder")
        ordering = ["-month", "-locked_at"]
        indexes = [
            # services.month_is_locked: active locks of one month, on every entry write.
            models.Index(fields=["month", "unlocked_at"], name="lock_month_active_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="lock_month_first_day", condition=Q(month__day=1)),
            models.UniqueConstraint(
                fields=["organisation", "month"],
                condition=Q(unlocked_at__isnull=True, organisation__isnull=False),
                name="one_active_lock_per_org_month",
            ),
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(unlocked_at__isnull=True, organisation__isnull=True),
                name="one_active_bht_lock_per_month",
            ),
            models.CheckConstraint(
                name="lock_unlock_has_reason",
                condition=Q(unlocked_at__isnull=True) | ~Q(unlock_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.organisation or _('hele BHT')}"

    @property
    def is_active(self) -> bool:
        return self.unlocked_at is None


class WeekStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Sendt")
    APPROVED = "approved", _("Godkjent")
    RETURNED = "returned", _("Returnert")


class WeekSubmission(TimestampedModel):
    """An advisor's week (Monday `week_start`) sent to the BHT manager for approval."""

    advisor = models.ForeignKey(
        "bht.Advisor",
        verbose_name=_("rådgiver"),
        on_delete=models.PROTECT,
        related_name="week_submissions",
    )
    week_start = models.DateField(_("uke (mandag)"))
    status = models.CharField(_("status"), max_length=16, choices=WeekStatus.choices)
    submitted_at = models.DateTimeField(_("sendt"), default=timezone.now)
    comment = models.TextField(_("kommentar"), blank=True)
    decided_by = models.ForeignKey(
        "bht.User",
        verbose_name=_("behandlet av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("behandlet"), null=True, blank=True)

    class Meta:
        verbose_name = _("innsendt uke")
        verbose_name_plural = _("innsendte uker")
        ordering = ["-week_start", "advisor_id"]
        indexes = [
            # The manager's approval page: submitted weeks, oldest first.
            models.Index(fields=["status", "week_start"], name="week_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["advisor", "week_start"], name="week_once_per_advisor"),
            models.CheckConstraint(
                name="week_known_status", condition=Q(status__in=WeekStatus.values)
            ),
            models.CheckConstraint(name="week_starts_monday", condition=Q(week_start__week_day=2)),
        ]

    def __str__(self) -> str:
        return f"{self.advisor} {self.week_start:%G-W%V}"

    @property
    def week_end(self) -> datetime.date:
        return self.week_start + datetime.timedelta(days=6)


class BudgetThreshold(models.IntegerChoices):
    WARNING = 80, _("80 %")
    REACHED = 100, _("100 %")


class BudgetAlert(models.Model):
    """A budget (plan item) or estimate (extra-sale order) alert, sent once per threshold."""

    plan_item = models.ForeignKey(
        "actionplans.PlanItem",
        verbose_name=_("tiltak"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("bestilling"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    threshold = models.PositiveSmallIntegerField(_("terskel (%)"), choices=BudgetThreshold.choices)
    sent_at = models.DateTimeField(_("sendt"), default=timezone.now)

    class Meta:
        verbose_name = _("budsjettvarsel")
        verbose_name_plural = _("budsjettvarsler")
        ordering = ["-sent_at"]
        constraints = [
            models.CheckConstraint(
                name="alert_exactly_one_target",
                condition=Q(plan_item__isnull=False, order=None)
                | Q(plan_item=None, order__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["plan_item", "threshold"],
                condition=Q(plan_item__isnull=False),
                name="alert_once_per_item_threshold",
            ),
            models.UniqueConstraint(
                fields=["order", "threshold"],
                condition=Q(order__isnull=False),
                name="alert_once_per_order_threshold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_item or self.order} {self.threshold} %"
