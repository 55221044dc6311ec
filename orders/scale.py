"""Orders at scale for `seed_scale` (see core/scale.py): orders with their timeline,
assignments and feedback, and inquiries (phone triage, advice only, web requests).

About 200 orders per organisation and year (times the organisation's size and the
fraction), spread over the areas by their Zipf-like weight, so a few areas order
most and some almost never. An order's status follows its age: recent orders are
still waiting or being worked, old ones are closed, declined or cancelled.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
from decimal import Decimal
from typing import Any

from core.models import InquiryCategory, Service
from core.scale import ORDERS_PER_ORG_YEAR, ScaleContext, aware, scaled, weekday_on_or_before
from orders.models import (
    AssignmentRole,
    Billing,
    CallerRole,
    Channel,
    DeclineReason,
    EventKind,
    Inquiry,
    InquiryOutcome,
    Order,
    OrderAssignment,
    OrderEvent,
    OrderFeedback,
    OrderStatus,
    ReferenceCounter,
    Urgency,
)

TITLES = (
    "Kartlegging av arbeidsmiljøet",
    "Bistand ved konflikt i avdelingen",
    "Ergonomisk vurdering av arbeidsplasser",
    "Oppfølging av sykemeldt medarbeider",
    "Kurs i forflytning",
    "Støymåling i produksjonshallen",
    "Inneklimaundersøkelse",
    "Dialogmøte",
    "Helsekontroll for nattarbeidere",
    "Risikovurdering ved omorganisering",
)
DECLINE_TEXT = "Beklager, vi har ikke kapasitet til dette nå. Ta kontakt igjen om to måneder."
ADVICE = "Rådet lederen om neste steg og sendte veileder."

STEP_STATUS = {
    "submitted_at": OrderStatus.SUBMITTED,
    "accepted_at": OrderStatus.ACCEPTED,
    "declined_at": OrderStatus.DECLINED,
    "started_at": OrderStatus.IN_PROGRESS,
    "delivered_at": OrderStatus.DELIVERED,
    "closed_at": OrderStatus.CLOSED,
    "cancelled_at": OrderStatus.CANCELLED,
}
STEPS = (
    "submitted_at", "accepted_at", "declined_at", "cost_accepted_at", "started_at",
    "delivered_at", "closed_at", "cancelled_at",
)  # fmt: skip
STATUS_BY_AGE = (
    # (max age in days, statuses, weights)
    (
        14,
        ["draft", "submitted", "accepted", "in_progress", "declined", "cancelled"],
        [10, 40, 20, 20, 5, 5],
    ),
    (
        90,
        ["submitted", "accepted", "in_progress", "delivered", "declined", "cancelled", "closed"],
        [3, 7, 40, 25, 10, 5, 10],
    ),
    (
        10**6,
        ["closed", "delivered", "declined", "cancelled", "in_progress"],
        [72, 6, 12, 6, 4],
    ),
)


def hourly_rate(year: int) -> Decimal:
    """The extra-sale rate of a year (the demo's 2024–2026 rates, extended)."""
    return Decimal(1050 + 50 * (year - 2024))


def seed(ctx: ScaleContext) -> None:
    rng = ctx.rng("orders")
    w = ctx.writer
    # Nothing later than the start of today: never in the future, and the same
    # history for a seed and day whatever the time of day.
    limit = aware(ctx.today, 0)
    services = list(Service.objects.filter(is_active=True).values_list("pk", flat=True))
    categories = list(InquiryCategory.objects.values_list("pk", flat=True)) or [None]
    advisors = list(ctx.advisors)
    plan_items: dict[int, dict[int, list[tuple[int, int, Decimal, int]]]] = ctx.extra.get(
        "plan_items", {}
    )
    manager = ctx.manager_user_id

    order_rows: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    assignments: list[tuple[Any, ...]] = []
    feedback: list[tuple[Any, ...]] = []
    inquiries: list[tuple[Any, ...]] = []
    counters: list[tuple[Any, ...]] = []
    worked: list[tuple[int, int, int, datetime.date, datetime.date, int | None]] = []

    for org in ctx.orgs:
        area_cum = list(itertools.accumulate(a.weight for a in org.areas))
        for year in range(ctx.first_year, ctx.today.year + 1):
            # Orders are created up to yesterday (so never later than now, whatever
            # the time of day), on weekdays within their year.
            last_day = min(datetime.date(year, 12, 31), ctx.today - datetime.timedelta(days=1))
            span = (last_day - datetime.date(year, 1, 1)).days + 1
            if span <= 0:
                continue
            share = span / 365
            n = scaled(ORDERS_PER_ORG_YEAR * share, ctx, org.weight, rng)
            days = sorted(
                d
                for d in (
                    _weekday_in_year(
                        datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(span))
                    )
                    for _ in range(n)
                )
                if d <= last_day
            )
            for number, day in enumerate(days, 1):
                area = org.areas[bisect.bisect(area_cum, rng.random() * area_cum[-1])]
                order_pk = w.ids(Order, 1)[0]
                dept, unit, leader = rng.choice(area.departments)
                created = aware(day, rng.randint(7, 15), rng.randrange(60))
                age = (ctx.today - day).days
                for max_age, statuses, weights in STATUS_BY_AGE:
                    if age <= max_age:
                        status = rng.choices(statuses, weights)[0]
                        break
                items = [
                    it
                    for start, its in plan_items.get(area.pk, {}).items()
                    if start <= year <= start + 1
                    for it in its
                ]
                item = rng.choice(items) if items and rng.random() < 0.45 else None
                billing = Billing.FIXED_PRICE if item else Billing.EXTRA_SALE
                steps = _timeline(rng, created, status, billing, limit)
                lead = None
                if steps.get("accepted_at"):
                    lead = (
                        item[1]
                        if item and rng.random() < 0.7
                        else (ctx.main_contact[area.pk] if rng.random() < 0.6 else None)
                    ) or rng.choice(advisors)
                estimated = Decimal(rng.randint(2, 40)) if billing == Billing.EXTRA_SALE else None
                declined = status == OrderStatus.DECLINED
                decline_code = rng.choice(DeclineReason.values) if declined else ""
                confidential = rng.random() < 0.05
                inquiry_pk = None
                if rng.random() < 0.3:
                    inquiry_pk = w.ids(Inquiry, 1)[0]
                    received = created - datetime.timedelta(hours=rng.randint(1, 48))
                    receiver = ctx.advisors[ctx.main_contact[area.pk]]
                    inquiries.append(
                        (inquiry_pk, org.pk, received, receiver, receiver, Channel.PHONE,
                         leader, "", CallerRole.LEADER, area.pk, unit, dept,
                         rng.choice(categories), "Leder ringte om bistand.", ADVICE,
                         InquiryOutcome.ORDER_REQUESTED, received, received, confidential,
                         received, received)
                    )  # fmt: skip
                reference = f"B-{created.year}-{number:04d}"  # created.year == year
                order_rows.append(
                    (order_pk, org.pk, reference, area.pk, unit, dept, leader,
                     leader, inquiry_pk, rng.choice(services), rng.choice(categories),
                     rng.choice(TITLES), "Beskrivelse av behovet.", "", None,
                     Urgency.URGENT if rng.random() < 0.1 else Urgency.NORMAL,
                     item[0] if item else None, billing, estimated,
                     hourly_rate(year) if estimated else None,
                     leader if steps.get("cost_accepted_at") else None, status, decline_code,
                     DECLINE_TEXT if declined else "",
                     manager if (steps.get("accepted_at") or declined) else None, lead,
                     *(steps.get(s) for s in STEPS), confidential, created,
                     max([created, *[v for v in steps.values() if v]]))
                )  # fmt: skip
                events.append(
                    (order_pk, created, leader, EventKind.CREATED, "", "draft", "", False)
                )
                previous = "draft"
                for field_name, moment in sorted(
                    ((k, v) for k, v in steps.items() if v), key=lambda kv: kv[1]
                ):
                    if field_name == "cost_accepted_at":
                        events.append(
                            (order_pk, moment, leader, EventKind.COST_ACCEPTED, "", "",
                             "Kostnad godkjent.", False)
                        )  # fmt: skip
                        continue
                    to = STEP_STATUS[field_name]
                    actor = manager if to in ("accepted", "declined") else leader
                    if to in ("in_progress", "delivered") and lead:
                        actor = ctx.advisors[lead]
                    text = DECLINE_TEXT if to == "declined" else ""
                    events.append(
                        (order_pk, moment, actor, EventKind.STATUS, previous, to, text, False)
                    )
                    previous = to
                if lead:
                    assignments.append((order_pk, lead, AssignmentRole.LEAD, created, created))
                    if rng.random() < 0.2:
                        other = rng.choice(advisors)
                        if other != lead:
                            assignments.append(
                                (order_pk, other, AssignmentRole.SUPPORT, created, created)
                            )
                    if steps.get("started_at"):
                        events.append(
                            (order_pk, steps["started_at"], ctx.advisors[lead],
                             EventKind.INTERNAL_NOTE, "", "", "Oppstartsmøte avtalt.", True)
                        )  # fmt: skip
                        end = steps.get("delivered_at") or limit
                        worked.append(
                            (order_pk, area.pk, lead, steps["started_at"].date(), end.date(),
                             item[0] if item else None)
                        )  # fmt: skip
                if status in ("delivered", "closed") and rng.random() < 0.6:
                    base = rng.choice([3, 4, 4, 5, 5])
                    scores = [max(1, min(5, base + rng.choice([-1, 0, 0, 1]))) for _ in range(5)]
                    if rng.random() < 0.2:
                        scores[1] = 0  # "Vet ikke"
                    at = steps["delivered_at"]
                    feedback.append((order_pk, leader, *scores, "", at, at))
            if days:
                counters.append((org.pk, year, len(days)))
        # Advice-only phone calls and a few unanswered web requests.
        for year in range(ctx.first_year, ctx.today.year + 1):
            n = scaled(ORDERS_PER_ORG_YEAR * 0.5, ctx, org.weight, rng)
            for _ in range(n):
                area = org.areas[bisect.bisect(area_cum, rng.random() * area_cum[-1])]
                dept, unit, leader = rng.choice(area.departments)
                day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
                if day >= ctx.today:  # received at 8–15 h: today could be in the future
                    continue
                received = aware(weekday_on_or_before(day), rng.randint(8, 15))
                pending = (ctx.today - day).days < 10 and rng.random() < 0.3
                receiver = None if pending else ctx.advisors[ctx.main_contact[area.pk]]
                responded = None if pending else received + datetime.timedelta(hours=2)
                inquiries.append(
                    (w.ids(Inquiry, 1)[0], org.pk, received, receiver, receiver or leader,
                     Channel.WEB if pending else Channel.PHONE, leader, "", CallerRole.LEADER,
                     area.pk, unit, dept, rng.choice(categories), "Spørsmål om arbeidsmiljø.",
                     "" if pending else ADVICE,
                     InquiryOutcome.PENDING if pending else InquiryOutcome.ADVICE_ONLY,
                     responded, None, rng.random() < 0.05, received, received)
                )  # fmt: skip

    ts = ["created_at", "updated_at"]
    ctx.count(
        "inquiry",
        w.write(
            Inquiry,
            ["id", "organisation_id", "received_at", "received_by_id", "author_id", "channel",
             "caller_id", "caller_name", "caller_role", "area_id", "unit_id", "department_id",
             "category_id", "summary", "advice_given", "outcome", "responded_at",
             "escalated_at", "confidential", *ts],
            inquiries,
        ),
    )  # fmt: skip
    ctx.count(
        "order",
        w.write(
            Order,
            ["id", "organisation_id", "reference", "area_id", "unit_id", "department_id",
             "ordered_by_id", "created_by_id", "inquiry_id", "service_id", "category_id",
             "title", "description", "journal_reference", "desired_start", "urgency",
             "plan_item_id", "billing", "estimated_hours", "hourly_rate", "cost_accepted_by_id",
             "status", "decline_reason_code", "decline_reason", "decided_by_id",
             "lead_advisor_id", *STEPS, "confidential", *ts],
            order_rows,
        ),
    )  # fmt: skip
    ctx.count(
        "orderevent",
        w.write(
            OrderEvent,
            ["order_id", "at", "actor_id", "kind", "from_status", "to_status", "text",
             "internal", "file", "file_name"],
            (e + ("", "") for e in events),
        ),
    )  # fmt: skip
    ctx.count(
        "orderassignment",
        w.write(OrderAssignment, ["order_id", "advisor_id", "role", *ts], assignments),
    )
    ctx.count(
        "orderfeedback",
        w.write(
            OrderFeedback,
            ["order_id", "given_by_id", "help_received", "work_adapted", "impartial_role",
             "competence", "overall", "text", *ts],
            feedback,
        ),
    )  # fmt: skip
    w.write(ReferenceCounter, ["organisation_id", "year", "last_number"], counters)
    ctx.extra["worked_orders"] = worked


