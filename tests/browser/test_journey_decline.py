"""Journey: the BHT manager sees a new order under "Venter på deg", declines it with a
reason, and confirms on a page that states the consequence (issue 15, point 6).
The confirm step works with the keyboard alone and without JavaScript."""

import pytest
from playwright.sync_api import Page, expect

from orders.models import Order, OrderStatus
from orders.tests import factories
from tests.browser.helpers import check_accessibility, login

pytestmark = pytest.mark.browser

REASON = "Vi har ikke kapasitet før i mars. Ta kontakt igjen da."


def test_the_manager_declines_an_order_and_confirms(page: Page):
    order = factories.submitted(title="Kartlegging etter omorganisering")

    login(page, "bhtleder")
    check_accessibility(page)
    waiting = page.get_by_role("region", name="Venter på deg")
    expect(waiting).to_contain_text("uten svar")
    page.goto(f"/bestillinger/{order.pk}/")
    check_accessibility(page)

    page.get_by_label("Årsak").select_option("capacity")
    page.get_by_label("Begrunnelse (vises for bestilleren og kommunalsjefen)").fill(REASON)
    page.get_by_role("button", name="Avslå", exact=True).click()

    # The confirm page: what happens, what was written, and nothing done yet.
    check_accessibility(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Et avslag kan ikke angres")
    expect(main).to_contain_text(REASON)
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED

    confirm = page.get_by_role("button", name="Ja, avslå bestillingen")
    expect(confirm).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_accessibility(page)
    expect(page.get_by_role("status")).to_contain_text("Bestillingen er avslått")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.DECLINED


def test_the_manager_can_go_back_without_declining(page: Page):
    order = factories.submitted(title="Inneklima i kontorfløyen")

    login(page, "bhtleder")
    check_accessibility(page)
    page.goto(f"/bestillinger/{order.pk}/")
    check_accessibility(page)
    page.get_by_label("Årsak").select_option("capacity")
    page.get_by_label("Begrunnelse (vises for bestilleren og kommunalsjefen)").fill(REASON)
    page.get_by_role("button", name="Avslå", exact=True).click()
    check_accessibility(page)

    page.get_by_role("link", name="Nei, gå tilbake").click()
    check_accessibility(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inneklima")
    assert Order.objects.get(pk=order.pk).status == OrderStatus.SUBMITTED
