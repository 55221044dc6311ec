"""The main menu (bht/navigation.py): each role sees the entries it can use, every
entry opens (no 403 dead ends), and the current page is marked."""

import re

import pytest
from django.urls import reverse

from orders.tests import factories as order_factories

pytestmark = pytest.mark.usefixtures("demo_data")

NAV = re.compile(r'<nav class="bht-nav".*?</nav>', re.S)
LINK = re.compile(r'<a class="[^"]*" [^>]*href="([^"]+)"([^>]*)>([^<]+)</a>')


def menu(client, user, url="/"):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    block = NAV.search(response.content.decode())
    assert block, url
    return [(href, label, "aria-current" in rest) for href, rest, label in LINK.findall(block[0])]


def labels(entries):
    return [label for _href, label, _current in entries]


def current(entries):
    return [label for _href, label, is_current in entries if is_current]


@pytest.mark.parametrize("username", ["ansatt", "verneombud", "tillitsvalgt"])
def test_it_sends_employees_and_representatives_to_ask_for_advice(client, persona, username):
    entries = menu(client, persona(username))

    assert labels(entries)[-1] == "Be om råd"
    assert entries[-1][0] == reverse("orders:advice")
    assert "Mine bestillinger" not in labels(entries)
    assert "Bestill bistand" not in labels(entries)


def test_it_gives_leaders_bestill_bistand_and_their_orders(client, avdelingsleder):
    entries = menu(client, avdelingsleder)

    assert labels(entries)[-1] == "Bestill bistand"
    assert "Mine bestillinger" in labels(entries)
    assert "Arbeidskø" not in labels(entries)
    assert "Timeliste" not in labels(entries)


def test_it_does_not_give_bht_staff_the_customers_main_button(client, persona):
    for username in ("radgiver", "bhtleder", "merkantil"):
        entries = menu(client, persona(username))

        assert "Bestill bistand" not in labels(entries), username
        assert labels(entries)[-1] == "Registrer henvendelse"
        assert {"Arbeidskø", "Timeliste"} <= set(labels(entries))
        assert "Mine bestillinger" not in labels(entries)


def test_it_hides_mine_bestillinger_from_amu_members(client, amu):
    entries = menu(client, amu)

    assert "Mine bestillinger" not in labels(entries)
    assert "Rapporter" in labels(entries)


@pytest.mark.parametrize(
    "username",
    [
        "ansatt",
        "verneombud",
        "tillitsvalgt",
        "avdelingsleder",
        "tjenesteleder",
        "kommunalsjef",
        "radmann",
        "amu",
        "radgiver",
        "bhtleder",
        "merkantil",
    ],
)
def test_it_leads_to_no_dead_ends(client, persona, username):
    """Every menu entry opens for the person who sees it (no 403, no 404)."""
    for href, label, _current in menu(client, persona(username)):
        response = client.get(href)
        assert response.status_code in (200, 302), (username, label, response.status_code)
        if response.status_code == 302:
            assert response["Location"] != reverse("login"), (username, label)


def test_the_order_start_page_offers_only_doors_that_open(client, persona):
    for username, present, absent in (
        ("ansatt", [reverse("orders:advice")], [reverse("orders:create")]),
        ("amu", [], [reverse("orders:create"), reverse("orders:advice")]),
        ("radmann", [reverse("orders:list")], [reverse("orders:create")]),
        ("avdelingsleder", [reverse("orders:create")], []),
    ):
        client.force_login(persona(username))
        html = client.get(reverse("order-start")).content.decode()
        main = html.split("<main", 1)[1].split("</main>", 1)[0]
        for url in present:
            assert f'href="{url}"' in main, (username, url)
        for url in absent:
            assert f'href="{url}"' not in main, (username, url)


def test_it_marks_the_order_list_on_an_order_page_for_a_leader(client, avdelingsleder):
    order = order_factories.submitted()

    entries = menu(client, avdelingsleder, reverse("orders:detail", args=[order.pk]))

    assert current(entries) == ["Mine bestillinger"]


def test_it_marks_the_work_queue_on_an_order_page_for_bht(client, radgiver):
    order = order_factories.submitted()

    entries = menu(client, radgiver, reverse("orders:detail", args=[order.pk]))

    assert current(entries) == ["Arbeidskø"]


def test_it_marks_be_om_rad_on_the_advice_page(client, ansatt):
    assert current(menu(client, ansatt, reverse("orders:advice"))) == ["Be om råd"]


def test_it_marks_bestill_bistand_on_the_order_form(client, avdelingsleder):
    assert current(menu(client, avdelingsleder, reverse("orders:create"))) == ["Bestill bistand"]


def test_it_marks_registrer_henvendelse_on_the_triage_form(client, radgiver):
    entries = menu(client, radgiver, reverse("orders:inquiry-create"))

    assert current(entries) == ["Registrer henvendelse"]


def test_it_marks_one_entry_on_each_main_page(client, bhtleder):
    for url, label in (
        (reverse("home"), "Start"),
        (reverse("catalogue"), "Hva kan BHT hjelpe med?"),
        (reverse("actionplans:board"), "Handlingsplaner"),
        (reverse("timetracking:timesheet"), "Timeliste"),
        (reverse("reports:index"), "Rapporter"),
    ):
        assert current(menu(client, bhtleder, url)) == [label], url
