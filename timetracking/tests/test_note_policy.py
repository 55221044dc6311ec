"""One rule for a time entry's note (core.confidentiality.note_visible), the same in
the API, the hours list (/timer/liste/), the CSV export and a report.

The rule: a note on a confidential order is shown to the BHT's professionals
(advisors, the manager) and the note's writer; not to the office, leaders,
directors or the orderer. A report is read by all of these, so it shows a note
only where every reader may see it. A note on any other order is shown to all
who see the entry.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from core import confidentiality
from orders.models import Order
from orders.tests import factories as f
from reports.kinds import order_report
from reports.models import ReportRun
from timetracking.tests.factories import log

pytestmark = pytest.mark.usefixtures("demo_data")

SECRET = "Qz7 notat om den ansatte"
OPEN = "Qz7 notat om kartleggingen"

# username -> sees the note on the confidential order
READERS = {
    "radgiver": True,  # the writer
    "bhtleder": True,  # BHT professional
    "merkantil": False,  # the office: no case content
    "kommunalsjef": False,  # director over the order's area
    "avdelingsleder": False,  # the orderer: BHT notes are for the BHT
}


@pytest.fixture
def orders(radgiver) -> dict[str, Order]:
    secret = f.in_progress(title="Tilrettelegging", confidential=True)
    open_ = f.in_progress(title="Kartlegging")
    log(radgiver, order=secret, note=SECRET)
    log(radgiver, order=open_, note=OPEN)
    return {SECRET: secret, OPEN: open_}


def _api(api, order: Order) -> str:
    rows = api.get("/api/v1/time-entries/", {"order": order.pk}).json()["results"]
    assert rows, "the entry is listed"
    return " ".join(row["note"] for row in rows)


def _page(client, order: Order) -> str:
    response = client.get(reverse("timetracking:list") + f"?order={order.pk}")
    assert response.status_code == 200
    return response.content.decode()


def _csv(client, order: Order) -> str:
    url = reverse("timetracking:export", kwargs={"fmt": "csv"}) + f"?order={order.pk}"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def _report(order: Order) -> str:
    report = order_report.compute(ReportRun(kind="order_report", order=order))
    return " ".join(
        str(cell) for s in report.sections for t in s.tables for row in t.rows for cell in row
    )


@pytest.mark.parametrize("username", READERS)
def test_it_shows_the_note_by_one_rule_everywhere(username, api, client, persona, orders):
    user = persona(username)
    api.force_authenticate(user)
    client.force_login(user)
    secret = orders[SECRET]

    seen = {
        "api": SECRET in _api(api, secret),
        "list page": SECRET in _page(client, secret),
        "csv": SECRET in _csv(client, secret),
    }

    assert seen == dict.fromkeys(seen, READERS[username])
    writer_id = f.user("radgiver").pk
    expected = confidentiality.note_visible(user, on_confidential_order=True, writer_id=writer_id)
    assert expected is READERS[username]


@pytest.mark.parametrize("username", READERS)
def test_it_shows_the_note_on_an_open_order_to_all_who_see_the_entry(
    username, api, client, persona, orders
):
    user = persona(username)
    api.force_authenticate(user)
    client.force_login(user)
    open_ = orders[OPEN]

    assert OPEN in _api(api, open_)
    assert OPEN in _page(client, open_)
    assert OPEN in _csv(client, open_)


def test_it_shows_in_a_report_only_what_every_reader_may_see(orders):
    assert SECRET not in _report(orders[SECRET])
    assert OPEN in _report(orders[OPEN])
