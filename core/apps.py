from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The core domain: the organisation tree, people and roles, the BHT and its
    catalogue, access scoping, audit. Its label stays "bht" (the tables, migrations
    and model references such as "bht.User" were made under it)."""

    name = "core"
    label = "bht"
    verbose_name = _("BHT")
