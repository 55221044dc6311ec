"""Inquiries (phone triage), orders, their assignments, timeline and feedback.

Writes go through orders/services.py; reads through orders/selectors.py.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import audit_history
from core.models import TimestampedModel


class Channel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    EMAIL = "email", _("E-post")
    WEB = "web", _("Nettskjema")
    MEETING = "meeting", _("Møte")
    # Feedback on the accessibility statement (/tilgjengelighet/), from anyone.
    FEEDBACK = "feedback", _("Tilbakemelding om tilgjengelighet")


class CallerRole(models.TextChoices):
    LEADER = "leader", _("Leder")
    EMPLOYEE = "employee", _("Ansatt")
    SAFETY_REP = "safety_rep", _("Verneombud")
    UNION_REP = "union_rep", _("Tillitsvalgt")
    OTHER = "other", _("Annen")


class InquiryOutcome(models.TextChoices):
    # A web request waits here until the BHT answers it.
    PENDING = "pending", _("Ikke besvart")
    ADVICE_ONLY = "advice_only", _("Kun råd")
    ORDER_REQUESTED = "order_requested", _("Ønsker bestilling")


class Inquiry(TimestampedModel):
    """A phone call, e-mail, meeting or web request to the BHT (triage)."""

    organisation = models.ForeignKey(
        "bht.Organisation",
        verbose_name=_("virksomhet"),
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    received_at = models.DateTimeField(_("mottatt"), default=timezone.now)
    # The BHT person who recorded it; empty for a web request until someone answers.
    received_by = models.ForeignKey(
        "bht.User",
        verbose_name=_("registrert av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiries_received",
    )
    # Who wrote it in the system (the advisor at triage, the employee on the web, the
    # sender of an e-mail matched by address): sees confidential content together
    # with BHT staff. Empty for an e-mail or feedback from someone without a login.
    author = models.ForeignKey(
        "bht.User",
        verbose_name=_("skrevet av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiries_written",
    )
    channel = models.CharField(_("kanal"), max_length=16, choices=Channel.choices)
    caller = models.ForeignKey(
        "bht.User",
        verbose_name=_("innringer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries_made",
    )
    caller_name = models.CharField(_("navn på innringer"), max_length=200, blank=True)
    caller_role = models.CharField(
        _("innringers rolle"), max_length=16, choices=CallerRole.choices, default=CallerRole.LEADER
    )
    area = models.ForeignKey(
        "bht.ServiceArea",
        verbose_name=_("virksomhetsområde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    unit = models.ForeignKey(
        "bht.ServiceUnit",
        verbose_name=_("tjenesteområde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    department = models.ForeignKey(
        "bht.Department",
        verbose_name=_("avdeling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    category = models.ForeignKey(
        "bht.InquiryCategory",
        verbose_name=_("kategori"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    summary = models.TextField(_("hva gjelder henvendelsen"))
    advice_given = models.TextField(_("råd gitt"), blank=True)
    outcome = models.CharField(
        _("utfall"), max_length=20, choices=InquiryOutcome.choices, default=InquiryOutcome.PENDING
    )
    responded_at = models.DateTimeField(_("besvart"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("sendt videre til leder"), null=True, blank=True)
    confidential = models.BooleanField(_("fortrolig"), default=False)
    # The employee agreed that their leader is involved: the BHT person who recorded
    # it, and when. A confidential inquiry becomes a draft for the leader only then
    # (services._draft_from_inquiry).
    consent_recorded_at = models.DateTimeField(_("samtykke registrert"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        "bht.User",
        verbose_name=_("samtykke registrert av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiry_consents_recorded",
    )
    # The address an e-mail or feedback came from (the answer goes there).
    sender_email = models.EmailField(_("avsenders e-post"), blank=True, default="")
    # Flagged by the health-information guard (core.health_guard): its text is for
    # the BHT's professionals only and never shown in a list (core.confidentiality).
    quarantined = models.BooleanField(_("i karantene"), default=False)

    class Meta:
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        ordering = ["-received_at"]
        indexes = [
            # Work queue "unanswered requests": outcome=pending, oldest first.
            models.Index(
                fields=["organisation", "outcome", "received_at"], name="inquiry_queue_idx"
            ),
            # Work queue of BHT-wide staff (no organisation filter): the unanswered
            # requests, oldest first, and their count on every queue tab.
            models.Index(
                fields=["received_at"],
                condition=Q(outcome="pending"),
                name="inquiry_pending_idx",
            ),
            # amu_annual / labour_inspection: an organisation's inquiries of a year.
            models.Index(fields=["organisation", "received_at"], name="inquiry_org_received_idx"),
        ]
        constraints = [
            # Consent is recorded with who and when, or not at all.
            models.CheckConstraint(
                condition=Q(consent_recorded_at__isnull=True, consent_recorded_by__isnull=True)
                | Q(consent_recorded_at__isnull=False, consent_recorded_by__isnull=False),
                name="inquiry_consent_who_and_when",
            ),
            models.CheckConstraint(
                name="inquiry_known_channel", condition=Q(channel__in=Channel.values)
            ),
            models.CheckConstraint(
                name="inquiry_known_outcome", condition=Q(outcome__in=InquiryOutcome.values)
            ),
            models.CheckConstraint(
                name="inquiry_known_caller_role", condition=Q(caller_role__in=CallerRole.values)
            ),
            # Quarantine narrows who sees a confidential case; it is never public.
            models.CheckConstraint(
                name="inquiry_quarantined_is_confidential",
                condition=Q(quarantined=False) | Q(confidential=True),
            ),
            # An answered inquiry has its answer time (response time is measured on it).
            models.CheckConstraint(
                name="inquiry_answered_has_time",
                condition=Q(outcome=InquiryOutcome.PENDING) | Q(responded_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Henvendelse %(id)s") % {"id": self.pk})


class MessageDirection(models.TextChoices):
    IN = "in", _("Inn")
    OUT = "out", _("Ut")


class InquiryMessage(models.Model):
    """One e-mail of an inquiry's thread: the first message, the BHT's answer and
    the replies to it. `message_id` (RFC 5322 Message-ID) makes the import
    idempotent and lets replies (In-Reply-To / References) find their inquiry."""

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("henvendelse"), on_delete=models.CASCADE, related_name="messages"
    )
    message_id = models.CharField(_("meldings-ID"), max_length=255, unique=True)
    direction = models.CharField(
        _("retning"), max_length=3, choices=MessageDirection.choices, default=MessageDirection.IN
    )
    sender_email = models.EmailField(_("avsender"), blank=True)
    subject = models.CharField(_("emne"), max_length=300, blank=True)
    body = models.TextField(_("tekst"), blank=True)
    received_at = models.DateTimeField(_("mottatt"), default=timezone.now)
    quarantined = models.BooleanField(_("i karantene"), default=False)

    class Meta:
        verbose_name = _("e-post i henvendelse")
        verbose_name_plural = _("e-post i henvendelser")
        ordering = ["received_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="inquirymessage_known_direction",
                condition=Q(direction__in=MessageDirection.values),
            ),
        ]

    def __str__(self) -> str:
        return self.message_id


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


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Ansvarlig")
    SUPPORT = "support", _("Bidrar")


class OrderAssignment(TimestampedModel):
    order = models.ForeignKey(
        Order, verbose_name=_("bestilling"), on_delete=models.CASCADE, related_name="assignments"
    )
    advisor = models.ForeignKey(
        "bht.Advisor",
        verbose_name=_("rådgiver"),
        on_delete=models.PROTECT,
        related_name="order_assignments",
    )
    role = models.CharField(_("rolle"), max_length=10, choices=AssignmentRole.choices)

    class Meta:
        verbose_name = _("tildeling")
        verbose_name_plural = _("tildelinger")
        ordering = ["role", "advisor__user__first_name"]
        indexes = [
            # Work queue "mine": the orders an advisor is assigned to.
            models.Index(fields=["advisor", "order"], name="assignment_advisor_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["order", "advisor"], name="assignment_once_per_order"),
            models.UniqueConstraint(
                fields=["order"], condition=Q(role="lead"), name="assignment_one_lead_per_order"
            ),
            models.CheckConstraint(
                name="assignment_known_role", condition=Q(role__in=AssignmentRole.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order} – {self.advisor} ({self.get_role_display()})"


class EventKind(models.TextChoices):
    CREATED = "created", _("Opprettet")
    STATUS = "status", _("Status endret")
    COMMENT = "comment", _("Kommentar")
    INTERNAL_NOTE = "internal_note", _("Internt notat")
    ATTACHMENT = "attachment", _("Vedlegg")
    ESTIMATE = "estimate", _("Estimat")
    COST_ACCEPTED = "cost_accepted", _("Kostnad godkjent")
    ASSIGNMENT = "assignment", _("Tildeling")
    FEEDBACK = "feedback", _("Tilbakemelding")
    UPDATED = "updated", _("Endret")


def attachment_path(event: OrderEvent, filename: str) -> str:
    # A random folder: files are served through the access-checked download view,
    # and a guessable path under MEDIA_URL must not expose them.
    return f"order-attachments/{event.order_id}/{uuid.uuid4().hex}/{filename}"


class OrderEvent(models.Model):
    """One entry of an order's timeline. Append-only: the audit history of the order."""

    order = models.ForeignKey(
        Order, verbose_name=_("bestilling"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    actor = models.ForeignKey(
        "bht.User",
        verbose_name=_("av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("type"), max_length=16, choices=EventKind.choices)
    from_status = models.CharField(_("fra status"), max_length=16, blank=True)
    to_status = models.CharField(_("til status"), max_length=16, blank=True)
    text = models.TextField(_("tekst"), blank=True)
    # BHT-internal: shown to BHT staff only (case notes, internal attachments).
    internal = models.BooleanField(_("internt"), default=False)
    file = models.FileField(_("fil"), upload_to=attachment_path, blank=True)
    file_name = models.CharField(_("filnavn"), max_length=200, blank=True)
    file_size = models.PositiveIntegerField(_("filstørrelse"), null=True, blank=True)

    class Meta:
        verbose_name = _("hendelse")
        verbose_name_plural = _("hendelser")
        ordering = ["at", "pk"]
        indexes = [
            # The order page's timeline: the events of one order in time order.
            models.Index(fields=["order", "at"], name="orderevent_order_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="event_known_kind", condition=Q(kind__in=EventKind.values)),
            models.CheckConstraint(
                name="event_internal_note_is_internal",
                condition=~Q(kind=EventKind.INTERNAL_NOTE) | Q(internal=True),
            ),
            models.CheckConstraint(
                name="event_attachment_has_file",
                condition=~Q(kind=EventKind.ATTACHMENT) | ~Q(file=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def status_label(self) -> str:
        return str(OrderStatus(self.to_status).label) if self.to_status else ""


# "Vet ikke" on a feedback scale; 1–5 are the answers (DESIGN.md §7).
NOT_SURE = 0

FEEDBACK_SCALES = (
    ("help_received", _("Hjelpen dere fikk")),
    ("work_adapted", _("Arbeidssituasjonen ble tilrettelagt")),
    ("impartial_role", _("BHT hadde en uavhengig og upartisk rolle")),
    ("competence", _("BHTs samlede kompetanse")),
    ("overall", _("Samlet fornøydhet")),
)


class OrderFeedback(TimestampedModel):
    """The orderer's feedback on a delivered order; 0 means "Vet ikke"."""

    order = models.OneToOneField(
        Order, verbose_name=_("bestilling"), on_delete=models.CASCADE, related_name="feedback"
    )
    given_by = models.ForeignKey(
        "bht.User", verbose_name=_("gitt av"), on_delete=models.PROTECT, related_name="+"
    )
    help_received = models.PositiveSmallIntegerField(_("Hjelpen dere fikk"))
    work_adapted = models.PositiveSmallIntegerField(_("Arbeidssituasjonen ble tilrettelagt"))
    impartial_role = models.PositiveSmallIntegerField(_("BHT hadde en uavhengig og upartisk rolle"))
    competence = models.PositiveSmallIntegerField(_("BHTs samlede kompetanse"))
    overall = models.PositiveSmallIntegerField(_("Samlet fornøydhet"))
    text = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("tilbakemelding")
        verbose_name_plural = _("tilbakemeldinger")
        constraints = [
            models.CheckConstraint(
                name=f"feedback_{name}_range", condition=Q(**{f"{name}__gte": 0, f"{name}__lte": 5})
            )
            for name, _label in FEEDBACK_SCALES
        ]

    def __str__(self) -> str:
        return str(_("Tilbakemelding på %(order)s") % {"order": self.order})
