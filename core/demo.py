"""The demo organisation of DESIGN.md §9, as data. `manage.py seed_demo` builds it.

Fjordby kommune is fictitious, but its shape follows the evaluation of a real
municipal BHT: ten service areas, 9 344 permanent employees (7 288 FTE), a BHT
of twelve people with 8.85 FTE of professionals and one office worker.

Every department's headcount is given here; units and areas are the sums, so
the tree always adds up to the organisation's total.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

EMAIL_DOMAIN = "fjordby.kommune.no"

# Role assignments and main contacts of the demo start here: a fixed date, so
# that reruns give identical rows and tests may travel back a few years.
DEMO_START = datetime.date(2020, 1, 1)

# The year's annual-report drafts are made on 15 January (reports/tasks.py), and
# hoved-AMU treats the annual report in its March meeting (month, day).
REPORT_DRAFTS_MADE = (1, 15)
AMU_MEETING = (3, 12)


def annual_report_year(today: datetime.date) -> int:
    """The year of the demo's annual reports: the last year whose report has been both
    made and treated by `today`, so that the report, its comments and the decision lie
    in the past and in the right order whatever day the demo is loaded. The demo's
    hours and sick leave are made for this year too."""
    meeting = datetime.date(today.year, *AMU_MEETING)
    return today.year - 1 if today > meeting else today.year - 2


def username_for(first_name: str, last_name: str) -> str:
    """ "Åse Bø-Ødegård" -> "ase.bo-odegard": the local part of the person's e-mail."""
    text = f"{first_name}.{last_name}".lower().replace(" ", ".")
    for char, ascii_text in (("æ", "ae"), ("ø", "o"), ("å", "a")):
        text = text.replace(char, ascii_text)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    job_title: str = ""
    phone: str = ""
    # Set for the demo logins; other people get "first.last".
    login: str = ""

    @property
    def username(self) -> str:
        return self.login or username_for(self.first_name, self.last_name)

    @property
    def email(self) -> str:
        return f"{username_for(self.first_name, self.last_name)}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class Dept:
    name: str
    employees: int
    # None: a leader is made up from the name pools below.
    leader: Person | None = None


@dataclass(frozen=True)
class Unit:
    name: str
    leader: Person
    departments: tuple[Dept, ...]

    @property
    def employees(self) -> int:
        return sum(d.employees for d in self.departments)


@dataclass(frozen=True)
class Area:
    name: str
    director: Person
    units: tuple[Unit, ...]

    @property
    def employees(self) -> int:
        return sum(u.employees for u in self.units)


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


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    statutory_code: str
    description: str
    competence_areas: tuple[str, ...]
    typical_hours: Decimal | None = field(default=None)


ORGANISATION = {
    "slug": "fjordby",
    "name": "Fjordby kommune",
    "org_number": "940123453",  # nine digits with a valid modulus-11 check digit
    "employees": 9344,
    "fte": Decimal("7288.0"),
    "sla_working_days": 3,
    "sick_leave_threshold_percent": Decimal("12.0"),
}

BHT_PROFILE = {
    "name": "Fjordby kommune BHT",
    "approval_number": "AT-BHT-2023-0417",
    "approval_valid_until": datetime.date(2028, 6, 30),
    "phone": "55 55 12 00",
    "email": f"bht@{EMAIL_DOMAIN}",
    "quality_system_notes": (
        "Kvalitetssystemet ligger i kommunens avvikssystem. Rutiner for journalføring, "
        "taushetsplikt og faglig uavhengighet revideres hvert år og gjennomgås i hoved-AMU."
    ),
}

