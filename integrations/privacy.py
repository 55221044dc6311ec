"""The integrations app's part of the personal-data export and erasure
(core/personal_data.py): a user's calendar feed and the webhooks they registered."""

from __future__ import annotations

from core.models import User
from core.personal_data import Eraser, ExportContext, ExportSection, export_row
from integrations.models import CalendarFeed, WebhookEndpoint

COVERED = {
    ("integrations.CalendarFeed", "user"),
    ("integrations.WebhookEndpoint", "created_by"),
}


def export_person(ctx: ExportContext) -> list[ExportSection]:
    user = ctx.user
    if user is None:
        return []
    feeds = CalendarFeed.objects.filter(user=user)
    hooks = WebhookEndpoint.objects.filter(created_by=user).order_by("pk")
    return [
        ExportSection(
            "calendar_feed",
            "Kalenderabonnement",
            # Whether a link exists, never the link itself (it is a key).
            [export_row(f, ["created_at"], active=bool(f.nonce)) for f in feeds],
        ),
        ExportSection(
            "webhooks",
            "Registrerte webhooks",
            [export_row(h, ["url", "created_at"]) for h in hooks],
        ),
    ]


def erase_person(eraser: Eraser, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()
    pks = list(WebhookEndpoint.objects.filter(created_by=user).values_list("pk", flat=True))
    if pks:
        eraser.update(WebhookEndpoint, pks, created_by=eraser.erased_person())
