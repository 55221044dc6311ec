import datetime

import pytest
from django.utils import timezone

from core.models import Advisor, MainContact, ServiceArea

URL = "/api/v1/main-contacts/"


@pytest.fixture
def helse(demo_data):
    return ServiceArea.objects.get(name="Helse og sosial")


@pytest.fixture
def other_advisor(radgiver):
    return (
        Advisor.objects.filter(is_active=True, competence_areas__isnull=False)
        .exclude(user=radgiver)
        .first()
    )


def test_it_lists_the_main_contact_of_the_leaders_area(api, avdelingsleder, helse, radgiver):
    api.force_authenticate(avdelingsleder)

    rows = api.get(f"{URL}?current=true").json()["results"]

    assert [(row["area"], row["advisor"]["name"]) for row in rows] == [(helse.pk, str(radgiver))]
    assert rows[0]["is_current"] is True


def test_it_hides_other_areas_main_contacts_from_the_outsider(api, outsider, helse):
    api.force_authenticate(outsider)

    rows = api.get(URL).json()["results"]

    assert rows
    assert helse.pk not in {row["area"] for row in rows}
    contact = MainContact.objects.current().get(area=helse)
    assert api.get(f"{URL}{contact.pk}/").status_code == 404


def test_it_lets_the_bht_manager_change_the_main_contact(api, bhtleder, helse, other_advisor):
    api.force_authenticate(bhtleder)
    today = timezone.localdate()
    start = today + datetime.timedelta(days=1)

    response = api.post(
        URL, {"advisor": other_advisor.pk, "area": helse.pk, "valid_from": start}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["advisor"]["advisor_id"] == other_advisor.pk
    history = list(MainContact.objects.filter(area=helse).order_by("valid_from"))
    assert history[-1].advisor == other_advisor and history[-1].valid_to is None
    assert history[-2].valid_to == today


def test_it_forbids_an_advisor_to_change_the_main_contact(api, radgiver, helse, other_advisor):
    api.force_authenticate(radgiver)

    response = api.post(URL, {"advisor": other_advisor.pk, "area": helse.pk}, format="json")

    assert response.status_code == 403
    assert MainContact.objects.current().get(area=helse).advisor.user == radgiver


def test_it_forbids_a_leader_to_change_the_main_contact(api, kommunalsjef, helse, other_advisor):
    api.force_authenticate(kommunalsjef)

    response = api.post(URL, {"advisor": other_advisor.pk, "area": helse.pk}, format="json")

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "advisor"),
        ({"advisor": 999999, "area": "HELSE"}, "advisor"),
        ({"advisor": "ADVISOR"}, "area"),
        ({"advisor": "ADVISOR", "area": 999999}, "area"),
        ({"advisor": "ADVISOR", "area": "HELSE", "valid_from": "i morgen"}, "valid_from"),
        ({"advisor": "ADVISOR", "area": "HELSE", "valid_from": "2000-01-01"}, "valid_from"),
    ],
)
def test_it_answers_400_per_field_and_saves_nothing(
    api, bhtleder, helse, other_advisor, payload, field
):
    api.force_authenticate(bhtleder)
    replace = {"ADVISOR": other_advisor.pk, "HELSE": helse.pk}
    data = {key: replace.get(value, value) for key, value in payload.items()}
    before = list(MainContact.objects.values_list("pk", "advisor_id", "valid_to"))

    response = api.post(URL, data, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert list(MainContact.objects.values_list("pk", "advisor_id", "valid_to")) == before


def test_it_lists_main_contacts_with_a_fixed_number_of_queries(
    api, radmann, django_assert_max_num_queries
):
    api.force_authenticate(radmann)

    with django_assert_max_num_queries(4):
        response = api.get(URL)

    assert response.json()["count"] >= 10
