from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """GDPR duties: export and erasure per person, the retention sweep, the privacy page.

    Installed after every other app: it reads (and pseudonymises) the records of
    all of them, and no other app imports it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = _("Personvern")
