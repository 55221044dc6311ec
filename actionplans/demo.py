"""Demo action plans, called by `manage.py seed_demo` after the core app.

Periods are counted from today (`selectors.period_start`; in 2026 the current
period is 2025–2026). Last period: a closed plan for every area. Current period:
an approved plan with items for most areas, one plan still til behandling (Plan og
miljø) and one area with none (Kultur, shown as missing on the board). Nobody has
a plan for the coming period yet, so the board shows it as overdue from 1 October
of the current period's last year. Two wishes from `tjenesteleder` for the coming
period wait for the director.

Idempotent: a plan is found by (area, start_year, version) and a proposal by
(proposer, title); existing rows are left as they are.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from actionplans.models import (
    ActionPlan,
    ApprovalStage,
    ItemProposal,
    ItemStatus,
    ItemStatusEntry,
    PlanApproval,
    PlanFeedback,
    PlanItem,
    PlanStatus,
    StatusReview,
)
from actionplans.selectors import period_start
from core.models import MainContact, Organisation, Service, ServiceArea, ServiceUnit, User

NO_PLAN_AREA = "Kultur"
IN_CONSULTATION_AREA = "Plan og miljø"

# (service name, title, hours, priority)
ITEMS = (
    ("Kartlegging og risikovurdering", "Risikovurdering av arbeidsmiljøet", Decimal(40), 1),
    ("HMS-opplæring for AMU, verneombud og ledere", "HMS-kurs for nye ledere", Decimal(32), 1),
    ("Konflikter, mobbing, vold og trusler", "Forebygging av vold og trusler", Decimal(24), 2),
    ("Oppfølging av sykefraværsstatistikk", "Sykefraværsanalyse med tiltak", Decimal(16), 2),
    ("Saksforberedelse og deltakelse i AMU", "Deltakelse i område-AMU", Decimal(12), 3),
)

PROPOSALS = (
    (
        "Arbeidsmiljøkartlegging i rusteamet",
        "Kartlegging og risikovurdering",
        "Mange vikarer og uro etter omorganiseringen; vi trenger en felles kartlegging.",
        Decimal(20),
    ),
    (
        "Kurs i håndtering av vold og trusler",
        "Konflikter, mobbing, vold og trusler",
        "Flere hendelser med trusler i oppfølgingstjenesten siste halvår.",
        Decimal(12),
    ),
)


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


def seed(*, organisation: Organisation) -> str:
    areas = list(
        ServiceArea.objects.filter(organisation=organisation)
        .select_related("director")
        .order_by("name")
    )
    services = {s.name: s for s in Service.objects.filter(name__in=[i[0] for i in ITEMS])}
    services.update({s.name: s for s in Service.objects.filter(name__in=[p[1] for p in PROPOSALS])})
    if not areas or len(services) < len({i[0] for i in ITEMS}):
        return ""
    contacts = {
        c.area_id: c.advisor
        for c in MainContact.objects.filter(area__in=areas, valid_to=None).select_related(
            "advisor__user"
        )
    }
    first_unit: dict[int, ServiceUnit] = {}
    for unit in ServiceUnit.objects.filter(area__in=areas).order_by("name"):
        first_unit.setdefault(unit.area_id, unit)
    users = {u.username: u for u in User.objects.filter(username__in=["amu", "tjenesteleder"])}
    existing = set(
        ActionPlan.objects.filter(area__in=areas).values_list("area_id", "start_year", "version")
    )
    created = 0
    current = period_start(timezone.localdate().year)
    for index, area in enumerate(areas):
        specs: list[tuple[int, str]] = [(current - 2, PlanStatus.CLOSED)]
        if area.name == IN_CONSULTATION_AREA:
            specs.append((current, PlanStatus.CONSULTATION))
        elif area.name != NO_PLAN_AREA:
            specs.append((current, PlanStatus.APPROVED))
        for start_year, status in specs:
            if (area.pk, start_year, 1) in existing:
                continue
            _plan(area, start_year, status, index, services, contacts, first_unit, users)
            created += 1
    proposals = _proposals(users.get("tjenesteleder"), services, start_year=current + 2)
    if not created and not proposals:
        return ""
    return f"{created} handlingsplaner og {proposals} forslag opprettet."


# A plan's process steps in order, and how far a plan of each status has come.
STEPS = ("submitted_at", "feedback_at", "consulted_at", "signed_at", "approved_at", "closed_at")
REACHED = {PlanStatus.CONSULTATION: 3, PlanStatus.APPROVED: 5, PlanStatus.CLOSED: 6}


def _steps(start_year: int) -> dict[str, datetime.datetime]:
    year = start_year - 1
    return {
        "submitted_at": _at(year, 9, 1),
        "feedback_at": _at(year, 9, 20),
        "consulted_at": _at(year, 10, 10),
        "signed_at": _at(year, 10, 15),
        "approved_at": _at(year, 11, 20),
        # At the end of its period (the last day, so that it lies in the past on
        # New Year's Day of the next period too).
        "closed_at": _at(start_year + 1, 12, 31),
    }


def _plan(
    area: ServiceArea,
    start_year: int,
    status: str,
    index: int,
    services: dict[str, Service],
    contacts: dict,
    first_unit: dict[int, ServiceUnit],
    users: dict[str, User],
) -> ActionPlan:
    director = area.director
    advisor = contacts.get(area.pk)
    steps = _steps(start_year)
    reached = REACHED[status]
    # Sizes vary a little between areas so that the board does not look copied.
    items_spec = ITEMS[: 3 + index % 3]
    scale = Decimal(1) + Decimal(index % 4) / 4
    item_hours = [(h * scale * 2).to_integral_value() / 2 for _, _, h, _ in items_spec]
    plan = ActionPlan.objects.create(
        area=area,
        start_year=start_year,
        end_year=start_year + 1,
        status=status,
        budget_hours=sum(item_hours, Decimal(0)) + 20,
        fixed_price_amount=(sum(item_hours, Decimal(0)) + 20) * 1150,
        created_by=director,
        **{name: steps[name] for name in STEPS[:reached]},
    )
    unit = first_unit.get(area.pk)
    done = status == PlanStatus.CLOSED
    items = PlanItem.objects.bulk_create(
        [
            PlanItem(
                plan=plan,
                service=services[service_name],
                title=title,
                description="",
                unit=unit if n % 2 == 0 else None,
                budget_hours=item_hours[n],
                planned_start=datetime.date(start_year, 1 + 3 * (n % 4), 1),
                planned_end=datetime.date(start_year + n % 2, 6 + 3 * (n % 3), 28),
                priority=priority,
                advisor=advisor,
                status=ItemStatus.DONE if done else ItemStatus.PLANNED,
            )
            for n, (service_name, title, _h, priority) in enumerate(items_spec)
        ]
    )
    bht_user = advisor.user if advisor else None
    if director is None or bht_user is None:
        return plan
    _approvals(plan, steps, reached, index, bht_user, users)
    _feedback(plan, items, bht_user, steps["feedback_at"])
    if status == PlanStatus.APPROVED:
        _status_review(plan, items, start_year)
    return plan


def _approvals(
    plan: ActionPlan,
    steps: dict[str, datetime.datetime],
    reached: int,
    index: int,
    bht_user: User,
    users: dict[str, User],
) -> None:
    """The plan's way through submission, BHT feedback, consultation, signature and
    hoved-AMU's approval, as far as its status has come."""
    director = plan.area.director
    assert director is not None
    year = plan.start_year - 1
    approvals = [
        PlanApproval(
            plan=plan, stage=ApprovalStage.SUBMITTED, by=director, at=steps["submitted_at"]
        ),
        PlanApproval(plan=plan, stage=ApprovalStage.FEEDBACK, by=bht_user, at=steps["feedback_at"]),
        PlanApproval(
            plan=plan,
            stage=ApprovalStage.CONSULTATION,
            by=director,
            at=steps["consulted_at"],
            meeting_date=steps["consulted_at"].date(),
            case_number=f"{year}/{100 + index}",
            minutes="Drøftet i område-AMU. Ingen merknader.",
        ),
    ]
    if reached >= 5 and "amu" in users:
        approvals += [
            PlanApproval(plan=plan, stage=ApprovalStage.SIGNED, by=director, at=steps["signed_at"]),
            PlanApproval(
                plan=plan,
                stage=ApprovalStage.APPROVED,
                by=users["amu"],
                at=steps["approved_at"],
                meeting_date=steps["approved_at"].date(),
                case_number=f"{year}/{200 + index}",
                minutes="Hoved-AMU godkjenner handlingsplanen.",
            ),
        ]
    if reached >= 6 and "amu" in users:
        approvals.append(
            PlanApproval(plan=plan, stage=ApprovalStage.CLOSED, by=director, at=steps["closed_at"])
        )
    PlanApproval.objects.bulk_create(approvals)


