"""Demo history for `seed_demo`: two years of inquiries and orders (DESIGN.md §9).

Deterministic (a fixed random seed and dates counted back from a fixed anchor,
never from "now"), idempotent (the demo's orders are found by their references:
if they exist, nothing is written) and fast (bulk_create). Use is unequal on
purpose: Pleie og omsorg and Helse og sosial order a lot, Kultur almost never.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db.models import Max
from django.utils import timezone

from core import numbers
from core.models import (
    Advisor,
    Department,
    InquiryCategory,
    MainContact,
    Organisation,
    Service,
    ServiceArea,
    User,
)
from orders import conf, selectors
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

OSLO = ZoneInfo("Europe/Oslo")


def _anchor() -> datetime.datetime:
    """The demo's "now": yesterday at 09:00. Its history runs two years back from here,
    so that it ends just before today whatever day the demo is loaded."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return datetime.datetime.combine(yesterday, datetime.time(9, 0), tzinfo=OSLO)


SEED = 20261102
ORDER_COUNT = 140

# Relative use per area (orders per year, roughly): unequal, as the evaluation found.
AREA_WEIGHTS = {
    "Pleie og omsorg": 30,
    "Helse og sosial": 24,
    "Barnehager": 16,
    "Skole": 14,
    "Barn og ungdom": 12,
    "Eiendom": 8,
    "Kommunalteknisk": 8,
    "Administrasjon": 5,
    "Plan og miljø": 2,
    "Kultur": 0.4,
}

TITLES = (
    (
        "Kartlegging av arbeidsmiljøet i avdelingen",
        "Flere ansatte melder om høyt arbeidspress. Vi ønsker kartlegging og forslag til tiltak.",
    ),
    (
        "Ergonomisk gjennomgang av arbeidsplasser",
        "Mange plager med nakke og skuldre. Vi ønsker gjennomgang av arbeidsstillinger og utstyr.",
    ),
    (
        "Risikovurdering vold og trusler",
        "Flere hendelser med utagerende brukere; vi trenger risikovurdering og opplæring.",
    ),
    (
        "Konflikthåndtering i personalgruppen",
        "Det er uro i personalgruppen etter omorganisering. Vi ønsker hjelp til en prosess.",
    ),
    (
        "Opplæring i HMS for nye ledere",
        "Tre nye ledere trenger innføring i HMS-arbeid og internkontroll.",
    ),
    (
        "Støymåling i produksjonskjøkken",
        "Ansatte klager på støy. Vi ønsker måling og råd om tiltak.",
    ),
    ("Inneklima i kontorlokaler", "Hodepine og tørr luft. Vi ønsker vurdering av inneklimaet."),
    (
        "Kjemikaliehåndtering og stoffkartotek",
        "Vi trenger hjelp til å oppdatere stoffkartoteket og rutiner for kjemikalier.",
    ),
    (
        "Oppfølging av sykefravær i avdelingen",
        "Sykefraværet har økt. Vi ønsker råd om systematisk oppfølging.",
    ),
    ("Forflytningsteknikk for pleiepersonell", "Kurs i forflytning for nyansatte og vikarer."),
    (
        "Arbeidsmiljøundersøkelse etter omorganisering",
        "Vi ønsker en undersøkelse og tilbakemelding i personalmøte.",
    ),
    ("Helseovervåkning ved nattarbeid", "Lovpålagt helseoppfølging av ansatte med nattarbeid."),
    (
        "Beredskap og krisestøtte etter alvorlig hendelse",
        "Vi ønsker hjelp til debrifing og plan for oppfølging.",
    ),
    ("Tilrettelegging ved ombygging", "Råd om universell utforming og arbeidsplasser i nytt bygg."),
)

CONFIDENTIAL_TITLES = (
    "Tilrettelegging for en ansatt",
    "Oppfølging av gravid arbeidstaker",
    "Konflikt mellom navngitte ansatte",
)

DECLINE_TEXTS = {
    DeclineReason.CAPACITY: "Vi har ikke kapasitet før neste halvår. Ta kontakt igjen i januar.",
    DeclineReason.CENTRAL_PRIORITY: "Dette dekkes av det felles opplegget for hele kommunen i vår.",
    DeclineReason.OUTSIDE_MANDATE: "Dette er en personalsak som ligger utenfor BHTs mandat.",
    DeclineReason.REFER_HR: "Saken hører hjemme hos HR. Vi har sendt den videre.",
    DeclineReason.REFER_OTHER: "Fastlegen er rett instans. Vi har gitt råd om videre gang.",
}

FEEDBACK_TEXTS = (
    "Nyttig og konkret. Ansatte var fornøyde.",
    "God prosess, men det tok litt tid før vi kom i gang.",
    "Svært god hjelp, vi bruker rapporten videre i HMS-arbeidet.",
    "",
    "",
)