# (code, name, required for Arbeidstilsynet's approval, description)
COMPETENCE_AREAS: tuple[tuple[str, str, bool, str], ...] = (
    (
        "arbeidsmedisin",
        "Arbeidsmedisin og helse",
        True,
        "Helse og arbeid, helseundersøkelser, sykefravær og tilrettelegging.",
    ),
    (
        "yrkeshygiene",
        "Yrkeshygiene",
        True,
        "Kjemikalier, støy, inneklima, støv og andre fysiske og kjemiske faktorer.",
    ),
    (
        "ergonomi",
        "Ergonomi",
        True,
        "Arbeidsstillinger, løft, arbeidsplassens utforming og tilpasning til den enkelte.",
    ),
    (
        "psykososialt",
        "Organisatorisk og psykososialt arbeidsmiljø",
        True,
        "Samarbeid, ledelse, konflikter, omstilling, vold og trusler.",
    ),
    (
        "hms",
        "HMS-ledelse og systematisk HMS-arbeid",
        False,
        "Internkontroll, risikovurdering, avvik og opplæring i HMS.",
    ),
)
ALL_COMPETENCES = tuple(code for code, *_rest in COMPETENCE_AREAS)
APPROVAL_COMPETENCES = tuple(code for code, _name, required, _d in COMPETENCE_AREAS if required)

# Named after the work, not the person: "Graviditet" or "Psykologbistand" invited
# health details in an advice request (issue 15).
INQUIRY_CATEGORIES = (
    "Vold og trusler",
    "Mobbing/trakassering",
    "Tilrettelegging av arbeidet",
    "Psykososialt arbeidsmiljø",
    "Ergonomi og fysisk belastning",
    "Konflikthåndtering",
    "Kurs/opplæring",
    "Arbeidsmiljøet generelt",
    "Annet",
)

H = Decimal

