"""Journey: the AMU's meeting. The BHT manager requests an annual report, releases
it to hoved-AMU, sets up today's meeting and puts the report on its agenda; amu
(chair and secretary) records the decision in the meeting and approves the
minutes, which become a PDF; the årshjul shows the meeting. Axe on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.demo import annual_report_year
from tests.browser.helpers import assert_no_sideways_scroll, check_accessibility, login

pytestmark = pytest.mark.browser

DECISION = "Hoved-AMU tar årsrapporten til orientering."


def as_user(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    check_accessibility(page)


def test_manager_releases_and_amu_decides_in_the_meeting(page: Page):
    today = timezone.localdate()
    # A year the demo has no annual report for: a new run, not yet released.
    year = str(annual_report_year(today) - 1)

    as_user(page, "bhtleder")
    page.get_by_role("navigation").get_by_role("link", name="Rapporter").click()
    check_accessibility(page)
    page.get_by_label("Rapporttype").select_option(label="Årsrapport til AMU")
    page.get_by_label("Virksomhet").select_option(label="Fjordby kommune")
    page.get_by_label("År", exact=True).fill(year)
    # On SQLite the report is made in the request: allow a slow, busy machine.
    with page.expect_navigation(timeout=120_000):
        page.get_by_role("button", name="Lag rapport").click(no_wait_after=True)
    expect(page).to_have_url(re.compile(r"/rapporter/\d+/$"))
    expect(page.get_by_role("progressbar")).to_have_attribute(
        "aria-valuenow", "100", timeout=60_000
    )
    expect(page.get_by_role("main")).to_contain_text("Tallene er hentet")
    check_accessibility(page)
    page.get_by_role("button", name="Frigi til utvalget").click()
    expect(page.get_by_role("main")).to_contain_text("Rapporten er frigitt til utvalget")
    check_accessibility(page)

    # The BHT's other pages of the AMU year: trends, reference figures, training.
    page.get_by_role("link", name="Rapporter", exact=True).first.click()
    page.get_by_role("link", name="Trender over år").click()
    check_accessibility(page)
    # The table of hours per § 13-2 letter has eleven columns: it goes below its
    # chart and scrolls inside itself, the page does not.
    assert_no_sideways_scroll(page)
    expect(page.get_by_role("main")).to_contain_text("Sykefravær mot referansetall")
    page.get_by_role("link", name="Referansetall").click()
    check_accessibility(page)
    page.goto(page.url.split("/rapporter/")[0] + "/rapporter/bht-opplaering/")
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Status per person")

    # Today's meeting of hoved-AMU, with the report on its agenda.
    page.goto(page.url.split("/rapporter/")[0] + "/rapporter/amu-moter/")
    check_accessibility(page)
    page.get_by_label("Møtedato").fill(today.isoformat())
    page.get_by_label("Sted").fill("Rådhuset")
    page.get_by_label("Møteleder").select_option(label="Hege Pedersen")
    page.get_by_label("Sekretær").select_option(label="Hege Pedersen")
    page.get_by_role("button", name="Opprett møte").click()
    expect(page).to_have_url(re.compile(r"/rapporter/amu-moter/\d+/$"))
    check_accessibility(page)
    meeting_url = page.url
    page.get_by_label("Type sak").select_option(label="Rapport til behandling")
    page.get_by_label("Rapport som venter på behandling").select_option(
        label=f"Årsrapport til AMU {year}"
    )
    page.get_by_role("button", name="Sett på sakslisten").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text(f"Sak 1: Årsrapport til AMU {year}")

    # AMU records the decision in the meeting and approves the minutes.
    as_user(page, "amu")
    page.goto(meeting_url)
    check_accessibility(page)
    page.get_by_label("Saksnummer").fill("26/40")
    page.get_by_label("Vedtak").fill(DECISION)
    page.get_by_role("button", name="Registrer vedtak i sak 1").click()
    check_accessibility(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Vedtaket er registrert")
    expect(main).to_contain_text(DECISION)
    page.get_by_role("button", name="Godkjenn protokollen").click()
    check_accessibility(page)
    expect(main).to_contain_text("Protokollen er godkjent og låst")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned protokollen (PDF)").click()
    assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF")

    # The report shows its treatment; the årshjul shows the meeting.
    page.get_by_role("link", name="Åpne rapporten").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("26/40")
    page.goto(page.url.split("/rapporter/")[0] + "/rapporter/arshjul/")
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Møte i Hoved-AMU")
