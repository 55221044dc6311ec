"""The health guard's detector on real-looking texts, with precision and recall.

Run with `-rA` (or `-s`) to see the measured precision and recall in the output;
they are also recorded as junit properties.
"""

import pytest

from core import health_guard
from core.health_guard import Finding, is_refused, is_valid_fodselsnummer, scan

# Synthetic numbers with valid control digits (computed, no real person's number).
FNR = "15038512363"
FNR_SPACED = "010190 41413"
D_NUMBER = "45017212315"  # day 05 + 40
FNR_BAD_CONTROL = "15038512364"

# (text, kinds the guard must find; empty = a near miss that must pass)
CORPUS: list[tuple[str, set[str]]] = [
    # --- hits ---
    ("Ansatt er 50 % sykmeldt og trenger tilrettelegging av arbeidstid.", {"sykmelding"}),
    ("Kari har vært sykmeldt 40% siden mars, vi ønsker en samtale.", {"sykmelding"}),
    ("Medarbeideren er gradert sykmeldt og jobber tre dager i uka.", {"sykmelding"}),
    ("Han er langtidssykmeldt og vi trenger hjelp med oppfølgingen.", {"sykmelding"}),
    ("Arbeidstaker er sykemeldt etter en ulykke på lageret.", {"sykmelding"}),
    ("Sykmeldingen går ut neste uke, hva gjør vi da?", {"sykmelding"}),
    ("En av fagarbeiderne har fått diagnosen ADHD og sliter med skiftarbeid.", {"diagnose"}),
    ("Hun har depresjon og bruker Sertralin 50 mg daglig.", {"diagnose", "medisin"}),
    ("Ansatt med angstlidelse ønsker ikke å jobbe i kassen.", {"diagnose"}),
    ("Lederen er utbrent og har gått til psykolog i flere måneder.", {"diagnose", "behandling"}),
    ("Medarbeider med diabetes må ha faste pauser for å ta insulin.", {"sykdom", "medisin"}),
    ("En ansatt har epilepsi og kan ikke kjøre truck.", {"sykdom"}),
    ("Kollegaen vår har brystkreft og er i cellegiftbehandling.", {"sykdom", "behandling"}),
    ("Han fikk hjerteinfarkt i fjor og tåler ikke tunge løft.", {"sykdom"}),
    ("Ansatt med prolaps i ryggen trenger nytt hev-senk-bord.", {"sykdom"}),
    ("Vedkommende har MS og blir fort sliten.", {"sykdom"}),
    ("Personen bruker sovemedisin og er trøtt på morgenvakt.", {"medisin"}),
    ("Hun går på Cipralex og lurer på om hun kan jobbe natt.", {"medisin"}),
    ("Ansatt tar smertestillende hver dag på grunn av skulderen.", {"medisin"}),
    ("Arbeidstakeren er gravid i uke 20 og jobber med løft.", {"graviditet"}),
    ("Hun ble innlagt på sykehus etter vakta i helga.", {"behandling"}),
    (f"Gjelder ansatt med fødselsnummer {FNR}, kan dere ringe henne?", {"fodselsnummer"}),
    (f"Personnummer {FNR_SPACED} må få tilrettelagt arbeid.", {"fodselsnummer"}),
    (f"D-nummer {D_NUMBER} mangler i listen.", {"fodselsnummer"}),
    (f"Arbeidstaker {FNR_BAD_CONTROL} trenger oppfølging.", {"identitetsnummer"}),
    ("Diagnose F32.1 ifølge legeerklæringen.", {"diagnose", "behandling"}),
    ("Ansatt med alkoholproblemer møter beruset på jobb.", {"diagnose"}),
    ("Han har PTSD etter ranet på butikken.", {"diagnose"}),
    ("Medarbeideren har migrene og tåler ikke lysstoffrør.", {"sykdom"}),
    ("Hun har astma og reagerer på støv i verkstedet.", {"sykdom"}),
    # --- near misses ---
    ("Helse og sosial ønsker kartlegging av inneklima i tre bygg.", set()),
    ("Vi ønsker bistand til helsefremmende arbeid i avdelingen.", set()),
    ("Kan BHT lage en sykefraværsstatistikk for enheten for 2025?", set()),
    ("Vi trenger en gjennomgang av sykefraværsoppfølging generelt.", set()),
    ("Opplæring i oppfølging av sykmeldte for nye ledere.", set()),
    ("Organisasjonsnummer 974 760 673, fakturaadresse Postboks 1.", set()),
    ("Ring meg på 912 34 567 eller +47 55 56 60 00.", set()),
    ("Ønsket oppstart 01.03.2026, helst før påske.", set()),
    ("Kartlegging av kjemikalier, blant annet kreftfremkallende stoffer.", set()),
    ("Forebygge muskel- og skjelettplager blant renholderne.", set()),
    ("Risikovurdering for gravide arbeidstakere i barnehagen.", set()),
    ("Støymåling i produksjonshallen, nivåene virker høye.", set()),
    ("Arbeidsmiljøkartlegging etter omorganisering, mye konflikt i teamet.", set()),
    ("Vi ønsker et kurs i ergonomi og løfteteknikk for hjemmetjenesten.", set()),
    ("Bistand til konflikthåndtering og mobbing/trakassering.", set()),
    ("Vaksinasjon mot hepatitt B for ansatte i renovasjon ble avklart i fjor.", set()),
    ("Prosjektnummer 20251234567 i økonomisystemet.", set()),
    ("Kontonummer 1503.85.12363 for refusjon.", set()),
    ("Vi har 12 ansatte og 3 lærlinger i avdelingen, 40 % av dem jobber deltid.", set()),
    ("Helsekontroll for nattarbeidere etter arbeidsmiljøloven § 10-11.", set()),
    ("Psykososialt arbeidsmiljø: vi ønsker en medarbeiderundersøkelse.", set()),
    ("Sykefraværet er 8,4 prosent og vi ønsker tiltak på gruppenivå.", set()),
]


