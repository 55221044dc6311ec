"""Journey: five wrong passwords lock the login, and the page says what to do
(docs/security.md, "Login throttling")."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import LOGIN_PATH, check_accessibility

pytestmark = pytest.mark.browser


def test_a_locked_login_explains_itself(page: Page):
    page.goto(LOGIN_PATH)
    check_accessibility(page)
    for attempt in range(5):
        page.locator('input[name="username"]').fill("avdelingsleder")
        page.locator('input[name="password"]').fill(f"feil-{attempt}")
        with page.expect_navigation():
            page.get_by_role("button", name="Logg inn").click()

    alert = page.get_by_role("alert").filter(has_text="Kontoen er midlertidig sperret")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Du kan prøve igjen kl.")
    expect(alert).to_contain_text("Ta kontakt med BHT")
    check_accessibility(page)
