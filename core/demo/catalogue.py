"""The demo BHT: its profile, competence areas, inquiry categories and service catalogue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from .organisation import EMAIL_DOMAIN


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    statutory_code: str
    description: str
    competence_areas: tuple[str, ...]
    typical_hours: Decimal | None = field(default=None)


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
