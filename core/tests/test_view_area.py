"""An area's page: its units and departments, main contact and its history."""

import datetime

import pytest
from django.urls import reverse

from core.models import MainContact, ServiceArea
from core.tests.factories import DepartmentFactory, ServiceUnitFactory

pytestmark = pytest.mark.usefixtures("demo_data")


@pytest.fixture
def helse() -> ServiceArea:
    return ServiceArea.objects.get(name="Helse og sosial")


def url(area: ServiceArea, slug: str | None = None) -> str:
    return reverse("area-detail", kwargs={"slug": slug or area.organisation.slug, "pk": area.pk})


def test_it_sends_anonymous_visitors_to_login(client, helse):
    response = client.get(url(helse))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_a_leader_their_area(client, avdelingsleder, helse):
    client.force_login(avdelingsleder)

    response = client.get(url(helse))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Helse og sosial" in html
    assert "Randi Bakke" in html
    assert "Hovedkontakt i BHT" in html
    assert "Anne Kristin Hauge" in html
    assert "Psykisk helse og rus" in html


def test_it_shows_the_director_every_unit(client, kommunalsjef, helse):
    client.force_login(kommunalsjef)

    html = client.get(url(helse)).content.decode()

    for unit in helse.units.all():
        assert unit.name in html


def test_it_shows_a_leader_only_their_own_unit(client, avdelingsleder, helse):
    own = avdelingsleder.department.unit
    client.force_login(avdelingsleder)

    html = client.get(url(helse)).content.decode()

    for unit in helse.units.exclude(pk=own.pk):
        assert f">{unit.name}<" not in html


def test_it_shows_the_history_of_main_contacts_newest_first(client, kommunalsjef, helse):
    current = MainContact.objects.current().get(area=helse)
    earlier = MainContact.objects.create(
        advisor=current.advisor,
        area=helse,
        valid_from=current.valid_from - datetime.timedelta(days=400),
        valid_to=current.valid_from - datetime.timedelta(days=1),
    )
    client.force_login(kommunalsjef)

    html = client.get(url(helse)).content.decode()

    assert "Hovedkontakter over tid" in html
    newest = html.index(current.valid_from.strftime("%d.%m.%Y"))
    oldest = html.index(earlier.valid_from.strftime("%d.%m.%Y"))
    assert newest < oldest


def test_it_offers_the_change_form_to_the_bht_manager_only(
    client, bhtleder, radgiver, kommunalsjef, helse
):
    client.force_login(bhtleder)
    assert "Bytt hovedkontakt" in client.get(url(helse)).content.decode()

    for user in (radgiver, kommunalsjef):
        client.force_login(user)
        assert "Bytt hovedkontakt" not in client.get(url(helse)).content.decode()


def test_it_hides_another_area_from_the_outsider(client, outsider, helse):
    client.force_login(outsider)

    assert client.get(url(helse)).status_code == 404


def test_it_answers_404_when_the_organisation_does_not_match(client, kommunalsjef, helse):
    client.force_login(kommunalsjef)

    assert client.get(url(helse, slug="annen-kommune")).status_code == 404


def test_it_keeps_its_queries_as_the_area_grows(
    client, kommunalsjef, helse, django_assert_max_num_queries
):
    client.force_login(kommunalsjef)
    with django_assert_max_num_queries(10) as before:
        client.get(url(helse))
    unit = ServiceUnitFactory(area=helse)
    DepartmentFactory.create_batch(4, unit=unit)

    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url(helse))

    assert unit.name in response.content.decode()


def test_it_refuses_post(client, kommunalsjef, helse):
    client.force_login(kommunalsjef)

    assert client.post(url(helse)).status_code == 405
