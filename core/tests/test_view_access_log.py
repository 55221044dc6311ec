"""Tilgangslogg (/tilgangslogg/): the BHT manager sees and exports who read which
confidential case, per object and per user; nobody else sees the log."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.models import AccessLog, User
from core.services import access_log_record
from orders.models import Order
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")

URL = "/tilgangslogg/"


@pytest.fixture
def reads(radgiver, bhtleder):
    """Two confidential orders: radgiver read the first twice and downloaded from
    it, the manager read the second once."""
    first = f.submitted(title="Fortrolig 1", confidential=True)
    second = f.submitted(title="Fortrolig 2", confidential=True)
    AccessLog.objects.all().delete()
    access_log_record(user=radgiver, obj=first, label=first.reference)
    access_log_record(user=radgiver, obj=first, label=first.reference)
    access_log_record(user=radgiver, obj=first, action="download", label=first.reference)
    access_log_record(user=bhtleder, obj=second, label=second.reference)
    return first, second


def object_filter(order: Order) -> dict[str, str]:
    return {"type": str(ContentType.objects.get_for_model(Order).pk), "id": str(order.pk)}


def test_the_url_is_the_access_log():
    assert reverse("access-log") == URL


@pytest.mark.parametrize(
    "username",
    ["ansatt", "avdelingsleder", "kommunalsjef", "radmann", "amu", "radgiver", "merkantil"],
)
def test_it_is_forbidden_for_everyone_but_the_bht_manager(client, username, reads):
    client.force_login(User.objects.get(username=username))

    assert client.get(URL).status_code == 403
    assert client.get(URL, {"format": "csv"}).status_code == 403


def test_it_needs_a_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "logg-inn" in response["Location"]


def test_it_lists_every_read_for_the_manager(client, bhtleder, reads):
    first, second = reads
    client.force_login(bhtleder)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 4
    assert first.reference in html and second.reference in html
    # Never the content: only the neutral label.
    assert "Fortrolig 1" not in html


def test_it_filters_per_object(client, bhtleder, reads):
    first, second = reads
    client.force_login(bhtleder)

    rows = client.get(URL, object_filter(first)).context["page"].object_list
    by_text = client.get(URL, {"objekt": second.reference}).context["page"].object_list

    assert {r.object_id for r in rows} == {str(first.pk)} and len(rows) == 3
    assert [r.object_id for r in by_text] == [str(second.pk)]


def test_it_filters_per_user_and_action(client, bhtleder, radgiver, reads):
    client.force_login(bhtleder)

    mine = client.get(URL, {"bruker": radgiver.pk}).context["page"].object_list
    downloads = client.get(URL, {"handling": "download"}).context["page"].object_list

    assert {r.user_id for r in mine} == {radgiver.pk} and len(mine) == 3
    assert [r.action for r in downloads] == ["download"]


def test_it_shows_field_errors_for_bad_filters(client, bhtleder, reads):
    client.force_login(bhtleder)

    response = client.get(URL, {"fra": "ikke-en-dato"})

    assert response.status_code == 200
    assert "fra" in response.context["form"].errors


def test_it_exports_the_filtered_rows_as_csv(client, bhtleder, radgiver, reads):
    first, _second = reads
    client.force_login(bhtleder)

    response = client.get(URL, {**object_filter(first), "format": "csv"})

    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Tidspunkt", "Bruker", "Brukernavn", "Handling"]
    assert len(rows) == 4
    assert {row[2] for row in rows[1:]} == {"radgiver"}
    assert {row[6] for row in rows[1:]} == {first.reference}
    assert sorted(row[3] for row in rows[1:]) == ["Lastet ned", "Lest", "Lest"]


def test_it_exports_per_user_as_xlsx(client, bhtleder, reads):
    _first, second = reads
    client.force_login(bhtleder)

    response = client.get(URL, {"bruker": bhtleder.pk, "format": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Tidspunkt"
    assert [(r[2], r[6]) for r in rows[1:]] == [("bhtleder", second.reference)]


def test_the_order_page_links_the_manager_to_its_log(client, bhtleder, radgiver, reads):
    first, _second = reads
    client.force_login(bhtleder)
    html = client.get(reverse("orders:detail", kwargs={"pk": first.pk})).content.decode()
    ct = ContentType.objects.get_for_model(Order).pk
    assert f"{URL}?type={ct}&amp;id={first.pk}" in html

    client.force_login(radgiver)
    html = client.get(reverse("orders:detail", kwargs={"pk": first.pk})).content.decode()
    assert URL not in html
