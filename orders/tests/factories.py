"""Orders in a given state for tests, built through the services (the one write path)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.models import Advisor, Department, Service, User
from orders import services
from orders.models import Order


def department(name: str = "Oppfølgingstjenesten") -> Department:
    """avdelingsleder's department in Helse og sosial / Psykisk helse og rus (seed_demo)."""
    return Department.objects.select_related("unit__area").get(
        name=name, unit__name="Psykisk helse og rus"
    )


def advisor(username: str = "radgiver") -> Advisor:
    return Advisor.objects.select_related("user").get(user__username=username)


def user(username: str) -> User:
    return User.objects.get(username=username)


def draft(*, by: User | None = None, **fields: Any) -> Order:
    values: dict[str, Any] = {
        "department": department(),
        "title": "Kartlegging av arbeidsmiljøet",
        "description": "Høyt arbeidspress; vi ønsker kartlegging og tiltak.",
        "service": Service.objects.active().order_by("name").first(),
    }
    values.update(fields)
    return services.order_create_draft(user=by or user("avdelingsleder"), **values)


def submitted(**fields: Any) -> Order:
    order = draft(**fields)
    return services.order_submit(order=order, user=order.ordered_by)


def accepted(*, hours: Decimal | None = Decimal("10"), **fields: Any) -> Order:
    order = submitted(**fields)
    return services.order_accept(
        order=order, user=user("bhtleder"), lead_advisor=advisor(), estimated_hours=hours
    )


def in_progress(**fields: Any) -> Order:
    order = accepted(**fields)
    order = services.order_accept_cost(order=order, user=order.ordered_by)
    return services.order_start(order=order, user=user("radgiver"))


def delivered(**fields: Any) -> Order:
    order = in_progress(**fields)
    return services.order_deliver(order=order, user=user("radgiver"))
