"""Bestill bistand: for now explains ordering by phone and shows the main contact."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("demo_data")


def test_it_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("order-start"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_explains_how_to_order_and_who_to_call(client, ansatt):
    client.force_login(ansatt)

    response = client.get(reverse("order-start"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Bestill bistand" in html
    assert "Ring hovedkontakten din" in html
    # An employee may not order (403), so the page offers "Be om råd" instead.
    assert reverse("orders:create") not in html and reverse("orders:advice") in html
    assert "Anne Kristin Hauge" in html


def test_it_refuses_post(client, ansatt):
    client.force_login(ansatt)

    assert client.post(reverse("order-start")).status_code == 405