def _feedback(
    plan: ActionPlan, items: list[PlanItem], bht_user: User, given_at: datetime.datetime
) -> None:
    PlanFeedback.objects.bulk_create(
        [
            PlanFeedback(
                plan=plan,
                author=bht_user,
                text="Planen dekker de viktigste risikoene i området. Vi anbefaler å starte "
                "med kartleggingen, slik at de andre tiltakene bygger på den.",
            ),
            PlanFeedback(
                plan=plan,
                item=items[0],
                author=bht_user,
                text="Sett av tid til å følge opp funnene med tjenestelederne.",
            ),
        ]
    )
    # auto_now_add stamps today; the demo's feedback was given back then.
    PlanFeedback.objects.filter(plan=plan).update(created_at=given_at)


def _status_review(plan: ActionPlan, items: list[PlanItem], start_year: int) -> None:
    """The status review of the period's second spring, or its first autumn if that is
    all that has passed; none in a plan's first months."""
    today = timezone.localdate()
    held = [
        d
        for d in (datetime.date(start_year + 1, 3, 15), datetime.date(start_year, 9, 15))
        if d < today
    ]
    if not held:
        return
    review = StatusReview.objects.create(
        plan=plan,
        held_at=held[0],
        by=plan.area.director,
        summary="Godt i gang; sykefraværsanalysen er utsatt til høsten.",
    )
    progress = [
        ItemStatus.DONE,
        ItemStatus.IN_PROGRESS,
        ItemStatus.PLANNED,
        ItemStatus.POSTPONED,
    ]
    entries = [
        ItemStatusEntry(review=review, item=item, status=progress[n % 4], comment="")
        for n, item in enumerate(items)
    ]
    ItemStatusEntry.objects.bulk_create(entries)
    for entry in entries:
        entry.item.status = entry.status
    PlanItem.objects.bulk_update(items, ["status"])


def _proposals(proposer: User | None, services: dict[str, Service], *, start_year: int) -> int:
    if proposer is None:
        return 0
    unit = ServiceUnit.objects.filter(leader=proposer).first()
    if unit is None:
        return 0
    existing = set(ItemProposal.objects.filter(proposer=proposer).values_list("title", flat=True))
    new = [
        ItemProposal(
            area_id=unit.area_id,
            start_year=start_year,
            proposer=proposer,
            unit=unit,
            service=services[service_name],
            title=title,
            reason=reason,
            rough_hours=hours,
        )
        for title, service_name, reason, hours in PROPOSALS
        if title not in existing
    ]
    ItemProposal.objects.bulk_create(new)
    return len(new)
