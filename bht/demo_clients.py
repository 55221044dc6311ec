"""A second client organisation of the demo BHT, "Nabo AS", and BHT staff limited to
one organisation each (`radgiver_fjordby`, `radgiver_nabo`, and the manager
`bhtleder_fjordby`): what the multi-client
scoping (docs/security.md, "Several clients") is shown and tested with.

Seeded by `seed_demo` after Fjordby kommune and the apps' demo history; idempotent
(rows found by natural keys, orders and hours created once), dates counted back from
today like the rest of the demo.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.utils import timezone

from core.demo import DEMO_START
from core.models import (
    Advisor,
    CompetenceArea,
    Department,
    Organisation,
    Role,
    RoleAssignment,
    Service,
    ServiceArea,
    ServiceUnit,
    User,
)
from core.services import role_assign

NABO = {
    "slug": "nabo",
    "name": "Nabo AS",
    "org_number": "914567890",  # a valid modulus-11 check digit
    "employees": 42,
    "fte": Decimal("38.5"),
}
NABO_AREA, NABO_UNIT, NABO_DEPARTMENT = "Produksjon", "Verksted", "Mekanisk verksted"
NABO_LEADER = ("nina.berg", "Nina", "Berg", "Daglig leder, Nabo AS")
# Nina logs in with the demo password too (a leader of the second client).

# BHT advisors limited to one client organisation: (username, first, last, org slug).
LIMITED_ADVISORS = (
    ("radgiver_fjordby", "Frida", "Fjeld", "fjordby"),
    ("radgiver_nabo", "Nils", "Nabben", "nabo"),
)
# A BHT manager limited to one client: approves, locks and unlocks only there.
LIMITED_MANAGERS = (("bhtleder_fjordby", "Berit", "Fjord", "fjordby"),)
LIMITED_LOGINS = tuple(username for username, *_rest in LIMITED_ADVISORS + LIMITED_MANAGERS)

NABO_ORDERS = (
    ("Støymåling i verkstedet", "Støy fra dreiebenkene; vi ønsker måling og råd om tiltak."),
    ("Ergonomi ved sveisebordene", "Flere har vondt i nakken etter lange skift ved bordene."),
)


def seed(*, password: str) -> str:
    organisation, department, nina = _client(password)
    advisors = _limited_advisors(password)
    orders = _orders(organisation, department, nina, advisors["nabo"])
    hours = _hours(orders, advisors["nabo"])
    _limited_managers(password)
    return f"Nabo AS: {len(orders)} bestillinger, {hours} timeføringer"


def _client(password: str) -> tuple[Organisation, Department, User]:
    """Nabo AS with one area, unit and department, led by Nina."""
    organisation, _created = Organisation.objects.get_or_create(
        slug=NABO["slug"], defaults={k: v for k, v in NABO.items() if k != "slug"}
    )
    area, _ = ServiceArea.objects.get_or_create(
        organisation=organisation, name=NABO_AREA, defaults={"employees": 42}
    )
    unit, _ = ServiceUnit.objects.get_or_create(
        area=area, name=NABO_UNIT, defaults={"employees": 30}
    )
    department, _ = Department.objects.get_or_create(
        unit=unit, name=NABO_DEPARTMENT, defaults={"employees": 18}
    )
    username, first, last, title = NABO_LEADER
    nina = _user(
        username,
        password,
        first_name=first,
        last_name=last,
        job_title=title,
        email=f"{username}@nabo.example",
        department=department,
    )
    for node, field, role in (
        (department, "leader", Role.DEPARTMENT_LEADER),
        (area, "director", Role.AREA_DIRECTOR),
    ):
        if getattr(node, f"{field}_id") != nina.pk:
            setattr(node, field, nina)
            node.save(update_fields=[field])
        _assign(nina, role, node)
    return organisation, department, nina


def _limited_advisors(password: str) -> dict[str, Advisor]:
    """The BHT advisors limited to one client, by the client's slug."""
    return {
        slug: _limited_staff(password, login, first_name, last_name, slug, Role.BHT_ADVISOR)
        for login, first_name, last_name, slug in LIMITED_ADVISORS
    }


def _limited_managers(password: str) -> None:
    """After the orders: Nabo's orders are accepted by a manager of the whole BHT."""
    for login, first_name, last_name, slug in LIMITED_MANAGERS:
        _limited_staff(password, login, first_name, last_name, slug, Role.BHT_MANAGER)


def _limited_staff(
    password: str, login: str, first_name: str, last_name: str, slug: str, role: str
) -> Advisor:
    """A BHT employee (and advisor) whose role is limited to one client."""
    competence = CompetenceArea.objects.order_by("sort_order").first()
    user = _user(
        login,
        password,
        first_name=first_name,
        last_name=last_name,
        job_title="Leder av BHT" if role == Role.BHT_MANAGER else "Rådgiver i BHT",
        email=f"{login}@bht.example",
    )
    _assign(user, role, Organisation.objects.get(slug=slug))
    advisor, created = Advisor.objects.get_or_create(
        user=user,
        defaults={
            "profession": "Bedriftssykepleier",
            "fte_percent": Decimal(100),
            "hourly_cost": Decimal(720),
        },
    )
    if created and competence is not None:
        advisor.competence_areas.add(competence)
    return advisor


def _user(username: str, password: str, **defaults: Any) -> User:
    """The login, created once; its password is (re)set to the demo password."""
    user, _ = User.objects.get_or_create(username=username, defaults=defaults)
    if not user.has_usable_password() or not check_password(password, user.password):
        user.password = _hash(password)
        user.save(update_fields=["password"])
    return user


_HASHES: dict[str, str] = {}


def _hash(password: str) -> str:
    if password not in _HASHES:
        _HASHES[password] = make_password(password)
    return _HASHES[password]


def _assign(user: User, role: str, scope: Any) -> None:
    level = {
        Organisation: "organisation",
        ServiceArea: "area",
        ServiceUnit: "unit",
        Department: "department",
    }[type(scope)]
    if not RoleAssignment.objects.filter(
        user=user, role=role, valid_to=None, **{level: scope}
    ).exists():
        role_assign(user=user, role=role, scope=scope, valid_from=DEMO_START)


def _orders(
    organisation: Organisation, department: Department, leader: User, advisor: Advisor
) -> list[Any]:
    from orders import services as order_services
    from orders.models import Order

    existing = list(Order.objects.filter(organisation=organisation).order_by("pk"))
    if existing:
        return existing
    manager = User.objects.filter(
        role_assignments__role=Role.BHT_MANAGER,
        role_assignments__valid_to=None,
        role_assignments__organisation=None,
    ).first()
    service = Service.objects.active().order_by("name").first()
    if manager is None or service is None:
        return []
    made = []
    for title, description in NABO_ORDERS:
        order = order_services.order_create_draft(
            user=leader, department=department, service=service, title=title,
            description=description,
        )  # fmt: skip
        order = order_services.order_submit(order=order, user=leader)
        order = order_services.order_accept(
            order=order, user=manager, lead_advisor=advisor, estimated_hours=Decimal(10)
        )
        made.append(order)
    return made


def _hours(orders: list[Any], advisor: Advisor) -> int:
    from timetracking.models import Activity, TimeEntry
    from timetracking.services import derive

    if not orders or TimeEntry.objects.filter(order__in=orders).exists():
        return 0
    today = timezone.localdate()
    entries = []
    # Dated today, the day the orders were accepted on the first run: never before it.
    for order in (orders[0], orders[0], orders[-1]):
        entry = TimeEntry(
            advisor=advisor,
            date=today,
            hours=Decimal("1.5"),
            activity=Activity.ADVICE,
            order=order,
        )
        derive(entry)
        entries.append(entry)
    TimeEntry.objects.bulk_create(entries)
    return len(entries)
