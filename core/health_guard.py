"""The health-information guard (minimal stand-in).

Orders and inquiries must never hold health details (DESIGN.md §6, "two stores").
`scan(text)` returns what looks like health information or an identity number.
This is a minimal version with the agreed signature; the full guard replaces it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    kind: str  # "fodselsnummer" or "helseopplysninger"
    match: str


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fodselsnummer", re.compile(r"(?<!\d)\d{6}\s?\d{5}(?!\d)")),
    ("helseopplysninger", re.compile(r"\bsykmeldt\w*|\bdiagnose\w*", re.IGNORECASE)),
)


def scan(text: str) -> list[Finding]:
    findings: list[Finding] = []
    for kind, pattern in _PATTERNS:
        findings.extend(Finding(kind=kind, match=m.group(0)) for m in pattern.finditer(text or ""))
    return findings