SERVICES: tuple[ServiceSpec, ...] = (
    # --- statutory services in the agreement (forskrift § 13-2 a–h) -------------
    ServiceSpec(
        "Arbeidsmiljørådgivning",
        "b",
        "Råd om arbeidsmiljøet til ledere, ansatte, verneombud og tillitsvalgte, innen alle "
        "fagområdene våre. Ring hovedkontakten din for en første samtale.",
        ALL_COMPETENCES,
        H(2),
    ),
    ServiceSpec(
        "Kartlegging og risikovurdering",
        "a",
        "Vi hjelper dere å kartlegge arbeidsmiljøet og gjøre risiko- og sårbarhetsvurderinger "
        "(ROS), og foreslår tiltak.",
        (*APPROVAL_COMPETENCES, "hms"),
        H(12),
    ),
    ServiceSpec(
        "Bistand ved omstilling",
        "c",
        "Råd og støtte når arbeidsplassen omorganiseres, flytter eller får nye lokaler, slik at "
        "arbeidsmiljøet blir ivaretatt underveis.",
        ("psykososialt", "ergonomi", "hms"),
        H(15),
    ),
    ServiceSpec(
        "Helseråd og helseinformasjon",
        "g",
        "Informasjon og råd om helse, livsstil og arbeid, på personalmøter, temadager eller "
        "i en samtale.",
        ("arbeidsmedisin",),
        H(3),
    ),
    ServiceSpec(
        "Lovpålagte helsekontroller",
        "e",
        "Helseundersøkelser for ansatte som etter loven skal følges opp, for eksempel ved "
        "nattarbeid, støy, vibrasjoner eller arbeid med kjemikalier.",
        ("arbeidsmedisin", "yrkeshygiene"),
        H(4),
    ),
    ServiceSpec(
        "Dialogmøte 1",
        "f",
        "BHT deltar i dialogmøtet mellom leder og sykmeldt ansatt innen sju uker, for å finne "
        "ut hva som skal til for å komme tilbake i arbeid.",
        ("arbeidsmedisin", "psykososialt"),
        H(3),
    ),
    ServiceSpec(
        "Dialogmøte 2 og 3",
        "f",
        "BHT deltar i dialogmøtene i regi av NAV når det er bestilt.",
        ("arbeidsmedisin", "psykososialt"),
        H(3),
    ),
    ServiceSpec(
        "Samarbeid med Arbeidstilsynet og NAV",
        "b",
        "BHT bistår i møter med Arbeidstilsynet og NAV, for eksempel ved tilsyn og i "
        "arbeidsrettet sykefraværsoppfølging.",
        ("hms", "arbeidsmedisin"),
        H(4),
    ),
    ServiceSpec(
        "Saksforberedelse og deltakelse i AMU",
        "h",
        "BHT forbereder saker til og deltar i hoved-AMU og område-AMU, og gir faglige råd i "
        "utvalgenes arbeid.",
        ("hms", "psykososialt"),
        H(6),
    ),
    ServiceSpec(
        "Årsrapport til AMU",
        "h",
        "BHT skriver hvert år en rapport til AMU om arbeidet som er gjort, med råd for året "
        "som kommer.",
        ("hms",),
        H(20),
    ),
    # --- additional services that may be ordered (tilleggstjenester) --------------
    ServiceSpec(
        "Bistand med planverk",
        "extra",
        "Hjelp til å lage planer for helsefremmende arbeidsplasser, håndtering av kjemikalier "
        "og lovpålagt helseoppfølging.",
        ("hms", "yrkeshygiene", "arbeidsmedisin"),
        H(10),
    ),
    ServiceSpec(
        "Oppfølging av gravide arbeidstakere",
        "extra",
        "Samtaler og råd om tilrettelegging, slik at graviditet og arbeid kan kombineres trygt.",
        ("arbeidsmedisin", "ergonomi"),
        H(3),
    ),
    ServiceSpec(
        "Råd om sykefraværsoppfølging",
        "extra",
        "Råd til ledere om hvordan sykmeldte kan følges opp tidlig og godt.",
        ("arbeidsmedisin", "psykososialt"),
        H(3),
    ),
    ServiceSpec(
        "Arbeidsrettet rehabilitering",
        "extra",
        "Bistand til ansatte som trenger hjelp for å komme tilbake i arbeid etter sykdom eller "
        "skade.",
        ("arbeidsmedisin", "ergonomi"),
        H(8),
    ),
    ServiceSpec(
        "Tilrettelegging for ansatte med funksjonsnedsettelse",
        "extra",
        "Vurdering av arbeidsplassen og råd om hjelpemidler og tilpasninger for ansatte med "
        "funksjonsnedsettelse.",
        ("ergonomi",),
        H(4),
    ),
    ServiceSpec(
        "AKAN – alkohol, rusmidler og pengespill",
        "extra",
        "Råd og oppfølging når en ansatt har problemer med alkohol, andre rusmidler eller "
        "pengespill, og hjelp med AKAN-arbeidet på arbeidsplassen.",
        ("arbeidsmedisin", "psykososialt"),
        H(5),
    ),
    ServiceSpec(
        "Yrkesskader og arbeidsulykker",
        "extra",
        "Hjelp til å følge opp og lære av yrkesskader og ulykker på arbeidsplassen.",
        ("hms", "arbeidsmedisin"),
        H(4),
    ),
    ServiceSpec(
        "Oppfølging av sykefraværsstatistikk",
        "extra",
        "Vi går gjennom sykefraværstallene sammen med dere og foreslår hvor tiltak vil hjelpe "
        "mest.",
        ("hms",),
        H(4),
    ),
    ServiceSpec(
        "Avvik i arbeidsmiljøet",
        "extra",
        "Hjelp til å behandle og lære av avvik som er meldt om arbeidsmiljøet.",
        ("hms",),
        H(3),
    ),
    ServiceSpec(
        "Konflikter, mobbing, vold og trusler",
        "extra",
        "Bistand når det er konflikter, mobbing, trakassering, vold eller trusler på "
        "arbeidsplassen, både forebyggende og når noe har skjedd.",
        ("psykososialt",),
        H(10),
    ),
    ServiceSpec(
        "Kriseberedskap",
        "extra",
        "Hjelp til å lage kriseplaner, og støtte til ansatte etter alvorlige hendelser.",
        ("psykososialt", "hms"),
        H(6),
    ),
    ServiceSpec(
        "Varsling",
        "extra",
        "Råd om rutiner for varsling av kritikkverdige forhold og om hvordan varslingssaker "
        "håndteres.",
        ("psykososialt", "hms"),
        H(4),
    ),
    ServiceSpec(
        "Oppfølging av pålegg fra Arbeidstilsynet",
        "extra",
        "Bistand til å rette forhold som Arbeidstilsynet har gitt pålegg om.",
        ("hms", "yrkeshygiene"),
        H(8),
    ),
    ServiceSpec(
        "Stoffkartotek",
        "extra",
        "Hjelp til å etablere stoffkartoteket (kjemikalieregisteret) og holde det oppdatert.",
        ("yrkeshygiene",),
        H(6),
    ),
    ServiceSpec(
        "HMS-opplæring for AMU, verneombud og ledere",
        "extra",
        "Kurs i helse, miljø og sikkerhet for medlemmer av AMU, verneombud og ledere.",
        ("hms",),
        H(16),
    ),
    ServiceSpec(
        "Råd ved byggeprosjekter",
        "extra",
        "Råd om arbeidsmiljø, ergonomi og inneklima når bygg planlegges eller bygges om.",
        ("ergonomi", "yrkeshygiene"),
        H(10),
    ),
    ServiceSpec(
        "Informasjon til ansatte",
        "extra",
        "Informasjon om arbeidsmiljø og helse på personalmøter eller slik dere ønsker det.",
        ("hms",),
        H(2),
    ),
    ServiceSpec(
        "HMS-rutiner",
        "extra",
        "Hjelp til å skrive og forbedre rutinene i det systematiske HMS-arbeidet.",
        ("hms",),
        H(6),
    ),
    ServiceSpec(
        "Arbeidsmiljøundersøkelse i personalsak",
        "extra",
        "Kartlegging av arbeidsmiljøet i en enhet når det trengs i en personalsak.",
        ("psykososialt",),
        H(15),
    ),
    ServiceSpec(
        "Deltakelse i møter om arbeidsmiljøet",
        "extra",
        "BHT deltar i personalmøter, HMS-møter og andre møter der arbeidsmiljøet drøftes.",
        ("hms", "psykososialt"),
        H(2),
    ),
)

