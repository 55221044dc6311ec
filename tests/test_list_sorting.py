"""Sorting, searching and filtering (issue 18, point 1; docs/security.md).

Every list in the URL configuration, API and pages alike, is walked as a limited user
and asked to sort, search and filter by every field of its model (double-underscore
paths through its relations included). The only answers allowed are 400 or the
default order. A new API list that forgets to declare `ordering_fields`,
`search_fields` and its filter fields fails `test_every_api_list_declares_...`; one
that lets the caller sort by something it does not show fails the walk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

from core.api_filters import declared_ordering_fields


@dataclass(frozen=True)
class ApiList:
    path: str
    view: Any  # the ViewSet class


def _walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield "/" + prefix + str(p.pattern), p


def api_lists() -> list[ApiList]:
    found: dict[str, ApiList] = {}
    for raw, pattern in _walk(get_resolver().url_patterns, ""):
        actions = getattr(pattern.callback, "actions", None) or {}
        if actions.get("get") != "list" or "(?P<format>" in raw:
            continue
        path = raw.replace("^", "").replace("$", "")
        if "(?P<" in path or "<" in path:
            continue
        found.setdefault(path, ApiList(path, pattern.callback.cls))
    return sorted(found.values(), key=lambda a: a.path)


def page_lists() -> list[str]:
    """Pages without URL arguments: every list page and search of the site."""
    paths = set()
    for raw, pattern in _walk(get_resolver().url_patterns, ""):
        if raw.startswith(("/api/", "/admin/", "/static/", "/media/", "/__")):
            continue
        if "<" in raw or "(?P" in raw or "^" in raw or getattr(pattern.callback, "cls", None):
            continue
        paths.add(raw)
    return sorted(paths)


def model_field_paths(model: type[models.Model]) -> list[str]:
    """Every field of the model, one hop into each relation, and the classic probes."""
    paths = ["pk", "id", "__str__", "user____str__", "?", "-pk"]
    for f in model._meta.get_fields():
        paths.append(f.name)
        related = getattr(f, "related_model", None)
        if related is not None and f.is_relation:
            paths.extend(f"{f.name}__{g.name}" for g in related._meta.concrete_fields)
    return list(dict.fromkeys(paths))


API_LISTS = api_lists()

# Declared sort keys that the item shows under another name.
SHOWN_AS = {"user__last_name": "name", "received_at": "received_at"}


def _model(view: Any, user: Any) -> type[models.Model]:
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    instance = view(action="list", kwargs={}, format_kwarg=None)
    request = Request(APIRequestFactory().get("/"))
    request.user = user
    instance.request = request
    return instance.get_queryset().model


def test_there_are_api_lists_to_walk():
    assert len(API_LISTS) >= 15, [a.path for a in API_LISTS]


@pytest.mark.parametrize("entry", API_LISTS, ids=lambda a: a.path)
def test_every_api_list_declares_its_sort_search_and_filter_fields(entry: ApiList):
    view = entry.view
    assert hasattr(view, "ordering_fields") or hasattr(view, "get_ordering_fields"), (
        f"{entry.path}: declare ordering_fields (an empty list if it sorts by nothing)"
    )
    assert getattr(view, "ordering_fields", None) != "__all__", entry.path
    assert hasattr(view, "search_fields"), f"{entry.path}: declare search_fields"
    assert view.__dict__.get("filterset_class") or "filterset_fields" in {
        k for cls in view.__mro__ for k in cls.__dict__
    }, f"{entry.path}: declare filterset_class or filterset_fields"


def nested_api_lists() -> list[tuple[str, Any, str]]:
    """Lists under one object (`orders/{pk}/events/`): (path, ViewSet, action)."""
    found = {}
    for raw, pattern in _walk(get_resolver().url_patterns, ""):
        actions = getattr(pattern.callback, "actions", None) or {}
        action = actions.get("get")
        path = raw.replace("^", "").replace("$", "")
        if not path.startswith("/api/") or action in (None, "list", "retrieve"):
            continue
        if path.count("(?P<") != 1 or "(?P<pk>" not in path:
            continue
        found[path] = (path, pattern.callback.cls, action)
    return sorted(found.values())


NESTED_API_LISTS = nested_api_lists()


def test_there_are_nested_api_lists_to_walk():
    assert {path.split("/")[-2] for path, _, _ in NESTED_API_LISTS} >= {
        "events",
        "attachments",
        "deliveries",
    }, NESTED_API_LISTS


@pytest.mark.parametrize("entry", NESTED_API_LISTS, ids=lambda e: e[0])
def test_a_nested_api_list_keeps_its_own_order_whatever_it_is_asked(api, persona, entry):
    """A list under one object sorts by nothing it is asked: every model field and
    the classic probes give the default order (or 400), never a 500."""
    path, view, action = entry
    user = persona("bhtleder")
    model = _model(view, user)
    obj = model.objects.order_by("pk").first()
    if obj is None and model._meta.model_name == "webhookendpoint":
        obj = model.objects.create(url="https://hooks.example.no/bht", events=["order.submitted"])
    assert obj is not None, path
    url = re.sub(r"\(\?P<pk>[^)]*\)", str(obj.pk), path)
    api.force_authenticate(user)
    default = api.get(url)
    assert default.status_code == 200, (url, default.status_code)
    items = _items(default)
    probes = model_field_paths(model) + (sorted(items[0]) if items else [])
    for probe in dict.fromkeys(probes):
        # One request asks all three: sort by it, search for it, filter on it.
        query = {"ordering": probe, "search": probe, probe: "1"}
        response = api.get(url, query)
        assert response.status_code in (200, 400), (url, query, response.status_code)
        if response.status_code == 200:
            assert _items(response) == items, f"{url}?{query} changed the list"


@dataclass
class _Caller:
    user: Any


def _items(response: Any) -> list[Any]:
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


@pytest.mark.parametrize("entry", API_LISTS, ids=lambda a: a.path)
@pytest.mark.parametrize("username", ["merkantil", "ansatt"])
def test_it_sorts_an_api_list_by_declared_visible_fields_only(api, persona, entry, username):
    user = persona(username)
    api.force_authenticate(user)
    default = api.get(entry.path)
    assert default.status_code in (200, 403), (entry.path, default.status_code)
    if default.status_code == 403:
        return

    declared = set(declared_ordering_fields(entry.view(), _Caller(user)))  # type: ignore[arg-type]

    items = _items(default)
    shown = set(items[0]) if items else set()
    for name in declared:
        if shown:
            assert SHOWN_AS.get(name, name.split("__")[0]) in shown, (
                f"{entry.path}: {username} may sort by {name!r}, which the list does not show"
            )

    if username != "merkantil":
        return  # the refusal does not depend on the caller; one walk is enough
    for path in model_field_paths(_model(entry.view, user)):
        if path in declared:
            continue
        response = api.get(entry.path, {"ordering": f"{path},-pk"})
        assert response.status_code == 400, (entry.path, path, response.status_code)
        assert list(response.json()) == ["ordering"]


@pytest.mark.parametrize("entry", API_LISTS, ids=lambda a: a.path)
def test_it_searches_and_filters_an_api_list_only_by_what_it_declares(api, merkantil, entry):
    api.force_authenticate(merkantil)
    default = api.get(entry.path)
    if default.status_code != 200:
        return
    view = entry.view
    searched = api.get(entry.path, {"search": "a"})
    if view.search_fields:
        assert searched.status_code == 200
    else:
        assert searched.status_code == 400, entry.path

    filterset = view.filterset_class if getattr(view, "filterset_class", None) else None
    declared_filters: set[str] = set(getattr(view, "filterset_fields", None) or [])
    if filterset is not None:
        declared_filters |= set(filterset.base_filters)
    for path in model_field_paths(_model(view, merkantil)):
        if path in declared_filters or path in ("?", "-pk"):
            continue
        response = api.get(entry.path, {path: "1"})
        assert response.status_code in (200, 400), (entry.path, path, response.status_code)
        if response.status_code == 200:
            assert _items(response) == _items(default), f"{entry.path}: ?{path}= filtered"


def test_an_advisor_list_is_not_ranked_by_a_cost_the_caller_does_not_see(api, ansatt, merkantil):
    api.force_authenticate(ansatt)
    assert api.get("/api/v1/advisors/", {"ordering": "hourly_cost"}).status_code == 400

    api.force_authenticate(merkantil)
    response = api.get("/api/v1/advisors/", {"ordering": "-hourly_cost"})
    assert response.status_code == 200
    costs = [a["hourly_cost"] for a in _items(response)]
    assert costs == sorted(costs, key=float, reverse=True)


def test_an_inquiry_list_is_not_sorted_by_its_caller_or_summary(api, merkantil):
    api.force_authenticate(merkantil)
    for term in ("caller_name,id", "summary", "-caller_name", "user____str__"):
        response = api.get("/api/v1/inquiries/", {"ordering": term})
        assert response.status_code == 400, term
        assert "Kan ikke sortere" in response.json()["ordering"][0]


_TAG = re.compile(rb"<[^>]*>")


def _page(response: Any) -> bytes:
    """What the page shows (its text, in order): tokens, links and hidden fields that
    echo the query string are attributes and fall away."""
    return b" ".join(_TAG.sub(b" ", response.content).split())


PROBES = ("sort", "ordering", "q", "search", "sok", "order_by")


@pytest.mark.parametrize("path", page_lists())
def test_a_page_list_ignores_or_refuses_sorting_by_undeclared_fields(client, radgiver, path):
    """No page sorts by a URL parameter today; a page that starts to must refuse
    anything it does not declare (400), never sort by it or answer 500."""
    client.force_login(radgiver)
    default = client.get(path)
    if default.status_code != 200 or not default.get("Content-Type", "").startswith("text/html"):
        return
    fields = ["user____str__", "caller_name", "hourly_cost", "-pk"]
    for probe in PROBES[:2]:
        for field in fields:
            response = client.get(path, {probe: field})
            assert response.status_code in (200, 400), (path, probe, field)
            if response.status_code == 200:
                assert _page(response) == _page(default), f"{path}?{probe}={field} changed the page"
    for probe in PROBES[2:]:
        for field in fields:
            response = client.get(path, {probe: field})
            assert response.status_code in (200, 400), (path, probe, field)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def test_every_filter_set_refuses_numbers_the_database_cannot_hold():
    """A new filter set on django_filters.FilterSet itself would send an id beyond a
    bigint to the database (a 500): it must derive from core's BoundedFilterSet."""
    import django_filters
    from django.conf import settings

    from core.api_filters import BoundedFilterSet

    ours = [
        cls
        for cls in _subclasses(django_filters.FilterSet)
        if cls.__module__.split(".")[0] in {a.split(".")[0] for a in settings.INSTALLED_APPS}
        and not cls.__module__.startswith(("django_filters", "rest_framework"))
    ]
    assert len(ours) >= 10, ours
    assert [c for c in ours if not issubclass(c, BoundedFilterSet)] == []
    assert (
        "core.api_filters.BoundedFilterBackend"
        in settings.REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]
    )


