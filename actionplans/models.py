"""Two-year action plans per service area, their items, feedback, approvals and reviews.

A plan moves `draft → bht_review → consultation → signed → approved → closed`
(see services.py). A revision of an approved plan is a new row in the same chain
(`previous` points back) that starts as `draft`; when it is approved the old
version is closed and stamped `superseded_at`, and keeps its items and history.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from core.history import audit_history
from core.models import TimestampedModel


def _half_hours(field: str) -> Exact:
    """True when `field` is a whole or half number of hours."""
    return Exact(F(field) * 2, Round(F(field) * 2))


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    BHT_REVIEW = "bht_review", _("Til faglig vurdering")
    CONSULTATION = "consultation", _("Til behandling")
    SIGNED = "signed", _("Signert")
    APPROVED = "approved", _("Godkjent")
    CLOSED = "closed", _("Avsluttet")


# A plan in one of these is being worked on; at most one per area and period.
OPEN_STATUSES = (
    PlanStatus.DRAFT,
    PlanStatus.BHT_REVIEW,
    PlanStatus.CONSULTATION,
    PlanStatus.SIGNED,
)


class ActionPlan(TimestampedModel):
    area = models.ForeignKey(
        "bht.ServiceArea",
        verbose_name=_("virksomhetsområde"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    start_year = models.PositiveSmallIntegerField(_("første år"))
    end_year = models.PositiveSmallIntegerField(_("siste år"))
    version = models.PositiveSmallIntegerField(_("versjon"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    budget_hours = models.DecimalField(_("timebudsjett"), max_digits=8, decimal_places=1)
    fixed_price_amount = models.DecimalField(
        _("fastpris (NOK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("forrige versjon"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    created_by = models.ForeignKey(
        "bht.User",
        verbose_name=_("opprettet av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("sendt til BHT"), null=True, blank=True)
    feedback_at = models.DateTimeField(_("faglig tilbakemelding gitt"), null=True, blank=True)
    consulted_at = models.DateTimeField(_("behandlet i MBM"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signert"), null=True, blank=True)
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)
    # Set on the old version when an approved revision replaces it.
    superseded_at = models.DateTimeField(_("erstattet"), null=True, blank=True)
    # Optimistic locking of the budget form (not the plan's `version`, which counts
    # revisions): an edit made from an older lock_version is refused.
    lock_version = models.PositiveIntegerField(_("låseversjon"), default=0, editable=False)

    # Audit history (who, when, what changed): docs/audit.md.
    history = audit_history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        ordering = ["area__name", "-start_year", "-version"]
        indexes = [
            # selectors.plan_board / approved_plan_items_for_area: plans of an area by period.
            models.Index(fields=["area", "start_year", "status"], name="plan_area_period_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="plan_two_year_period", condition=Q(end_year=F("start_year") + 1)
            ),
            models.CheckConstraint(name="plan_budget_positive", condition=Q(budget_hours__gt=0)),
            models.CheckConstraint(
                name="plan_budget_half_hours", condition=_half_hours("budget_hours")
            ),
            models.CheckConstraint(
                name="plan_fixed_price_not_negative",
                condition=Q(fixed_price_amount__isnull=True) | Q(fixed_price_amount__gte=0),
            ),
            models.CheckConstraint(
                name="plan_known_status", condition=Q(status__in=PlanStatus.values)
            ),
            models.UniqueConstraint(
                fields=["area", "start_year", "version"], name="plan_version_unique"
            ),
            models.UniqueConstraint(
                fields=["area", "start_year"],
                condition=Q(status="approved"),
                name="one_approved_plan_per_area_period",
            ),
            models.UniqueConstraint(
                fields=["area", "start_year"],
                condition=Q(status__in=["draft", "bht_review", "consultation", "signed"]),
                name="one_open_plan_per_area_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.period_label} v{self.version}"

    @property
    def period_label(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Utført")
    POSTPONED = "postponed", _("Utsatt")
    CANCELLED = "cancelled", _("Avlyst")


class Priority(models.IntegerChoices):
    HIGH = 1, _("Høy")
    MEDIUM = 2, _("Middels")
    LOW = 3, _("Lav")


class PlanItem(TimestampedModel):
    """A measure (tiltak) of a plan, with its budget in whole or half hours."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("handlingsplan"), on_delete=models.CASCADE, related_name="items"
    )
    service = models.ForeignKey(
        "bht.Service", verbose_name=_("tjeneste"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    unit = models.ForeignKey(
        "bht.ServiceUnit",
        verbose_name=_("tjenesteområde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "bht.Department",
        verbose_name=_("avdeling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    budget_hours = models.DecimalField(_("timer"), max_digits=7, decimal_places=1)
    planned_start = models.DateField(_("planlagt start"), null=True, blank=True)
    planned_end = models.DateField(_("planlagt slutt"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("prioritet"), choices=Priority.choices, default=Priority.MEDIUM
    )
    advisor = models.ForeignKey(
        "bht.Advisor",
        verbose_name=_("ansvarlig rådgiver"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_items",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    proposed_by = models.ForeignKey(
        "bht.User",
        verbose_name=_("foreslått av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The item of the previous version this one was carried over from.
    origin = models.ForeignKey(
        "self",
        verbose_name=_("videreført fra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_over_to",
    )
    # Optimistic locking of the item form: an edit made from an older version is refused.
    lock_version = models.PositiveIntegerField(_("låseversjon"), default=0, editable=False)

    # Audit history (who, when, what changed): docs/audit.md.
    history = audit_history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["plan_id", "priority", "title", "pk"]
        constraints = [
            models.CheckConstraint(name="item_budget_positive", condition=Q(budget_hours__gt=0)),
            models.CheckConstraint(
                name="item_budget_half_hours", condition=_half_hours("budget_hours")
            ),
            models.CheckConstraint(
                name="item_planned_period_order",
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
            ),
            models.CheckConstraint(
                name="item_known_status", condition=Q(status__in=ItemStatus.values)
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Foreslått")
    ACCEPTED = "accepted", _("Tatt inn i planen")
    MERGED = "merged", _("Slått sammen")
    REJECTED = "rejected", _("Ikke tatt med")


class ItemProposal(TimestampedModel):
    """A unit's wish for an item in its area's next plan."""

    area = models.ForeignKey(
        "bht.ServiceArea",
        verbose_name=_("virksomhetsområde"),
        on_delete=models.PROTECT,
        related_name="plan_proposals",
    )
    start_year = models.PositiveSmallIntegerField(_("for perioden som starter"))
    proposer = models.ForeignKey(
        "bht.User", verbose_name=_("foreslått av"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "bht.ServiceUnit",
        verbose_name=_("tjenesteområde"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "bht.Department",
        verbose_name=_("avdeling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.ForeignKey(
        "bht.Service", verbose_name=_("tjeneste"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("hva"), max_length=200)
    reason = models.TextField(_("hvorfor"), blank=True)
    rough_hours = models.DecimalField(
        _("omtrentlig antall timer"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    reply = models.TextField(_("svar fra kommunalsjef"), blank=True)
    decided_by = models.ForeignKey(
        "bht.User",
        verbose_name=_("avgjort av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("avgjort"), null=True, blank=True)
    resulting_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("tiltak i planen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )

    class Meta:
        verbose_name = _("forslag til tiltak")
        verbose_name_plural = _("forslag til tiltak")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # selectors.proposals_for_area: the director's list per area and period.
            models.Index(fields=["area", "start_year", "status"], name="proposal_area_period_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="proposal_rough_hours_positive",
                condition=Q(rough_hours__isnull=True) | Q(rough_hours__gt=0),
            ),
            models.CheckConstraint(
                name="proposal_known_status", condition=Q(status__in=ProposalStatus.values)
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanFeedback(models.Model):
    """The BHT's professional feedback, on the whole plan or one item. Recorded as
    given: there is no service to change it (DESIGN.md §6, independence)."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("handlingsplan"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    item = models.ForeignKey(
        PlanItem,
        verbose_name=_("tiltak"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    author = models.ForeignKey(
        "bht.User", verbose_name=_("skrevet av"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("tilbakemelding"))
    created_at = models.DateTimeField(_("gitt"), auto_now_add=True)

    class Meta:
        verbose_name = _("faglig tilbakemelding")
        verbose_name_plural = _("faglige tilbakemeldinger")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(name="feedback_not_empty", condition=~Q(text="")),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class ApprovalStage(models.TextChoices):
    SUBMITTED = "submitted", _("Sendt til BHT")
    FEEDBACK = "feedback", _("Faglig tilbakemelding gitt")
    CONSULTATION = "consultation", _("Behandlet i MBM / område-AMU")
    SIGNED = "signed", _("Signert av kommunalsjef")
    APPROVED = "approved", _("Godkjent i AMU")
    REVISED = "revised", _("Revisjon startet")
    CLOSED = "closed", _("Avsluttet")


class PlanApproval(models.Model):
    """One step of the approval chain, as it happened (the plan's audit trail)."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("handlingsplan"),
        on_delete=models.CASCADE,
        related_name="approvals",
    )
    stage = models.CharField(_("steg"), max_length=16, choices=ApprovalStage.choices)
    by = models.ForeignKey(
        "bht.User", verbose_name=_("av"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("tidspunkt"))
    meeting_date = models.DateField(_("møtedato"), null=True, blank=True)
    case_number = models.CharField(_("saksnummer"), max_length=60, blank=True)
    minutes = models.TextField(_("protokoll / vedtak"), blank=True)
    minutes_file = models.FileField(_("protokoll (fil)"), upload_to="plan-minutes/", blank=True)

    class Meta:
        verbose_name = _("behandling av handlingsplan")
        verbose_name_plural = _("behandlinger av handlingsplaner")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="approval_known_stage", condition=Q(stage__in=ApprovalStage.values)
            ),
            # A committee's decision always names its meeting.
            models.CheckConstraint(
                name="approval_meeting_recorded",
                condition=~Q(stage__in=["consultation", "approved"])
                | (Q(meeting_date__isnull=False) & ~Q(case_number="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.get_stage_display()}"


class StatusReview(models.Model):
    """A dated status review of a plan during its period (kept as a record)."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("handlingsplan"),
        on_delete=models.CASCADE,
        related_name="status_reviews",
    )
    held_at = models.DateField(_("dato"))
    by = models.ForeignKey(
        "bht.User", verbose_name=_("registrert av"), on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("oppsummering"), blank=True)
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        verbose_name = _("statusgjennomgang")
        verbose_name_plural = _("statusgjennomganger")
        ordering = ["-held_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} {self.held_at}"


class ItemStatusEntry(models.Model):
    review = models.ForeignKey(
        StatusReview,
        verbose_name=_("statusgjennomgang"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    item = models.ForeignKey(
        PlanItem, verbose_name=_("tiltak"), on_delete=models.CASCADE, related_name="status_entries"
    )
    status = models.CharField(_("status"), max_length=16, choices=ItemStatus.choices)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("status for tiltak")
        verbose_name_plural = _("status for tiltak")
        ordering = ["review_id", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="one_entry_per_item_review"),
            models.CheckConstraint(
                name="entry_known_status", condition=Q(status__in=ItemStatus.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_status_display()}"
