"""The demo's inquiries: triage calls linked to orders, advice requests and sample e-mails."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from django.db.models import Max

from core.models import (
    Advisor,
    Department,
    InquiryCategory,
    Organisation,
    ServiceArea,
    User,
)
from orders.models import (
    CallerRole,
    Channel,
    Inquiry,
    InquiryOutcome,
    Order,
)

from .common import AREA_WEIGHTS, _anchor

DEMO_MAIL = Path(__file__).resolve().parent.parent / "demo_mail"


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


def _advice_row(
    rng: random.Random,
    index: int,
    *,
    department: Department,
    advisor: Advisor | None,
    received: datetime.datetime,
    web: bool,
    own: User | None,
    categories: list[InquiryCategory],
) -> Inquiry:
    """One advice inquiry. A web request is the employee's (`own`, else the leader
    stands in); a call is the leader's, answered by the area's main contact."""
    leader = department.leader
    author = advisor.user if advisor and not web else (leader or advisor.user)  # type: ignore[union-attr]
    caller, caller_role = leader, CallerRole.EMPLOYEE if web else CallerRole.LEADER
    if own is not None:
        author = caller = own
    pending = web and (_anchor() - received).days < 60 and index != 13
    return Inquiry(
        received_at=received,
        received_by=None if web else (advisor.user if advisor else None),
        author=author,
        channel=Channel.WEB if web else rng.choice([Channel.PHONE, Channel.EMAIL]),
        caller=caller,
        caller_name=str(caller) if caller else "Ukjent",
        caller_role=caller_role,
        area=department.unit.area,
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
        received = _anchor() - datetime.timedelta(days=rng.randint(0, 720), hours=rng.randint(0, 6))
        web = index % 10 == 3
        if web and index < 25:
            # A couple of fresh web requests wait in the work queue.
            received = _anchor() - datetime.timedelta(days=index // 10 + 1, hours=2)
        own = None
        if web and employee is not None and index == 13:
            # The demo employee's own request, so that "ansatt" sees it answered.
            own = employee
            department = employee.department  # type: ignore[assignment]
        row = _advice_row(
            rng,
            index,
            department=department,
            advisor=contacts.get(department.unit.area_id),
            received=received,
            web=web,
            own=own,
            categories=categories,
        )
        row.organisation = organisation
        rows.append(row)
    Inquiry.objects.bulk_create(rows)
    return len(rows)
