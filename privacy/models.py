"""What the GDPR duties themselves must remember: which records were erased, when and why.

The erasure log holds no personal data of the erased person (only the record's
type, id and a neutral label such as the order reference): it is the proof that
the BHT erased on time (GDPR art. 5(2), accountability), and it keeps the
retention sweep idempotent.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureReason(models.TextChoices):
    RETENTION = "retention", _("Lagringstiden er ute")
    REQUEST = "request", _("Sletting etter forespørsel")


class ErasureLog(models.Model):
    """One record pseudonymised (or deleted). Append-only."""

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    # Empty for the scheduled sweep.
    by = models.ForeignKey(
        "bht.User",
        verbose_name=_("utført av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("årsak"), max_length=16, choices=ErasureReason.choices)
    record_type = models.CharField(_("posttype"), max_length=32)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("type"), on_delete=models.PROTECT
    )
    object_id = models.CharField(_("objekt-id"), max_length=64)
    # A neutral label (order reference, "Henvendelse 12", "Bruker 7"), never a name.
    object_label = models.CharField(_("objekt"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("slettelogg")
        verbose_name_plural = _("slettelogg")
        ordering = ["-at"]
        indexes = [
            # The sweep skips records already erased: lookup by type and id.
            models.Index(fields=["content_type", "object_id"], name="erasure_object_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="erasure_known_reason", condition=models.Q(reason__in=ErasureReason.values)
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.record_type} {self.object_label}"