# --- the demo logins (README, "Demo logins") ------------------------------------

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

P = Person
ANSATT = P("Emma", "Johannessen", "Miljøterapeut", "55 55 20 11", login="ansatt")
VERNEOMBUD = P("Lars", "Aasland", "Vernepleier og verneombud", "55 55 20 12", login="verneombud")
TILLITSVALGT = P(
    "Ingrid", "Solheim", "Hovedtillitsvalgt, Fagforbundet", "55 55 20 13", login="tillitsvalgt"
)
AVDELINGSLEDER = P(
    "Maria",
    "Kristiansen",
    "Avdelingsleder Oppfølgingstjenesten",
    "55 55 20 14",
    login="avdelingsleder",
)
TJENESTELEDER = P(
    "Thomas", "Larsen", "Tjenesteleder psykisk helse og rus", "55 55 20 15", login="tjenesteleder"
)
KOMMUNALSJEF = P(
    "Randi", "Bakke", "Kommunalsjef helse og sosial", "55 55 20 16", login="kommunalsjef"
)
RADMANN = P("Per Arne", "Halvorsen", "Rådmann", "55 55 20 00", login="radmann")
AMU = P("Hege", "Pedersen", "Medlem av hoved-AMU", "55 55 20 17", login="amu")
AVDELINGSLEDER2 = P(
    "Henrik", "Aas", "Avdelingsleder mellomtrinnet", "55 55 20 18", login="avdelingsleder2"
)
ADMIN = P("System", "Administrator", "Systemansvarlig", "55 55 20 99", login="admin")

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

