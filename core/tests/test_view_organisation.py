"""Organisasjon: the organisations a person may see, and each one's tree."""

import pytest
from django.urls import reverse

from core.models import Organisation, ServiceArea
from core.tests.factories import (
    DepartmentFactory,
    OrganisationFactory,
    ServiceAreaFactory,
    ServiceUnitFactory,
)

pytestmark = pytest.mark.usefixtures("demo_data")

LIST = reverse("organisation-list")


@pytest.fixture
def fjordby() -> Organisation:
    return ServiceArea.objects.get(name="Helse og sosial").organisation


def detail(organisation: Organisation) -> str:
    return reverse("organisation-detail", kwargs={"slug": organisation.slug})


def test_it_sends_anonymous_visitors_to_login(client, fjordby):
    for url in (LIST, detail(fjordby)):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_goes_straight_to_the_only_organisation(client, avdelingsleder, fjordby):
    client.force_login(avdelingsleder)

    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"] == detail(fjordby)


def test_it_lists_several_organisations_for_the_bht(client, bhtleder, fjordby):
    other = OrganisationFactory(name="Kunde AS")
    client.force_login(bhtleder)

    response = client.get(LIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{detail(fjordby)}"' in html
    assert f'href="{detail(other)}"' in html


def test_it_shows_the_executive_every_area(client, radmann, fjordby):
    client.force_login(radmann)

    response = client.get(detail(fjordby))

    assert response.status_code == 200
    html = response.content.decode()
    for area in fjordby.areas.all():
        assert area.name in html
    assert "Randi Bakke" in html  # director of Helse og sosial
    assert "Anne Kristin Hauge" in html  # its main contact


def test_it_shows_a_leader_only_their_own_branch(client, avdelingsleder, fjordby):
    client.force_login(avdelingsleder)

    html = client.get(detail(fjordby)).content.decode()

    assert "Helse og sosial" in html
    assert "Psykisk helse og rus" in html
    assert ">Skole<" not in html
    assert "Barnehager" not in html


def test_it_shows_the_outsider_their_area_not_ours(client, outsider, fjordby):
    client.force_login(outsider)

    html = client.get(detail(fjordby)).content.decode()

    assert "Skole" in html
    assert "Helse og sosial" not in html


def test_it_hides_an_organisation_the_user_may_not_see(client, avdelingsleder):
    other = OrganisationFactory()
    client.force_login(avdelingsleder)

    assert client.get(detail(other)).status_code == 404


def test_it_answers_404_for_an_unknown_organisation(client, radmann):
    client.force_login(radmann)

    response = client.get(reverse("organisation-detail", kwargs={"slug": "finnes-ikke"}))

    assert response.status_code == 404


def test_it_keeps_its_queries_as_the_tree_grows(
    client, radmann, fjordby, django_assert_max_num_queries
):
    client.force_login(radmann)
    with django_assert_max_num_queries(10) as before:
        client.get(detail(fjordby))
    area = ServiceAreaFactory(organisation=fjordby)
    for _ in range(3):
        unit = ServiceUnitFactory(area=area)
        DepartmentFactory.create_batch(3, unit=unit)

    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(detail(fjordby))

    assert area.name in response.content.decode()


def test_it_refuses_post(client, radmann, fjordby):
    client.force_login(radmann)

    assert client.post(LIST).status_code == 405
    assert client.post(detail(fjordby)).status_code == 405
