"""What the system records about itself: the access log, health-guard overrides and the
mail outbox."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import User


class AccessLog(models.Model):
    """One read of confidential content (who, when, which object). Append-only."""

    class Action(models.TextChoices):
        READ = "read", _("Lest")
        DOWNLOAD = "download", _("Lastet ned")
        EXPORT = "export", _("Eksportert")

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User, verbose_name=_("bruker"), on_delete=models.PROTECT, related_name="access_logs"
    )
    action = models.CharField(_("handling"), max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("type"), on_delete=models.PROTECT
    )
    object_id = models.CharField(_("objekt-id"), max_length=64)
    # A neutral label (e.g. the order reference), never the confidential content.
    object_label = models.CharField(_("objekt"), max_length=200, blank=True)
    # The client organisation the object belongs to, so that BHT staff limited to some
    # organisations see only their part of the log (core.selectors.access_log_rows).
    # Empty on rows logged before it existed: those show only to unrestricted staff.
    organisation = models.ForeignKey(
        "bht.Organisation",
        verbose_name=_("virksomhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tilgangslogg")
        verbose_name_plural = _("tilgangslogg")
        ordering = ["-at"]
        indexes = [
            # "Who read this object?" on the object's access-log page.
            models.Index(fields=["content_type", "object_id", "-at"], name="accesslog_object_idx"),
            # "What did this user read?" for the per-user export.
            models.Index(fields=["user", "-at"], name="accesslog_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.object_label}"


class HealthGuardOverride(models.Model):
    """Someone outside the BHT sent a text although the health guard warned
    (core/health_guard.py) and they chose «Send likevel». Append-only.

    Only the kinds found and where are kept, never the text or what matched: the
    record must not become a second copy of the health information."""

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("bruker"),
        on_delete=models.PROTECT,
        related_name="health_guard_overrides",
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("type"), on_delete=models.PROTECT
    )
    object_id = models.CharField(_("objekt-id"), max_length=64)
    # Comma-separated kinds of core.health_guard.KIND_LABELS, e.g. "sykmelding,medisin".
    kinds = models.CharField(_("funn"), max_length=200)
    # The input fields the findings were in, e.g. "title,description".
    fields = models.CharField(_("felt"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("helseopplysninger sendt likevel")
        verbose_name_plural = _("helseopplysninger sendt likevel")
        ordering = ["-at"]
        indexes = [
            # "Was this object sent past the guard?" from the object's side.
            models.Index(fields=["content_type", "object_id"], name="healthoverride_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.kinds}"


class OutgoingMail(models.Model):
    """One notification e-mail to one address (a transactional outbox).

    `notify()` writes the row in the caller's transaction, so the mail exists
    exactly when the change it reports was committed; a Celery task sends it and
    stamps `sent_at`. Rows without `sent_at` are retried (docs/reliability.md).
    """

    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    to = models.EmailField(_("til"))
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"))
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.CharField(_("siste feil"), max_length=500, blank=True)
    # Set when a reply must find its way back (an answer to an e-mail inquiry):
    # the Message-ID header the mail is sent with, without angle brackets.
    message_id = models.CharField(_("meldings-ID"), max_length=255, blank=True, default="")

    class Meta:
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")
        ordering = ["created_at", "pk"]
        indexes = [
            # The periodic sweep: unsent mails, oldest first.
            models.Index(
                fields=["created_at"],
                name="outgoingmail_unsent_idx",
                condition=Q(sent_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
