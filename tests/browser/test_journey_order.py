"""Journey: a phone call becomes a written order, the BHT accepts it, the leader follows it.

DESIGN.md §1 and §6: the advisor records the call in seconds, the system drafts the
order for the leader, who completes and submits it in the browser; the BHT manager
accepts and assigns, and the leader sees the new status and who is responsible.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from core.models import Advisor, User
from orders.models import Order
from tests.browser.helpers import check_accessibility, login

pytestmark = pytest.mark.browser

SUMMARY = "Uro i personalgruppen etter sammenslåing av to team"
TITLE = "Samarbeid etter sammenslåing"


def logout(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Logg ut").click()
    check_accessibility(page)


def test_a_phone_call_becomes_an_accepted_order(page: Page):
    leader = User.objects.get(username="avdelingsleder")
    advisor = Advisor.objects.select_related("user").get(user__username="radgiver")
    advisor_name = advisor.user.get_full_name()

    # 1. The advisor records the call and asks for a written order.
    login(page, "radgiver")
    check_accessibility(page)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Arbeidskø").click()
    expect(page).to_have_url(re.compile(r"/bestillinger/arbeidsko/$"))
    check_accessibility(page)
    page.get_by_role("main").get_by_role("link", name="Registrer henvendelse").click()
    expect(page.get_by_role("heading", level=1, name="Registrer henvendelse")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Søk etter person").fill(leader.last_name)
    caller = page.get_by_label("Innringer (kjent person)")
    expect(caller.locator(f'option[value="{leader.pk}"]')).to_have_count(1)
    caller.select_option(str(leader.pk))
    page.get_by_label("Hva gjelder henvendelsen").fill(SUMMARY)
    page.get_by_label("Råd gitt").fill("Anbefalte kartlegging med samtaler i gruppen.")
    page.get_by_label("Ønsker bestilling – lag utkast til lederen").check()
    page.get_by_label("Tittel på utkastet").fill(TITLE)
    page.get_by_role("button", name="Lagre henvendelse").click()
    expect(page.get_by_role("status")).to_contain_text("Henvendelsen er lagret")
    check_accessibility(page)
    order = Order.objects.get(inquiry__summary=SUMMARY)
    logout(page)

    # 2. The leader completes the draft and sends it.
    login(page, "avdelingsleder")
    check_accessibility(page)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Mine bestillinger"
    ).click()
    check_accessibility(page)
    page.get_by_role("link", name=order.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    check_accessibility(page)
    page.get_by_role("link", name="Endre utkast").click()
    check_accessibility(page)
    page.get_by_label("Tjeneste (må fylles ut)", exact=True).select_option(index=1)
    page.get_by_label(re.compile(r"^Beskrivelse .*\(må fylles ut\)$")).fill(
        "To team er slått sammen. Vi ønsker hjelp til å kartlegge og bedre samarbeidet."
    )
    page.get_by_role("button", name="Send bestilling").click()
    expect(page.get_by_role("status")).to_contain_text("sendt til BHT")
    check_accessibility(page)
    logout(page)

    # 3. The BHT manager accepts and assigns the area's main contact.
    login(page, "bhtleder")
    check_accessibility(page)
    page.goto(f"/bestillinger/{order.pk}/")
    check_accessibility(page)
    page.get_by_label("Ansvarlig rådgiver").select_option(str(advisor.pk))
    page.get_by_label("Estimerte timer").fill("12")
    page.get_by_role("button", name="Godta", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("godtatt")
    check_accessibility(page)
    logout(page)

    # 4. The leader sees the new status and the advisor's name.
    login(page, "avdelingsleder")
    check_accessibility(page)
    page.goto(f"/bestillinger/{order.pk}/")
    check_accessibility(page)
    status_box = page.get_by_role("region", name=re.compile("Status"))
    expect(status_box).to_contain_text("Godtatt")
    expect(status_box).to_contain_text(advisor_name)
    expect(page.get_by_role("button", name="Godkjenn kostnad")).to_be_visible()
