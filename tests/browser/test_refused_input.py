"""A value the system cannot store (a NUL character) gets a page that says which
field, in the layout of every page, and passes axe (bht.middleware.RefuseNulMiddleware)."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import check_accessibility, login

pytestmark = pytest.mark.browser


def test_a_search_with_a_nul_gets_a_page_naming_the_field(page: Page):
    login(page, "radgiver")
    check_accessibility(page)
    response = page.goto("/timer/mal/?sok=Nina%00")
    assert response is not None and response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("Dette kunne ikke tas imot")
    expect(page.locator(".ds-error-summary")).to_contain_text("Feltet «sok»")
    expect(page.get_by_role("link", name="Til forsiden")).to_be_visible()
    check_accessibility(page)
    page.screenshot(path="test-results/refused-input.png", full_page=True)
