"""The demo's orders: a deterministic history of about 140 orders with their timelines."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.models import (
    Advisor,
    Department,
    InquiryCategory,
    MainContact,
    Organisation,
    Service,
    ServiceArea,
)
from orders import conf, selectors
from orders.models import (
    Billing,
    DeclineReason,
    Inquiry,
    Order,
    OrderStatus,
    ReferenceCounter,
    Urgency,
)

from .common import AREA_WEIGHTS, ORDER_COUNT, SEED, _anchor
from .inquiries import _advice_inquiries, _demo_mail, _inquiry, _link_inquiries
from .timeline import (
    _bulk_children,
    _status_for,
    _timeline,
)

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


def _demo_references(organisation: Organisation) -> bool:
    """The history is made once: its first order of a year is numbered 0001. Its years
    follow the day it was loaded, so no fixed reference marks it."""
    return Order.objects.filter(organisation=organisation, reference__endswith="-0001").exists()


@dataclass
class _World:
    """What the demo's orders are drawn from (read once)."""

    organisation: Organisation
    rng: random.Random
    areas: dict[str, ServiceArea]
    departments: dict[int, list[Department]]
    services: list[Service]
    categories: list[InquiryCategory]
    contacts: dict[int, Advisor]
    advisors: list[Advisor]
    manager: Advisor | None
    plan_items: dict[int, list[Any]]
    rate: Decimal


def seed(*, organisation: Organisation) -> str:
    if _demo_references(organisation):
        return "bestillinger og henvendelser finnes allerede (uendret)"
    world = _world(organisation)
    if world is None:
        return ""
    rng = world.rng
    specs = _specs(world)
    # The personas' own department gets a visible history too.
    helse = world.areas.get("Helse og sosial")
    persona_dept = (
        next(
            (d for d in world.departments.get(helse.pk, []) if d.name == "Oppfølgingstjenesten"),
            None,
        )
        if helse
        else None
    )
    counters: dict[int, int] = defaultdict(int)
    orders: list[Order] = []
    inquiries: list[Inquiry] = []
    plan: list[dict] = []
    for index, (created, area) in enumerate(specs):
        area_departments = world.departments.get(area.pk) or []
        if not area_departments:
            continue
        department = area_departments[rng.randrange(len(area_departments))]
        if persona_dept is not None and helse is not None and index % 12 == 5:
            department = persona_dept
            area = helse
        leader = department.leader or department.unit.leader or area.director
        if leader is None:
            continue
        last = index == len(specs) - 1
        order = _order(world, index, created, area, department, leader, counters, last=last)
        steps = _timeline(rng, order, created, order.status)
        lead, supporter = _decide(world, order, steps, area)
        for field, moment in steps.items():
            if field != "cost_accepted_at":
                setattr(order, field, moment)
        orders.append(order)
        plan.append({"steps": steps, "lead": order.lead_advisor, "supporter": supporter})
        # Most orders start with a phone call (triage).
        if rng.random() < 0.6:
            called = created - datetime.timedelta(days=rng.randint(1, 5))
            inquiries.append(_inquiry(organisation, department, leader, called, lead, order, rng))
    _save_orders(organisation, orders)
    _bulk_children(rng, orders, plan)
    _link_inquiries(inquiries)
    extra = _advice_inquiries(
        rng, organisation, world.departments, world.contacts, world.areas, world.categories
    )
    extra += _demo_mail()
    return (
        f"{len(orders)} bestillinger, {len(inquiries) + extra} henvendelser "
        f"(fra {specs[0][0]:%d.%m.%Y} til {_anchor():%d.%m.%Y})"
    )


def _world(organisation: Organisation) -> _World | None:
    areas = {a.name: a for a in ServiceArea.objects.filter(organisation=organisation)}
    if not areas:
        return None
    departments: dict[int, list[Department]] = defaultdict(list)
    for department in (
        Department.objects.filter(unit__area__organisation=organisation)
        .select_related("unit__area", "leader", "unit__leader")
        .order_by("pk")
    ):
        departments[department.unit.area_id].append(department)
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
    return _World(
        organisation=organisation,
        rng=random.Random(SEED),
        areas=areas,
        departments=departments,
        services=list(Service.objects.active().order_by("name")),
        categories=list(InquiryCategory.objects.filter(is_active=True).order_by("sort_order")),
        contacts=contacts,
        advisors=advisors,
        manager=manager,
        plan_items=plan_items,
        rate=conf.hourly_rate(),
    )


