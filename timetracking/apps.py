from django.apps import AppConfig


class TimetrackingConfig(AppConfig):
    name = "timetracking"
    verbose_name = "Timeføring"

    def ready(self) -> None:
        try:
            from orders.signals import order_plan_link_changed
        except ImportError:  # orders without the signal: nothing to re-derive on
            return
        from timetracking.services import on_order_plan_link_changed

        order_plan_link_changed.connect(
            on_order_plan_link_changed, dispatch_uid="timetracking.rederive_billing"
        )
