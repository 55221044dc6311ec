"""What every order write shares: locking, references, timeline events, transitions and notices."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import confidentiality, events
from core.models import Service, User
from core.notifications import absolute_url, notify
from orders import selectors
from orders.models import (
    EventKind,
    Order,
    OrderEvent,
    OrderStatus,
    ReferenceCounter,
)

ORDER_FIELDS = (
    "department",
    "service",
    "category",
    "title",
    "description",
    "journal_reference",
    "desired_start",
    "urgency",
    "plan_item",
    "confidential",
)


# The free-text fields of an order that the health guard reads.
GUARDED_ORDER_FIELDS = ("title", "description", "journal_reference")


def _ensure_visible(user: User, order: Order) -> None:
    if not selectors.orders_visible_to(user).filter(pk=order.pk).exists():
        raise PermissionDenied(_("Bestillingen er utenfor det du har tilgang til."))


def _lock(order: Order) -> Order:
    """Re-read the order under a row lock so two decisions cannot both pass the state check."""
    return (
        Order.objects.select_for_update(of=("self",))
        .select_related("organisation", "lead_advisor")
        .get(pk=order.pk)
    )


def next_reference(*, organisation_id: int, year: int) -> str:
    """`B-<year>-<nnnn>`: the next number of the organisation's year, taken under a row lock."""
    ReferenceCounter.objects.get_or_create(organisation_id=organisation_id, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(
        organisation_id=organisation_id, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"B-{year}-{counter.last_number:04d}"


def _event(
    order: Order,
    *,
    actor: User | None,
    kind: str,
    text: str = "",
    from_status: str = "",
    to_status: str = "",
    internal: bool = False,
    at: datetime.datetime | None = None,
) -> OrderEvent:
    return OrderEvent.objects.create(
        order=order,
        actor=actor,
        kind=kind,
        text=text,
        from_status=from_status,
        to_status=to_status,
        internal=internal,
        at=at or timezone.now(),
    )


PUBLISHED_STATUSES: dict[str, str] = {
    OrderStatus.SUBMITTED: "order.submitted",
    OrderStatus.ACCEPTED: "order.accepted",
    OrderStatus.DECLINED: "order.declined",
    OrderStatus.DELIVERED: "order.delivered",
}


def _transition(order: Order, *, user: User, to: str, text: str = "", stamp: str) -> None:
    now = timezone.now()
    from_status = order.status
    order.status = to
    setattr(order, stamp, now)
    order.save(update_fields=["status", stamp, "updated_at"])
    _event(
        order,
        actor=user,
        kind=EventKind.STATUS,
        from_status=from_status,
        to_status=to,
        text=text,
        at=now,
    )
    if to in PUBLISHED_STATUSES:
        # Webhooks (integrations): ids and a link only, never the order's content.
        api_path = reverse("order-detail", kwargs={"pk": order.pk})
        events.publish(PUBLISHED_STATUSES[to], "order", order.pk, absolute_url(api_path))


def order_url(order: Order) -> str:
    return absolute_url(reverse("orders:detail", kwargs={"pk": order.pk}))


def _notify_about(order: Order, *, recipients: list[User | None], subject: str, body: str) -> None:
    """A neutral message for confidential orders: the reference and a link only.
    An e-mail leaves the system, so it shows what any reader may see."""
    if not confidentiality.order_content_visible(None, order):
        subject = _("Bestilling %(ref)s er oppdatert") % {"ref": order.reference}
        body = _("Det er en endring i en fortrolig sak. Logg inn for å se den:\n%(url)s") % {
            "url": order_url(order)
        }
    notify(recipients=recipients, subject=subject, body=f"{body}\n\n{order_url(order)}")


def service_or_none(pk: int | None) -> Service | None:
    return Service.objects.filter(pk=pk).first() if pk else None
