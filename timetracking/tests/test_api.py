"""`time-entries`, `time-entries/week`, `period-locks`, `hourly-rates` under /api/v1/."""

import datetime

import pytest
from django.utils import timezone

from timetracking import services
from timetracking.models import TimeEntry
from timetracking.tests.factories import (
    advisor_of,
    approved_item,
    clear_week,
    internal,
    log,
    open_order,
)

pytestmark = pytest.mark.usefixtures("demo_data")

URL = "/api/v1/time-entries/"


def today() -> datetime.date:
    return timezone.localdate()


def body(**overrides):
    data = {
        "date": today().isoformat(),
        "hours": "1.50",
        "activity": "advice",
        "internal_activity": internal().pk,
    }
    data.update(overrides)
    return data


def test_it_creates_an_entry_with_derived_billing(api, radgiver):
    api.force_authenticate(radgiver)
    order = open_order()
    data = body(order=order.pk)
    del data["internal_activity"]
    response = api.post(URL, data, format="json")
    assert response.status_code == 201, response.data
    assert response.data["billing"] == "extra_sale"
    assert response.data["advisor"] == advisor_of(radgiver).pk
    assert response.data["area"] == order.area_id


def test_it_answers_400_per_field(api, radgiver):
    api.force_authenticate(radgiver)
    response = api.post(URL, body(hours="1.10"), format="json")
    assert response.status_code == 400 and "hours" in response.data
    response = api.post(URL, body(order=open_order().pk), format="json")
    assert response.status_code == 400 and "target" in response.data
    response = api.post(
        URL, body(date=(today() + datetime.timedelta(days=2)).isoformat()), format="json"
    )
    assert response.status_code == 400 and "date" in response.data
    log(radgiver, hours="23")
    response = api.post(URL, body(hours="1.25"), format="json")
    assert response.status_code == 400 and "24 timer" in response.data["hours"][0]


def test_it_answers_403_in_a_locked_month(api, radgiver, bhtleder):
    entry = log(radgiver, hours="2")
    services.month_lock(user=bhtleder, month=today())
    api.force_authenticate(radgiver)
    response = api.post(URL, body(), format="json")
    assert response.status_code == 403
    assert "låst" in response.data["detail"]
    assert api.patch(f"{URL}{entry.pk}/", {"hours": "3"}, format="json").status_code == 403
    assert api.delete(f"{URL}{entry.pk}/").status_code == 403
    entry.refresh_from_db()
    assert entry.hours == 2


def test_it_answers_403_for_logging_for_someone_else(api, radgiver, bhtleder):
    api.force_authenticate(radgiver)
    response = api.post(URL, body(advisor=advisor_of(bhtleder).pk), format="json")
    assert response.status_code == 403


def test_it_answers_403_to_people_outside_the_bht(api, kommunalsjef):
    api.force_authenticate(kommunalsjef)
    assert api.post(URL, body(), format="json").status_code == 403


