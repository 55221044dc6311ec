"""Inquiries: phone triage, advice requests and e-mail in, with their message thread."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
