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
from core.scale import (
    ORDERS_PER_ORG_YEAR,
    AreaInfo,
    OrgInfo,
    ScaleContext,
    aware,
    scaled,
    weekday_on_or_before,
)
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
# The days between steps (low, high): the main path ends at the order's status; a
# cancelled or declined order leaves it right after submission.
SUBMISSION = ("submitted_at", (0, 2))
MAIN_PATH = (
    ("accepted_at", (1, 6)),
    ("started_at", (1, 10)),
    ("delivered_at", (10, 45)),
    ("closed_at", (1, 20)),
)
SIDE_EXITS = {
    OrderStatus.CANCELLED: ("cancelled_at", (1, 10)),
    OrderStatus.DECLINED: ("declined_at", (1, 6)),
}
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
    history = _History(ctx)
    for org in ctx.orgs:
        area_cum = list(itertools.accumulate(a.weight for a in org.areas))
        for year in range(ctx.first_year, ctx.today.year + 1):
            history.orders_of_year(org, area_cum, year)
        # Advice-only phone calls and a few unanswered web requests.
        for year in range(ctx.first_year, ctx.today.year + 1):
            history.advice_calls(org, area_cum, year)
    history.write()


class _History:
    """Collects the rows of every table, then writes them in foreign-key order. One
    random generator, drawn from in a fixed order: the same history for a seed and day."""

    def __init__(self, ctx: ScaleContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("orders")
        self.w = ctx.writer
        # Nothing later than the start of today: never in the future, and the same
        # history for a seed and day whatever the time of day.
        self.limit = aware(ctx.today, 0)
        self.services = list(Service.objects.filter(is_active=True).values_list("pk", flat=True))
        self.categories = list(InquiryCategory.objects.values_list("pk", flat=True)) or [None]
        self.advisors = list(ctx.advisors)
        self.plan_items: dict[int, dict[int, list[tuple[int, int, Decimal, int]]]] = ctx.extra.get(
            "plan_items", {}
        )
        self.manager = ctx.manager_user_id
        self.order_rows: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []
        self.assignments: list[tuple[Any, ...]] = []
        self.feedback: list[tuple[Any, ...]] = []
        self.inquiries: list[tuple[Any, ...]] = []
        self.counters: list[tuple[Any, ...]] = []
        self.worked: list[tuple[int, int, int, datetime.date, datetime.date, int | None]] = []

    def pick_area(self, org: OrgInfo, area_cum: list[float]) -> AreaInfo:
        return org.areas[bisect.bisect(area_cum, self.rng.random() * area_cum[-1])]

    def orders_of_year(self, org: OrgInfo, area_cum: list[float], year: int) -> None:
        """Orders are created up to yesterday (so never later than now, whatever the
        time of day), on weekdays within their year."""
        ctx, rng = self.ctx, self.rng
        last_day = min(datetime.date(year, 12, 31), ctx.today - datetime.timedelta(days=1))
        span = (last_day - datetime.date(year, 1, 1)).days + 1
        if span <= 0:
            return
        n = scaled(ORDERS_PER_ORG_YEAR * span / 365, ctx, org.weight, rng)
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
            self.order(org, self.pick_area(org, area_cum), year, number, day)
        if days:
            self.counters.append((org.pk, year, len(days)))

    def order(self, org: OrgInfo, area: AreaInfo, year: int, number: int, day: datetime.date):
        ctx, rng = self.ctx, self.rng
        order_pk = self.w.ids(Order, 1)[0]
        dept, unit, leader = rng.choice(area.departments)
        created = aware(day, rng.randint(7, 15), rng.randrange(60))
        status = _status_for_age(rng, (ctx.today - day).days)
        items = [
            it
            for start, its in self.plan_items.get(area.pk, {}).items()
            if start <= year <= start + 1
            for it in its
        ]
        item = rng.choice(items) if items and rng.random() < 0.45 else None
        billing = Billing.FIXED_PRICE if item else Billing.EXTRA_SALE
        steps = _timeline(rng, created, status, billing, self.limit)
        lead = None
        if steps.get("accepted_at"):
            lead = (
                item[1]
                if item and rng.random() < 0.7
                else (ctx.main_contact[area.pk] if rng.random() < 0.6 else None)
            ) or rng.choice(self.advisors)
        estimated = Decimal(rng.randint(2, 40)) if billing == Billing.EXTRA_SALE else None
        declined = status == OrderStatus.DECLINED
        decline_code = rng.choice(DeclineReason.values) if declined else ""
        confidential = rng.random() < 0.05
        inquiry_pk = None
        if rng.random() < 0.3:
            inquiry_pk = self.phone_inquiry(org, area, created, leader, unit, dept, confidential)
        reference = f"B-{created.year}-{number:04d}"  # created.year == year
        manager = self.manager
        self.order_rows.append(
            (order_pk, org.pk, reference, area.pk, unit, dept, leader,
             leader, inquiry_pk, rng.choice(self.services), rng.choice(self.categories),
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
        self.timeline_events(order_pk, created, leader, steps, lead)
        if lead:
            self.staffing(order_pk, area, created, steps, lead, item)
        if status in ("delivered", "closed") and rng.random() < 0.6:
            self.order_feedback(order_pk, leader, steps["delivered_at"])

    def phone_inquiry(
        self,
        org: OrgInfo,
        area: AreaInfo,
        created: datetime.datetime,
        leader: int,
        unit: int,
        dept: int,
        confidential: bool,
    ) -> int:
        ctx, rng = self.ctx, self.rng
        inquiry_pk = self.w.ids(Inquiry, 1)[0]
        received = created - datetime.timedelta(hours=rng.randint(1, 48))
        receiver = ctx.advisors[ctx.main_contact[area.pk]]
        self.inquiries.append(
            (inquiry_pk, org.pk, received, receiver, receiver, Channel.PHONE,
             leader, "", CallerRole.LEADER, area.pk, unit, dept,
             rng.choice(self.categories), "Leder ringte om bistand.", ADVICE,
             InquiryOutcome.ORDER_REQUESTED, received, received, confidential,
             received, received)
        )  # fmt: skip
        return inquiry_pk

    def timeline_events(
        self,
        order_pk: int,
        created: datetime.datetime,
        leader: int,
        steps: dict[str, datetime.datetime],
        lead: int | None,
    ) -> None:
        events = self.events
        events.append((order_pk, created, leader, EventKind.CREATED, "", "draft", "", False))
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
            actor = self.manager if to in ("accepted", "declined") else leader
            if to in ("in_progress", "delivered") and lead:
                actor = self.ctx.advisors[lead]
            text = DECLINE_TEXT if to == "declined" else ""
            events.append((order_pk, moment, actor, EventKind.STATUS, previous, to, text, False))
            previous = to

    def staffing(
        self,
        order_pk: int,
        area: AreaInfo,
        created: datetime.datetime,
        steps: dict[str, datetime.datetime],
        lead: int,
        item: tuple[int, int, Decimal, int] | None,
    ) -> None:
        """The lead advisor, now and then a supporting one, and the time worked."""
        rng = self.rng
        self.assignments.append((order_pk, lead, AssignmentRole.LEAD, created, created))
        if rng.random() < 0.2:
            other = rng.choice(self.advisors)
            if other != lead:
                self.assignments.append((order_pk, other, AssignmentRole.SUPPORT, created, created))
        if steps.get("started_at"):
            self.events.append(
                (order_pk, steps["started_at"], self.ctx.advisors[lead],
                 EventKind.INTERNAL_NOTE, "", "", "Oppstartsmøte avtalt.", True)
            )  # fmt: skip
            end = steps.get("delivered_at") or self.limit
            self.worked.append(
                (order_pk, area.pk, lead, steps["started_at"].date(), end.date(),
                 item[0] if item else None)
            )  # fmt: skip

    def order_feedback(self, order_pk: int, leader: int, at: datetime.datetime) -> None:
        rng = self.rng
        base = rng.choice([3, 4, 4, 5, 5])
        scores = [max(1, min(5, base + rng.choice([-1, 0, 0, 1]))) for _ in range(5)]
        if rng.random() < 0.2:
            scores[1] = 0  # "Vet ikke"
        self.feedback.append((order_pk, leader, *scores, "", at, at))

    def advice_calls(self, org: OrgInfo, area_cum: list[float], year: int) -> None:
        ctx, rng = self.ctx, self.rng
        n = scaled(ORDERS_PER_ORG_YEAR * 0.5, ctx, org.weight, rng)
        for _ in range(n):
            area = self.pick_area(org, area_cum)
            dept, unit, leader = rng.choice(area.departments)
            day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
            if day >= ctx.today:  # received at 8–15 h: today could be in the future
                continue
            received = aware(weekday_on_or_before(day), rng.randint(8, 15))
            pending = (ctx.today - day).days < 10 and rng.random() < 0.3
            receiver = None if pending else ctx.advisors[ctx.main_contact[area.pk]]
            responded = None if pending else received + datetime.timedelta(hours=2)
            self.inquiries.append(
                (self.w.ids(Inquiry, 1)[0], org.pk, received, receiver, receiver or leader,
                 Channel.WEB if pending else Channel.PHONE, leader, "", CallerRole.LEADER,
                 area.pk, unit, dept, rng.choice(self.categories), "Spørsmål om arbeidsmiljø.",
                 "" if pending else ADVICE,
                 InquiryOutcome.PENDING if pending else InquiryOutcome.ADVICE_ONLY,
                 responded, None, rng.random() < 0.05, received, received)
            )  # fmt: skip

    def write(self) -> None:
        ctx, w = self.ctx, self.w
        ts = ["created_at", "updated_at"]
        ctx.count(
            "inquiry",
            w.write(
                Inquiry,
                ["id", "organisation_id", "received_at", "received_by_id", "author_id", "channel",
                 "caller_id", "caller_name", "caller_role", "area_id", "unit_id", "department_id",
                 "category_id", "summary", "advice_given", "outcome", "responded_at",
                 "escalated_at", "confidential", *ts],
                self.inquiries,
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
                self.order_rows,
            ),
        )  # fmt: skip
        ctx.count(
            "orderevent",
            w.write(
                OrderEvent,
                ["order_id", "at", "actor_id", "kind", "from_status", "to_status", "text",
                 "internal", "file", "file_name"],
                (e + ("", "") for e in self.events),
            ),
        )  # fmt: skip
        ctx.count(
            "orderassignment",
            w.write(OrderAssignment, ["order_id", "advisor_id", "role", *ts], self.assignments),
        )
        ctx.count(
            "orderfeedback",
            w.write(
                OrderFeedback,
                ["order_id", "given_by_id", "help_received", "work_adapted", "impartial_role",
                 "competence", "overall", "text", *ts],
                self.feedback,
            ),
        )  # fmt: skip
        w.write(ReferenceCounter, ["organisation_id", "year", "last_number"], self.counters)
        ctx.extra["worked_orders"] = self.worked


def _status_for_age(rng: Any, age: int) -> str:
    for max_age, statuses, weights in STATUS_BY_AGE:
        if age <= max_age:
            return rng.choices(statuses, weights)[0]
    raise AssertionError("STATUS_BY_AGE ends with an open bound")


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

    for name, (low, high) in _path(status):
        steps[name] = later(low, high)
        if (
            name == "accepted_at"
            and billing == Billing.EXTRA_SALE
            and (status != OrderStatus.ACCEPTED or rng.random() < 0.5)
        ):
            steps["cost_accepted_at"] = later(0, 4)
        if STEP_STATUS[name] == status:
            break
    return fitted()


def _path(status: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    """The steps towards `status`: submission, then a side exit or the main path."""
    if status in SIDE_EXITS:
        return (SUBMISSION, SIDE_EXITS[status])
    return (SUBMISSION, *MAIN_PATH)
