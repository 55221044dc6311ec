from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self) -> None:
        # The catalogue (core) shows "Bestill" / "Be om råd" on each service.
        from core.selectors import register_catalogue_action_provider
        from orders.selectors import catalogue_action

        register_catalogue_action_provider(catalogue_action)
