"""Amounts in the order's timeline and on its page are written the Norwegian way."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from orders import services
from orders.models import EventKind
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")

NB = "\u00a0"


def test_the_estimate_and_the_accepted_cost_read_13_800_kr(
    client, avdelingsleder, bhtleder, django_capture_on_commit_callbacks
):
    order = services.order_submit(order=f.draft(), user=avdelingsleder)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order = services.order_accept(
            order=order,
            user=bhtleder,
            lead_advisor=f.advisor(),
            supporting_advisors=[],
            estimated_hours=Decimal("12"),
        )
    # The orderer's e-mail names the cost to accept.
    decision = next(m for m in mail.outbox if avdelingsleder.email in m.to)
    assert f"12 timer à 1{NB}150 kr = 13{NB}800 kr." in decision.body
    order = services.order_accept_cost(order=order, user=avdelingsleder)

    estimate = order.events.get(kind=EventKind.ESTIMATE).text
    assert estimate == f"12 timer à 1{NB}150 kr = 13{NB}800 kr"
    assert order.events.get(kind=EventKind.COST_ACCEPTED).text == f"Kostnad godkjent: 13{NB}800 kr"

    client.force_login(avdelingsleder)
    page = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert f"13{NB}800 kr" in page
    assert "13800" not in page
    assert "1150.00" not in page
