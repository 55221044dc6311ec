"""Journey: the annual report to AMU, from the BHT manager's request to the decision.

bhtleder requests last year's `amu_annual` with recommendations → watches the
progress bar reach 100 % → downloads the PDF (it opens and names the organisation)
→ releases it to the committee → amu opens the report from the archive, reads
it in the browser, comments and records the committee's decision → the archive
shows the report as treated.

On SQLite the task runs in-process; in CI's PostgreSQL pass a real Celery worker
picks it up and the page polls until it is done.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.helpers import check_accessibility, login

pytestmark = pytest.mark.browser

RECOMMENDATION = "Flere vernerunder i barnehagene."
COMMENT = "Kan BHT vise utviklingen over tre år neste gang?"
DECISION = "Hoved-AMU tar årsrapporten til orientering."


def as_user(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    check_accessibility(page)


def test_annual_report_from_request_to_amu_decision(page: Page):
    last_year = str(timezone.localdate().year - 1)

    as_user(page, "bhtleder")
    page.get_by_role("navigation").get_by_role("link", name="Rapporter").click()
    check_accessibility(page)
    page.get_by_label("Rapporttype").select_option(label="Årsrapport til AMU")
    page.get_by_label("Virksomhet").select_option(label="Fjordby kommune")
    page.get_by_label("År", exact=True).fill(last_year)
    page.get_by_label("BHTs anbefalinger for neste år").fill(RECOMMENDATION)
    page.get_by_role("button", name="Lag rapport").click()

    # The run page: the progress bar fills (polled by htmx) until the files appear.
    expect(page).to_have_url(re.compile(r"/rapporter/\d+/$"))
    progress = page.get_by_role("progressbar")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("aria-valuenow", "100", timeout=60_000)
    pdf_link = page.get_by_role("link", name=re.compile(r"Last ned PDF"))
    expect(pdf_link).to_be_visible()
    check_accessibility(page)
    run_url = page.url

    with page.expect_download() as download_info:
        pdf_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Fjordby kommune" in text and last_year in text and RECOMMENDATION in text

    # The committee sees the report only once the BHT manager has released it.
    page.get_by_role("button", name="Frigi til utvalget").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Rapporten er frigitt til utvalget")

    # AMU opens it from the archive, reads it, comments and records the decision.
    as_user(page, "amu")
    page.get_by_role("navigation").get_by_role("link", name="Rapporter").click()
    check_accessibility(page)
    page.locator(f'a[href="{_path(run_url)}"]').first.click()
    check_accessibility(page)
    page.get_by_role("link", name="Vis i nettleseren").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text(RECOMMENDATION)
    page.go_back()

    page.get_by_label("Ny kommentar").fill(COMMENT)
    page.get_by_role("button", name="Lagre kommentar").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text(COMMENT)

    page.get_by_label("Møtedato").fill(timezone.localdate().isoformat())
    page.get_by_label("Saksnummer").fill("26/31")
    page.get_by_label("Vedtak").fill(DECISION)
    page.get_by_role("button", name="Registrer behandlingen").click()
    check_accessibility(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Behandlingen i AMU er registrert")
    expect(main).to_contain_text(DECISION)
    expect(main).to_contain_text("26/31")

    page.get_by_role("link", name="Rapporter", exact=True).first.click()
    check_accessibility(page)
    row = page.get_by_role("row").filter(has=page.locator(f'a[href$="{_path(run_url)}"]'))
    expect(row).to_contain_text("Behandlet")


def _path(url: str) -> str:
    return "/" + url.split("//", 1)[1].split("/", 1)[1]
