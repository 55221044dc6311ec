from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """Journal and Noark 5 archive extract (docs/archive.md).

    The top app next to privacy: it reads closed orders, approved plans and annual
    reports from the apps below, and no app imports it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "archive"
    verbose_name = _("Arkiv")
