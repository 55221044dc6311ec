from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BhtConfig(AppConfig):
    name = "bht"
    verbose_name = _("BHT")