def _demo_references(organisation: Organisation) -> bool:
    """The history is made once: its first order of a year is numbered 0001. Its years
    follow the day it was loaded, so no fixed reference marks it."""
    return Order.objects.filter(organisation=organisation, reference__endswith="-0001").exists()


def seed(*, organisation: Organisation) -> str:
    if _demo_references(organisation):
        return "bestillinger og henvendelser finnes allerede (uendret)"
    rng = random.Random(SEED)
    areas = {a.name: a for a in ServiceArea.objects.filter(organisation=organisation)}
    if not areas:
        return ""
    departments: dict[int, list[Department]] = defaultdict(list)
    for department in (
        Department.objects.filter(unit__area__organisation=organisation)
        .select_related("unit__area", "leader", "unit__leader")
        .order_by("pk")
    ):
        departments[department.unit.area_id].append(department)
    services = list(Service.objects.active().order_by("name"))
    categories = list(InquiryCategory.objects.filter(is_active=True).order_by("sort_order"))
    contacts = {
        c.area_id: c.advisor
        for c in MainContact.objects.current(_anchor().date())
        .filter(area__organisation=organisation)
        .select_related("advisor__user")
    }
    advisors = list(
        Advisor.objects.filter(is_active=True, competence_areas__isnull=False)
        .distinct()
        .select_related("user")
        .order_by("pk")
    )
    manager = (
        Advisor.objects.filter(user__role_assignments__role="bht_manager")
        .select_related("user")
        .first()
    )
    plan_items = {
        area.pk: list(selectors.plan_items_for_area(area.pk, on=_anchor().date()))
        for area in areas.values()
    }
    rate = conf.hourly_rate()

    names = [n for n in AREA_WEIGHTS if n in areas]
    weights = [AREA_WEIGHTS[n] for n in names]
    specs = []
    for _i in range(ORDER_COUNT):
        area = areas[rng.choices(names, weights)[0]]
        # Recent weeks busier, so that the work queue is alive.
        age_days = rng.randint(1, 40) if rng.random() < 0.15 else rng.randint(1, 720)
        specs.append((_anchor() - datetime.timedelta(days=age_days, hours=rng.randint(0, 6)), area))
    # The personas' own department gets a visible history too.
    helse = areas.get("Helse og sosial")
    persona_dept = (
        next((d for d in departments.get(helse.pk, []) if d.name == "Oppfølgingstjenesten"), None)
        if helse
        else None
    )
    specs.sort(key=lambda s: s[0])

    counters: dict[int, int] = defaultdict(int)
    orders: list[Order] = []
    inquiries: list[Inquiry] = []
    plan: list[dict] = []
    for index, (created, area) in enumerate(specs):
        area_departments = departments.get(area.pk) or []
        if not area_departments:
            continue
        department = area_departments[rng.randrange(len(area_departments))]
        if persona_dept is not None and helse is not None and index % 12 == 5:
            department = persona_dept
            area = helse
        leader = department.leader or department.unit.leader or area.director
        if leader is None:
            continue
        age = (_anchor() - created).days
        confidential = index % 31 == 7
        status = _status_for(rng, age)
        if index == len(specs) - 1:
            status = OrderStatus.SUBMITTED
        title, description = TITLES[rng.randrange(len(TITLES))]
        if confidential:
            title = CONFIDENTIAL_TITLES[index % len(CONFIDENTIAL_TITLES)]
            description = "Gjelder en enkelt ansatt. Se journalreferanse."
        items = plan_items.get(area.pk) or []
        plan_item = items[rng.randrange(len(items))] if items and rng.random() < 0.5 else None
        counters[created.year] += 1
        reference = f"B-{created.year}-{counters[created.year]:04d}"
        order = Order(
            created_at=created,
            organisation=organisation,
            reference=reference,
            area=area,
            unit=department.unit,
            department=department,
            ordered_by=leader,
            created_by=leader,
            service=services[rng.randrange(len(services))] if services else None,
            category=categories[rng.randrange(len(categories))] if categories else None,
            title=title,
            description=description,
            journal_reference=f"J-{created.year}-{1000 + index}" if confidential else "",
            desired_start=(created + datetime.timedelta(days=rng.randint(7, 40))).date(),
            urgency=rng.choices(Urgency.values, [2, 7, 2])[0],
            plan_item=plan_item,
            billing=Billing.FIXED_PRICE if plan_item else Billing.EXTRA_SALE,
            status=status,
            confidential=confidential,
        )
        steps = _timeline(rng, order, created, status)
        lead = contacts.get(area.pk) or (advisors[0] if advisors else None)
        supporter = None
        if status not in (OrderStatus.DRAFT, OrderStatus.SUBMITTED) and "accepted_at" in steps:
            order.lead_advisor = lead
            order.decided_by = (manager or lead).user if (manager or lead) else None
            if rng.random() < 0.3 and len(advisors) > 1:
                supporter = advisors[rng.randrange(len(advisors))]
                if lead is not None and supporter.pk == lead.pk:
                    supporter = None
            if order.billing == Billing.EXTRA_SALE:
                order.estimated_hours = Decimal(rng.choice([4, 6, 8, 10, 12, 16, 20, 30]))
                order.hourly_rate = rate
                if "cost_accepted_at" in steps:
                    order.cost_accepted_at = steps["cost_accepted_at"]
                    order.cost_accepted_by = leader
        if status == OrderStatus.DECLINED:
            code = rng.choice(DeclineReason.values)
            order.decline_reason_code = code
            order.decline_reason = DECLINE_TEXTS[DeclineReason(code)]
            order.decided_by = manager.user if manager else None
        for field, moment in steps.items():
            if field != "cost_accepted_at":
                setattr(order, field, moment)
        orders.append(order)
        plan.append({"steps": steps, "lead": order.lead_advisor, "supporter": supporter})
        # Most orders start with a phone call (triage).
        if rng.random() < 0.6:
            inquiries.append(
                _inquiry(
                    organisation,
                    department,
                    leader,
                    created - datetime.timedelta(days=rng.randint(1, 5)),
                    lead,
                    order,
                    rng,
                )
            )

    created_at = [order.created_at for order in orders]
    Order.objects.bulk_create(orders)
    # auto_now_add stamps "now"; the demo's history keeps its own dates.
    for order, moment in zip(orders, created_at, strict=True):
        order.created_at = moment
        order.updated_at = moment
    Order.objects.bulk_update(orders, ["created_at", "updated_at"])
    _save_counters(organisation)
    _bulk_children(rng, orders, plan)
    _link_inquiries(inquiries)
    extra = _advice_inquiries(rng, organisation, departments, contacts, areas, categories)
    extra += _demo_mail()
    return (
        f"{len(orders)} bestillinger, {len(inquiries) + extra} henvendelser "
        f"(fra {specs[0][0]:%d.%m.%Y} til {_anchor():%d.%m.%Y})"
    )


