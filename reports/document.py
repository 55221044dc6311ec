"""The neutral shape of a report, shared by every kind and every output format.

A report kind computes a `Report` (figures only, no formatting); the renderers
turn the same `Report` into HTML (the browser view and the PDF through
WeasyPrint), XLSX (one sheet per table) and CSV (the first table). So the
numbers in the PDF, the spreadsheet and the page are the same by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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
    # Per column, how a number is written in XLSX: "percent" (a whole percentage,
    # stored as a fraction with a percent format), "kr", "count", "decimal" or ""
    # (by the value's type). Shorter than the headers: the rest are "".
    column_formats: list[str] = field(default_factory=list)


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


# --- storage: a run keeps its computed document (reports frozen as made) ----------

_DECIMAL = "$decimal"


def _cell_to_data(value: Cell) -> object:
    # JSON has no decimal type; a tagged string keeps "7.50" exactly as computed.
    if isinstance(value, Decimal):
        return {_DECIMAL: str(value)}
    return value


def _cell_from_data(value: object) -> Cell:
    if isinstance(value, dict) and _DECIMAL in value:
        return Decimal(value[_DECIMAL])
    return value  # type: ignore[return-value]


def _cells(values: list[Cell] | None) -> list[object] | None:
    return None if values is None else [_cell_to_data(v) for v in values]


def report_to_data(report: Report) -> dict[str, object]:
    """The report as JSON-ready data, exactly reversible by `report_from_data`."""
    return {
        "kind": report.kind,
        "title": report.title,
        "subtitle": report.subtitle,
        "organisation_name": report.organisation_name,
        "period_label": report.period_label,
        "sections": [
            {
                "title": s.title,
                "paragraphs": list(s.paragraphs),
                "facts": [[label, value] for label, value in s.facts],
                "charts": [{"title": c.title, "svg": c.svg, "alt": c.alt} for c in s.charts],
                "tables": [
                    {
                        "title": t.title,
                        "headers": list(t.headers),
                        "rows": [_cells(row) for row in t.rows],
                        "totals": _cells(t.totals),
                        "note": t.note,
                        "sheet_name": t.sheet_name,
                        "column_formats": list(t.column_formats),
                    }
                    for t in s.tables
                ],
            }
            for s in report.sections
        ],
    }


def report_from_data(data: dict[str, Any]) -> Report:
    return Report(
        kind=data["kind"],
        title=data["title"],
        subtitle=data["subtitle"],
        organisation_name=data["organisation_name"],
        period_label=data.get("period_label", ""),
        sections=[
            Section(
                title=s["title"],
                paragraphs=list(s["paragraphs"]),
                facts=[(label, value) for label, value in s["facts"]],
                charts=[Chart(**c) for c in s["charts"]],
                tables=[
                    Table(
                        title=t["title"],
                        headers=list(t["headers"]),
                        rows=[[_cell_from_data(v) for v in row] for row in t["rows"]],
                        totals=None
                        if t["totals"] is None
                        else [_cell_from_data(v) for v in t["totals"]],
                        note=t["note"],
                        sheet_name=t["sheet_name"],
                        column_formats=list(t.get("column_formats", [])),
                    )
                    for t in s["tables"]
                ],
            )
            for s in data["sections"]
        ],
    )
