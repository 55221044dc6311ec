"""Journey: anyone reads the privacy page; the BHT manager finds a person, downloads
the export and reaches the erasure confirmation (docs/privacy.md)."""

import re

import pytest
from playwright.sync_api import Page, expect

from core.models import AccessLog, User
from tests.browser.helpers import check_accessibility, login

pytestmark = pytest.mark.browser


def test_the_privacy_page_and_the_managers_export(page: Page):
    page.goto("/logg-inn/")
    check_accessibility(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Personvern").click()
    expect(page).to_have_url(re.compile(r"/personvern/$"))
    check_accessibility(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Personvern i BHT-CRM")
    expect(page.get_by_role("main")).to_contain_text("§ 3-3")

    login(page, "bhtleder")
    check_accessibility(page)
    ansatt = User.objects.get(username="ansatt")
    page.goto("/personvern/personer/")
    check_accessibility(page)
    page.get_by_label("Navn, brukernavn eller e-post").fill(ansatt.last_name)
    page.get_by_role("button", name="Søk").click()
    check_accessibility(page)
    page.get_by_role("link", name=ansatt.get_full_name()).first.click()
    expect(page).to_have_url(re.compile(r"/personvern/personer/ansatt/$"))
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned JSON").click()
    assert download.value.suggested_filename.startswith("personvern-ansatt-")
    assert AccessLog.objects.filter(
        user__username="bhtleder", action="export", object_id=str(ansatt.pk)
    ).exists()

    # ansatt holds a role: the erasure is refused, and the page says why.
    expect(page.get_by_role("main")).to_contain_text("aktive roller")
    page.goto("/personvern/personer/ansatt/slett/")
    check_accessibility(page)
    expect(page.get_by_role("button", name="Slett nå")).to_have_count(0)
