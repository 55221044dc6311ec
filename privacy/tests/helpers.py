"""Records about one person in every app, written straight to the database with
given dates (the services would stamp "now"; retention is about the past)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from actionplans.models import ActionPlan, PlanFeedback
from core.models import (
    AccessLog,
    Advisor,
    Department,
    InquiryCategory,
    MainContact,
    Organisation,
    Role,
    RoleAssignment,
    User,
)
from orders.models import (
    Billing,
    Channel,
    EventKind,
    Inquiry,
    InquiryOutcome,
    Order,
    OrderEvent,
    OrderFeedback,
    OrderStatus,
)
from reports.models import AmuComment, ReportKind, ReportRun
from timetracking.models import Activity, InternalActivity, TimeEntry


def moment(year: int, month: int = 3, day: int = 3) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=datetime.UTC)


def department() -> Department:
    return Department.objects.select_related("unit__area__organisation").get(
        name="Oppfølgingstjenesten", unit__name="Psykisk helse og rus"
    )


def make_user(username: str, first: str, last: str, *, role_until: datetime.date | None) -> User:
    user = User.objects.create(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@example.no",
        phone="99 88 77 66",
        job_title="Miljøarbeider",
        department=department(),
        date_joined=moment(2015, 1, 1),
    )
    RoleAssignment.objects.create(
        user=user,
        role=Role.EMPLOYEE,
        department=department(),
        valid_from=datetime.date(2015, 1, 1),
        valid_to=role_until,
    )
    return user


def order(
    *,
    reference: str,
    ordered_by: User,
    closed: datetime.datetime | None,
    confidential: bool,
    title: str,
    description: str = "",
    decided_by: User | None = None,
) -> Order:
    dept = department()
    return Order.objects.create(
        organisation=dept.unit.area.organisation,
        reference=reference,
        area=dept.unit.area,
        unit=dept.unit,
        department=dept,
        ordered_by=ordered_by,
        created_by=ordered_by,
        category=InquiryCategory.objects.order_by("pk").first(),
        title=title,
        description=description,
        journal_reference="J-2019-77" if confidential else "",
        billing=Billing.EXTRA_SALE,
        status=OrderStatus.CANCELLED if closed else OrderStatus.SUBMITTED,
        submitted_at=(closed or timezone.now()) - datetime.timedelta(days=30),
        cancelled_at=closed,
        decided_by=decided_by,
        confidential=confidential,
    )


def inquiry(
    *,
    caller: User | None,
    caller_name: str,
    author: User,
    responded: datetime.datetime,
    confidential: bool = True,
    summary: str = "Ønsker tilrettelegging etter samtale med leder.",
) -> Inquiry:
    dept = department()
    return Inquiry.objects.create(
        organisation=dept.unit.area.organisation,
        received_at=responded - datetime.timedelta(days=1),
        author=author,
        channel=Channel.WEB,
        caller=caller,
        caller_name=caller_name,
        area=dept.unit.area,
        unit=dept.unit,
        department=dept,
        category=InquiryCategory.objects.order_by("pk").first(),
        summary=summary,
        advice_given="Ga råd om tilrettelegging.",
        outcome=InquiryOutcome.ADVICE_ONLY,
        responded_at=responded,
        confidential=confidential,
    )


@dataclass
class World:
    person: User
    advisor: Advisor
    inquiry: Inquiry
    order: Order
    event: OrderEvent
    entry: TimeEntry


def person_everywhere(*, closed: datetime.datetime) -> World:
    """A person (also a BHT advisor, to reach every app) with records in every app."""
    person = make_user("privat", "Petra", "Privatsen", role_until=datetime.date(2019, 12, 31))
    advisor = Advisor.objects.create(user=person, profession="Fysioterapeut")
    area = department().unit.area
    MainContact.objects.create(
        advisor=advisor,
        area=area,
        valid_from=datetime.date(2018, 1, 1),
        valid_to=datetime.date(2018, 12, 31),
    )
    own = inquiry(caller=person, caller_name=str(person), author=person, responded=closed)
    placed = order(
        reference="B-2019-9001",
        ordered_by=person,
        closed=closed,
        confidential=False,
        title="Kartlegging av inneklima",
        description="Petra Privatsen ønsker måling av CO2.",
    )
    event = OrderEvent.objects.create(
        order=placed, actor=person, kind=EventKind.COMMENT, text="Kommentar fra Petra"
    )
    OrderFeedback.objects.create(
        order=placed,
        given_by=person,
        help_received=4,
        work_adapted=4,
        impartial_role=5,
        competence=5,
        overall=4,
        text="Nyttig hjelp",
    )
    internal, _created = InternalActivity.objects.get_or_create(
        code="privat-test", defaults={"name": "Kompetanseutvikling (test)"}
    )
    entry = TimeEntry.objects.create(
        advisor=advisor,
        date=closed.date(),
        hours=Decimal("1.5"),
        activity=Activity.INTERNAL if "internal" in Activity.values else Activity.values[0],
        internal_activity=internal,
        billing=Billing.INTERNAL,
        note="Kurs med Petra",
        created_by=person,
    )
    plan = ActionPlan.objects.order_by("pk").first()
    PlanFeedback.objects.create(plan=plan, author=person, text="Faglig innspill fra Petra")
    run = ReportRun.objects.create(
        kind=ReportKind.values[0],
        organisation=Organisation.objects.order_by("pk").first(),
        year=2019,
        params_key="privacy-test",
        requested_by=person,
    )
    AmuComment.objects.create(run=run, author=person, text="Spørsmål fra Petra")
    AccessLog.objects.create(
        user=person,
        action="read",
        content_type_id=_content_type(Order),
        object_id=str(placed.pk),
        object_label=placed.reference,
    )
    return World(person, advisor, own, placed, event, entry)


def _content_type(model: type) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk
