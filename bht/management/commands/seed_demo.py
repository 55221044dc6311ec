"""`manage.py seed_demo`: the demo organisation of DESIGN.md §9 (data in core/demo.py).

Idempotent: every row is found by its natural key and only written when a value
differs, so a second run changes nothing (not even `updated_at`). It also puts
back demo values that someone changed by hand, and sets the demo password anew,
so a changed DEMO_PASSWORD takes effect.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from importlib import import_module
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, check_password, make_password
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.utils import timezone

from bht import demo_clients
from core import demo
from core.models import (
    Advisor,
    BhtProfile,
    CompetenceArea,
    Department,
    Headcount,
    InquiryCategory,
    MainContact,
    Organisation,
    Role,
    RoleAssignment,
    Service,
    ServiceArea,
    ServiceUnit,
    User,
)
from core.services import main_contact_assign, role_assign

M = TypeVar("M", bound=models.Model)

# People of the demo who are not demo logins cannot log in; a fixed marker (not
# make_password(None), which is random) keeps reruns identical.
NO_LOGIN_PASSWORD = f"{UNUSABLE_PASSWORD_PREFIX}seed_demo"
LEVEL_OF: dict[type[models.Model], str] = {
    Organisation: "organisation",
    ServiceArea: "area",
    ServiceUnit: "unit",
    Department: "department",
}


class Command(BaseCommand):
    help = "Bygger demo-organisasjonen Fjordby kommune med én innlogging per rolle (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--second-client",
            action="store_true",
            help="Legg også til kunden Nabo AS og rådgivere begrenset til én kunde.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seeder = DemoSeeder(password=settings.DEMO_PASSWORD)
        with transaction.atomic():
            seeder.run()
            # The apps above the core add their demo history (plans, orders, hours...)
            # through `<app>.demo.seed()`, in the order of INSTALLED_APPS (the layers).
            for app_config in apps.get_app_configs():
                if app_config.name in ("core", "bht"):
                    continue
                try:
                    module = import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app_config.name}.demo":
                        raise
                    continue
                summary = module.seed(organisation=seeder.organisation)
                if options["verbosity"] > 0 and summary:
                    self.stdout.write(f"{app_config.label}: {summary}")
            # A second client and BHT staff limited to one client each (bht/demo_clients.py).
            if options["second_client"]:
                summary = demo_clients.seed(password=settings.DEMO_PASSWORD)
                if options["verbosity"] > 0:
                    self.stdout.write(summary)
        if options["verbosity"] > 0:
            self.stdout.write(seeder.summary())


class DemoSeeder:
    def __init__(self, *, password: str) -> None:
        self.password = password
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()

    # --- helpers -------------------------------------------------------------

    def upsert(
        self,
        model: type[M],
        lookup: dict[str, Any],
        values: dict[str, Any],
        *,
        existing: M | None | bool = False,
    ) -> M:
        """Create the row, or write only the fields whose value differs.

        `existing` is the row already loaded (or None if known to be missing),
        so that callers that preload a whole table do not query row by row.
        """
        obj = model._default_manager.filter(**lookup).first() if existing is False else existing
        name = model._meta.model_name or model.__name__
        if obj is None:
            self.created[name] += 1
            return model._default_manager.create(**lookup, **values)
        assert isinstance(obj, model)
        changed = []
        for field_name, value in values.items():
            field = model._meta.get_field(field_name)
            new = value.pk if isinstance(value, models.Model) else value
            if getattr(obj, field.attname) != new:  # type: ignore[union-attr]
                setattr(obj, field_name, value)
                changed.append(field_name)
        if changed:
            self.updated[name] += 1
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                changed.append("updated_at")
            obj.save(update_fields=changed)
        return obj

    def login_password(self, existing: dict[str, User]) -> str:
        """One hash for every demo login, reused while it still matches the password:
        hashing is slow on purpose, and an unchanged hash keeps reruns identical."""
        for username in (*demo.DEMO_LOGINS, "admin"):
            user = existing.get(username)
            if user is not None and user.has_usable_password():
                if check_password(self.password, user.password):
                    return user.password
                break
        return make_password(self.password)

    # --- the run -------------------------------------------------------------

    @transaction.atomic
    def run(self) -> None:
        competences = self.seed_catalogue()
        self.organisation = self.upsert(
            Organisation, {"slug": demo.ORGANISATION["slug"]}, _without(demo.ORGANISATION, "slug")
        )
        leaders = demo.department_leaders()
        users = self.seed_users(leaders)
        tree = self.seed_tree(users, leaders)
        self.seed_workplaces(users, tree, leaders)
        self.seed_headcounts(tree)
        self.seed_roles(users, tree, leaders)
        advisors = self.seed_bht(users, competences)
        self.seed_main_contacts(advisors, tree)
        existing_profile = BhtProfile.objects.order_by("pk").first()
        self.upsert(BhtProfile, {}, demo.BHT_PROFILE, existing=existing_profile)

    def seed_catalogue(self) -> dict[str, CompetenceArea]:
        competences = {c.code: c for c in CompetenceArea.objects.all()}
        for order, (code, name, required, description) in enumerate(demo.COMPETENCE_AREAS, 1):
            competences[code] = self.upsert(
                CompetenceArea,
                {"code": code},
                {
                    "name": name,
                    "required_for_approval": required,
                    "description": description,
                    "sort_order": order * 10,
                },
                existing=competences.get(code),
            )
        categories = {c.name: c for c in InquiryCategory.objects.all()}
        for order, name in enumerate(demo.INQUIRY_CATEGORIES, 1):
            self.upsert(
                InquiryCategory,
                {"name": name},
                {"sort_order": order * 10, "is_active": True},
                existing=categories.get(name),
            )
        services = {s.name: s for s in Service.objects.prefetch_related("competence_areas")}
        for spec in demo.SERVICES:
            service = self.upsert(
                Service,
                {"name": spec.name},
                {
                    "description": spec.description,
                    "statutory_code": spec.statutory_code,
                    "typical_hours": spec.typical_hours,
                    "is_active": True,
                },
                existing=services.get(spec.name),
            )
            wanted = {competences[code] for code in spec.competence_areas}
            if spec.name not in services or set(service.competence_areas.all()) != wanted:
                service.competence_areas.set(wanted)
        return competences

    def seed_users(self, leaders: dict[tuple[str, str, str], demo.Person]) -> dict[str, User]:
        people: dict[str, demo.Person] = {}
        for person in [*demo.named_people(), *leaders.values()]:
            people[person.username] = person
        existing = {u.username: u for u in User.objects.filter(username__in=people)}
        login_hash = self.login_password(existing)
        users: dict[str, User] = {}
        for username, person in people.items():
            is_admin = username == "admin"
            can_log_in = is_admin or username in demo.DEMO_LOGINS
            users[username] = self.upsert(
                User,
                {"username": username},
                {
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "email": person.email,
                    "phone": person.phone or _phone_for(len(users)),
                    "job_title": person.job_title,
                    "is_active": True,
                    "is_staff": is_admin,
                    "is_superuser": is_admin,
                    "password": login_hash if can_log_in else NO_LOGIN_PASSWORD,
                },
                existing=existing.get(username),
            )
        return users

    def seed_tree(
        self, users: dict[str, User], leaders: dict[tuple[str, str, str], demo.Person]
    ) -> dict[tuple[str, ...], models.Model]:
        """Areas, units and departments, keyed by their path of names."""
        org = self.organisation
        areas = {a.name: a for a in ServiceArea.objects.filter(organisation=org)}
        units = {(u.area_id, u.name): u for u in ServiceUnit.objects.filter(area__organisation=org)}
        departments = {
            (d.unit_id, d.name): d for d in Department.objects.filter(unit__area__organisation=org)
        }
        tree: dict[tuple[str, ...], models.Model] = {}
        for area_spec in demo.AREAS:
            area = self.upsert(
                ServiceArea,
                {"organisation": org, "name": area_spec.name},
                {
                    "director": users[area_spec.director.username],
                    "employees": area_spec.employees,
                },
                existing=areas.get(area_spec.name),
            )
            tree[(area.name,)] = area
            for unit_spec in area_spec.units:
                unit = self.upsert(
                    ServiceUnit,
                    {"area": area, "name": unit_spec.name},
                    {
                        "leader": users[unit_spec.leader.username],
                        "employees": unit_spec.employees,
                    },
                    existing=units.get((area.pk, unit_spec.name)),
                )
                tree[(area.name, unit.name)] = unit
                for dept_spec in unit_spec.departments:
                    path = (area.name, unit.name, dept_spec.name)
                    tree[path] = self.upsert(
                        Department,
                        {"unit": unit, "name": dept_spec.name},
                        {
                            "leader": users[leaders[path].username],
                            "employees": dept_spec.employees,
                        },
                        existing=departments.get((unit.pk, dept_spec.name)),
                    )
        return tree

    def seed_workplaces(
        self,
        users: dict[str, User],
        tree: dict[tuple[str, ...], models.Model],
        leaders: dict[tuple[str, str, str], demo.Person],
    ) -> None:
        workplaces = {person.username: path for path, person in leaders.items()}
        workplaces.update(demo.WORKPLACES)
        for username, path in workplaces.items():
            self.upsert(User, {}, {"department": tree[path]}, existing=users[username])

    def seed_headcounts(self, tree: dict[tuple[str, ...], models.Model]) -> None:
        year = timezone.localdate().year
        org = self.organisation
        ratio = org.fte / org.employees if org.employees else Decimal(0)
        existing: dict[tuple[int | None, ...], Headcount] = {}
        for row in Headcount.objects.filter(year=year):
            existing[(row.organisation_id, row.area_id, row.unit_id, row.department_id)] = row
        nodes: list[models.Model] = [org, *tree.values()]
        for node in nodes:
            key_field = LEVEL_OF[type(node)]
            ids: tuple[int | None, ...] = tuple(
                node.pk if f == key_field else None
                for f in ("organisation", "area", "unit", "department")
            )
            employees = node.employees  # type: ignore[attr-defined]
            fte = org.fte if node is org else (employees * ratio).quantize(Decimal("0.1"))
            self.upsert(
                Headcount,
                {"year": year, key_field: node},
                {"employees": employees, "fte": fte},
                existing=existing.get(ids),
            )

    def seed_roles(
        self,
        users: dict[str, User],
        tree: dict[tuple[str, ...], models.Model],
        leaders: dict[tuple[str, str, str], demo.Person],
    ) -> None:
        wanted: list[tuple[str, str, models.Model | None]] = []
        for area_spec in demo.AREAS:
            area = tree[(area_spec.name,)]
            wanted.append((area_spec.director.username, Role.AREA_DIRECTOR, area))
            for unit_spec in area_spec.units:
                unit = tree[(area_spec.name, unit_spec.name)]
                wanted.append((unit_spec.leader.username, Role.UNIT_LEADER, unit))
        for path, person in leaders.items():
            wanted.append((person.username, Role.DEPARTMENT_LEADER, tree[path]))
        for username, role, level in demo.PERSONA_ROLES:
            node = self.organisation if level == "organisation" else tree[level]  # type: ignore[index]
            wanted.append((username, role, node))
        for staff in demo.BHT_STAFF:
            wanted.append((staff.person.username, staff.role, None))

        # role_assign reuses an identical open assignment; checking first saves
        # a query per role on every rerun.
        open_rows = set(
            RoleAssignment.objects.filter(valid_to=None).values_list(
                "user_id", "role", "organisation_id", "area_id", "unit_id", "department_id"
            )
        )
        for username, role, scope in wanted:
            user = users[username]
            ids = tuple(
                scope.pk if scope is not None and isinstance(scope, cls) else None
                for cls in (Organisation, ServiceArea, ServiceUnit, Department)
            )
            if (user.pk, role, *ids) not in open_rows:
                role_assign(user=user, role=role, scope=scope, valid_from=demo.DEMO_START)  # type: ignore[arg-type]
                self.created["roleassignment"] += 1

    def seed_bht(
        self, users: dict[str, User], competences: dict[str, CompetenceArea]
    ) -> dict[str, Advisor]:
        existing = {
            a.user_id: a
            for a in Advisor.objects.filter(
                user__in=[users[s.person.username] for s in demo.BHT_STAFF]
            ).prefetch_related("competence_areas")
        }
        advisors = {}
        for staff in demo.BHT_STAFF:
            user = users[staff.person.username]
            advisor = self.upsert(
                Advisor,
                {"user": user},
                {
                    "profession": staff.profession,
                    "fte_percent": staff.fte_percent,
                    "is_external": staff.is_external,
                    "hourly_cost": staff.hourly_cost,
                    "is_active": True,
                },
                existing=existing.get(user.pk),
            )
            wanted = {competences[code] for code in staff.competence_areas}
            if user.pk not in existing or set(advisor.competence_areas.all()) != wanted:
                advisor.competence_areas.set(wanted)
            advisors[user.username] = advisor
        return advisors

    def seed_main_contacts(
        self, advisors: dict[str, Advisor], tree: dict[tuple[str, ...], models.Model]
    ) -> None:
        today = timezone.localdate()
        current = {c.area_id: c for c in MainContact.objects.filter(valid_to=None, unit=None)}
        for area_name, username in demo.MAIN_CONTACTS.items():
            area = tree[(area_name,)]
            advisor = advisors[username]
            row = current.get(area.pk)
            if row is not None and row.advisor_id == advisor.pk:
                continue
            # A main contact changed by hand since the last run is replaced from
            # today (or corrected, if it starts later), keeping its history.
            start = demo.DEMO_START if row is None else max(row.valid_from, today)
            main_contact_assign(advisor=advisor, area=area, valid_from=start)  # type: ignore[arg-type]
            self.created["maincontact"] += 1

    def summary(self) -> str:
        org = self.organisation
        created = sum(self.created.values())
        updated = sum(self.updated.values())
        return (
            f"Demo-organisasjonen «{org.name}» er klar: "
            f"{org.areas.count()} virksomhetsområder, "
            f"{ServiceUnit.objects.filter(area__organisation=org).count()} tjenesteområder, "
            f"{Department.objects.filter(unit__area__organisation=org).count()} avdelinger, "
            f"{org.employees} ansatte; BHT med {len(demo.BHT_STAFF)} personer og "
            f"{len(demo.SERVICES)} tjenester.\n"
            f"{created} rader opprettet, {updated} endret.\n"
            f"Innlogging (passord fra DEMO_PASSWORD): {', '.join(demo.DEMO_LOGINS)}; admin for "
            f"Django-admin.\n"
        )


def _without(values: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k != key}


def _phone_for(index: int) -> str:
    number = 3000 + index
    return f"55 55 {number // 100:02d} {number % 100:02d}"
