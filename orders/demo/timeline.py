"""Each demo order's timeline: its transitions, events, assignments and feedback."""

from __future__ import annotations

import datetime
import random

from core import numbers
from orders.models import (
    AssignmentRole,
    Billing,
    DeclineReason,
    EventKind,
    Order,
    OrderAssignment,
    OrderEvent,
    OrderFeedback,
    OrderStatus,
)

from .common import SEED, _anchor

FEEDBACK_TEXTS = (
    "Nyttig og konkret. Ansatte var fornøyde.",
    "God prosess, men det tok litt tid før vi kom i gang.",
    "Svært god hjelp, vi bruker rapporten videre i HMS-arbeidet.",
    "",
    "",
)


def _status_for(rng: random.Random, age: int) -> str:
    roll = rng.random()
    if roll < 0.08:
        return OrderStatus.DECLINED
    if roll < 0.12:
        return OrderStatus.CANCELLED
    if age > 120:
        return OrderStatus.CLOSED if roll < 0.7 else OrderStatus.DELIVERED
    if age > 45:
        return rng.choice([OrderStatus.DELIVERED, OrderStatus.IN_PROGRESS, OrderStatus.CLOSED])
    if age > 12:
        return rng.choice([OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS, OrderStatus.SUBMITTED])
    return rng.choice([OrderStatus.SUBMITTED, OrderStatus.SUBMITTED, OrderStatus.DRAFT])


def _timeline(
    rng: random.Random, order: Order, created: datetime.datetime, status: str
) -> dict[str, datetime.datetime]:
    """Transition timestamps up to `status`, a few working days apart."""
    steps: dict[str, datetime.datetime] = {}
    moment = created
    if status == OrderStatus.DRAFT:
        return steps

    def later(low: int, high: int) -> datetime.datetime:
        nonlocal moment
        moment = moment + datetime.timedelta(days=rng.randint(low, high), hours=rng.randint(1, 5))
        return min(moment, _anchor())

    steps["submitted_at"] = later(0, 2)
    if status == OrderStatus.SUBMITTED:
        return steps
    if status == OrderStatus.CANCELLED:
        steps["cancelled_at"] = later(1, 10)
        return steps
    if status == OrderStatus.DECLINED:
        steps["declined_at"] = later(1, 6)
        return steps
    steps["accepted_at"] = later(1, 6)
    needs_cost = order.billing == Billing.EXTRA_SALE
    if needs_cost and (status != OrderStatus.ACCEPTED or rng.random() < 0.5):
        steps["cost_accepted_at"] = later(1, 4)
    if status == OrderStatus.ACCEPTED:
        return steps
    steps["started_at"] = later(2, 15)
    if status == OrderStatus.IN_PROGRESS:
        return steps
    steps["delivered_at"] = later(10, 45)
    if status == OrderStatus.DELIVERED:
        return steps
    steps["closed_at"] = later(1, 20)
    return steps


STEP_STATUS = {
    "submitted_at": OrderStatus.SUBMITTED,
    "accepted_at": OrderStatus.ACCEPTED,
    "declined_at": OrderStatus.DECLINED,
    "started_at": OrderStatus.IN_PROGRESS,
    "delivered_at": OrderStatus.DELIVERED,
    "closed_at": OrderStatus.CLOSED,
    "cancelled_at": OrderStatus.CANCELLED,
}


def _bulk_children(rng: random.Random, orders: list[Order], plan: list[dict]) -> None:
    """Each order's timeline, assignments and feedback, in bulk."""
    events: list[OrderEvent] = []
    assignments: list[OrderAssignment] = []
    feedback: list[OrderFeedback] = []
    for order, info in zip(orders, plan, strict=True):
        events += _status_events(order, info)
        if info["lead"] is not None and order.accepted_at is not None:
            assignments.append(
                OrderAssignment(order=order, advisor=info["lead"], role=AssignmentRole.LEAD)
            )
            if info["supporter"] is not None:
                assignments.append(
                    OrderAssignment(
                        order=order, advisor=info["supporter"], role=AssignmentRole.SUPPORT
                    )
                )
            if (
                order.status in (OrderStatus.IN_PROGRESS, OrderStatus.DELIVERED)
                and rng.random() < 0.4
            ):
                events.append(
                    OrderEvent(
                        order=order,
                        actor=info["lead"].user,
                        kind=EventKind.INTERNAL_NOTE,
                        internal=True,
                        text="Avtalt oppstartsmøte med lederen og verneombudet.",
                        at=order.started_at or order.accepted_at,
                    )
                )
        if order.status in (OrderStatus.DELIVERED, OrderStatus.CLOSED) and rng.random() < 0.8:
            feedback.append(_feedback(rng, order))
    OrderEvent.objects.bulk_create(events)
    OrderAssignment.objects.bulk_create(assignments)
    OrderFeedback.objects.bulk_create(feedback)
    # Given a few days after delivery, not on the day the demo was loaded, so that
    # each year's annual report counts the answers of its own year.
    later = random.Random(SEED + 2)  # its own stream: the rest of the demo stays the same
    for answer in feedback:
        delivered = answer.order.delivered_at or answer.order.created_at
        answer.created_at = min(
            delivered + datetime.timedelta(days=later.randint(1, 10)), _anchor()
        )
    OrderFeedback.objects.bulk_update(feedback, ["created_at"], batch_size=500)


def _status_events(order: Order, info: dict) -> list[OrderEvent]:
    """The order's creation and each transition, in time order."""
    events = [
        OrderEvent(
            order=order,
            actor=order.created_by,
            kind=EventKind.CREATED,
            to_status=OrderStatus.DRAFT,
            at=order.submitted_at or _anchor(),
        )
    ]
    previous = OrderStatus.DRAFT
    for field, moment in sorted(info["steps"].items(), key=lambda kv: kv[1]):
        if field == "cost_accepted_at":
            events.append(
                OrderEvent(
                    order=order,
                    actor=order.ordered_by,
                    kind=EventKind.COST_ACCEPTED,
                    text="Kostnad godkjent: " + numbers.format_kr(order.estimated_cost, -2),
                    at=moment,
                )
            )
            continue
        to = STEP_STATUS[field]
        bht_side = to in (
            OrderStatus.ACCEPTED,
            OrderStatus.DECLINED,
            OrderStatus.IN_PROGRESS,
            OrderStatus.DELIVERED,
        )
        actor = (
            order.decided_by
            if to in (OrderStatus.ACCEPTED, OrderStatus.DECLINED)
            else (info["lead"].user if bht_side and info["lead"] else order.ordered_by)
        )
        text = ""
        if to == OrderStatus.DECLINED:
            text = f"{DeclineReason(order.decline_reason_code).label}: {order.decline_reason}"
        events.append(
            OrderEvent(
                order=order,
                actor=actor,
                kind=EventKind.STATUS,
                from_status=previous,
                to_status=to,
                text=text,
                at=moment,
            )
        )
        previous = to
    return events


def _feedback(rng: random.Random, order: Order) -> OrderFeedback:
    base = rng.choice([3, 4, 4, 5, 5])
    scores = [max(0, min(5, base + rng.choice([-1, 0, 0, 1]))) for _ in range(5)]
    if rng.random() < 0.25:
        scores[1] = 0  # "Vet ikke" on "work situation adapted"
    return OrderFeedback(
        order=order,
        given_by=order.ordered_by,
        help_received=scores[0] or 1,
        work_adapted=scores[1],
        impartial_role=scores[2] or 1,
        competence=scores[3] or 1,
        overall=scores[4] or 1,
        text=rng.choice(FEEDBACK_TEXTS),
    )
