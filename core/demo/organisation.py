"""The demo municipality Fjordby: its dates, organisation tree, the personas' places in it,
and generated names."""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
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


ORGANISATION = {
    "slug": "fjordby",
    "name": "Fjordby kommune",
    "org_number": "940123453",  # nine digits with a valid modulus-11 check digit
    "employees": 9344,
    "fte": Decimal("7288.0"),
    "sla_working_days": 3,
    "sick_leave_threshold_percent": Decimal("12.0"),
}


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
