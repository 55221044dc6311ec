"""organisations, service-areas, service-units, departments: scoped to the caller."""

import pytest

from core.models import Department, ServiceArea, ServiceUnit
from core.tests.factories import DepartmentFactory, UserFactory

HELSE = "Helse og sosial"


def names(response):
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


@pytest.fixture
def helse(demo_data):
    return ServiceArea.objects.get(name=HELSE)


@pytest.fixture
def stranger(demo_data):
    """A department leader of another client organisation of the BHT."""
    from core.services import role_assign

    department = DepartmentFactory()
    user = UserFactory(username="fremmed", department=department)
    role_assign(user=user, role="department_leader", scope=department)
    return user


def test_it_lists_the_organisation_of_a_leader(api, avdelingsleder):
    api.force_authenticate(avdelingsleder)

    assert names(api.get("/api/v1/organisations/")) == ["Fjordby kommune"]


def test_it_hides_another_organisation(api, stranger):
    api.force_authenticate(stranger)
    fjordby = ServiceArea.objects.get(name=HELSE).organisation

    assert "Fjordby kommune" not in names(api.get("/api/v1/organisations/"))
    assert api.get(f"/api/v1/organisations/{fjordby.pk}/").status_code == 404


def test_it_gives_a_department_leader_only_their_area_unit_and_department(api, avdelingsleder):
    api.force_authenticate(avdelingsleder)
    department = Department.objects.get(leader=avdelingsleder)

    assert names(api.get("/api/v1/service-areas/")) == [HELSE]
    assert names(api.get("/api/v1/service-units/")) == [department.unit.name]
    assert names(api.get("/api/v1/departments/")) == [department.name]


def test_it_shows_the_current_main_contact_on_the_area(api, avdelingsleder, radgiver):
    api.force_authenticate(avdelingsleder)

    area = api.get("/api/v1/service-areas/").json()["results"][0]

    assert area["main_contact"]["name"] == str(radgiver)
    assert area["main_contact"]["phone"] == radgiver.phone


def test_it_answers_404_for_an_area_outside_the_scope(api, outsider, helse):
    api.force_authenticate(outsider)

    assert api.get(f"/api/v1/service-areas/{helse.pk}/").status_code == 404


def test_it_shows_the_outsider_nothing_of_helse_og_sosial(api, outsider, helse):
    api.force_authenticate(outsider)

    assert HELSE not in names(api.get("/api/v1/service-areas/"))
    units = api.get("/api/v1/service-units/?page_size=500").json()["results"]
    assert all(unit["area"] != helse.pk for unit in units)
    helse_departments = Department.objects.filter(unit__area=helse).values_list("pk", flat=True)
    departments = api.get("/api/v1/departments/").json()["results"]
    assert not {d["id"] for d in departments} & set(helse_departments)
    some_unit = ServiceUnit.objects.filter(area=helse).first()
    assert api.get(f"/api/v1/service-units/{some_unit.pk}/").status_code == 404


def test_it_gives_the_area_director_the_whole_area(api, kommunalsjef, helse):
    api.force_authenticate(kommunalsjef)

    units = names(api.get("/api/v1/service-units/"))

    assert sorted(units) == sorted(
        ServiceUnit.objects.filter(area=helse).values_list("name", flat=True)
    )


def test_it_gives_the_executive_every_area(api, radmann):
    api.force_authenticate(radmann)

    assert len(names(api.get("/api/v1/service-areas/"))) == 10


def test_it_filters_areas_by_organisation_slug(api, bhtleder, stranger):
    api.force_authenticate(bhtleder)

    fjordby = names(api.get("/api/v1/service-areas/?organisation_slug=fjordby"))

    assert len(fjordby) == 10


def test_it_filters_departments_by_area(api, bhtleder, helse):
    api.force_authenticate(bhtleder)

    rows = api.get(f"/api/v1/departments/?area={helse.pk}&page_size=500").json()

    assert rows["count"] == Department.objects.filter(unit__area=helse).count()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organisations/",
        "/api/v1/service-areas/",
        "/api/v1/service-units/",
        "/api/v1/departments/",
    ],
)
def test_it_lists_with_a_fixed_number_of_queries(api, bhtleder, url, django_assert_max_num_queries):
    api.force_authenticate(bhtleder)

    # Session-less token auth: role lookup + count + page + one prefetch at most.
    with django_assert_max_num_queries(5):
        response = api.get(url)

    assert response.status_code == 200
    assert response.json()["count"] > 0
