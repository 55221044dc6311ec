"""Domain events: the seam through which lower apps announce what happened
("order.accepted", "plan.approved", ...) without knowing who listens.

An app's service calls `publish()` inside its transaction. Each handler registered
with `register_handler()` (the integrations app does it in its `AppConfig.ready()`:
webhooks) is called right away, in the same transaction, so whatever it stores
(an outbox row) commits or rolls back with the change itself; anything it sends
must wait for `transaction.on_commit`.

The event carries no content: a name, the object's type and id and a link. Never put
confidential text here (core/confidentiality.py): it leaves the system.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

# The events the system publishes (README, "Webhooks").
EVENTS = (
    "order.submitted",
    "order.accepted",
    "order.declined",
    "order.delivered",
    "plan.approved",
    "report.done",
    "week.approved",
)


@dataclass(frozen=True)
class Event:
    name: str
    obj_type: str  # "order", "plan", "report", "week"
    obj_id: int
    url: str  # an absolute link to the object (the API where it has one)
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    occurred_at: datetime.datetime = field(default_factory=timezone.now)


Handler = Callable[[Event], object]
_handlers: list[Handler] = []


def register_handler(handler: Handler) -> None:
    """Called by a higher app at start (AppConfig.ready). Idempotent."""
    if handler not in _handlers:
        _handlers.append(handler)


def publish(name: str, obj_type: str, obj_id: int, url: str) -> Event:
    """Announce `name` about one object to every registered handler."""
    if name not in EVENTS:
        raise ValueError(f"unknown event {name!r}")
    event = Event(name=name, obj_type=obj_type, obj_id=obj_id, url=url)
    for handler in list(_handlers):
        handler(event)
    return event
