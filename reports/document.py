"""The neutral shape of a report, shared by every kind and every output format.

A report kind computes a `Report` (figures only, no formatting); the renderers
turn the same `Report` into HTML (the browser view and the PDF through
WeasyPrint), XLSX (one sheet per table) and CSV (the first table). So the
numbers in the PDF, the spreadsheet and the page are the same by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

Cell = str | int | Decimal | float | None


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    # A last row summing the columns, shown apart (bold, "Sum").
    totals: list[Cell] | None = None
    # Short explanation under the table (e.g. "cells under 5 cases are hidden").
    note: str = ""
    # Name of the XLSX sheet (max 31 chars); defaults to the title.
    sheet_name: str = ""


@dataclass
class Chart:
    """An inline SVG (drawn by reports.charts) with a text alternative."""

    title: str
    svg: str
    alt: str


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    # Label/value pairs shown as a definition list (key figures).
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Report:
    kind: str
    title: str
    subtitle: str
    organisation_name: str
    sections: list[Section]
    # What the numbers cover, e.g. "1.1.2025–31.12.2025"; shown on the cover.
    period_label: str = ""
