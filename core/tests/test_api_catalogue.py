"""services, competence-areas, inquiry-categories, advisors."""

from core.models import Service, StatutoryCode
from core.tests.factories import ServiceFactory


def test_it_lists_active_services_to_every_employee(api, ansatt):
    hidden = ServiceFactory(name="Nedlagt tjeneste", is_active=False)
    api.force_authenticate(ansatt)

    rows = api.get("/api/v1/services/?page_size=200").json()["results"]

    assert len(rows) == Service.objects.filter(is_active=True).count()
    assert hidden.name not in {row["name"] for row in rows}
    assert api.get(f"/api/v1/services/{hidden.pk}/").status_code == 404


def test_it_shows_inactive_services_to_bht_staff(api, merkantil):
    hidden = ServiceFactory(name="Nedlagt tjeneste", is_active=False)
    api.force_authenticate(merkantil)

    assert api.get(f"/api/v1/services/{hidden.pk}/").status_code == 200


def test_it_filters_additional_services(api, ansatt):
    api.force_authenticate(ansatt)

    rows = api.get("/api/v1/services/?is_statutory=false&page_size=200").json()["results"]

    assert rows
    assert {row["statutory_code"] for row in rows} == {StatutoryCode.EXTRA}
    assert not any(row["is_statutory"] for row in rows)


def test_it_filters_services_by_competence_area(api, ansatt):
    api.force_authenticate(ansatt)

    rows = api.get("/api/v1/services/?competence_area=ergonomi&page_size=200").json()["results"]

    assert rows
    assert all("ergonomi" in row["competence_areas"] for row in rows)


def test_it_lists_competence_areas_and_categories(api, ansatt):
    api.force_authenticate(ansatt)

    areas = api.get("/api/v1/competence-areas/").json()
    categories = api.get("/api/v1/inquiry-categories/").json()

    assert sum(area["required_for_approval"] for area in areas) == 4
    assert [c["name"] for c in categories][:2] == ["Vold og trusler", "Mobbing/trakassering"]


def test_it_hides_the_advisors_hourly_cost_from_clients(api, avdelingsleder):
    api.force_authenticate(avdelingsleder)

    rows = api.get("/api/v1/advisors/").json()["results"]

    assert rows
    assert all("hourly_cost" not in row for row in rows)


def test_it_shows_the_hourly_cost_to_the_bht_manager(api, bhtleder):
    api.force_authenticate(bhtleder)

    rows = api.get("/api/v1/advisors/").json()["results"]

    assert all("hourly_cost" in row for row in rows)


def test_it_refuses_writes_on_read_only_resources(api, bhtleder):
    api.force_authenticate(bhtleder)

    response = api.post("/api/v1/services/", {"name": "Ny"}, format="json")

    assert response.status_code == 405


def test_it_lists_services_and_advisors_with_a_fixed_number_of_queries(
    api, ansatt, django_assert_max_num_queries
):
    api.force_authenticate(ansatt)

    with django_assert_max_num_queries(5):
        assert api.get("/api/v1/services/?page_size=200").status_code == 200
    with django_assert_max_num_queries(5):
        assert api.get("/api/v1/advisors/").status_code == 200