def test_it_updates_and_deletes_an_entry(api, radgiver):
    entry = log(radgiver, hours="2")
    api.force_authenticate(radgiver)
    response = api.patch(f"{URL}{entry.pk}/", {"hours": "2.75", "note": "Rapport"}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["hours"] == "2.75" and response.data["note"] == "Rapport"
    item = approved_item()
    response = api.patch(f"{URL}{entry.pk}/", {"plan_item": item.pk}, format="json")
    assert response.data["billing"] == "fixed_price"
    assert response.data["internal_activity"] is None
    assert api.delete(f"{URL}{entry.pk}/").status_code == 204
    assert not TimeEntry.objects.filter(pk=entry.pk).exists()


def test_it_hides_entries_outside_scope(api, radgiver, outsider):
    entry = log(radgiver, order=open_order())
    api.force_authenticate(outsider)
    assert api.get(f"{URL}{entry.pk}/").status_code == 404
    listed = {row["id"] for row in api.get(URL, {"page_size": 1000}).data["results"]}
    assert entry.pk not in listed
    # The outsider (a department leader in Skole) sees no entry of another area.
    from timetracking.models import TimeEntry

    assert not TimeEntry.objects.filter(pk__in=listed).exclude(area__name="Skole").exists()


def test_it_shows_the_area_director_the_entries_of_their_area(api, radgiver, kommunalsjef):
    entry = log(radgiver, order=open_order())
    internal_entry = log(radgiver, internal_activity=internal())
    api.force_authenticate(kommunalsjef)
    assert api.get(f"{URL}{entry.pk}/").status_code == 200
    assert api.get(f"{URL}{internal_entry.pk}/").status_code == 404


def test_it_filters_the_list(api, radgiver, bhtleder):
    order = open_order()
    entry = log(radgiver, order=order)
    api.force_authenticate(bhtleder)
    response = api.get(URL, {"order": order.pk, "date_from": today().isoformat()})
    assert [e["id"] for e in response.data["results"]] == [entry.pk]
    response = api.get(
        URL,
        {
            "advisor": advisor_of(radgiver).pk,
            "billing": "extra_sale",
            "status": "draft",
            "area": order.area_id,
            "date_to": today().isoformat(),
        },
    )
    assert entry.pk in [e["id"] for e in response.data["results"]]


def test_it_lists_in_a_fixed_number_of_queries(api, bhtleder, django_assert_max_num_queries):
    api.force_authenticate(bhtleder)
    with django_assert_max_num_queries(8):
        response = api.get(URL, {"page_size": 200})
    assert len(response.data["results"]) == 200


def test_it_returns_the_week_grid(api, radgiver, bhtleder):
    clear_week(radgiver)
    order = open_order()
    log(radgiver, order=order, hours="2")
    log(radgiver, hours="1.25")
    api.force_authenticate(radgiver)
    week = "{}-W{:02d}".format(*today().isocalendar()[:2])
    response = api.get(f"{URL}week/", {"week": week})
    assert response.status_code == 200
    assert response.data["total"] == "3.25"
    assert {row["kind"] for row in response.data["rows"]} == {"order", "internal"}
    assert len(response.data["rows"][0]["cells"]) == 7
    other = api.get(f"{URL}week/", {"advisor": advisor_of(bhtleder).pk})
    assert other.status_code == 403
    api.force_authenticate(bhtleder)
    assert (
        api.get(f"{URL}week/", {"advisor": advisor_of(radgiver).pk, "week": week}).data["total"]
        == "3.25"
    )


def test_it_locks_and_unlocks_a_month(api, bhtleder, radgiver):
    api.force_authenticate(radgiver)
    assert api.post("/api/v1/period-locks/", {"month": today().isoformat()}).status_code == 403
    api.force_authenticate(bhtleder)
    response = api.post("/api/v1/period-locks/", {"month": today().isoformat()})
    assert response.status_code == 201
    assert response.data["month"] == today().replace(day=1).isoformat()
    pk = response.data["id"]
    assert api.post("/api/v1/period-locks/", {"month": today().isoformat()}).status_code == 400
    response = api.post(f"/api/v1/period-locks/{pk}/unlock/", {"reason": ""})
    assert response.status_code == 400 and "reason" in response.data
    response = api.post(f"/api/v1/period-locks/{pk}/unlock/", {"reason": "Retting"})
    assert response.status_code == 200 and response.data["unlocked_at"]


def test_it_hides_locks_from_people_outside_the_bht(api, kommunalsjef):
    api.force_authenticate(kommunalsjef)
    assert api.get("/api/v1/period-locks/").data["count"] == 0


def test_the_manager_sets_hourly_rates(api, bhtleder, radgiver):
    api.force_authenticate(radgiver)
    assert api.post("/api/v1/hourly-rates/", {"year": 2030, "amount": "1200"}).status_code == 403
    api.force_authenticate(bhtleder)
    response = api.post("/api/v1/hourly-rates/", {"year": 2030, "amount": "1200"})
    assert response.status_code == 201
    assert api.post("/api/v1/hourly-rates/", {"year": 2030, "amount": "-1"}).status_code == 400


def test_it_refuses_wrong_methods(api, bhtleder):
    api.force_authenticate(bhtleder)
    assert api.delete("/api/v1/period-locks/1/").status_code == 405
    assert api.post(f"{URL}week/").status_code == 405


def test_a_unit_leader_sees_only_the_hours_of_their_unit(api, radgiver, tjenesteleder):
    from core.models import RoleAssignment

    unit_id = RoleAssignment.objects.filter(user=tjenesteleder, role="unit_leader").first().unit_id
    order = open_order()
    inside = log(radgiver, order=order, hours="1")
    api.force_authenticate(tjenesteleder)
    visible = api.get(f"{URL}{inside.pk}/").status_code
    assert visible == (200 if order.unit_id == unit_id else 404)
    ids = {e["id"] for e in api.get(URL, {"page_size": 500}).data["results"]}
    units = set(
        TimeEntry.objects.filter(pk__in=ids).values_list("order__unit_id", "plan_item__unit_id")
    )
    assert all(unit_id in pair for pair in units)
