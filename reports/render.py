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

from core.exports import safe_cell
from reports.document import Cell, Report, Table

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def to_html(report: Report, *, standalone: bool = True) -> str:
    return render_to_string("reports/document.html", {"report": report, "standalone": standalone})


def to_pdf(report: Report) -> bytes:
    import weasyprint  # imported here: it loads Pango, which only PDF output needs

    html = to_html(report)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _number(value: Cell) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def tables(report: Report) -> list[Table]:
    return [table for section in report.sections for table in section.tables]


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for index, table in enumerate(tables(report), start=1):
        name = (table.sheet_name or table.title)[:31]
        for bad in "[]:*?/\\":
            name = name.replace(bad, " ")
        if name in used:
            name = f"{name[:27]} {index}"
        used.add(name)
        sheet = workbook.create_sheet(name)
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append([safe_cell(_number(v)) for v in row])
        if table.totals:
            sheet.append([safe_cell(_number(v)) for v in table.totals])
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        sheet.freeze_panes = "A2"
        for column, header in enumerate(table.headers, start=1):
            letter = sheet.cell(row=1, column=column).column_letter
            sheet.column_dimensions[letter].width = max(12, min(40, len(header) + 4))
    if not workbook.sheetnames:
        workbook.create_sheet("Rapport").append([report.title])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