# Parameters the pages read by name besides their GET forms' fields (the week, the row
# keys and day of the timesheet, a tab, an export format, a page number...).
PAGE_PARAMS = {
    "page", "uke", "dag", "radgiver", "rad", "mal", "aktivitet", "kopier", "sok", "q",
    "fane", "format", "type", "year", "area", "las_opp", "tjeneste", "navn",
}  # fmt: skip
_GET_FORM = re.compile(rb"<form\b(?![^>]*method=\"post\")[^>]*>(.*?)</form>", re.S | re.I)
_NAME = re.compile(rb"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)


def _page_fields(content: bytes) -> set[str]:
    """The fields of the page's GET forms: what it declares it filters by."""
    return {m.decode() for form in _GET_FORM.findall(content) for m in _NAME.findall(form)}


def _every_field_name() -> list[str]:
    from django.apps import apps
    from django.conf import settings

    ours = {a.split(".")[0] for a in settings.INSTALLED_APPS if "." not in a or a.count(".") < 3}
    names = {
        f.name
        for model in apps.get_models()
        if model.__module__.split(".")[0] in ours and not model.__module__.startswith("django")
        for f in model._meta.get_fields()
    }
    return sorted(names | {"pk", "id", "__str__", "user____str__"})


@pytest.mark.parametrize("username", ["radgiver_fjordby", "bhtleder", "avdelingsleder"])
def test_a_page_list_sorts_and_filters_by_no_undeclared_model_field(client, demo_data, username):
    """Every list page, asked to filter by every model field of the project it does not
    declare (one request with all of them) and to sort by all of them, answers its
    default content or 400."""
    from conftest import second_client
    from core.models import User

    second_client()
    client.force_login(User.objects.get(username=username))
    fields = _every_field_name()
    failures = []
    for path in page_lists():
        default = client.get(path)
        if default.status_code != 200 or not default.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        declared = _page_fields(default.content) | PAGE_PARAMS
        probes = [{f: "1" for f in fields if f not in declared}]
        probes += [{p: ",".join(f"-{f}" for f in fields)} for p in ("sort", "ordering", "o")]
        probes += [{"order_by": ",".join(fields)}]
        for params in probes:
            response = client.get(path, params)
            if response.status_code == 400:
                continue
            if response.status_code != 200 or _page(response) != _page(default):
                failures.append(f"{path} {sorted(params)[:3]}… → {response.status_code}")
    assert not failures, failures
