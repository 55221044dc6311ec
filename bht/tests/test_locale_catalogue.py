"""The English catalogue is complete: every entry that `make messages` collected has
an English text, none is left fuzzy (a guess by msgmerge from a similar string), and
the compiled catalogue that Django reads says the same as the .po file.

Run `make messages` after changing user-facing text; it collects the strings and
compiles the catalogue, and this test then names what still needs translating."""

from __future__ import annotations

import ast
import gettext
from dataclasses import dataclass, field

from django.conf import settings

PO = settings.LOCALE_PATHS[0] / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    strings: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.strings.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [text for name, text in self.strings.items() if name.startswith("msgstr")]


def _entries(text: str) -> list[Entry]:
    """The live entries of a .po file (obsolete `#~` entries left out)."""
    entries = []
    for block in text.split("\n\n"):
        entry, current = Entry(), ""
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry.strings[current] += ast.literal_eval(line)
            else:
                current, _space, quoted = line.partition(" ")
                entry.strings[current] = ast.literal_eval(quoted)
        if entry.strings:
            entries.append(entry)
    return [entry for entry in entries if entry.msgid]  # the header has msgid ""


def test_it_has_an_english_text_for_every_entry():
    untranslated = [e.msgid for e in _entries(PO.read_text("utf-8")) if "" in e.translations]
    assert not untranslated, f"{len(untranslated)} without English in {PO}: {untranslated[:10]}"


def test_it_has_no_fuzzy_entries():
    fuzzy = [e.msgid for e in _entries(PO.read_text("utf-8")) if "fuzzy" in e.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries in {PO} (check and clear): {fuzzy[:10]}"


def test_the_compiled_catalogue_matches_the_po_file():
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = [
        e.msgid
        for e in _entries(PO.read_text("utf-8"))
        if "msgid_plural" not in e.strings and compiled.gettext(e.msgid) != e.translations[0]
    ]
    assert not stale, f"{MO.name} is older than {PO.name} (run make messages): {stale[:10]}"


def test_the_reader_finds_what_it_should():
    """The parser above on a small sample: a test of the tests' own tool."""
    sample = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        'msgid "Ja"\nmsgstr "Yes"\n\n'
        '#, fuzzy, python-format\nmsgid "Uke %(n)s"\nmsgstr "Week %(n)s"\n\n'
        'msgid ""\n"To linjer "\n"her"\nmsgstr ""\n\n'
        'msgid "en"\nmsgid_plural "flere"\nmsgstr[0] "one"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gammel"\n#~ msgstr "Old"\n'
    )
    entries = _entries(sample)
    assert [e.msgid for e in entries] == ["Ja", "Uke %(n)s", "To linjer her", "en"]
    assert entries[1].flags == {"fuzzy", "python-format"}
    assert [("" in e.translations) for e in entries] == [False, False, True, True]
