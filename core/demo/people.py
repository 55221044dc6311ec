"""The demo's logins (DESIGN.md §2), the BHT's staff, the main contacts, and every named
person (department leaders generated where the tree names none)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .catalogue import H
from .organisation import (
    ADMIN,
    AMU,
    ANSATT,
    AREAS,
    FIRST_NAMES,
    LAST_NAMES,
    RADMANN,
    TILLITSVALGT,
    VERNEOMBUD,
    P,
    Person,
    username_for,
)


@dataclass(frozen=True)
class Staff:
    """A member of the BHT."""

    person: Person
    profession: str
    fte_percent: Decimal
    competence_areas: tuple[str, ...]
    hourly_cost: Decimal
    role: str = "bht_advisor"
    is_external: bool = False


# Their password is settings.DEMO_PASSWORD; "admin" (a superuser) comes on top.
DEMO_LOGINS = (
    "ansatt",
    "verneombud",
    "tillitsvalgt",
    "avdelingsleder",
    "tjenesteleder",
    "kommunalsjef",
    "radmann",
    "amu",
    "radgiver",
    "bhtleder",
    "merkantil",
    "avdelingsleder2",
)


# Where the demo logins work (User.department): (area, unit, department).
WORKPLACES = {
    "ansatt": ("Helse og sosial", "Psykisk helse og rus", "Oppfølgingstjenesten"),
    "verneombud": ("Helse og sosial", "Psykisk helse og rus", "Rusteamet"),
    "tillitsvalgt": ("Helse og sosial", "Helsetjenester", "Legevakten"),
    "avdelingsleder": ("Helse og sosial", "Psykisk helse og rus", "Oppfølgingstjenesten"),
    "avdelingsleder2": ("Skole", "Haugland skole", "Mellomtrinnet"),
}


# Extra roles of demo logins, besides the leaders of the tree: (username, role, level).
# level names the scope: "organisation", or a (area, unit[, department]) path.
PERSONA_ROLES: tuple[tuple[str, str, object], ...] = (
    ("ansatt", "employee", WORKPLACES["ansatt"]),
    ("verneombud", "safety_rep", WORKPLACES["verneombud"][:2]),
    ("tillitsvalgt", "union_rep", "organisation"),
    ("radmann", "executive", "organisation"),
    ("amu", "amu_member", "organisation"),
)


BHT_STAFF: tuple[Staff, ...] = (
    Staff(
        P("Jorunn", "Eikeland", "Leder av bedriftshelsetjenesten", "55 55 12 30", "bhtleder"),
        "Bedriftssykepleier",
        H(100),
        ("arbeidsmedisin", "hms"),
        H(780),
        role="bht_manager",
    ),
    Staff(
        P("Anne Kristin", "Hauge", "Bedriftssykepleier", "55 55 12 34", "radgiver"),
        "Bedriftssykepleier",
        H(100),
        ("arbeidsmedisin", "hms"),
        H(720),
    ),
    Staff(
        P("Marianne", "Fossum", "Bedriftssykepleier", "55 55 12 35"),
        "Bedriftssykepleier",
        H(100),
        ("arbeidsmedisin", "ergonomi"),
        H(720),
    ),
    Staff(
        P("Liv", "Ellingsen", "Jordmor", "55 55 12 36"),
        "Jordmor",
        H(80),
        ("arbeidsmedisin",),
        H(720),
    ),
    Staff(
        P("Jonas", "Opheim", "Rådgiver, organisasjon og arbeidsmiljø", "55 55 12 37"),
        "Filosof",
        H(100),
        ("psykososialt", "hms"),
        H(700),
    ),
    Staff(
        P("Magnus", "Ulvestad", "Yrkeshygieniker", "55 55 12 38"),
        "Yrkeshygieniker",
        H(100),
        ("yrkeshygiene", "hms"),
        H(760),
    ),
    Staff(
        P("Sara", "Holmen", "Fysioterapeut", "55 55 12 39"),
        "Fysioterapeut",
        H(100),
        ("ergonomi",),
        H(700),
    ),
    Staff(
        P("Knut Erik", "Skaar", "Fysioterapeut", "55 55 12 40"),
        "Fysioterapeut",
        H(80),
        ("ergonomi", "hms"),
        H(700),
    ),
    Staff(
        P("Ida", "Rønning", "Ernæringsfysiolog", "55 55 12 41"),
        "Ernæringsfysiolog",
        H(50),
        ("arbeidsmedisin",),
        H(700),
    ),
    Staff(
        P("Thea", "Lindgren", "Rådgiver, folkehelse", "55 55 12 42"),
        "Master i folkehelsevitenskap",
        H(55),
        ("psykososialt", "hms"),
        H(700),
    ),
    Staff(
        P("Olav", "Brattebø", "Bedriftslege (innleid)", "55 55 12 43"),
        "Bedriftslege, spesialist i arbeidsmedisin",
        H(20),
        ("arbeidsmedisin",),
        H(1450),
        is_external=True,
    ),
    Staff(
        P("Siri", "Mæland", "Konsulent", "55 55 12 31", "merkantil"),
        "Merkantil",
        H(100),
        (),
        H(520),
        role="bht_office",
    ),
)


# Each area's main contact in the BHT, by username.
MAIN_CONTACTS = {
    "Administrasjon": "thea.lindgren",
    "Barnehager": "sara.holmen",
    "Barn og ungdom": "liv.ellingsen",
    "Eiendom": "knut.erik.skaar",
    "Helse og sosial": "radgiver",
    "Kommunalteknisk": "magnus.ulvestad",
    "Kultur": "ida.ronning",
    "Plan og miljø": "thea.lindgren",
    "Pleie og omsorg": "marianne.fossum",
    "Skole": "jonas.opheim",
}


def department_leaders() -> dict[tuple[str, str, str], Person]:
    """Every department's leader, keyed by (area, unit, department)."""
    taken = {p.username for p in named_people()}
    leaders: dict[tuple[str, str, str], Person] = {}
    index = 0
    for area in AREAS:
        for unit in area.units:
            for dept in unit.departments:
                person = dept.leader
                while person is None:
                    first = FIRST_NAMES[(index * 7) % len(FIRST_NAMES)]
                    last = LAST_NAMES[(index * 13 + index // len(LAST_NAMES)) % len(LAST_NAMES)]
                    index += 1
                    if username_for(first, last) not in taken:
                        person = P(first, last, f"Avdelingsleder {dept.name}")
                taken.add(person.username)
                leaders[(area.name, unit.name, dept.name)] = person
    return leaders


def named_people() -> list[Person]:
    people = [ANSATT, VERNEOMBUD, TILLITSVALGT, RADMANN, AMU, ADMIN]
    people += [staff.person for staff in BHT_STAFF]
    for area in AREAS:
        people.append(area.director)
        for unit in area.units:
            people.append(unit.leader)
            people += [d.leader for d in unit.departments if d.leader is not None]
    return people
