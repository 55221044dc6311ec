"""Journeys of issue 15: the health guard, ordering from the catalogue, and a triage
draft the leader completes.

- An employee asks for advice, meets the health guard and rewrites.
- A leader orders from the catalogue ("Hva kan BHT hjelpe med?").
- An advisor's triage becomes a draft (service, plan billing, short title); the
  leader finds it under "Venter på deg" on the start page and completes it.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from core.models import HealthGuardOverride, Service, User
from orders import selectors
from orders.models import Billing, Inquiry, Order, OrderStatus
from tests.browser.helpers import check_accessibility, login

pytestmark = pytest.mark.browser


def logout(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Logg ut").click()
    check_accessibility(page)


def test_an_employee_meets_the_health_guard_and_rewrites(page: Page):
    ansatt = User.objects.get(username="ansatt")
    before = Inquiry.objects.filter(author=ansatt).count()
    login(page, "ansatt")
    check_accessibility(page)
    page.goto("/bestillinger/be-om-rad/")
    notice = page.get_by_role("heading", name="Ingen helseopplysninger i henvendelsen")
    expect(notice).to_be_visible()
    check_accessibility(page)

    summary = page.get_by_label("Hva ønsker du råd om?")
    summary.fill("Jeg er 50 % sykmeldt og bruker Sertralin. Kan jeg jobbe natt?")
    page.get_by_role("button", name="Send til BHT").click()
    # The warning names what was found and offers «Send likevel».
    expect(page.locator(".ds-error-summary")).to_contain_text("helseopplysninger")
    expect(page.locator(".ds-error-summary")).to_contain_text("«50 % sykmeldt»")
    expect(page.get_by_label(re.compile("^Send likevel"))).to_be_visible()
    check_accessibility(page)
    assert Inquiry.objects.filter(author=ansatt).count() == before

    # The employee rewrites without health information and sends.
    summary.fill("Kan nattarbeid tilpasses slik at jeg får mer hvile mellom vaktene?")
    page.get_by_role("button", name="Send til BHT").click()
    expect(page.get_by_role("status")).to_contain_text("sendt fortrolig til BHT")
    check_accessibility(page)
    assert Inquiry.objects.filter(author=ansatt).count() == before + 1
    assert not HealthGuardOverride.objects.filter(user=ansatt).exists()


def test_a_leader_orders_from_the_catalogue(page: Page):
    service = Service.objects.get(name="Kartlegging og risikovurdering")
    login(page, "avdelingsleder")
    check_accessibility(page)
    page.goto(reverse("catalogue"))
    expect(page.get_by_role("heading", level=1, name="Hva kan BHT hjelpe med?")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name=f"Bestill: {service.name}").click()
    expect(page.get_by_role("heading", level=1, name="Bestill bistand")).to_be_visible()
    check_accessibility(page)
    # The service is set, the only department chosen, required fields marked.
    expect(page.get_by_label("Tjeneste (må fylles ut)")).to_have_value(str(service.pk))
    department = page.get_by_label("Avdeling (må fylles ut)")
    expect(department.locator("option:checked")).to_contain_text("Oppfølgingstjenesten")
    expect(page.get_by_label("Kategori")).to_have_count(0)

    page.get_by_label("Tittel (må fylles ut)").fill("Risikovurdering av nattarbeid")
    page.get_by_label(re.compile(r"^Beskrivelse .*\(må fylles ut\)$")).fill(
        "Vi ønsker en risikovurdering av nattarbeidet i avdelingen."
    )
    # A desired start in the past is refused at the field.
    page.get_by_label("Ønsket oppstart").fill("2020-01-01")
    page.get_by_role("button", name="Send bestilling").click()
    expect(page.locator(".ds-error-summary")).to_contain_text("tilbake i tid")
    check_accessibility(page)
    page.get_by_label("Ønsket oppstart").fill("")
    page.get_by_role("button", name="Send bestilling").click()
    expect(page.get_by_role("status")).to_contain_text("sendt til BHT")
    check_accessibility(page)
    order = Order.objects.get(title="Risikovurdering av nattarbeid")
    assert order.service == service and order.status == OrderStatus.SUBMITTED


def test_a_triage_draft_is_completed_by_the_leader(page: Page):
    leader = User.objects.get(username="avdelingsleder")
    department = leader.department
    item = (
        selectors.plan_items_for_area(department.unit.area_id)
        .filter(department__isnull=True, unit__isnull=True)
        .first()
        or selectors.plan_items_for_area(department.unit.area_id).first()
    )
    service = item.service
    note = "Leder ringer: mye uro i gruppen etter ny turnus"

    # 1. The advisor records the call with a service and a short title.
    login(page, "radgiver")
    check_accessibility(page)
    page.goto("/bestillinger/henvendelser/ny/")
    check_accessibility(page)
    page.get_by_label("Søk etter person").fill(leader.last_name)
    caller = page.get_by_label("Innringer (kjent person)")
    expect(caller.locator(f'option[value="{leader.pk}"]')).to_have_count(1)
    caller.select_option(str(leader.pk))
    page.get_by_label("Hva gjelder henvendelsen").fill(note)
    page.get_by_label("Ønsker bestilling – lag utkast til lederen").check()
    page.get_by_label("Tjeneste (for utkast til bestilling)").select_option(str(service.pk))
    # The title is prefilled from the service; the advisor shortens it.
    expect(page.get_by_label("Tittel på utkastet")).to_have_value(service.name)
    page.get_by_label("Tittel på utkastet").fill("Turnus og samarbeid")
    page.get_by_role("button", name="Lagre henvendelse").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Henvendelsen er lagret")
    check_accessibility(page)
    order = Order.objects.get(inquiry__summary=note)
    assert order.service == service and order.billing == Billing.FIXED_PRICE
    # The success message links to the draft.
    status.get_by_role("link", name=f"Åpne utkastet {order.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Turnus og samarbeid")
    check_accessibility(page)
    logout(page)

    # 2. The leader logs in, finds the draft under "Venter på deg" on the start page,
    # and completes it from there.
    drafts_waiting = selectors.orderer_waiting_counts(leader)["drafts"]
    assert drafts_waiting >= 1
    login(page, "avdelingsleder")
    expect(page).to_have_url(re.compile(r"/$"))
    check_accessibility(page)
    waiting = page.get_by_role("region", name="Venter på deg")
    drafts = waiting.locator('[data-waiting="drafts"]')
    link = drafts.get_by_role("link", name=f"{drafts_waiting} utkast fra BHT å fullføre og sende")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name=order.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Turnus og samarbeid")
    check_accessibility(page)
    page.get_by_role("link", name="Endre utkast").click()
    check_accessibility(page)
    expect(page.get_by_label("Tjeneste (må fylles ut)")).to_have_value(str(service.pk))
    page.get_by_role("button", name="Send bestilling").click()
    expect(page.get_by_role("status")).to_contain_text("sendt til BHT")
    check_accessibility(page)
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED and order.billing == Billing.FIXED_PRICE
    # Sent: it no longer waits for the leader.
    assert selectors.orderer_waiting_counts(leader)["drafts"] == drafts_waiting - 1
