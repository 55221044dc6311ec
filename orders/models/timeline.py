"""An order's assignments, timeline events (with attachments) and feedback."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel

from .orders import Order, OrderStatus


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
