"""Documents everyone can read: tagged PDF (PDF/UA-1) with language, title,
headings, table headers and chart alternative text; Norwegian numbers in the page
and the PDF; XLSX cells that are numbers with number formats."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone
from pypdf import PdfReader

from core.models import Organisation
from core.numbers import XLSX_INTEGER, XLSX_PERCENT
from reports import render
from reports.document import Chart, Report, Section, Table
from reports.kinds import amu_annual

pytestmark = pytest.mark.django_db


def _sample() -> Report:
    return Report(
        kind="amu_annual",
        title="Årsrapport fra bedriftshelsetjenesten 2025",
        subtitle="Til hoved-AMU",
        organisation_name="Fjordby kommune",
        period_label="1.1.2025–31.12.2025",
        sections=[
            Section(
                title="Timer",
                facts=[("Timer levert", "1 388,00")],
                tables=[
                    Table(
                        title="Fornøydhet",
                        headers=["Spørsmål", "5 (%)", "5 (antall)", "Timer"],
                        rows=[["Samlet", Decimal(63), 5, Decimal("1388.00")]],
                        column_formats=["", "percent", "count", "decimal"],
                    )
                ],
                charts=[
                    Chart(
                        title="Søyler",
                        svg="<svg xmlns='http://www.w3.org/2000/svg' "
                        "width='10' height='10'><rect width='5' height='5'/></svg>",
                        alt="Samlet: 5",
                    )
                ],  # fmt: skip
            ),
            Section(title="Anbefalinger", paragraphs=["Mer forebygging."]),
        ],
    )


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils (pdfinfo) missing")
def test_the_pdf_is_tagged(tmp_path):
    pdf = render.to_pdf(_sample())
    path = tmp_path / "rapport.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.MULTILINE), info.stdout
    assert re.search(r"^Title:\s+Årsrapport fra bedriftshelsetjenesten 2025", info.stdout, re.M)
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nb"
    assert root["/MarkInfo"]["/Marked"]
    structure = _structure_types(root["/StructTreeRoot"])
    for tag in ("/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"):
        assert tag in structure, tag
    assert "Søyler: Samlet: 5" in _alt_texts(root["/StructTreeRoot"])
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "1 388,00" in text.replace("\u00a0", " ")
    assert "1388.00" not in text


def _walk(node, seen):  # type: ignore[no-untyped-def]
    node = node.get_object() if hasattr(node, "get_object") else node
    if id(node) in seen:
        return
    seen.add(id(node))
    yield node
    if isinstance(node, dict):
        kids = node.get("/K")
        if kids is not None:
            kids = kids.get_object() if hasattr(kids, "get_object") else kids
            for kid in kids if isinstance(kids, list) else [kids]:
                yield from _walk(kid, seen)


def _structure_types(root) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(n["/S"]) for n in _walk(root, set()) if isinstance(n, dict) and "/S" in n}


def _alt_texts(root) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n["/Alt"]) for n in _walk(root, set()) if isinstance(n, dict) and "/Alt" in n]


def test_page_numbers_are_norwegian():
    html = render.to_html(_sample())
    assert "1\u00a0388,00" in html
    assert ">63<" in html and ">5<" in html


def test_xlsx_cells_are_numbers_with_formats():
    book = openpyxl.load_workbook(io.BytesIO(render.to_xlsx(_sample())))
    sheet = book["Fornøydhet"]
    percent, count, hours = sheet["B2"], sheet["C2"], sheet["D2"]
    assert percent.data_type == "n" and percent.value == pytest.approx(0.63)
    assert percent.number_format == XLSX_PERCENT
    assert count.data_type == "n" and count.value == 5 and count.number_format == XLSX_INTEGER
    assert hours.data_type == "n" and hours.value == 1388
    assert hours.number_format != "General"


def test_the_annual_reports_satisfaction_sheet_can_be_summed():
    organisation = Organisation.objects.get(slug="fjordby")
    report = amu_annual.build(organisation=organisation, year=timezone.localdate().year - 1)
    sheet = openpyxl.load_workbook(io.BytesIO(render.to_xlsx(report)))["Fornøydhet"]
    headers = [c.value for c in sheet[1]]
    assert headers[1:3] == ["1 (%)", "1 (antall)"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row[1:]:
            assert cell.value is None or cell.data_type == "n", (cell.coordinate, cell.value)


# A decimal written with a point ("3.0", "12.0 %"), not part of a date ("31.12.2025").
POINT_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")


@pytest.mark.parametrize("kind", ["amu_annual", "labour_inspection_annual", "sick_leave"])
def test_every_number_in_the_demo_documents_is_norwegian(kind):
    from core.demo import annual_report_year
    from reports.kinds import labour_inspection
    from reports.kinds import sick_leave as sick_leave_kind

    build = {
        "amu_annual": amu_annual.build,
        "labour_inspection_annual": labour_inspection.build,
        "sick_leave": sick_leave_kind.build,
    }[kind]
    report = build(
        organisation=Organisation.objects.get(slug="fjordby"),
        year=annual_report_year(timezone.localdate()),
    )
    html = re.sub(r"<style.*?</style>", "", render.to_html(report), flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    assert re.search(r"\d,\d", text)  # there are decimals, written with a comma
    assert POINT_DECIMAL.findall(text) == []


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils (pdfinfo) missing")
def test_the_demo_annual_report_pdf_is_tagged_with_language_and_title(tmp_path):
    """The real annual report, not only a sample: tagged, nb, titled, headings, tables
    with header cells, charts with alternative text."""
    from core.demo import annual_report_year

    report = amu_annual.build(
        organisation=Organisation.objects.get(slug="fjordby"),
        year=annual_report_year(timezone.localdate()),
    )
    path = tmp_path / "arsrapport.pdf"
    path.write_bytes(render.to_pdf(report))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M), info.stdout
    assert re.search(rf"^Title:\s+{re.escape(report.title)}", info.stdout, re.M), info.stdout
    root = PdfReader(str(path)).trailer["/Root"]
    assert root["/Lang"] == "nb"
    structure = _structure_types(root["/StructTreeRoot"])
    for tag in ("/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"):
        assert tag in structure, tag
    assert all(alt.strip() for alt in _alt_texts(root["/StructTreeRoot"]))
