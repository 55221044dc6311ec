"""The bht part of `seed_scale`: organisations, their tree (areas, units,
departments) and leaders, the BHT's advisors and manager, headcounts and main
contacts. The other apps' `<app>/scale.py` build on the ids left in the context.

The steps run in a fixed order and draw from one random generator, so the output
is the same for a given seed and day.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from core.models import (
    Advisor,
    CompetenceArea,
    Department,
    Headcount,
    MainContact,
    Organisation,
    Role,
    RoleAssignment,
    ServiceArea,
    ServiceUnit,
    User,
)
from core.scale.context import (
    ADVISORS_PER_ORG,
    AREA_NAMES,
    AREAS_PER_ORG,
    BENCH_LOGINS,
    DEPARTMENT_WORDS,
    DEPARTMENTS_PER_UNIT,
    EMPLOYEES_PER_ORG,
    NO_LOGIN_PASSWORD,
    PROFESSIONS,
    SLUG_PREFIX,
    UNIT_WORDS,
    UNITS_PER_AREA,
    AreaInfo,
    OrgInfo,
    ScaleContext,
    person_name,
    zipf_weights,
)

TIMESTAMPS = ("created_at", "updated_at")


def seed(ctx: ScaleContext) -> None:
    tree = _Tree(ctx)
    tree.organisations()
    for org in ctx.orgs:
        tree.organisation_people(org)
    tree.bench_logins()
    tree.advisors()
    tree.write()
    tree.headcounts()
    tree.main_contacts()
    tree.count()


class _Tree:
    """Collects the rows of each table, then writes them in foreign-key order."""

    def __init__(self, ctx: ScaleContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("bht")
        self.w = ctx.writer
        self.now = timezone.now()
        self.start_index = Organisation.objects.filter(slug__startswith=SLUG_PREFIX).count()
        n_org = ctx.organisations
        self.user_rows: list[tuple[Any, ...]] = []
        self.role_rows: list[tuple[Any, ...]] = []
        self.area_rows: list[tuple[Any, ...]] = []
        self.unit_rows: list[tuple[Any, ...]] = []
        self.dept_rows: list[tuple[Any, ...]] = []
        self.advisor_rows: list[tuple[Any, ...]] = []
        self.adv_comp_rows: list[tuple[Any, ...]] = []
        self.named: dict[str, int] = {}
        self.since = ctx.first_day - datetime.timedelta(days=365)
        self.user_ids = iter(self.w.ids(User, n_org * (AREAS_PER_ORG * (1 + 3 + 10) + 2)))
        self.area_ids = iter(self.w.ids(ServiceArea, n_org * AREAS_PER_ORG))
        self.unit_ids = iter(self.w.ids(ServiceUnit, n_org * AREAS_PER_ORG * UNITS_PER_AREA))
        self.dept_ids = iter(
            self.w.ids(Department, n_org * AREAS_PER_ORG * sum(DEPARTMENTS_PER_UNIT))
        )

    # --- collecting ---------------------------------------------------------------

    def add_user(self, username: str, department_id: int | None, title: str) -> int:
        pk = next(self.user_ids)
        first, last = person_name(self.rng)
        self.user_rows.append(
            (pk, username, first, last, f"{username}@skala.example.no", title, department_id)
        )
        return pk

    def add_role(self, user_id: int, role: str, **scope: int) -> None:
        self.role_rows.append(
            (
                user_id,
                role,
                scope.get("organisation_id"),
                scope.get("area_id"),
                scope.get("unit_id"),
                scope.get("department_id"),
                self.since,
            )
        )

    def organisations(self) -> None:
        """Organisation sizes: log-normal, normalised so that the mean weight is 1."""
        ctx = self.ctx
        n_org = ctx.organisations
        raw = [self.rng.lognormvariate(0, 0.7) for _ in range(n_org)]
        mean = sum(raw) / n_org
        for i, pk in enumerate(self.w.ids(Organisation, n_org)):
            weight = raw[i] / mean
            ctx.orgs.append(
                OrgInfo(
                    pk=pk,
                    slug=f"{SLUG_PREFIX}{self.start_index + i + 1:04d}",
                    weight=weight,
                    employees=max(200, int(EMPLOYEES_PER_ORG * weight)),
                )
            )
        # The largest organisation first: the benchmarks use it.
        ctx.orgs.sort(key=lambda o: -o.weight)

    def organisation_people(self, org: OrgInfo) -> None:
        weights = zipf_weights(AREAS_PER_ORG, self.rng)
        for a, name in enumerate(AREA_NAMES[:AREAS_PER_ORG]):
            area_pk = next(self.area_ids)
            director = self.add_user(f"{org.slug}-o{a}-leder", None, "Kommunalsjef")
            employees = max(20, int(org.employees * weights[a]))
            area = AreaInfo(
                pk=area_pk,
                organisation_id=org.pk,
                director_id=director,
                employees=employees,
                weight=weights[a],
            )
            org.areas.append(area)
            self.area_rows.append((area_pk, org.pk, name, director, employees))
            self.add_role(director, Role.AREA_DIRECTOR, area_id=area_pk)
            for u, departments in enumerate(DEPARTMENTS_PER_UNIT):
                self.unit(org, area, name, u, departments)
        executive = self.add_user(f"{org.slug}-radmann", None, "Rådmann")
        self.add_role(executive, Role.EXECUTIVE, organisation_id=org.pk)
        amu = self.add_user(f"{org.slug}-amu", None, "Leder av AMU")
        self.add_role(amu, Role.AMU_MEMBER, organisation_id=org.pk)

    def unit(self, org: OrgInfo, area: AreaInfo, name: str, u: int, departments: int) -> None:
        a = len(org.areas) - 1
        unit_pk = next(self.unit_ids)
        leader = self.add_user(f"{org.slug}-o{a}-t{u}-leder", None, "Tjenesteleder")
        unit_emp = max(5, area.employees * departments // 10)
        self.unit_rows.append((unit_pk, area.pk, f"{name} {UNIT_WORDS[u]}", leader, unit_emp))
        self.add_role(leader, Role.UNIT_LEADER, unit_id=unit_pk)
        area.units.append(unit_pk)
        area.unit_employees.append(unit_emp)
        for d in range(departments):
            dept_pk = next(self.dept_ids)
            dleader = self.add_user(f"{org.slug}-o{a}-t{u}-a{d}-leder", dept_pk, "Avdelingsleder")
            dept_name = f"{DEPARTMENT_WORDS[d]} {UNIT_WORDS[u]}"
            self.dept_rows.append(
                (dept_pk, unit_pk, dept_name, dleader, max(2, unit_emp // departments))
            )
            self.add_role(dleader, Role.DEPARTMENT_LEADER, department_id=dept_pk)
            area.departments.append((dept_pk, unit_pk, dleader))

    def bench_logins(self) -> None:
        """The director of the largest organisation's busiest area and a department
        leader there."""
        top_area = max(self.ctx.orgs[0].areas, key=lambda a: a.weight)
        self.named["skala-kommunalsjef"] = top_area.director_id
        self.named["skala-leder"] = top_area.departments[0][2]

    def advisors(self) -> None:
        """Users, Advisor rows, competence areas, the BHT-wide advisor role, and the
        BHT manager."""
        ctx = self.ctx
        n_adv = max(3, round(ctx.organisations * ADVISORS_PER_ORG))
        competences = {c.code: c.pk for c in CompetenceArea.objects.all()}
        adv_user_ids = self.w.ids(User, n_adv + 1)
        adv_ids = self.w.ids(Advisor, n_adv)
        # Numbered on from earlier runs (the first advisor of the first run is renamed
        # to the "skala-radgiver" login, so count it too).
        adv_start = User.objects.filter(username__startswith="skala-radgiver").count()
        for i, (user_pk, adv_pk) in enumerate(zip(adv_user_ids, adv_ids, strict=False)):
            first, last = person_name(self.rng)
            username = f"skala-radgiver-{adv_start + i + 1:04d}"
            profession, competence = PROFESSIONS[i % len(PROFESSIONS)]
            self.user_rows.append(
                (user_pk, username, first, last, f"{username}@bht.example.no", profession, None)
            )
            fte = Decimal(self.rng.choice([60, 80, 100, 100, 100]))
            self.advisor_rows.append((adv_pk, user_pk, profession, fte))
            if competence in competences:
                self.adv_comp_rows.append((adv_pk, competences[competence]))
            self.add_role(user_pk, Role.BHT_ADVISOR)
            ctx.advisors[adv_pk] = user_pk
        self.named["skala-radgiver"] = adv_user_ids[0]
        manager_pk = adv_user_ids[-1]
        number = self.start_index + 1
        self.user_rows.append(
            (
                manager_pk,
                f"skala-bhtleder-{number:04d}",
                "Berit",
                "Skalaleder",
                f"leder{number}@bht.example.no",
                "",
                None,
            )
        )
        self.add_role(manager_pk, Role.BHT_MANAGER)
        self.named["skala-bhtleder"] = manager_pk
        ctx.manager_user_id = manager_pk

    # --- writing ------------------------------------------------------------------

    def write(self) -> None:
        self.write_users()
        self.write_tree()
        # Users were written before their departments existed; PostgreSQL checks the
        # foreign keys at commit (they are DEFERRABLE INITIALLY DEFERRED).
        now, w = self.now, self.w
        w.write(
            RoleAssignment,
            ["user_id", "role", "organisation_id", "area_id", "unit_id", "department_id",
             "valid_from", *TIMESTAMPS],
            (r + (now, now) for r in self.role_rows),
        )  # fmt: skip
        w.write(
            Advisor,
            ["id", "user_id", "profession", "fte_percent", "is_external", "is_active",
             *TIMESTAMPS],
            ((pk, u, p, fte, False, True, now, now) for pk, u, p, fte in self.advisor_rows),
        )  # fmt: skip
        w.write(
            Advisor.competence_areas.through,
            ["advisor_id", "competencearea_id"],
            self.adv_comp_rows,
        )

    def write_users(self) -> None:
        # A second run adds organisations; the logins stay with the first run's people.
        taken = set(
            User.objects.filter(username__in=BENCH_LOGINS).values_list("username", flat=True)
        )
        logins = {pk: name for name, pk in self.named.items() if name not in taken}
        login_hash = make_password(settings.DEMO_PASSWORD)
        now = self.now
        self.w.write(
            User,
            [
                "id", "username", "first_name", "last_name", "email", "job_title",
                "department_id", "password", "is_active", "is_staff", "is_superuser",
                "date_joined", "phone", "photo",
            ],
            (
                (
                    pk, logins.get(pk, username), first, last, email, title, dept,
                    login_hash if pk in logins else NO_LOGIN_PASSWORD, True, False, False,
                    now, "", "",
                )
                for pk, username, first, last, email, title, dept in self.user_rows
            ),
        )  # fmt: skip

    def write_tree(self) -> None:
        now, w = self.now, self.w
        w.write(
            Organisation,
            ["id", "name", "slug", "org_number", "employees", "fte", "sla_working_days",
             "sick_leave_threshold_percent", "is_active", *TIMESTAMPS],
            (
                (o.pk, f"Skalakommune {o.slug[len(SLUG_PREFIX):]}", o.slug,
                 f"9{o.pk % 100000000:08d}", o.employees, Decimal(int(o.employees * 0.8)),
                 3, Decimal("12.0"), True, now, now)
                for o in self.ctx.orgs
            ),
        )  # fmt: skip
        for model, parent, rows in (
            (ServiceArea, "organisation_id", self.area_rows),
            (ServiceUnit, "area_id", self.unit_rows),
            (Department, "unit_id", self.dept_rows),
        ):
            leader = "director_id" if model is ServiceArea else "leader_id"
            w.write(
                model,
                ["id", parent, "name", leader, "employees", *TIMESTAMPS],
                (r + (now, now) for r in rows),
            )

    def headcounts(self) -> None:
        """Headcounts per node and year (dated snapshots for past reports)."""
        ctx, now = self.ctx, self.now

        def rows() -> Iterable[tuple[Any, ...]]:
            for year in range(ctx.first_year, ctx.today.year + 1):
                for org in ctx.orgs:
                    yield (year, org.pk, None, None, None, org.employees, now, now)
                for row in self.area_rows:
                    yield (year, None, row[0], None, None, row[4], now, now)
                for row in self.unit_rows:
                    yield (year, None, None, row[0], None, row[4], now, now)
                for row in self.dept_rows:
                    yield (year, None, None, None, row[0], row[4], now, now)

        columns = ["year", "organisation_id", "area_id", "unit_id", "department_id"]
        ctx.count(
            "headcount",
            self.w.write(Headcount, [*columns, "employees", *TIMESTAMPS], rows()),
        )

    def main_contacts(self) -> None:
        """One current main contact per area; each advisor covers a handful of areas."""
        ctx, now = self.ctx, self.now
        advisor_list = list(ctx.advisors)
        contact_rows = []
        for i, area in enumerate(ctx.areas()):
            advisor_pk = advisor_list[i % len(advisor_list)]
            ctx.main_contact[area.pk] = advisor_pk
            contact_rows.append((advisor_pk, area.pk, ctx.first_day, now, now))
        self.w.write(
            MainContact, ["advisor_id", "area_id", "valid_from", *TIMESTAMPS], contact_rows
        )

    def count(self) -> None:
        ctx = self.ctx
        ctx.count("organisation", len(ctx.orgs))
        ctx.count("area", len(self.area_rows))
        ctx.count("unit", len(self.unit_rows))
        ctx.count("department", len(self.dept_rows))
        ctx.count("user", len(self.user_rows))
        ctx.count("advisor", len(self.advisor_rows))
