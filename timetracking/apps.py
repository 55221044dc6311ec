from django.apps import AppConfig


class TimetrackingConfig(AppConfig):
    name = "timetracking"
    verbose_name = "Timeføring"

    def ready(self) -> None:
        # The lower apps ask time tracking through what it registers here, never by
        # importing it (docs/architecture.md): hours used on plan items for the plan
        # pages, the hourly rate for pricing extra sale.
        from actionplans.selectors import register_hours_used_provider
        from orders.conf import register_hourly_rate_provider
        from orders.signals import order_plan_link_changed
        from timetracking.selectors import hourly_rate_for_year, plan_item_hours_used
        from timetracking.services import on_order_plan_link_changed

        register_hours_used_provider(plan_item_hours_used)
        register_hourly_rate_provider(hourly_rate_for_year)
        order_plan_link_changed.connect(
            on_order_plan_link_changed, dispatch_uid="timetracking.rederive_billing"
        )
