"""The `status` and `start_year` filters of /api/v1/action-plans/ (issue 18, point 5):
each narrows the list, so a test fails if either filter is dropped."""

from __future__ import annotations

from collections import Counter

URL = "/api/v1/action-plans/"


def _all(api, params=None):
    response = api.get(URL, {"page_size": 500, **(params or {})})
    assert response.status_code == 200
    return response.json()["results"]


def test_it_filters_action_plans_by_status(api, bhtleder):
    api.force_authenticate(bhtleder)
    plans = _all(api)
    statuses = Counter(p["status"] for p in plans)
    assert len(statuses) >= 2, "the demo has plans in several states"
    status, count = statuses.most_common()[-1]

    filtered = _all(api, {"status": status})

    assert len(filtered) == count < len(plans)
    assert {p["status"] for p in filtered} == {status}


def test_it_filters_action_plans_by_start_year(api, bhtleder):
    api.force_authenticate(bhtleder)
    plans = _all(api)
    years = Counter(p["start_year"] for p in plans)
    assert len(years) >= 2, "the demo has plans of several years"
    year, count = years.most_common()[-1]

    filtered = _all(api, {"start_year": year})

    assert len(filtered) == count < len(plans)
    assert {p["start_year"] for p in filtered} == {year}


def test_an_invalid_filter_value_is_a_400(api, bhtleder):
    api.force_authenticate(bhtleder)

    assert api.get(URL, {"status": "finnes-ikke"}).status_code == 400
    assert api.get(URL, {"start_year": "1e999"}).status_code == 400
