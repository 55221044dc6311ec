"""Orders: status, billing, references and the order itself."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import audit_history
from core.models import TimestampedModel

from .inquiries import Inquiry


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Sendt")
    ACCEPTED = "accepted", _("Godtatt")
    DECLINED = "declined", _("Avslått")
    IN_PROGRESS = "in_progress", _("Under arbeid")
    DELIVERED = "delivered", _("Levert")
    CLOSED = "closed", _("Lukket")
    CANCELLED = "cancelled", _("Avbrutt")


OPEN_STATUSES = (
    OrderStatus.DRAFT,
    OrderStatus.SUBMITTED,
    OrderStatus.ACCEPTED,
    OrderStatus.IN_PROGRESS,
)


STATUS_COLORS = {
    "draft": "neutral",
    "submitted": "info",
    "accepted": "brand1",
    "declined": "danger",
    "in_progress": "warning",
    "delivered": "success",
    "closed": "neutral",
    "cancelled": "neutral",
}


class DeclineReason(models.TextChoices):
    CAPACITY = "capacity", _("Kapasitet")
    CENTRAL_PRIORITY = "central_priority", _("Sentral prioritering")
    OUTSIDE_MANDATE = "outside_mandate", _("Utenfor mandat")
    REFER_HR = "refer_hr", _("Henvist til HR")
    REFER_OTHER = "refer_other", _("Henvist videre")


class Billing(models.TextChoices):
    """How hours are billed (DESIGN.md §6): the one enum of orders and time entries,
    derived by `orders.rules.billing_for`, never typed. An order is never internal
    (ORDER_BILLINGS); a time entry on an internal activity is."""

    FIXED_PRICE = "fixed_price", _("Fastpris")
    EXTRA_SALE = "extra_sale", _("Mersalg")
    INTERNAL = "internal", _("Internt")


# The billings an order can have: only its hours on internal work are internal.
ORDER_BILLINGS = [(b.value, b.label) for b in (Billing.FIXED_PRICE, Billing.EXTRA_SALE)]


class Urgency(models.TextChoices):
    LOW = "low", _("Kan vente")
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Haster")


class ReferenceCounter(models.Model):
    """The last order number used per organisation and year. Its row is locked
    (select_for_update) while a reference is taken, so concurrent orders get
    distinct numbers; Order's unique constraint is the backstop."""

    organisation = models.ForeignKey("bht.Organisation", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="reference_counter_org_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last_number}"


class Order(TimestampedModel):
    """A written order (bestilling) for help from the BHT."""

    organisation = models.ForeignKey(
        "bht.Organisation",
        verbose_name=_("virksomhet"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    reference = models.CharField(_("referanse"), max_length=20)
    area = models.ForeignKey(
        "bht.ServiceArea",
        verbose_name=_("virksomhetsområde"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    unit = models.ForeignKey(
        "bht.ServiceUnit",
        verbose_name=_("tjenesteområde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    department = models.ForeignKey(
        "bht.Department",
        verbose_name=_("avdeling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    ordered_by = models.ForeignKey(
        "bht.User",
        verbose_name=_("bestiller"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    created_by = models.ForeignKey(
        "bht.User",
        verbose_name=_("opprettet av"),
        on_delete=models.PROTECT,
        related_name="orders_created",
    )
    inquiry = models.OneToOneField(
        Inquiry,
        verbose_name=_("henvendelse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order",
    )
    service = models.ForeignKey(
        "bht.Service",
        verbose_name=_("tjeneste"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    category = models.ForeignKey(
        "bht.InquiryCategory",
        verbose_name=_("kategori"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    journal_reference = models.CharField(_("journalreferanse"), max_length=60, blank=True)
    desired_start = models.DateField(_("ønsket oppstart"), null=True, blank=True)
    urgency = models.CharField(
        _("hast"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    plan_item = models.ForeignKey(
        "actionplans.PlanItem",
        verbose_name=_("tiltak i handlingsplanen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    # Derived from plan_item by rules.billing_for, never typed (DESIGN.md §6).
    billing = models.CharField(
        _("fakturering"), max_length=16, choices=ORDER_BILLINGS, default=Billing.EXTRA_SALE
    )
    estimated_hours = models.DecimalField(
        _("estimerte timer"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    hourly_rate = models.DecimalField(
        _("timepris (NOK)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    cost_accepted_by = models.ForeignKey(
        "bht.User",
        verbose_name=_("kostnad godkjent av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cost_accepted_at = models.DateTimeField(_("kostnad godkjent"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    decline_reason_code = models.CharField(
        _("årsak til avslag"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_reason = models.TextField(_("begrunnelse for avslag"), blank=True)
    decided_by = models.ForeignKey(
        "bht.User",
        verbose_name=_("besluttet av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_advisor = models.ForeignKey(
        "bht.Advisor",
        verbose_name=_("ansvarlig rådgiver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders_led",
    )
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("godtatt"), null=True, blank=True)
    declined_at = models.DateTimeField(_("avslått"), null=True, blank=True)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("levert"), null=True, blank=True)
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("avbrutt"), null=True, blank=True)
    confidential = models.BooleanField(_("fortrolig"), default=False)
    # Optimistic locking: every edit of the order form's fields adds one; an edit
    # made from an older version is refused (docs/reliability.md).
    lock_version = models.PositiveIntegerField(_("låseversjon"), default=0, editable=False)

    # Audit history (who, when, what changed): docs/audit.md.
    history = audit_history(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("bestilling")
        verbose_name_plural = _("bestillinger")
        ordering = ["-created_at"]
        indexes = [
            # Work queue "new and unanswered": status=submitted, oldest submitted_at first.
            models.Index(fields=["status", "submitted_at"], name="order_status_submitted_idx"),
            # Area director's list and "by area" queue: orders of one area, newest first.
            models.Index(fields=["area", "-created_at"], name="order_area_created_idx"),
            # "Mine bestillinger": the orders a leader placed, newest first.
            models.Index(fields=["ordered_by", "-created_at"], name="order_orderer_created_idx"),
            # amu_annual / labour_inspection: an organisation's orders submitted in a year.
            models.Index(fields=["organisation", "submitted_at"], name="order_org_submitted_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="order_reference_unique_in_org"
            ),
            models.CheckConstraint(
                name="order_known_status", condition=Q(status__in=OrderStatus.values)
            ),
            models.CheckConstraint(
                name="order_known_urgency", condition=Q(urgency__in=Urgency.values)
            ),
            models.CheckConstraint(
                name="order_known_decline_code",
                condition=Q(decline_reason_code="")
                | Q(decline_reason_code__in=DeclineReason.values),
            ),
            # A decline always carries its reason code and text (DESIGN.md §1).
            models.CheckConstraint(
                name="order_decline_has_reason",
                condition=~Q(status=OrderStatus.DECLINED)
                | (~Q(decline_reason_code="") & ~Q(decline_reason="")),
            ),
            # Billing follows the plan link: fixed price iff a plan item is set.
            models.CheckConstraint(
                name="order_billing_follows_plan_item",
                condition=Q(billing=Billing.FIXED_PRICE, plan_item__isnull=False)
                | Q(billing=Billing.EXTRA_SALE, plan_item__isnull=True),
            ),
            # An extra-sale order cannot be worked before its cost is accepted.
            models.CheckConstraint(
                name="order_extra_sale_started_has_cost_accepted",
                condition=~Q(
                    billing=Billing.EXTRA_SALE,
                    status__in=[
                        OrderStatus.IN_PROGRESS,
                        OrderStatus.DELIVERED,
                        OrderStatus.CLOSED,
                    ],
                )
                | Q(cost_accepted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="order_sent_has_submitted_at",
                condition=Q(status=OrderStatus.DRAFT)
                | Q(status=OrderStatus.CANCELLED)
                | Q(submitted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="order_estimate_not_negative",
                condition=Q(estimated_hours__isnull=True) | Q(estimated_hours__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def status_color(self) -> str:
        """Designsystemet colour of the status tag."""
        return STATUS_COLORS.get(self.status, "neutral")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def first_response_at(self):  # noqa: ANN201 - datetime | None
        return self.accepted_at or self.declined_at

    @property
    def estimated_cost(self):  # noqa: ANN201 - Decimal | None
        if self.estimated_hours is None or self.hourly_rate is None:
            return None
        return self.estimated_hours * self.hourly_rate