DEMO_MAIL = Path(__file__).resolve().parent / "demo_mail"


def _demo_mail() -> int:
    """The sample e-mails of orders/demo_mail/ (README, "E-mail in"), through the
    same import as `import_mail`: a new inquiry, a reply threaded into it, and one
    from someone without a login. Idempotent by Message-ID."""
    from core.models import OutgoingMail
    from orders.mailbox import import_raw, read_path

    last = OutgoingMail.objects.aggregate(last=Max("pk"))["last"] or 0
    result = import_raw(read_path(DEMO_MAIL))
    # History, not news: the demo sends nobody a notification about it.
    OutgoingMail.objects.filter(pk__gt=last).delete()
    return result.counts["new"]


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
    events: list[OrderEvent] = []
    assignments: list[OrderAssignment] = []
    feedback: list[OrderFeedback] = []
    for order, info in zip(orders, plan, strict=True):
        events.append(
            OrderEvent(
                order=order,
                actor=order.created_by,
                kind=EventKind.CREATED,
                to_status=OrderStatus.DRAFT,
                at=order.submitted_at or _anchor(),
            )
        )
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
            base = rng.choice([3, 4, 4, 5, 5])
            scores = [max(0, min(5, base + rng.choice([-1, 0, 0, 1]))) for _ in range(5)]
            if rng.random() < 0.25:
                scores[1] = 0  # "Vet ikke" on "work situation adapted"
            feedback.append(
                OrderFeedback(
                    order=order,
                    given_by=order.ordered_by,
                    help_received=scores[0] or 1,
                    work_adapted=scores[1],
                    impartial_role=scores[2] or 1,
                    competence=scores[3] or 1,
                    overall=scores[4] or 1,
                    text=rng.choice(FEEDBACK_TEXTS),
                )
            )
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


def _inquiry(
    organisation: Organisation,
    department: Department,
    leader,
    received: datetime.datetime,
    advisor: Advisor | None,
    order: Order,
    rng: random.Random,
) -> Inquiry:
    inquiry = Inquiry(
        organisation=organisation,
        received_at=received,
        received_by=advisor.user if advisor else None,
        author=advisor.user if advisor else leader,
        channel=rng.choice(
            [Channel.PHONE, Channel.PHONE, Channel.PHONE, Channel.EMAIL, Channel.MEETING]
        ),
        caller=leader,
        caller_name=str(leader),
        caller_role=CallerRole.LEADER,
        area=department.unit.area,
        unit=department.unit,
        department=department,
        category=order.category,
        summary="Fortrolig sak om en ansatt." if order.confidential else order.description,
        advice_given="Avtalte at lederen sender en skriftlig bestilling.",
        outcome=InquiryOutcome.ORDER_REQUESTED,
        responded_at=received,
        confidential=order.confidential,
    )
    inquiry._demo_order = order  # type: ignore[attr-defined]
    return inquiry


