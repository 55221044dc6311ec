"""The guard against health information: the one home of its word lists and patterns.

A BHT customer writes free text (an order, an advice request, a comment, a plan
proposal, feedback) that many people in the municipality read. Health information
about a named person does not belong there (DESIGN.md: health information is kept
out of the CRM). `scan()` finds what looks like it; the form/serializer layer
(`core.health_check`) turns the findings into a warning the writer can rewrite
or, except for a fødselsnummer, confirm with "Send likevel".

The lists aim at text about one person ("er sykmeldt 50 %", "bruker Sertralin",
"fikk diagnosen ADHD"), not at the vocabulary of the service itself: "Helse og
sosial", "helsefremmende arbeid", "sykefraværsstatistikk", "oppfølging av
sykmeldte", "kreftfremkallende stoffer" and "muskel- og skjelettplager" are the
daily words of occupational health and pass. core/tests/test_health_guard.py
measures precision and recall on real-looking texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

FODSELSNUMMER = "fodselsnummer"
IDENTITETSNUMMER = "identitetsnummer"
DIAGNOSE = "diagnose"
SYKDOM = "sykdom"
MEDISIN = "medisin"
SYKMELDING = "sykmelding"
GRAVIDITET = "graviditet"
BEHANDLING = "behandling"

# Norwegian names of the kinds, in the order a warning lists them.
KIND_LABELS = {
    FODSELSNUMMER: _("fødselsnummer"),
    IDENTITETSNUMMER: _("identitetsnummer"),
    DIAGNOSE: _("diagnose"),
    SYKDOM: _("sykdom"),
    MEDISIN: _("medisin"),
    SYKMELDING: _("sykmelding"),
    GRAVIDITET: _("graviditet"),
    BEHANDLING: _("behandling"),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    match: str
    start: int = 0
    end: int = 0

    @property
    def label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


# --- identity numbers -------------------------------------------------------

# Eleven digits, alone or written 6+5 ("010190 12345", "010190-12345"). Not part of
# a longer run of digits, and not glued to letters (an order reference or an IBAN).
_ELEVEN_DIGITS = re.compile(r"(?<![\w.,-])(\d{6})[ \-.]?(\d{5})(?![\w]|[.,-]?\d)")

_K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _control_digit(digits: Sequence[int], weights: Sequence[int]) -> int | None:
    rest = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    control = 0 if rest == 0 else 11 - rest
    return None if control == 10 else control


def _birth_date_plausible(first_six: str) -> bool:
    """The six first digits are a date (DDMMYY); a D-number adds 40 to the day."""
    day, month, year = int(first_six[:2]), int(first_six[2:4]), int(first_six[4:6])
    if day > 40:
        day -= 40
    try:
        # The century does not matter for the date check, except for 29 February:
        # 2000 is a leap year and every YY is valid in some century that is.
        date(2000 + year if year else 2000, month, day)
    except ValueError:
        try:
            date(1900 + year, month, day)
        except ValueError:
            return False
    return True


def is_valid_fodselsnummer(number: str) -> bool:
    """An eleven-digit fødselsnummer or D-number with a plausible date and both
    mod-11 control digits right."""
    digits_only = re.sub(r"[ \-.]", "", number)
    if len(digits_only) != 11 or not (digits_only.isascii() and digits_only.isdigit()):
        return False
    if not _birth_date_plausible(digits_only[:6]):
        return False
    digits = [int(c) for c in digits_only]
    k1 = _control_digit(digits[:9], _K1_WEIGHTS)
    if k1 is None or k1 != digits[9]:
        return False
    k2 = _control_digit(digits[:10], _K2_WEIGHTS)
    return k2 is not None and k2 == digits[10]


def _scan_numbers(text: str) -> list[Finding]:
    findings = []
    for m in _ELEVEN_DIGITS.finditer(text):
        number = m.group(1) + m.group(2)
        if is_valid_fodselsnummer(number):
            findings.append(Finding(FODSELSNUMMER, m.group(0), m.start(), m.end()))
        elif _birth_date_plausible(number[:6]):
            # Eleven digits starting with a date and a typo in the control digits
            # are still most likely someone's number: warn, do not refuse.
            findings.append(Finding(IDENTITETSNUMMER, m.group(0), m.start(), m.end()))
    return findings


# --- words ------------------------------------------------------------------

_PERCENT = r"\d{1,3}(?:[.,]\d+)?\s?(?:%|prosent)"

# (kind, pattern, case-sensitive). Patterns are matched on word boundaries; a
# list's words are whole words unless the pattern itself allows a suffix.
_WORD_PATTERNS: list[tuple[str, str, bool]] = [
    # Sick leave: percentages in either order, the word about one person, grades.
    (SYKMELDING, rf"{_PERCENT}\s+(?:gradert\s+)?syke?meld(?:t|ing|ingen)", False),
    (SYKMELDING, rf"syke?meld(?:t|ing)\s+(?:med\s+|på\s+|i\s+)?{_PERCENT}", False),
    (SYKMELDING, r"\w*syke?meldt", False),
    (SYKMELDING, r"syke?meldingen|syke?meldinga", False),
    (SYKMELDING, r"gradert\s+syke?melding", False),
    (SYKMELDING, r"(?:er|vært|gått|går|blitt)\s+på\s+syke?melding", False),
    (SYKMELDING, r"egenmeldt|egenmeldingsdag(?:er)?\s+\d", False),
    (SYKMELDING, r"(?:AAP|arbeidsavklaringspenger|uføretrygd(?:et)?|ufør)", False),
    # Diagnoses: the act of diagnosing, codes after "diagnose", and clinical terms.
    (DIAGNOSE, r"diagnos(?:e|en|ene|er|tisert|tisere)|fått\s+påvist", False),
    (DIAGNOSE, r"(?:ICD-?10|ICPC-?2)\s*:?\s*[A-Z]\d{2}(?:\.\d{1,2})?", False),
    (DIAGNOSE, r"[A-Z]\d{2}\.\d{1,2}", True),
    (
        DIAGNOSE,
        r"depresjon(?:en)?|deprimert|depressiv\w*|angstlidelse\w*|panikkangst|"
        r"angstanfall|sosial\s+angst|generalisert\s+angst|"
        r"utbrenthet(?:en)?|utbrent|bipolar\w*|schizofreni\w*|psykose\w*|psykotisk|"
        r"spiseforstyrrelse\w*|anoreksi|bulimi|tvangslidelse|"
        r"autisme|asperger\w*|personlighetsforstyrrelse\w*|selvmordstanker|"
        r"selvskading|posttraumatisk\s+stresslidelse|"
        r"rusmisbruk\w*|rusproblem\w*|rusavhengig\w*|alkoholproblem\w*|"
        r"alkoholmisbruk\w*|alkoholavhengig\w*|alkoholiker\w*|alkoholisme|"
        r"psykisk\s+(?:syk|lidelse|ustabil)\w*|psykiske\s+lidelser",
        False,
    ),
    (DIAGNOSE, r"angst", False),
    (DIAGNOSE, r"OCD|PTSD|ADHD|ADD", True),
    # Named illnesses.
    (
        SYKDOM,
        r"\w*kreft(?:en|syk|syke|behandling(?:en)?|svulst)?|cancer|leukemi|lymfom|"
        r"svulst(?:en)?|diabetes|diabetiker|sukkersyke|migrene|epilepsi|epileptisk|"
        r"astma(?:tiker)?|kols|fibromyalgi|multippel\s+sklerose|"
        r"parkinson\w*|demens|alzheimer\w*|hjerteinfarkt(?:et)?|infarkt|"
        r"hjerneslag(?:et)?|slaganfall|prolaps(?:en)?|isjias|leddgikt|artrose|"
        r"revmatisme|revmatoid\s+artritt|bekhterev|psoriasis|cøliaki|crohns?|"
        r"ulcerøs\s+kolitt|long\s+covid|"
        r"senfølger\s+etter\s+covid|tinnitus|hjernerystelse(?:n)?|whiplash|"
        r"hjerneskade|stoffskiftesykdom|lavt\s+stoffskifte|høyt\s+blodtrykk|"
        r"(?:hjerte|lunge|nyre|lever|hud|mage|tarm|autoimmun|kronisk|alvorlig|"
        r"arvelig)\s?-?sykdom(?:men|mer)?|kronisk\s+syk|dødssyk|uhelbredelig",
        False,
    ),
    (SYKDOM, r"ME/CFS|ME|CFS|MS|HIV|AIDS|KOLS", True),
    # Medication: generic words about a person's use, doses, and common brands.
    (
        MEDISIN,
        r"medisin(?:en|er|ene|ert)?|medikament\w*|antidepressiva|antidepressivt?|sovemedisin\w*|sovepille\w*|"
        r"smertestillende|beroligende|lykkepille\w*|nervemedisin|"
        r"\d+(?:[.,]\d+)?\s?(?:mg|milligram|µg|mcg)|tabletter|resept(?:en)?\s+på",
        False,
    ),
    (
        MEDISIN,
        r"sertralin|zoloft|cipralex|escitalopram|citalopram|fluoksetin|fontex|"
        r"venlafaxin|efexor|mirtazapin|remeron|bupropion|wellbutrin|lamictal|"
        r"lamotrigin|litium|lithium|seroquel|quetiapin|olanzapin|zyprexa|abilify|"
        r"ritalin|concerta|metylfenidat|elvanse|strattera|zopiklon|imovane|"
        r"zolpidem|stilnoct|vival|stesolid|diazepam|valium|sobril|oksazepam|"
        r"xanax|alprazolam|rivotril|klonazepam|lyrica|pregabalin|gabapentin|"
        r"neurontin|tramadol|oxycodon|oxycontin|oxynorm|kodein|paralgin\s+forte|"
        r"pinex\s+forte|morfin|metadon|subutex|suboxone|paracet|paracetamol|"
        r"ibux|ibuprofen|naproxen|voltaren|levaxin|insulin|metformin|ozempic|"
        r"wegovy|marevan|albyl-?e|prednisolon|kortison|ventoline|atarax|circadin",
        False,
    ),
    (GRAVIDITET, r"(?:er|ble|blitt|var)\s+gravid|gravid\s+i\s+(?:uke|\d)|svangerskapsuke", False),
    (GRAVIDITET, r"spontanabort|abort(?:en)?|svangerskapsforgiftning|fødselsdepresjon", False),
    (
        BEHANDLING,
        r"(?:går|gått|henvist|innlagt|henvisning)\s+(?:til|hos|på)\s+"
        r"(?:psykolog|psykiater|fastlege|legen|DPS|sykehus(?:et)?|rehabilitering|"
        r"behandling|poliklinikk|avrusning|rusbehandling)|"
        r"innlagt|operert|operasjon(?:en)?|cellegift\w*|stråling(?:sbehandling)?|"
        r"kjemoterapi|psykiatrisk\s+(?:avdeling|behandling)|akuttpsykiatri\w*|"
        r"legeerklæring(?:en)?|epikrise(?:n)?",
        False,
    ),
]

_COMPILED = [
    (kind, re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", 0 if case else re.IGNORECASE))
    for kind, pattern, case in _WORD_PATTERNS
]

# Whole words that contain a listed word but are the vocabulary of occupational
# health, not information about a person. Checked against the match itself.
_ALLOWED = re.compile(
    r"^(?:kreftfremkallende|kreftrisiko|operasjonsleder\w*|operasjonsavdeling\w*)$",
    re.IGNORECASE,
)


def scan(text: str) -> list[Finding]:
    """What in `text` looks like health information, in the order it appears.

    Overlapping matches keep the first and longest one, so "50 % sykmeldt" is one
    finding, not also "sykmeldt"."""
    if not text:
        return []
    candidates = _scan_numbers(text)
    for kind, pattern in _COMPILED:
        for m in pattern.finditer(text):
            if _ALLOWED.match(m.group(0)):
                continue
            candidates.append(Finding(kind, m.group(0), m.start(), m.end()))
    candidates.sort(key=lambda f: (f.start, -(f.end - f.start)))
    findings: list[Finding] = []
    covered_until = -1
    for finding in candidates:
        if finding.start < covered_until:
            continue
        findings.append(finding)
        covered_until = finding.end
    return findings


def is_refused(findings: Iterable[Finding]) -> bool:
    """A valid fødselsnummer (or D-number) cannot be sent even when confirmed."""
    return any(f.kind == FODSELSNUMMER for f in findings)


def kinds(findings: Iterable[Finding]) -> list[str]:
    """The kinds found, each once, in KIND_LABELS order."""
    found = {f.kind for f in findings}
    return [kind for kind in KIND_LABELS if kind in found]


def describe(findings: Sequence[Finding]) -> str:
    """A Norwegian sentence naming what was found, e.g. for a form error:

    'Teksten ser ut til å inneholde helseopplysninger (sykmelding: «50 % sykmeldt»;
    medisin: «Sertralin»). Skriv om teksten uten opplysninger om en persons helse.'"""
    from django.utils.translation import gettext

    parts = []
    for kind in kinds(findings):
        matches = []
        for f in findings:
            if f.kind == kind and f.match not in matches:
                matches.append(f.match)
        quoted = ", ".join(f"«{m}»" for m in matches[:3])
        parts.append(f"{KIND_LABELS[kind]}: {quoted}")
    found = "; ".join(parts)
    if is_refused(findings):
        return gettext(
            "Teksten inneholder et fødselsnummer (%(found)s). Fødselsnummer og andre "
            "helseopplysninger skal ikke skrives her. Fjern nummeret før du sender."
        ) % {"found": found}
    return gettext(
        "Teksten ser ut til å inneholde helseopplysninger (%(found)s). Skriv om teksten "
        "uten opplysninger om en persons helse, eller kryss av for «Send likevel» hvis "
        "teksten ikke handler om en persons helse."
    ) % {"found": found}
