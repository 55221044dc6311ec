"""BHT staff who serve several organisations pick the organisation before the area."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from core.models import Organisation, ServiceArea
from core.tests.factories import OrganisationFactory, ServiceAreaFactory
from orders.tests import factories

pytestmark = pytest.mark.usefixtures("demo_data")


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, name
    return re.findall(r">([^<]*)</option>", select.group(1))


@pytest.fixture
def other() -> Organisation:
    organisation = OrganisationFactory(name="Nabokommunen")
    ServiceAreaFactory(organisation=organisation, name="Nabo oppvekst")
    return organisation


def test_the_area_list_waits_for_the_organisation(client, bhtleder, other):
    demo = Organisation.objects.exclude(pk=other.pk).get()
    client.force_login(bhtleder)
    url = reverse("orders:queue")

    html = client.get(url).content.decode()
    assert _options(html, "organisation") == ["Alle organisasjoner", demo.name, "Nabokommunen"]
    assert _options(html, "area") == ["Alle områder"]
    assert "Velg organisasjon først." in html and 'id="id_area_helptext"' in html

    html = client.get(url, {"organisation": other.pk}).content.decode()
    assert _options(html, "area") == ["Alle områder", "Nabo oppvekst"]


def test_the_organisation_filters_the_orders(client, bhtleder, other):
    order = factories.submitted(title="Støy i kantina")
    client.force_login(bhtleder)
    url = reverse("orders:list")
    assert (
        order.reference in client.get(url, {"organisation": order.organisation_id}).content.decode()
    )
    assert order.reference not in client.get(url, {"organisation": other.pk}).content.decode()
    # An area from a link, without the organisation, still filters.
    html = client.get(url, {"area": order.area_id}).content.decode()
    assert order.reference in html
    assert ServiceArea.objects.get(pk=order.area_id).name in _options(html, "area")


def test_leaders_of_one_organisation_get_no_organisation_filter(client, kommunalsjef, other):
    client.force_login(kommunalsjef)
    html = client.get(reverse("orders:list")).content.decode()
    assert 'name="organisation"' not in html
    assert "Velg organisasjon først" not in html
    assert 'id="id_q_helptext"' in html  # every help text the inputs point to is there


def test_the_api_filters_orders_by_organisation(api, bhtleder, other):
    order = factories.submitted(title="Støy i kantina")
    api.force_authenticate(bhtleder)
    mine = api.get("/api/v1/orders/", {"organisation": order.organisation_id}).json()
    assert order.reference in {row["reference"] for row in mine["results"]}
    assert api.get("/api/v1/orders/", {"organisation": other.pk}).json()["count"] == 0
