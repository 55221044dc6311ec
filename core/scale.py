"""Synthetic data at national scale for the benchmarks (`manage.py seed_scale`).

This module builds the organisation tree, the people and the BHT's advisors, and
holds the machinery the other apps' `<app>/scale.py` use to add their history
(plans, orders, hours, sick leave): a `ScaleContext` that carries ids from app to
app (so that bht imports none of them, as with `seed_demo`) and a `RowWriter`
that loads rows with PostgreSQL's COPY (explicit primary keys, sequences moved
afterwards) or, on SQLite, with `bulk_create`.

Volumes per organisation and year at fraction 1.0 (the issue's defaults for 200
organisations over 5 years): 10 areas, 30 units, 100 departments, 1.5 advisors,
200 orders, 2 000 time entries. Sizes are skewed: organisations follow a
log-normal size, areas within an organisation a Zipf-like weight, so a few areas
order most. The output is deterministic for a given seed and day (dates are
relative to today, so that "this week" pages have data).
"""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.db import connection, models
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

AREAS_PER_ORG = 10
UNITS_PER_AREA = 3
DEPARTMENTS_PER_UNIT = (3, 3, 4)  # 10 departments per area, 100 per organisation
ADVISORS_PER_ORG = 1.5
ORDERS_PER_ORG_YEAR = 200
ENTRIES_PER_ORG_YEAR = 2000
EMPLOYEES_PER_ORG = 3000

SLUG_PREFIX = "skala-"
NO_LOGIN_PASSWORD = f"{UNUSABLE_PASSWORD_PREFIX}seed_scale"

AREA_NAMES = (
    "Helse og omsorg",
    "Oppvekst",
    "Skole",
    "Teknisk drift",
    "Kultur og fritid",
    "Samfunnsutvikling",
    "Økonomi og stab",
    "NAV og velferd",
    "Barnevern",
    "Eiendom",
)
UNIT_WORDS = ("Nord", "Sør", "Sentrum")
DEPARTMENT_WORDS = ("Drift", "Fag", "Service", "Team")
FIRST_NAMES = (
    "Anne", "Ola", "Kari", "Per", "Ingrid", "Lars", "Marit", "Jon", "Silje", "Erik",
    "Hilde", "Knut", "Nina", "Bjørn", "Tone", "Arne", "Liv", "Geir", "Randi", "Tor",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
    "Kristiansen", "Jensen", "Karlsen", "Berg", "Haugen", "Hagen", "Eriksen", "Bakke",
)  # fmt: skip
PROFESSIONS = (
    ("Bedriftssykepleier", "occupational-health"),
    ("Bedriftslege", "occupational-health"),
    ("Yrkeshygieniker", "occupational-hygiene"),
    ("Fysioterapeut / ergonom", "ergonomics"),
    ("Organisasjonspsykolog", "psychosocial"),
    ("HMS-rådgiver", "hse-management"),
)

# The logins the benchmarks use (password: DEMO_PASSWORD); every other scale
# person cannot log in.
BENCH_LOGINS = ("skala-kommunalsjef", "skala-leder", "skala-radgiver", "skala-bhtleder")


@dataclass
class AreaInfo:
    pk: int
    organisation_id: int
    director_id: int
    employees: int
    weight: float  # share of the organisation's orders and hours
    units: list[int] = field(default_factory=list)
    unit_employees: list[int] = field(default_factory=list)  # headcount, parallel to units
    departments: list[tuple[int, int, int]] = field(default_factory=list)  # (dept, unit, leader)


@dataclass
class OrgInfo:
    pk: int
    slug: str
    weight: float  # relative size (mean 1.0)
    employees: int
    areas: list[AreaInfo] = field(default_factory=list)


@dataclass
class ScaleContext:
    """What one app's generator hands to the next (ids only, no model imports upward)."""

    seed: int
    organisations: int
    years: int
    fraction: float
    today: datetime.date
    writer: RowWriter
    orgs: list[OrgInfo] = field(default_factory=list)
    # advisor pk -> user pk
    advisors: dict[int, int] = field(default_factory=dict)
    manager_user_id: int = 0
    main_contact: dict[int, int] = field(default_factory=dict)  # area pk -> advisor pk
    # Filled by the apps above bht, read by those above them.
    extra: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def first_year(self) -> int:
        return self.today.year - self.years + 1

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.first_year, 1, 1)

    def rng(self, salt: str) -> random.Random:
        return random.Random(f"{self.seed}:{salt}")

    def areas(self) -> Iterable[AreaInfo]:
        for org in self.orgs:
            yield from org.areas

    def count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