def _weekday_in_year(day: datetime.date) -> datetime.date:
    """A weekend day moves to the Friday before, or (on 1–2 January) to the Monday
    after, so that the order stays in its year (and keeps its reference)."""
    if day.weekday() < 5:
        return day
    before = weekday_on_or_before(day)
    if before.year == day.year:
        return before
    return day + datetime.timedelta(days=7 - day.weekday())


def _timeline(
    rng: Any, created: datetime.datetime, status: str, billing: str, limit: datetime.datetime
) -> dict[str, datetime.datetime]:
    """Transition timestamps up to `status`, a few days apart and in order after
    `created`. If the last one would fall after `limit` (a recent order), the
    timeline is compressed to end before it, so that nothing is in the future."""
    steps: dict[str, datetime.datetime] = {}
    if status == OrderStatus.DRAFT:
        return steps
    moment = created

    def later(low: int, high: int) -> datetime.datetime:
        nonlocal moment
        moment = moment + datetime.timedelta(days=rng.randint(low, high), hours=rng.randint(1, 5))
        return moment

    def fitted() -> dict[str, datetime.datetime]:
        if moment < limit:
            return steps
        # Leave up to an hour before the limit; offsets keep their order.
        room = (limit - created) - min(datetime.timedelta(hours=1), (limit - created) / 2)
        factor = room / (moment - created)
        return {k: created + (v - created) * factor for k, v in steps.items()}

    steps["submitted_at"] = later(0, 2)
    if status == OrderStatus.SUBMITTED:
        return fitted()
    if status == OrderStatus.CANCELLED:
        steps["cancelled_at"] = later(1, 10)
        return fitted()
    if status == OrderStatus.DECLINED:
        steps["declined_at"] = later(1, 6)
        return fitted()
    steps["accepted_at"] = later(1, 6)
    if billing == Billing.EXTRA_SALE and (status != OrderStatus.ACCEPTED or rng.random() < 0.5):
        steps["cost_accepted_at"] = later(0, 4)
    if status == OrderStatus.ACCEPTED:
        return fitted()
    steps["started_at"] = later(1, 10)
    if status == OrderStatus.IN_PROGRESS:
        return fitted()
    steps["delivered_at"] = later(10, 45)
    if status == OrderStatus.DELIVERED:
        return fitted()
    steps["closed_at"] = later(1, 20)
    return fitted()
