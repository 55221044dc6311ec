from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """GDPR duties: export and erasure per person, the retention sweep, the privacy page.

    Installed after every other app: it assembles the part each app contributes
    (`<app>/privacy.py`, discovered here at start; privacy/parts.py), and no other
    app imports it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = _("Personvern")

    def ready(self) -> None:
        from privacy import parts

        parts.discover()