# --- the BHT --------------------------------------------------------------------

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

# --- the organisation tree --------------------------------------------------------

D = Dept


def _u(name: str, leader: tuple[str, str], *departments: Dept) -> Unit:
    return Unit(name, P(*leader, job_title=f"Tjenesteleder {name}"), departments)


def _a(name: str, director: tuple[str, str] | Person, *units: Unit) -> Area:
    if not isinstance(director, Person):
        director = P(*director, job_title=f"Kommunalsjef {name.lower()}")
    return Area(name, director, units)


# fmt: off
AREAS: tuple[Area, ...] = (
    _a(
        "Administrasjon",
        ("Tone", "Vik"),
        _u("Økonomi", ("Geir", "Aasen"), D("Regnskap", 40), D("Budsjett og analyse", 22),
           D("Innkjøp", 26)),
        _u("Organisasjon og personal", ("Hilde", "Strand"), D("Personal", 42), D("Lønn", 36),
           D("Kompetansesenteret", 20)),
        _u("Digitalisering og IKT", ("Stian", "Moe"), D("IKT-drift", 78),
           D("Digital utvikling", 40)),
        _u("Servicetorget og dokumentsenteret", ("Marit", "Lunde"), D("Servicetorget", 46),
           D("Dokumentsenteret", 34)),
        _u("Politisk sekretariat og juridisk", ("Eirik", "Sætre"), D("Politisk sekretariat", 16),
           D("Juridisk avdeling", 20)),
    ),
    _a(
        "Barnehager",
        ("Lene", "Hovland"),
        _u("Barnehagene nord", ("Silje", "Brekke"), D("Solsikken barnehage", 78),
           D("Fjellhagen barnehage", 64), D("Nordlys barnehage", 72),
           D("Tusenfryd barnehage", 60)),
        _u("Barnehagene sør", ("Kjetil", "Dahl"), D("Sjøstjerna barnehage", 76),
           D("Regnbuen barnehage", 68), D("Eventyrskogen barnehage", 74),
           D("Lia barnehage", 66)),
        _u("Barnehagene øst", ("Ragnhild", "Eide"), D("Marihøna barnehage", 80),
           D("Furutoppen barnehage", 72), D("Kløverenga barnehage", 76),
           D("Bekkelunden barnehage", 64)),
        _u("Barnehagene vest", ("Anders", "Myklebust"), D("Havgløtt barnehage", 72),
           D("Måkeberget barnehage", 66), D("Strandkanten barnehage", 70),
           D("Tyttebæret barnehage", 62)),
        _u("Spesialpedagogiske tjenester", ("Hanne", "Rød"), D("Spesialpedagogisk team", 92),
           D("Styrket barnehagetilbud", 42)),
    ),
    _a(
        "Barn og ungdom",
        ("Øyvind", "Fosse"),
        _u("Barneverntjenesten", ("Ingvild", "Haga"), D("Mottak og undersøkelse", 52),
           D("Tiltak og oppfølging", 78), D("Fosterhjemstjenesten", 40),
           D("Barneverninstitusjonen Lyngheim", 70)),
        _u("Helsestasjon og skolehelsetjeneste", ("Kristin", "Nygård"),
           D("Helsestasjonene", 72), D("Skolehelsetjenesten", 58),
           D("Helsestasjon for ungdom", 14)),
        _u("Pedagogisk-psykologisk tjeneste", ("Bjørn", "Sandvik"),
           D("PPT barnehage og barneskole", 32), D("PPT ungdomsskole og voksne", 24)),
        _u("Fritid og ungdom", ("Camilla", "Husby"), D("Ungdomsklubbene", 48),
           D("Utekontakten", 22), D("Ferie- og fritidstilbud", 12)),
        _u("Familiesenteret", ("Torunn", "Aune"), D("Familieveiledning", 30),
           D("Barne- og familieteamet", 58)),
    ),
    _a(
        "Eiendom",
        ("Arne", "Solheim"),
        _u("Drift og vedlikehold", ("Tor Inge", "Rasmussen"), D("Byggdrift nord", 62),
           D("Byggdrift sør", 58), D("Tekniske anlegg", 40)),
        _u("Renhold", ("Nina", "Kvam"), D("Renhold skoler", 118),
           D("Renhold barnehager og sykehjem", 96), D("Renhold administrasjonsbygg", 40)),
        _u("Utbygging", ("Per Erik", "Holm"), D("Prosjektavdelingen", 34),
           D("Byggherreseksjonen", 18)),
        _u("Boligforvaltning", ("Anette", "Bø"), D("Utleie", 30), D("Vaktmestertjenesten", 44)),
    ),
    _a(
        "Helse og sosial",
        KOMMUNALSJEF,
        _u("Seniorsentrene", ("Mona", "Fjeld"), D("Seniorsenteret sentrum", 18),
           D("Seniorsenteret Lia", 14), D("Dagsenteret Solbakken", 60)),
        _u("Helsetjenester", ("Terje", "Lie"), D("Legevakten", 120),
           D("Fysio- og ergoterapitjenesten", 92), D("Kommunale legekontor", 58),
           D("Smittevern og miljørettet helsevern", 24)),
        Unit(
            "Psykisk helse og rus",
            TJENESTELEDER,
            (
                D("Oppfølgingstjenesten", 84, AVDELINGSLEDER),
                D("Rusteamet", 62),
                D("Botiltak Fjellveien", 88),
                D("Aktivitetssenteret Tunet", 36),
            ),
        ),
        _u("Bolig", ("Jon Olav", "Berge"), D("Bofellesskapet Granly", 178),
           D("Bofellesskapet Storhaugen", 164), D("Avlastningsboligen", 96),
           D("Boligkontoret", 26)),
        _u("Sosiale tjenester", ("Elin", "Tangen"), D("Sosialtjenesten NAV Fjordby", 92),
           D("Flyktningtjenesten", 48), D("Kvalifiseringsprogrammet", 20)),
    ),
    _a(
        "Kommunalteknisk",
        ("Knut", "Hamre"),
        _u("Vann og avløp", ("Ole Martin", "Strand"), D("Vannverket", 48),
           D("Avløp og renseanlegg", 62), D("Ledningsnett", 54)),
        _u("Vei og trafikk", ("Trond", "Nilsen"), D("Veivedlikehold", 72),
           D("Trafikksikkerhet og parkering", 28)),
        _u("Renovasjon", ("Gunn", "Helland"), D("Innsamling", 62),
           D("Gjenvinningsstasjonen", 24)),
        _u("Brann og redning", ("Rolf", "Tveit"), D("Beredskapsavdelingen", 86),
           D("Forebyggende avdeling", 24), D("Feiervesenet", 16)),
    ),
    _a(
        "Kultur",
        ("Sigrid", "Aarvik"),
        _u("Fjordby bibliotek", ("Heidi", "Sunde"), D("Hovedbiblioteket", 38),
           D("Filialene", 22)),
        _u("Kulturskolen", ("Magnus", "Bjørke"), D("Musikk", 48), D("Dans og teater", 20),
           D("Visuell kunst", 10)),
        _u("Kulturhuset", ("Linda", "Hope"), D("Scene og teknikk", 24),
           D("Billett og publikum", 14)),
        _u("Idrett og friluftsliv", ("Even", "Ramberg"), D("Svømmehallene", 40),
           D("Idrettsanlegg", 24)),
    ),
    _a(
        "Plan og miljø",
        ("Håkon", "Vatne"),
        _u("Plan og bygg", ("Torill", "Øvrebø"), D("Arealplan", 32), D("Byggesak", 46),
           D("Oppmåling og geodata", 28)),
        _u("Miljø og landbruk", ("Kari", "Aas"), D("Klima og miljø", 14),
           D("Landbruk og natur", 12)),
        _u("Park og grønt", ("Bjørnar", "Hagen"), D("Parkdrift", 38), D("Kirkegårdene", 22)),
    ),
    _a(
        "Pleie og omsorg",
        ("Turid", "Lindstrøm"),
        _u("Fjordtun sykehjem", ("Grete", "Olsen"), D("Skjermet enhet", 112),
           D("Langtidsavdelingen", 158), D("Korttidsavdelingen", 104),
           D("Kjøkken og vaskeri", 42)),
        _u("Lyngbakken sykehjem", ("Hans Petter", "Sæle"), D("Somatisk langtid", 216),
           D("Demensavdelingen", 200), D("Rehabiliteringsavdelingen", 116)),
        _u("Solåsen sykehjem", ("Eva", "Grindheim"), D("Langtid 1", 190), D("Langtid 2", 182),
           D("Lindrende enhet", 78)),
        _u("Hjemmetjenesten nord", ("Kjersti", "Moen"), D("Hjemmesykepleien nord", 330),
           D("Praktisk bistand nord", 168), D("Nattpatruljen", 54)),
        _u("Hjemmetjenesten sør", ("Frode", "Mjelde"), D("Hjemmesykepleien sør", 342),
           D("Praktisk bistand sør", 176), D("Velferdsteknologi og trygghetsalarm", 38)),
    ),
    _a(
        "Skole",
        ("Gunnar", "Tjelle"),
        _u("Haugland skole", ("Bente", "Opsahl"), D("Småtrinnet", 132),
           D("Mellomtrinnet", 108, AVDELINGSLEDER2), D("SFO", 84)),
        _u("Sjøsiden skole", ("Rune", "Hellesøy"), D("Småtrinnet", 126), D("Mellomtrinnet", 114),
           D("Ungdomstrinnet", 128), D("SFO", 80)),
        _u("Bakkebø skole", ("Ellen", "Kolstad"), D("Småtrinnet", 128), D("Mellomtrinnet", 110),
           D("SFO", 78)),
        _u("Fjordby ungdomsskole", ("Svein", "Urdal"), D("8. trinn", 82), D("9. trinn", 80),
           D("10. trinn", 84), D("Forsterket avdeling", 62)),
        _u("Nordvik skole", ("Astrid", "Lothe"), D("Småtrinnet", 114), D("Mellomtrinnet", 106),
           D("Ungdomstrinnet", 140), D("SFO", 70)),
    ),
)
# fmt: on

# Pools for the department leaders that are not named above. Picked by a fixed
# rule, so the same department always gets the same person.
FIRST_NAMES = (
    "Anne", "Kari", "Ingrid", "Marit", "Liv", "Hanne", "Silje", "Camilla", "Ida", "Nora",
    "Tone", "Eli", "Berit", "Solveig", "Kristine", "Elisabeth", "Ragnhild", "Astrid", "Mari",
    "Julie", "Ole", "Lars", "Knut", "Jan", "Per", "Bjørn", "Arne", "Svein", "Kjell", "Geir",
    "Trond", "Erik", "Hans", "Morten", "Rune", "Espen", "Sindre", "Håvard", "Vegard", "Amir",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Nilsen", "Andersen", "Pedersen", "Karlsen", "Jensen",
    "Berg", "Haugen", "Hagen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Henriksen",
    "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Svendsen", "Eriksen",
    "Martinsen", "Knutsen", "Paulsen", "Bakken", "Mathisen", "Amundsen", "Nguyen", "Ali",
    "Tveiten", "Haugland", "Myhre", "Lunde", "Sæther", "Fredriksen", "Birkeland", "Kvamme",
)  # fmt: skip


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
