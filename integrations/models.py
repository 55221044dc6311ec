"""Webhook endpoints with their outbox of deliveries and attempts; calendar feeds."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WebhookEndpoint(models.Model):
    """A receiver registered by the BHT manager. The secret signs every delivery
    (X-BHT-Signature); it is shown once, when the endpoint is created."""

    url = models.URLField(_("adresse"), max_length=500)
    events = models.JSONField(_("hendelser"), default=list)
    secret = models.CharField(_("hemmelighet"), max_length=100, editable=False)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    DELIVERED = "delivered", _("Levert")
    FAILED = "failed", _("Gitt opp")


class WebhookDelivery(models.Model):
    """One event for one endpoint: the outbox row. Written in the transaction that
    changed the object, sent after commit, retried with growing pauses until the
    receiver answers 2xx or the attempts run out (then `failed`, still listed)."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    delivery_id = models.UUIDField(_("leveranse-id"), default=uuid.uuid4, unique=True)
    event = models.CharField(_("hendelse"), max_length=40)
    event_id = models.UUIDField(_("hendelses-id"))
    # The exact body sent on every attempt (its signature covers these bytes).
    body = models.TextField(_("innhold"))
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), null=True, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    delivered_at = models.DateTimeField(_("levert"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook-leveranse")
        verbose_name_plural = _("webhook-leveranser")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sweep: pending deliveries that are due.
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_pending_due_idx",
                condition=Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.status})"


class WebhookAttempt(models.Model):
    """One POST of a delivery: when, the answer (or the error), how long it took."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("svarkode"), null=True, blank=True)
    error = models.CharField(_("feil"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("varighet (ms)"), default=0)

    class Meta:
        verbose_name = _("leveranseforsøk")
        verbose_name_plural = _("leveranseforsøk")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"


class CalendarFeed(models.Model):
    """A user's private calendar feed. The token in the URL is derived from a
    random nonce with the SECRET_KEY (integrations/calendar.py); the database holds
    the nonce and the token's SHA-256 (looked up by the feed URL), so a copy of the
    database alone opens no feed. A new nonce makes every older link dead; an empty
    nonce is a revoked feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    nonce = models.CharField(max_length=64, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("laget"), default=timezone.now)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")

    def __str__(self) -> str:
        return f"{self.user_id}: {'aktiv' if self.nonce else 'slått av'}"
