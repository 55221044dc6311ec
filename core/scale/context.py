"""The shared part of `seed_scale`: volumes, names, the context handed from app to
app, and small helpers for dates and skewed counts (see core/scale/__init__.py)."""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils import timezone

if TYPE_CHECKING:
    from core.scale.writer import RowWriter

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


def scaled(base: float, ctx: ScaleContext, weight: float, rng: random.Random) -> int:
    """A skewed count: `base` × weight × fraction, randomly rounded so that small
    expectations still produce rows on average."""
    value = base * weight * ctx.fraction
    whole = math.floor(value)
    return whole + (1 if rng.random() < value - whole else 0)