def _specs(world: _World) -> list[tuple[datetime.datetime, ServiceArea]]:
    """(created, area) of each order, oldest first; recent weeks are busier, so that
    the work queue is alive."""
    rng = world.rng
    names = [n for n in AREA_WEIGHTS if n in world.areas]
    weights = [AREA_WEIGHTS[n] for n in names]
    specs = []
    for _i in range(ORDER_COUNT):
        area = world.areas[rng.choices(names, weights)[0]]
        age_days = rng.randint(1, 40) if rng.random() < 0.15 else rng.randint(1, 720)
        specs.append((_anchor() - datetime.timedelta(days=age_days, hours=rng.randint(0, 6)), area))
    specs.sort(key=lambda s: s[0])
    return specs


def _order(
    world: _World,
    index: int,
    created: datetime.datetime,
    area: ServiceArea,
    department: Department,
    leader: Any,
    counters: dict[int, int],
    *,
    last: bool,
) -> Order:
    """One unsaved order (its transitions are set by the caller)."""
    rng = world.rng
    age = (_anchor() - created).days
    confidential = index % 31 == 7
    status = _status_for(rng, age)
    if last:
        status = OrderStatus.SUBMITTED
    title, description = TITLES[rng.randrange(len(TITLES))]
    if confidential:
        title = CONFIDENTIAL_TITLES[index % len(CONFIDENTIAL_TITLES)]
        description = "Gjelder en enkelt ansatt. Se journalreferanse."
    items = world.plan_items.get(area.pk) or []
    plan_item = items[rng.randrange(len(items))] if items and rng.random() < 0.5 else None
    counters[created.year] += 1
    services, categories = world.services, world.categories
    return Order(
        created_at=created,
        organisation=world.organisation,
        reference=f"B-{created.year}-{counters[created.year]:04d}",
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


def _decide(
    world: _World, order: Order, steps: dict[str, datetime.datetime], area: ServiceArea
) -> tuple[Advisor | None, Advisor | None]:
    """The BHT's decision on the order: (lead, supporter), the estimate or the decline."""
    rng, advisors, manager = world.rng, world.advisors, world.manager
    lead = world.contacts.get(area.pk) or (advisors[0] if advisors else None)
    supporter = None
    status = order.status
    if status not in (OrderStatus.DRAFT, OrderStatus.SUBMITTED) and "accepted_at" in steps:
        order.lead_advisor = lead
        order.decided_by = (manager or lead).user if (manager or lead) else None
        if rng.random() < 0.3 and len(advisors) > 1:
            supporter = advisors[rng.randrange(len(advisors))]
            if lead is not None and supporter.pk == lead.pk:
                supporter = None
        if order.billing == Billing.EXTRA_SALE:
            order.estimated_hours = Decimal(rng.choice([4, 6, 8, 10, 12, 16, 20, 30]))
            order.hourly_rate = world.rate
            if "cost_accepted_at" in steps:
                order.cost_accepted_at = steps["cost_accepted_at"]
                order.cost_accepted_by = order.ordered_by
    if status == OrderStatus.DECLINED:
        code = rng.choice(DeclineReason.values)
        order.decline_reason_code = code
        order.decline_reason = DECLINE_TEXTS[DeclineReason(code)]
        order.decided_by = manager.user if manager else None
    return lead, supporter


def _save_orders(organisation: Organisation, orders: list[Order]) -> None:
    created_at = [order.created_at for order in orders]
    Order.objects.bulk_create(orders)
    # auto_now_add stamps "now"; the demo's history keeps its own dates.
    for order, moment in zip(orders, created_at, strict=True):
        order.created_at = moment
        order.updated_at = moment
    Order.objects.bulk_update(orders, ["created_at", "updated_at"])
    _save_counters(organisation)


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