def _link_inquiries(inquiries: list[Inquiry]) -> None:
    Inquiry.objects.bulk_create(inquiries)
    orders = []
    for inquiry in inquiries:
        order = inquiry._demo_order  # type: ignore[attr-defined]
        order.inquiry = inquiry
        orders.append(order)
    Order.objects.bulk_update(orders, ["inquiry"])


ADVICE_SUMMARIES = (
    "Leder lurer på hvordan de skal følge opp en ansatt med mye korttidsfravær.",
    "Spørsmål om tilrettelegging av arbeidsstasjon for en ansatt.",
    "Verneombud spør om rutiner for alenearbeid på kveld.",
    "Spørsmål om krav til helsekontroll ved nattarbeid.",
    "Leder ønsker råd før et vanskelig personalmøte.",
    "Spørsmål om støy i barnehage og hørselvern.",
)


def _advice_inquiries(
    rng: random.Random,
    organisation: Organisation,
    departments: dict[int, list[Department]],
    contacts: dict[int, Advisor],
    areas: dict[str, ServiceArea],
    categories: list[InquiryCategory],
) -> int:
    """Phone calls that ended with advice only, and a few confidential web requests."""
    names = [n for n in AREA_WEIGHTS if n in areas]
    weights = [AREA_WEIGHTS[n] for n in names]
    employee = (
        User.objects.filter(username="ansatt", department__isnull=False)
        .select_related("department__unit__area")
        .first()
    )
    rows = []
    for index in range(70):
        area = areas[rng.choices(names, weights)[0]]
        area_departments = departments.get(area.pk) or []
        if not area_departments:
            continue
        department = area_departments[rng.randrange(len(area_departments))]
        advisor = contacts.get(area.pk)
        received = _anchor() - datetime.timedelta(days=rng.randint(0, 720), hours=rng.randint(0, 6))
        web = index % 10 == 3
        if web and index < 25:
            # A couple of fresh web requests wait in the work queue.
            received = _anchor() - datetime.timedelta(days=index // 10 + 1, hours=2)
        leader = department.leader
        author = advisor.user if advisor and not web else (leader or advisor.user)  # type: ignore[union-attr]
        caller, caller_role = leader, CallerRole.EMPLOYEE if web else CallerRole.LEADER
        if web and employee is not None and index == 13:
            # The demo employee's own request, so that "ansatt" sees it answered.
            department = employee.department  # type: ignore[assignment]
            area = department.unit.area
            author = caller = employee
            advisor = contacts.get(area.pk)
        pending = web and (_anchor() - received).days < 60 and index != 13
        rows.append(
            Inquiry(
                organisation=organisation,
                received_at=received,
                received_by=None if web else (advisor.user if advisor else None),
                author=author,
                channel=Channel.WEB if web else rng.choice([Channel.PHONE, Channel.EMAIL]),
                caller=caller,
                caller_name=str(caller) if caller else "Ukjent",
                caller_role=caller_role,
                area=area,
                unit=department.unit,
                department=department,
                category=categories[rng.randrange(len(categories))] if categories else None,
                summary=ADVICE_SUMMARIES[index % len(ADVICE_SUMMARIES)],
                advice_given="" if pending else "Ga råd på telefon og sendte veileder på e-post.",
                outcome=InquiryOutcome.PENDING if pending else InquiryOutcome.ADVICE_ONLY,
                responded_at=None
                if pending
                else received + datetime.timedelta(days=rng.randint(0, 4) if web else 0),
                confidential=web,
            )
        )
    Inquiry.objects.bulk_create(rows)
    return len(rows)


def _save_counters(organisation: Organisation) -> None:
    """Make new references continue after the demo's numbers."""
    years: dict[int, int] = {}
    for reference in Order.objects.filter(organisation=organisation).values_list(
        "reference", flat=True
    ):
        _prefix, year, number = reference.split("-")
        years[int(year)] = max(years.get(int(year), 0), int(number))
    for year, number in years.items():
        counter, _created = ReferenceCounter.objects.get_or_create(
            organisation=organisation, year=year
        )
        if counter.last_number < number:
            counter.last_number = number
            counter.save(update_fields=["last_number"])


__all__ = ["seed", "Max"]