class RowWriter:
    """Inserts rows fast. Primary keys are assigned here (from the table's current
    maximum), so that rows can point at each other before they are written."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self._next: dict[type[models.Model], int] = {}
        self.touched: list[type[models.Model]] = []

    def ids(self, model: type[models.Model], n: int) -> range:
        if model not in self._next:
            top = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
            self._next[model] = top + 1
        start = self._next[model]
        self._next[model] = start + n
        return range(start, start + n)

    def write(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        """`columns` are attnames (`organisation_id`); include `id` when the model has one."""
        if model not in self.touched:
            self.touched.append(model)
        columns, rows = _with_defaults(model, columns, rows)
        if self.postgres:
            return self._copy(model, columns, rows)
        return self._bulk(model, columns, rows)

    def _copy(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        meta = model._meta
        db_columns = [meta.get_field(_field_name(model, c)).column for c in columns]
        sql = 'COPY "{}" ({}) FROM STDIN'.format(
            meta.db_table, ", ".join(f'"{c}"' for c in db_columns)
        )
        n = 0
        # cursor.cursor: the psycopg cursor under Django's wrapper.
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        return n

    def _bulk(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        # bulk_create would overwrite the timestamps given (created_at, updated_at) with
        # now, as COPY does not: switch auto_now(_add) off for the columns written.
        stamped = [
            f
            for f in model._meta.concrete_fields
            if f.attname in columns
            and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        ]
        saved = [(f, f.auto_now, f.auto_now_add) for f in stamped]  # type: ignore[attr-defined]
        for f in stamped:
            f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
        try:
            batch: list[models.Model] = []
            n = 0
            for row in rows:
                batch.append(model(**dict(zip(columns, row, strict=True))))
                if len(batch) >= 500:
                    model._default_manager.bulk_create(batch)
                    n += len(batch)
                    batch = []
            if batch:
                model._default_manager.bulk_create(batch)
                n += len(batch)
        finally:
            for f, auto_now, auto_now_add in saved:
                f.auto_now, f.auto_now_add = auto_now, auto_now_add  # type: ignore[attr-defined]
        return n

    def fast_load(self) -> bool:
        """On PostgreSQL as a superuser: skip the per-row foreign-key triggers for this
        transaction (`check_foreign_keys` then verifies every key set-based, which is
        many times faster than a trigger per row at commit)."""
        if not self.postgres:
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if not cursor.fetchone()[0]:
                return False
            cursor.execute("SET LOCAL session_replication_role = replica")
        return True

    def check_foreign_keys(self) -> None:
        """Every foreign key of the tables written points at an existing row."""
        with connection.cursor() as cursor:
            for model in self.touched:
                for f in model._meta.concrete_fields:
                    if not f.is_relation or f.related_model is None:
                        continue
                    target = f.related_model._meta
                    table, column = model._meta.db_table, f.column
                    to_column = f.target_field.column  # type: ignore[attr-defined]
                    cursor.execute(
                        f'SELECT count(*) FROM "{table}" t WHERE t."{column}" IS NOT NULL '
                        f'AND NOT EXISTS (SELECT 1 FROM "{target.db_table}" r '
                        f'WHERE r."{to_column}" = t."{column}")'
                    )
                    missing = cursor.fetchone()[0]
                    if missing:
                        raise ValueError(
                            f"seed_scale: {missing} rows of {table}.{column} point nowhere"
                        )

    def finish(self) -> None:
        """Moves the id sequences past the rows written and refreshes planner statistics."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for model in self.touched:
                table = model._meta.db_table
                pk = model._meta.pk.column  # type: ignore[union-attr]
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk}'), "
                    f'COALESCE((SELECT MAX("{pk}") FROM "{table}"), 1))'
                )
            for model in self.touched:
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def _with_defaults(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> tuple[list[str], Iterable[Sequence[Any]]]:
    """Adds the columns the generator does not know about (a field added later, such
    as an optimistic-lock counter) with their model default, so COPY never sends NULL
    into a NOT NULL column."""
    extra: list[str] = []
    values: list[Any] = []
    now = timezone.now()
    for f in model._meta.concrete_fields:
        if f.attname in columns or f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value: Any = now
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            continue
        else:
            raise ValueError(f"seed_scale: no value for {model.__name__}.{f.name}")
        extra.append(f.attname)
        values.append(f.get_db_prep_save(value, connection) if isinstance(value, dict) else value)
    if not extra:
        return list(columns), rows
    tail = tuple(values)
    return [*columns, *extra], (tuple(row) + tail for row in rows)


def _field_name(model: type[models.Model], attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.name
    raise ValueError(f"{model.__name__} has no column {attname}")


def aware(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


def weekday_on_or_before(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def zipf_weights(n: int, rng: random.Random, s: float = 1.1) -> list[float]:
    """Weights summing to 1, a few large and many small, in random order."""
    raw = [1 / (rank**s) for rank in range(1, n + 1)]
    rng.shuffle(raw)
    total = sum(raw)
    return [w / total for w in raw]


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


# --- the bht part ----------------------------------------------------------------


def seed(ctx: ScaleContext) -> None:
    rng = ctx.rng("bht")
    w = ctx.writer
    now = timezone.now()
    login_hash = make_password(settings.DEMO_PASSWORD)
    n_org = ctx.organisations
    org_ids = w.ids(Organisation, n_org)
    start_index = Organisation.objects.filter(slug__startswith=SLUG_PREFIX).count()

    # Organisation sizes: log-normal, normalised so the mean weight is 1.
    raw = [rng.lognormvariate(0, 0.7) for _ in range(n_org)]
    mean = sum(raw) / n_org
    for i, pk in enumerate(org_ids):
        weight = raw[i] / mean
        number = start_index + i + 1
        ctx.orgs.append(
            OrgInfo(
                pk=pk,
                slug=f"{SLUG_PREFIX}{number:04d}",
                weight=weight,
                employees=max(200, int(EMPLOYEES_PER_ORG * weight)),
            )
        )
    # The largest organisation first: the benchmarks use it.
    ctx.orgs.sort(key=lambda o: -o.weight)

    user_rows: list[tuple[Any, ...]] = []
    role_rows: list[tuple[Any, ...]] = []
    area_rows: list[tuple[Any, ...]] = []
    unit_rows: list[tuple[Any, ...]] = []
    dept_rows: list[tuple[Any, ...]] = []
    user_ids = iter(w.ids(User, n_org * (AREAS_PER_ORG * (1 + 3 + 10) + 2)))
    since = ctx.first_day - datetime.timedelta(days=365)
    named: dict[str, int] = {}

    def add_user(username: str, department_id: int | None, title: str) -> int:
        pk = next(user_ids)
        first, last = person_name(rng)
        user_rows.append(
            (pk, username, first, last, f"{username}@skala.example.no", title, department_id)
        )
        return pk

    def add_role(user_id: int, role: str, **scope: int) -> None:
        role_rows.append(
            (
                user_id,
                role,
                scope.get("organisation_id"),
                scope.get("area_id"),
                scope.get("unit_id"),
                scope.get("department_id"),
                since,
            )
        )

    area_ids = iter(w.ids(ServiceArea, n_org * AREAS_PER_ORG))
    unit_ids = iter(w.ids(ServiceUnit, n_org * AREAS_PER_ORG * UNITS_PER_AREA))
    dept_ids = iter(w.ids(Department, n_org * AREAS_PER_ORG * sum(DEPARTMENTS_PER_UNIT)))
    for org in ctx.orgs:
        weights = zipf_weights(AREAS_PER_ORG, rng)
        for a, name in enumerate(AREA_NAMES[:AREAS_PER_ORG]):
            area_pk = next(area_ids)
            director = add_user(f"{org.slug}-o{a}-leder", None, "Kommunalsjef")
            employees = max(20, int(org.employees * weights[a]))
            area = AreaInfo(
                pk=area_pk,
                organisation_id=org.pk,
                director_id=director,
                employees=employees,
                weight=weights[a],
            )
            org.areas.append(area)
            area_rows.append((area_pk, org.pk, name, director, employees))
            add_role(director, Role.AREA_DIRECTOR, area_id=area_pk)
            for u, departments in enumerate(DEPARTMENTS_PER_UNIT):
                unit_pk = next(unit_ids)
                leader = add_user(f"{org.slug}-o{a}-t{u}-leder", None, "Tjenesteleder")
                unit_emp = max(5, employees * departments // 10)
                unit_rows.append((unit_pk, area_pk, f"{name} {UNIT_WORDS[u]}", leader, unit_emp))
                add_role(leader, Role.UNIT_LEADER, unit_id=unit_pk)
                area.units.append(unit_pk)
                area.unit_employees.append(unit_emp)
                for d in range(departments):
                    dept_pk = next(dept_ids)
                    username = f"{org.slug}-o{a}-t{u}-a{d}-leder"
                    dleader = add_user(username, dept_pk, "Avdelingsleder")
                    dept_rows.append(
                        (
                            dept_pk,
                            unit_pk,
                            f"{DEPARTMENT_WORDS[d]} {UNIT_WORDS[u]}",
                            dleader,
                            max(2, unit_emp // departments),
                        )
                    )
                    add_role(dleader, Role.DEPARTMENT_LEADER, department_id=dept_pk)
                    area.departments.append((dept_pk, unit_pk, dleader))
        executive = add_user(f"{org.slug}-radmann", None, "Rådmann")
        add_role(executive, Role.EXECUTIVE, organisation_id=org.pk)
        amu = add_user(f"{org.slug}-amu", None, "Leder av AMU")
        add_role(amu, Role.AMU_MEMBER, organisation_id=org.pk)

    # The benchmark logins: the director of the largest organisation's busiest area
    # and a department leader there.
    top_area = max(ctx.orgs[0].areas, key=lambda a: a.weight)
    named["skala-kommunalsjef"] = top_area.director_id
    named["skala-leder"] = top_area.departments[0][2]

    # Advisors: users, Advisor rows, competence areas, the BHT-wide advisor role.
    n_adv = max(3, round(n_org * ADVISORS_PER_ORG))
    competences = {c.code: c.pk for c in CompetenceArea.objects.all()}
    adv_user_ids = w.ids(User, n_adv + 1)
    adv_ids = w.ids(Advisor, n_adv)
    # Numbered on from earlier runs (the first advisor of the first run is renamed
    # to the "skala-radgiver" login, so count it too).
    adv_start = User.objects.filter(username__startswith="skala-radgiver").count()
    advisor_rows = []
    adv_comp_rows = []
    for i, (user_pk, adv_pk) in enumerate(zip(adv_user_ids, adv_ids, strict=False)):
        first, last = person_name(rng)
        username = f"skala-radgiver-{adv_start + i + 1:04d}"
        profession, competence = PROFESSIONS[i % len(PROFESSIONS)]
        user_rows.append(
            (user_pk, username, first, last, f"{username}@bht.example.no", profession, None)
        )
        advisor_rows.append(
            (adv_pk, user_pk, profession, Decimal(rng.choice([60, 80, 100, 100, 100])))
        )
        if competence in competences:
            adv_comp_rows.append((adv_pk, competences[competence]))
        add_role(user_pk, Role.BHT_ADVISOR)
        ctx.advisors[adv_pk] = user_pk
    named["skala-radgiver"] = adv_user_ids[0]
    manager_pk = adv_user_ids[-1]
    user_rows.append(
        (
            manager_pk,
            f"skala-bhtleder-{start_index + 1:04d}",
            "Berit",
            "Skalaleder",
            f"leder{start_index + 1}@bht.example.no",
            "",
            None,
        )
    )
    add_role(manager_pk, Role.BHT_MANAGER)
    named["skala-bhtleder"] = manager_pk
    ctx.manager_user_id = manager_pk

    # A second run adds organisations; the logins stay with the first run's people.
    taken = set(User.objects.filter(username__in=BENCH_LOGINS).values_list("username", flat=True))
    logins = {pk: name for name, pk in named.items() if name not in taken}
    w.write(
        User,
        [
            "id", "username", "first_name", "last_name", "email", "job_title", "department_id",
            "password", "is_active", "is_staff", "is_superuser", "date_joined", "phone", "photo",
        ],
        (
            (
                pk, logins.get(pk, username), first, last, email, title, dept,
                login_hash if pk in logins else NO_LOGIN_PASSWORD, True, False, False, now, "", "",
            )
            for pk, username, first, last, email, title, dept in user_rows
        ),
    )  # fmt: skip
    ts = ("created_at", "updated_at")
    w.write(
        Organisation,
        ["id", "name", "slug", "org_number", "employees", "fte", "sla_working_days",
         "sick_leave_threshold_percent", "is_active", *ts],
        (
            (o.pk, f"Skalakommune {o.slug[len(SLUG_PREFIX):]}", o.slug,
             f"9{o.pk % 100000000:08d}", o.employees, Decimal(int(o.employees * 0.8)),
             3, Decimal("12.0"), True, now, now)
            for o in ctx.orgs
        ),
    )  # fmt: skip
    w.write(
        ServiceArea,
        ["id", "organisation_id", "name", "director_id", "employees", *ts],
        (r + (now, now) for r in area_rows),
    )
    w.write(
        ServiceUnit,
        ["id", "area_id", "name", "leader_id", "employees", *ts],
        (r + (now, now) for r in unit_rows),
    )
    w.write(
        Department,
        ["id", "unit_id", "name", "leader_id", "employees", *ts],
        (r + (now, now) for r in dept_rows),
    )
    # Users were written before their departments existed; PostgreSQL checks the
    # foreign keys at commit (they are DEFERRABLE INITIALLY DEFERRED).
    w.write(
        RoleAssignment,
        ["user_id", "role", "organisation_id", "area_id", "unit_id", "department_id",
         "valid_from", *ts],
        (r + (now, now) for r in role_rows),
    )  # fmt: skip
    w.write(
        Advisor,
        ["id", "user_id", "profession", "fte_percent", "is_external", "is_active", *ts],
        ((pk, u, p, fte, False, True, now, now) for pk, u, p, fte in advisor_rows),
    )
    w.write(Advisor.competence_areas.through, ["advisor_id", "competencearea_id"], adv_comp_rows)

    # Headcounts per node and year (dated snapshots for past reports).
    def headcounts() -> Iterable[tuple[Any, ...]]:
        for year in range(ctx.first_year, ctx.today.year + 1):
            for org in ctx.orgs:
                yield (year, org.pk, None, None, None, org.employees, now, now)
            for row in area_rows:
                yield (year, None, row[0], None, None, row[4], now, now)
            for row in unit_rows:
                yield (year, None, None, row[0], None, row[4], now, now)
            for row in dept_rows:
                yield (year, None, None, None, row[0], row[4], now, now)

    ctx.count(
        "headcount",
        w.write(
            Headcount,
            ["year", "organisation_id", "area_id", "unit_id", "department_id", "employees", *ts],
            headcounts(),
        ),
    )

    # One current main contact per area; each advisor covers a handful of areas.
    advisor_list = list(ctx.advisors)
    contact_rows = []
    for i, area in enumerate(ctx.areas()):
        advisor_pk = advisor_list[i % len(advisor_list)]
        ctx.main_contact[area.pk] = advisor_pk
        contact_rows.append((advisor_pk, area.pk, ctx.first_day, now, now))
    w.write(MainContact, ["advisor_id", "area_id", "valid_from", *ts], contact_rows)

    ctx.count("organisation", len(ctx.orgs))
    ctx.count("area", len(area_rows))
    ctx.count("unit", len(unit_rows))
    ctx.count("department", len(dept_rows))
    ctx.count("user", len(user_rows))
    ctx.count("advisor", len(advisor_rows))


def scaled(base: float, ctx: ScaleContext, weight: float, rng: random.Random) -> int:
    """A skewed count: `base` × weight × fraction, randomly rounded so that small
    expectations still produce rows on average."""
    value = base * weight * ctx.fraction
    whole = math.floor(value)
    return whole + (1 if rng.random() < value - whole else 0)
