from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """Connections to the municipality's other systems: signed webhooks (from an
    outbox, by Celery), the private calendar feeds and the API's `me` endpoint.

    Above reports, below privacy: it reads every domain app, and none of them imports
    it. The domain apps announce events through core/events.py; the webhook outbox
    listens there (registered below).
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "integrations"
    verbose_name = _("Integrasjoner")

    def ready(self) -> None:
        from core import events
        from integrations import webhooks

        events.register_handler(webhooks.enqueue)
