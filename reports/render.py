"""Renderers: one `Report` into HTML, PDF (WeasyPrint), XLSX (openpyxl) and CSV."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from core import numbers
from core.exports import safe_cell
from core.numbers import format_number
from reports.document import Cell, Report, Table

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def to_html(report: Report, *, standalone: bool = True, for_pdf: bool = False) -> str:
    return render_to_string(
        "reports/document.html",
        {"report": report, "standalone": standalone, "for_pdf": for_pdf},
    )


# PDF/UA-1: a tagged PDF (structure tree with headings, tables with header cells,
# figures with alternative text), document language from <html lang="nb"> and the
# title from <title>, shown in the reader's title bar. `pdfinfo` says "Tagged: yes".
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str) -> bytes:
    import weasyprint  # imported here: it loads Pango, which only PDF output needs

    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant=PDF_VARIANT
    )


def to_pdf(report: Report) -> bytes:
    return html_to_pdf(to_html(report, for_pdf=True))


def decimal_places(value: Decimal | float) -> int:
    if isinstance(value, float):
        return 2
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def display_cell(value: Cell) -> str:
    """A cell as the reader sees it in the page and the PDF: Norwegian numbers
    (core.numbers) with the decimals the figure was computed with; text as is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, Decimal | float):
        return format_number(value, decimal_places(value))
    return str(value)


def _xlsx_format(value: Cell, kind: str) -> tuple[Any, str | None]:
    """The value written to a cell and its number format: numbers stay numbers
    (the secretariat sums them); a percentage column holds fractions."""
    if value is None or isinstance(value, bool | str):
        return (safe_cell(value) if isinstance(value, str) else value), None
    places = decimal_places(value) if isinstance(value, Decimal | float) else 0
    decimals = "." + "0" * places if places else ""
    if kind == "percent":
        return float(Decimal(value) / 100), f"0{decimals}%" if places else numbers.XLSX_PERCENT
    if kind == "kr":
        return _number(value), numbers.XLSX_KR
    if isinstance(value, int) or places == 0:
        return _number(value), numbers.XLSX_INTEGER
    return _number(value), f"#,##0{decimals}" if places != 2 else numbers.XLSX_DECIMAL


def _number(value: Cell) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def tables(report: Report) -> list[Table]:
    return [table for section in report.sections for table in section.tables]


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for index, table in enumerate(tables(report), start=1):
        _sheet(workbook.create_sheet(_sheet_name(table, index, used)), table)
    if not workbook.sheetnames:
        workbook.create_sheet("Rapport").append([report.title])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(table: Table, index: int, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, no []:*?/\\), unique in the book."""
    name = (table.sheet_name or table.title)[:31]
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    if name in used:
        name = f"{name[:27]} {index}"
    used.add(name)
    return name


def _sheet(sheet: Any, table: Table) -> None:
    """The table as numbers with number formats; headers and totals in bold."""
    from openpyxl.styles import Font

    bold = Font(bold=True)
    sheet.append(table.headers)
    for cell in sheet[1]:
        cell.font = bold
    kinds = list(table.column_formats) + [""] * len(table.headers)
    for row in [*table.rows, *([table.totals] if table.totals else [])]:
        values = [_xlsx_format(v, kinds[i]) for i, v in enumerate(row)]
        sheet.append([value for value, _fmt in values])
        for cell, (_value, number_format) in zip(sheet[sheet.max_row], values, strict=False):
            if number_format:
                cell.number_format = number_format
    if table.totals:
        for cell in sheet[sheet.max_row]:
            cell.font = bold
    sheet.freeze_panes = "A2"
    for column, header in enumerate(table.headers, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = max(12, min(40, len(header) + 4))


def to_csv(report: Report) -> bytes:
    """The first table, `;`-separated, UTF-8 with BOM so Excel reads æøå."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    found = tables(report)
    if found:
        table = found[0]
        writer.writerow(table.headers)
        for row in [*table.rows, *([table.totals] if table.totals else [])]:
            writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, str):
        return safe_cell(value)
    return str(value)


def canonical_json(report: Report) -> str:
    """A stable text of the report's content, for the data fingerprint."""
    return json.dumps(dataclasses.asdict(report), default=str, sort_keys=True, ensure_ascii=False)
