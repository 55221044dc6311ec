"""Journey: anyone finds the accessibility statement in the footer, reads it and
sends feedback, which lands in the BHT's triage."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from orders.models import Channel, Inquiry
from tests.browser.helpers import check_accessibility

pytestmark = pytest.mark.browser


def test_the_statement_and_its_feedback_form(page: Page):
    cache.clear()
    page.goto("/logg-inn/")
    check_accessibility(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Tilgjengelighetserklæring").click()
    expect(page).to_have_url(re.compile(r"/tilgjengelighet/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgjengelighetserklæring")
    check_accessibility(page)

    # Refused input: the error summary and the field's message, still accessible.
    page.get_by_role("button", name="Send tilbakemelding").click()
    expect(page.get_by_role("main")).to_contain_text("Skriv hva tilbakemeldingen gjelder.")
    check_accessibility(page)

    page.get_by_label("Hva fungerer ikke for deg?").fill("Menyen lukkes ikke med Escape.")
    page.get_by_label("E-post (valgfritt, for å få svar)").fill("kari@example.org")
    page.get_by_role("button", name="Send tilbakemelding").click()
    expect(page.get_by_text("Takk! Tilbakemeldingen er sendt til BHT.")).to_be_visible()
    check_accessibility(page)
    assert Inquiry.objects.filter(
        channel=Channel.FEEDBACK, sender_email="kari@example.org"
    ).exists()
