from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    """The project package (settings, URLs, Celery, start pages, cross-app commands).
    Installed for its commands, templates, static files and catalogue; it owns no
    models. Label "project": "bht" is the core domain's label (core/apps.py)."""

    name = "bht"
    label = "project"
    verbose_name = _("BHT-CRM")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from bht.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="bht-start-idle-clock")