def _measure():
    tp = fp = fn = tn = 0
    for text, expected in CORPUS:
        found = bool(scan(text))
        if expected and found:
            tp += 1
        elif expected and not found:
            fn += 1
        elif found:
            fp += 1
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return tp, fp, fn, tn, precision, recall


def test_corpus_has_at_least_40_texts_with_hits_and_near_misses():
    assert len(CORPUS) >= 40
    assert sum(1 for _, k in CORPUS if k) >= 20
    assert sum(1 for _, k in CORPUS if not k) >= 20


def test_precision_and_recall_on_the_corpus(record_property):
    tp, fp, fn, tn, precision, recall = _measure()
    record_property("health_guard_precision", f"{precision:.3f}")
    record_property("health_guard_recall", f"{recall:.3f}")
    print(
        f"\nhealth_guard on {len(CORPUS)} texts: precision {precision:.3f}, "
        f"recall {recall:.3f} (tp={tp} fp={fp} fn={fn} tn={tn})"
    )
    assert precision >= 0.9
    assert recall >= 0.9


@pytest.mark.parametrize(("text", "expected"), CORPUS, ids=[t[:40] for t, _ in CORPUS])
def test_each_text_gets_the_kinds_expected(text, expected):
    assert {f.kind for f in scan(text)} == expected


def test_a_sick_leave_percentage_is_one_finding_with_the_whole_phrase():
    findings = scan("Hun er 50 % sykmeldt.")
    assert findings == [Finding("sykmelding", "50 % sykmeldt", 7, 20)]


def test_valid_fodselsnummer_and_d_number_are_refused():
    assert is_valid_fodselsnummer(FNR)
    assert is_valid_fodselsnummer(D_NUMBER)
    assert is_refused(scan(f"fnr {FNR}"))
    assert is_refused(scan(f"fnr {FNR_SPACED}"))


def test_wrong_control_digit_or_impossible_date_is_not_a_fodselsnummer():
    assert not is_valid_fodselsnummer(FNR_BAD_CONTROL)
    assert not is_valid_fodselsnummer("32138512363")  # day 32, month 13
    assert not is_valid_fodselsnummer("1503851236")  # ten digits
    findings = scan(f"nr {FNR_BAD_CONTROL}")
    assert [f.kind for f in findings] == ["identitetsnummer"]
    assert not is_refused(findings)


def test_a_fodselsnummer_inside_a_longer_number_is_not_found():
    assert scan(f"ref 9{FNR}") == []
    assert scan(f"ref {FNR}7") == []


def test_other_findings_are_not_refused():
    assert not is_refused(scan("Han er sykmeldt og bruker Sertralin."))


def test_describe_names_the_findings_in_norwegian():
    text = health_guard.describe(scan("Hun er 50 % sykmeldt og bruker Sertralin."))
    assert "helseopplysninger" in text
    assert "sykmelding: «50 % sykmeldt»" in text
    assert "medisin: «Sertralin»" in text
    assert "Send likevel" in text


def test_describe_a_fodselsnummer_says_remove_it():
    text = health_guard.describe(scan(f"fnr {FNR}"))
    assert "fødselsnummer" in text
    assert "Send likevel" not in text


def test_empty_text_has_no_findings():
    assert scan("") == []
