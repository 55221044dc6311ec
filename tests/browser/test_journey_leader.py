"""Journey: a department leader finds their main contact and what the BHT offers.

The evaluation behind DESIGN.md §1 found that most employees do not know what the
BHT offers; the main contact and the catalogue are therefore one click from the
start page, and reachable with the keyboard alone.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from core.models import Service, StatutoryCode, User
from tests.browser.helpers import check_accessibility, login, tab_to

pytestmark = pytest.mark.browser

CATALOGUE = "Hva kan BHT hjelpe med?"
ORDER_ENTRY = "Bestill bistand"


def test_it_shows_a_leader_the_main_contact_and_the_catalogue(page: Page):
    # The main contact of Helse og sosial, where avdelingsleder works (seed_demo).
    main_contact = User.objects.get(username="radgiver").get_full_name()
    statutory_services = list(
        Service.objects.active()
        .exclude(statutory_code=StatutoryCode.EXTRA)
        .values_list("name", flat=True)
    )
    assert main_contact, "seed_demo gives radgiver a full name"
    assert statutory_services, "seed_demo loads the statutory services"

    login(page, "avdelingsleder")

    expect(page).to_have_url(re.compile(r"/$"))
    check_accessibility(page)
    start = page.get_by_role("main")
    expect(start).to_contain_text("Din hovedkontakt")
    expect(start).to_contain_text(main_contact)

    page.get_by_role("navigation").get_by_role("link", name=CATALOGUE).first.click()

    expect(page).to_have_url(re.compile(r"/tjenester/$"))
    check_accessibility(page)
    expect(page.get_by_role("heading", level=1, name=CATALOGUE)).to_be_visible()
    catalogue_text = page.get_by_role("main").inner_text()
    shown = [name for name in statutory_services if name in catalogue_text]
    assert shown, f"no statutory service in the catalogue; expected one of {statutory_services}"


def test_it_lets_a_leader_reach_order_and_catalogue_with_the_keyboard(page: Page):
    login(page, "avdelingsleder")
    check_accessibility(page)

    for name in (ORDER_ENTRY, CATALOGUE):
        page.goto("/")  # focus starts at the top of the page each time
        focus = tab_to(page, name)
        assert focus.indicator_shown, (
            f"focus on {focus.describe()} is not visible: :focus-visible={focus.focus_visible}, "
            f"outline={focus.outline_style} {focus.outline_width}px, "
            f"box-shadow={focus.box_shadow}"
        )
