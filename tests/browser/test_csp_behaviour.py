"""The behaviour that inline scripts and htmx eval used to give, under the
Content-Security-Policy (docs/security.md, "Content-Security-Policy").

Each step would silently stop working if the policy blocked its script; the
`page` fixture also fails on any CSP violation in the console.
"""

import pytest
from playwright.sync_api import Page, expect

from actionplans.models import ActionPlan
from orders.models import Inquiry
from tests.browser.helpers import check_accessibility, login

pytestmark = pytest.mark.browser


def test_the_policy_is_sent_and_the_moved_scripts_still_work(page: Page):
    login(page, "radgiver")
    response = page.goto("/")
    assert "script-src 'self';" in response.headers["content-security-policy"]
    check_accessibility(page)

    # Start page, "Før timer" (htmx fragment): a 400 answer is swapped in with its
    # message (was hx-on::before-swap).
    form = page.locator("#tt-quick-entry")
    expect(form).to_be_visible()
    form.get_by_label("Timer").fill("abc")
    form.get_by_role("button", name="Før timer").click()
    expect(page.locator("#tt-quick-entry [aria-invalid='true']").first).to_be_visible()
    check_accessibility(page)

    # Registrer henvendelse: the type-ahead sends what is typed as q (was hx-vals='js:...').
    page.goto("/bestillinger/henvendelser/ny/")
    check_accessibility(page)
    caller = Inquiry.objects.exclude(caller=None).select_related("caller").first().caller
    page.locator("#caller-search").fill(caller.last_name[:4])
    select = page.locator("select[name='caller']")
    expect(select.locator("option", has_text=caller.last_name).first).to_be_attached()
    # ...and screen readers hear the first match (was an inline <script>).
    expect(page.locator("#caller-results")).not_to_be_empty()


def test_the_order_form_describes_the_chosen_service(page: Page):
    login(page, "avdelingsleder")
    check_accessibility(page)
    page.goto("/bestillinger/ny/")
    check_accessibility(page)

    service = page.locator("select[name='service']")
    options = service.locator("option")
    value = next(
        options.nth(i).get_attribute("value")
        for i in range(options.count())
        if options.nth(i).get_attribute("value")
    )
    service.select_option(value)

    expect(page.locator("#service-description")).not_to_be_empty()


def test_the_print_button_prints_the_plan(page: Page):
    page.add_init_script("window.print = () => { window.__printed = true; };")
    login(page, "bhtleder")
    check_accessibility(page)
    plan = ActionPlan.objects.order_by("-pk").first()
    page.goto(f"/handlingsplaner/{plan.pk}/")
    check_accessibility(page)

    page.get_by_role("button", name="Skriv ut").click()

    assert page.evaluate("window.__printed === true")
