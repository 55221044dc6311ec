"""Journey: an action plan from a unit's wish to approval in hoved-AMU.

tjenesteleder proposes an item → kommunalsjef makes a draft for 2027–2028, takes
the wish into it and sends it to the BHT → radgiver gives professional feedback →
kommunalsjef records the treatment in MBM and signs → amu approves → the board
shows the plan as approved. Helse og sosial has no plan for 2027 in the demo.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from actionplans.models import ActionPlan
from tests.browser.helpers import check_accessibility, login

pytestmark = pytest.mark.browser

WISH = "Arbeidsmiljøkartlegging i bolig"


def as_user(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    check_accessibility(page)  # the start page, where login lands


def open_plan(page: Page) -> None:
    plan = ActionPlan.objects.get(area__name="Helse og sosial", start_year=2027)
    page.goto(f"/handlingsplaner/{plan.pk}/")
    check_accessibility(page)


def test_it_takes_a_plan_from_a_wish_to_approval(page: Page):
    today = timezone.localdate().isoformat()

    as_user(page, "tjenesteleder")
    page.get_by_role("navigation").get_by_role("link", name="Handlingsplaner").click()
    check_accessibility(page)
    page.get_by_role("link", name="Forslag til tiltak").click()
    check_accessibility(page)
    page.get_by_label("Tjeneste", exact=True).select_option(label="Kartlegging og risikovurdering")
    page.get_by_label("Hva ønsker dere?").fill(WISH)
    page.get_by_label("Hvorfor?").fill("Mye sykefravær etter flyttingen.")
    page.get_by_label("Omtrent hvor mange timer?").fill("16")
    page.get_by_label("For perioden").select_option(label="2027–2028")
    page.get_by_role("button", name="Send forslag").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Forslaget er sendt")

    as_user(page, "kommunalsjef")
    page.goto("/handlingsplaner/")
    check_accessibility(page)
    page.get_by_role("link", name="Ny handlingsplan").click()
    check_accessibility(page)
    page.get_by_label("Periode").select_option(label="2027–2028")
    page.get_by_label("Timebudsjett").fill("120")
    page.get_by_role("button", name="Opprett utkast").click()
    check_accessibility(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Helse og sosial 2027–2028")

    page.get_by_role("link", name="Se forslag fra tjenesteområdene").click()
    check_accessibility(page)
    card = page.get_by_role("article").filter(has_text=WISH)
    card.get_by_label("Ta inn i utkastet").check()
    card.get_by_label("Svar til forslagsstiller").fill("Tatt med i planen.")
    card.get_by_role("button", name="Lagre avgjørelse").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Forslaget er avgjort")

    open_plan(page)
    expect(page.get_by_role("main")).to_contain_text(WISH)
    page.get_by_role("button", name="Send til BHT").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Til faglig vurdering")

    as_user(page, "radgiver")
    open_plan(page)
    page.get_by_role("link", name="Gi faglig tilbakemelding").click()
    check_accessibility(page)
    page.get_by_label("Faglig tilbakemelding på hele planen").fill("Godt begrunnet plan.")
    page.get_by_role("button", name="Gi faglig tilbakemelding").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Godt begrunnet plan.")

    as_user(page, "kommunalsjef")
    open_plan(page)
    page.get_by_role("link", name="Registrer behandling i MBM").click()
    check_accessibility(page)
    page.get_by_label("Møtedato").fill(today)
    page.get_by_label("Saksnummer").fill("26/41")
    page.get_by_role("button", name="Registrer behandling i MBM").click()
    check_accessibility(page)
    page.get_by_role("button", name="Signer").click()
    # The confirm step states the consequence; the keyboard confirms it.
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("går til godkjenning i hoved-AMU")
    confirm = page.get_by_role("button", name="Ja, signer planen")
    expect(confirm).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Signert")

    as_user(page, "amu")
    open_plan(page)
    page.get_by_role("link", name="Godkjenn i AMU").click()
    check_accessibility(page)
    page.get_by_label("Møtedato").fill(today)
    page.get_by_label("Saksnummer").fill("26/77")
    page.get_by_role("button", name="Godkjenn i AMU").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("26/77")
    page.get_by_role("button", name="Ja, godkjenn planen").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Planen er godkjent.")

    page.get_by_role("link", name="Handlingsplaner").first.click()
    expect(page).to_have_url(re.compile(r"/handlingsplaner/$"))
    check_accessibility(page)
    row = page.get_by_role("row").filter(has_text="Helse og sosial")
    expect(row.get_by_role("cell").nth(2)).to_contain_text("Godkjent")
