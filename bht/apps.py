from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BhtConfig(AppConfig):
    name = "bht"
    verbose_name = _("BHT")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from bht.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="bht-start-idle-clock")
