"""No input gives a 500 (issue 18, point 4): the review's reproductions, every API
operation with a number beyond a float in each of its fields, a NUL character in
queries and forms (PostgreSQL cannot hold it), and every page form posted with
hostile values by a crawler, the object pages it reaches by links and every object
page of the permission matrix included; numbers that str.isdigit() admits and int()
refuses; ids beyond bigint in a multiple choice. Each asserts a 4xx with a message,
or at least no 500, and that nothing was saved where a value was refused."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import Organisation
from tests.test_permission_matrix import objects  # noqa: F401 (the matrix's objects fixture)
from timetracking.models import HourlyRate, TimeEntry
from timetracking.tests.factories import advisor_of, clear_week, open_order

CALENDAR_ENDS = ["0001-01-01", "9999-12-31", "9999-W52", "0001-W01"]
HUGE_HOURS = ["1e100", "1E28", "9" * 30, "NaN", "Infinity", "-Infinity", "1E-999999999"]


# --- the review's reproductions ---------------------------------------------------


@pytest.mark.parametrize("hours", HUGE_HOURS)
def test_a_cell_refuses_huge_or_not_a_number_hours(client, radgiver, hours):
    clear_week(radgiver)
    client.force_login(radgiver)
    order = open_order()
    before = TimeEntry.objects.count()

    response = client.post(
        reverse("timetracking:cell"),
        {"rad": f"order-{order.pk}-advice", "dato": datetime.date.today().isoformat(),
         "timer": hours},
    )  # fmt: skip

    assert response.status_code == 400
    assert TimeEntry.objects.count() == before


@pytest.mark.parametrize("hours", HUGE_HOURS)
def test_a_quick_entry_refuses_huge_or_not_a_number_hours(client, radgiver, hours):
    client.force_login(radgiver)
    order = open_order()
    before = TimeEntry.objects.count()

    response = client.post(
        reverse("timetracking:quick-entry"),
        {"mal": f"order-{order.pk}", "aktivitet": "advice", "timer": hours, "dato": ""},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code in (200, 302, 400)
    assert TimeEntry.objects.count() == before


@pytest.mark.parametrize("value", CALENDAR_ENDS)
def test_the_timesheet_refuses_weeks_at_the_ends_of_the_calendar(client, radgiver, value):
    client.force_login(radgiver)

    response = client.get(reverse("timetracking:timesheet"), {"uke": value})

    assert response.status_code == 400
    assert "mellom 1900 og 2999" in response.content.decode() or "uke" in response.content.decode()


@pytest.mark.parametrize("value", CALENDAR_ENDS)
def test_the_week_api_refuses_weeks_at_the_ends_of_the_calendar(api, radgiver, value):
    api.force_authenticate(radgiver)

    response = api.get("/api/v1/time-entries/week/", {"week": value})

    assert response.status_code == 400
    assert list(response.json()) == ["week"]


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_a_cell_refuses_a_date_at_the_ends_of_the_calendar(client, radgiver, value):
    client.force_login(radgiver)
    order = open_order()

    response = client.post(
        reverse("timetracking:cell"),
        {"rad": f"order-{order.pk}-advice", "dato": value, "timer": "1"},
    )

    assert response.status_code == 400


def test_plan_feedback_refuses_an_item_id_beyond_bigint(api, kommunalsjef, radgiver, amu):
    """A plan in BHT review, built here (the demo's plans depend on the day): the
    advisor's feedback with an item id beyond bigint is a 400 on `items`."""
    from actionplans.models import PlanFeedback, PlanStatus
    from actionplans.tests.factories import advance, draft

    plan = advance(
        draft(kommunalsjef), "bht_review", director=kommunalsjef, advisor=radgiver, amu=amu
    )
    api.force_authenticate(radgiver)

    response = api.post(
        f"/api/v1/action-plans/{plan.pk}/feedback/",
        {"text": "Faglig god plan.", "items": {str(2**70): "Bra"}},
        format="json",
    )

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["items"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.BHT_REVIEW
    assert not PlanFeedback.objects.filter(plan=plan).exists()


@pytest.mark.parametrize("amount", ["1e100", "99999999999999", "NaN", "-Infinity"])
def test_the_rates_page_refuses_an_amount_beyond_the_column(client, bhtleder, amount):
    client.force_login(bhtleder)
    year = datetime.date.today().year + 3
    HourlyRate.objects.filter(year=year).delete()

    response = client.post(reverse("timetracking:rates"), {"aar": str(year), "belop": amount})

    assert response.status_code in (200, 400)  # the form again, with the message on the amount
    assert "Timeprisen" in response.content.decode()
    assert not HourlyRate.objects.filter(year=year).exists()
    assert client.get(reverse("timetracking:rates")).status_code == 200


def test_the_rates_api_refuses_an_amount_beyond_the_column(api, bhtleder):
    api.force_authenticate(bhtleder)
    year = datetime.date.today().year + 3
    HourlyRate.objects.filter(year=year).delete()

    response = api.post(
        "/api/v1/hourly-rates/", {"year": year, "amount": "99999999999999"}, format="json"
    )

    assert response.status_code == 400
    assert not HourlyRate.objects.filter(year=year).exists()
    assert api.get("/api/v1/hourly-rates/").status_code == 200


BAD_CSV = {
    "byte-0x81": b"area;unit;period_start;period_end;agreed_workdays\n"
    b"\x81;x;2025-01-01;2025-12-31;1\n",
    "long-field": b"area;unit\n" + b"x" * 140_000 + b";y\n",
}


@pytest.mark.parametrize("name", BAD_CSV)
def test_the_sick_leave_api_refuses_an_unreadable_csv(api, bhtleder, name):
    api.force_authenticate(bhtleder)
    upload = io.BytesIO(BAD_CSV[name])
    upload.name = "fravaer.csv"

    response = api.post(
        "/api/v1/sick-leave/import/",
        {"organisation": Organisation.objects.get(slug="fjordby").pk, "file": upload},
        format="multipart",
    )

    assert response.status_code == 400
    assert "file" in response.json()


@pytest.mark.parametrize("name", BAD_CSV)
def test_the_sick_leave_page_refuses_an_unreadable_csv(client, bhtleder, name):
    client.force_login(bhtleder)
    upload = io.BytesIO(BAD_CSV[name])
    upload.name = "fravaer.csv"

    response = client.post(
        reverse("reports:sick-leave"),
        {"organisation": Organisation.objects.get(slug="fjordby").pk, "file": upload},
    )

    assert response.status_code in (200, 400)
    assert "Filen kan ikke leses" in response.content.decode()


@pytest.mark.parametrize("name", BAD_CSV)
def test_import_org_refuses_an_unreadable_csv(tmp_path, demo_data, name):
    path = tmp_path / "org.csv"
    path.write_bytes(BAD_CSV[name])

    with pytest.raises(CommandError, match="Filen kan ikke leses"):
        call_command("import_org", str(path), organisation="fjordby", stdout=io.StringIO())


@pytest.mark.parametrize("number", ["1e999", "-1e999", str(2**70)])
def test_an_order_with_a_department_beyond_a_float_is_a_400_on_department(
    api, avdelingsleder, number
):
    """The review's {"department": 1e999}: json made it inf, and int(inf) an OverflowError."""
    from orders.models import Order

    api.force_authenticate(avdelingsleder)
    before = Order.objects.count()

    response = api.generic(
        "POST", "/api/v1/orders/",
        f'{{"department": {number}, "title": "Test", "description": "Test", "service": 1}}',
        content_type="application/json",
    )  # fmt: skip

    assert response.status_code == 400, response.content
    assert "department" in response.json()
    assert Order.objects.count() == before


# --- every API operation: a number beyond a float in each field ---------------------


def _schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _properties(schema: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = body.get("schema", {}).get("$ref", "")
    if not ref:
        return []
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return list(component.get("properties", {}))


def _first_id(api: APIClient, path: str) -> str | None:
    response = api.get(path)
    if response.status_code != 200:
        return None
    data = response.json()
    items = data.get("results", data) if isinstance(data, dict) else data
    return (
        str(items[0]["id"]) if items and isinstance(items[0], dict) and "id" in items[0] else None
    )


@pytest.mark.parametrize("username", ["bhtleder", "kommunalsjef", "avdelingsleder"])
def test_no_api_operation_answers_500_to_a_number_beyond_a_float(persona, username):
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(persona(username))
    schema = _schema()
    failures = []
    for template, methods in schema["paths"].items():
        path = template
        if "{" in template:
            collection = template.split("{", 1)[0]
            pk = _first_id(api, collection)
            if pk is None:
                continue
            path = re.sub(r"\{[^}]+\}", pk, template)
        for method in ("post", "put", "patch"):
            if method not in methods:
                continue
            for field in _properties(schema, methods[method]):
                for number in ("1e999", "-1e999", str(2**70), "1e100"):
                    response = api.generic(
                        method.upper(), path, f'{{"{field}": {number}}}',
                        content_type="application/json",
                    )  # fmt: skip
                    if response.status_code >= 500:
                        failures.append(f"{method.upper()} {path} {field}={number}")
    assert not failures, failures


# --- a crawler posts hostile values to every page form ------------------------------

HOSTILE = [
    "1e999",
    "99999999999999999999999",
    "NaN",
    "-Infinity",
    "\x81\x00",
    "x" * 20_000,
    "0001-01-01",
    "9999-12-31",
    "9999-W52",
    str(2**70),
    "-1",
    "\u00b2",  # a digit to str.isdigit(), a ValueError to int()
    "9" * 5000,  # beyond int()'s 4300 digits
]
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')
_FIELD = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.I)


def _forms(html: str, page: str) -> list[tuple[str, list[str], dict[str, str]]]:
    """(action, field names, hidden values) of every POST form on the page."""
    forms = []
    for attrs, body in _FORM.findall(html):
        a = dict(_ATTR.findall(attrs))
        if a.get("method", "get").lower() != "post":
            continue
        names, hidden = [], {}
        for _tag, field_attrs in _FIELD.findall(body):
            f = dict(_ATTR.findall(field_attrs))
            if "name" not in f or f["name"] == "csrfmiddlewaretoken":
                continue
            if f.get("type") == "hidden":
                hidden[f["name"]] = f.get("value", "")
            else:
                names.append(f["name"])
        forms.append((a.get("action") or page, names, hidden))
    return forms


def _pages() -> list[str]:
    from tests.test_list_sorting import page_lists

    return page_lists()


@pytest.mark.parametrize("username", ["bhtleder", "kommunalsjef", "avdelingsleder", "ansatt"])
def test_no_page_form_answers_500_to_hostile_values(persona, username):
    client = Client(raise_request_exception=False)
    client.force_login(persona(username))
    seen: set[tuple[str, tuple[str, ...]]] = set()
    failures: list[str] = []
    for page in _pages():
        _post_hostile_values(client, page, seen, failures)
    assert not failures, failures


def _post_hostile_values(
    client: Client, page: str, seen: set[tuple[str, tuple[str, ...]]], failures: list[str]
) -> None:
    """Post every hostile value to each form of `page` not posted yet (a form is its
    action, ids made alike, and its field names); note each 500 in `failures`."""
    response = client.get(page)
    if response.status_code >= 500:
        failures.append(f"GET {page}")
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return
    for action, names, hidden in _forms(response.content.decode(), page):
        form = (re.sub(r"\d+", "N", action), tuple(names))
        if action.endswith(("/logg-ut/", "/logout/")) or form in seen:
            continue
        seen.add(form)
        for value in HOSTILE:
            data = {**hidden, **dict.fromkeys(names, value)}
            if client.post(action, data).status_code >= 500:
                failures.append(f"{page} → POST {action} {sorted(data)} = {value[:20]!r}")


_HREF = re.compile(r'<a\b[^>]*\bhref="(/[^"#?]*)', re.I)
_SKIP = ("/api/", "/admin/", "/static/", "/media/", "/logg-ut/", "/kalender/")


def _object_pages(client: Client, hops: int = 3) -> list[str]:
    """One page per URL pattern with arguments (an order, a plan, a report run...)
    that the list pages link to, followed for `hops` links: the crawler's reach
    beyond the pages without arguments."""
    from django.urls import Resolver404, resolve

    found: dict[str, str] = {}
    frontier = _pages()
    for _hop in range(hops):
        following = []
        for page in frontier:
            response = client.get(page)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for href in _HREF.findall(response.content.decode()):
                if href.startswith(_SKIP):
                    continue
                try:
                    match = resolve(href)
                except Resolver404:
                    continue
                if (match.kwargs or match.args) and match.route not in found:
                    found[match.route] = href
                    following.append(href)
        frontier = following
    return sorted(found.values())


@pytest.mark.parametrize("username", ["bhtleder", "radgiver", "kommunalsjef", "avdelingsleder"])
def test_no_form_on_an_object_page_answers_500_to_hostile_values(persona, username):
    client = Client(raise_request_exception=False)
    client.force_login(persona(username))
    pages = _object_pages(client)
    assert len(pages) >= 5, pages  # the crawler reaches object pages at all
    seen: set[tuple[str, tuple[str, ...]]] = set()
    failures: list[str] = []
    for page in pages:
        _post_hostile_values(client, page, seen, failures)
    assert not failures, failures


def _matrix_object_pages(values_of: Any) -> list[str]:
    """One page per URL pattern with arguments that the permission matrix reads with
    GET, with its object inside the demo roles' scope (a person's privacy page: any
    person). Among them pages no link of the crawl leads to, such as a plan item or
    a person's privacy page; their forms post to the actions behind them."""
    from tests.test_permission_matrix import MATRIX, ROUTES

    pages = []
    for path, cases in sorted(MATRIX.items()):
        route = ROUTES.get(path)
        if route is None or "<" not in path or path.startswith(_SKIP):
            continue
        for case in cases:
            scope = next((s for s in ("own", "any") if s in case.expect), None)
            if case.method == "GET" and case.kind and scope:
                values = values_of(path, case.kind, scope)
                pages.append(route.url({**values, **case.params}) + case.query)
                break
    return pages


@pytest.mark.parametrize("username", ["bhtleder", "radgiver", "kommunalsjef", "avdelingsleder"])
def test_no_form_on_any_object_page_of_the_matrix_answers_500(persona, request, username):
    pages = _matrix_object_pages(request.getfixturevalue("objects"))
    assert len(pages) >= 20, pages  # every object page of the matrix, not a few
    client = Client(raise_request_exception=False)
    client.force_login(persona(username))
    seen: set[tuple[str, tuple[str, ...]]] = set()
    failures: list[str] = []
    for page in pages:
        _post_hostile_values(client, page, seen, failures)
    assert not failures, failures


# --- a NUL character (PostgreSQL can neither store nor compare it) -------------------


@pytest.mark.parametrize(
    "path, param",
    [
        ("/timer/mal/", "sok"),
        ("/timer/", "sok"),
        ("/bestillinger/sok/personer/", "q"),
        ("/bestillinger/sok/avdelinger/", "q"),
        ("/personvern/personer/", "q"),
        ("/personvern/navn/", "navn"),
    ],
)
def test_a_nul_in_a_search_is_a_400_naming_the_field(client, bhtleder, path, param):
    # A 500 on PostgreSQL before bht.middleware.RefuseNulMiddleware.
    client.force_login(bhtleder)
    response = client.get(path, {param: "Nina\x00"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary-heading" in page
    assert f"Feltet «{param}»" in page and "(NUL)" in page
    assert response["X-Frame-Options"] == "DENY"  # the headers of every page


def test_a_nul_in_a_report_comment_is_a_400_and_saves_nothing(client, bhtleder):
    from reports.models import AmuComment, ReportRun

    run = ReportRun.objects.order_by("pk").first()
    client.force_login(bhtleder)
    before = AmuComment.objects.count()
    response = client.post(reverse("reports:comment", args=[run.pk]), {"text": "God\x00rapport"})
    assert response.status_code == 400
    assert "Feltet «text»" in response.content.decode()
    assert AmuComment.objects.count() == before


def test_a_nul_in_an_api_query_is_a_400_with_a_message_per_field(api, bhtleder):
    api.force_authenticate(bhtleder)
    response = api.get("/api/v1/orders/", {"search": "a\x00b", "status": "x\x00"})
    assert response.status_code == 400
    assert set(response.json()) == {"search", "status"}
    assert "(NUL)" in response.json()["search"][0]


def test_a_request_without_nul_passes_the_guard(client, bhtleder):
    client.force_login(bhtleder)
    assert client.get("/timer/mal/", {"sok": "Nina"}).status_code == 200


# Ids beyond the bigint column, and numbers that str.isdigit() admits and int() refuses.
BEYOND_BIGINT = [str(2**70), "99999999999999999999999", "1e999", "-1e30", "\u00b2", "9" * 5000]
_LINK_QUERY = re.compile(r'<a\b[^>]*\bhref="[^"?#]*\?([^"#]*)', re.I)


def _get_form_fields(html: str) -> set[str]:
    """The fields of the page's GET forms, and the query parameters of its links
    (the årshjul's ?year= is a link, not a form)."""
    names = {
        pair.split("=", 1)[0]
        for query in _LINK_QUERY.findall(html)
        for pair in query.replace("&amp;", "&").split("&")
        if pair
    }
    for attrs, body in _FORM.findall(html):
        if dict(_ATTR.findall(attrs)).get("method", "get").lower() != "get":
            continue
        for _tag, field_attrs in _FIELD.findall(body):
            name = dict(_ATTR.findall(field_attrs)).get("name")
            if name:
                names.add(name)
    return names


def test_no_api_list_filter_answers_500_to_an_id_beyond_bigint(persona):
    """`/api/v1/time-entries/?order=2**70` once reached the database (OverflowError)."""
    from tests.test_list_sorting import API_LISTS

    api = APIClient(raise_request_exception=False)
    api.force_authenticate(persona("bhtleder"))
    failures = []
    for entry in API_LISTS:
        view = entry.view
        names = set(getattr(view, "filterset_fields", None) or [])
        if getattr(view, "filterset_class", None) is not None:
            names |= set(view.filterset_class.base_filters)
        for name in sorted(names):
            for value in BEYOND_BIGINT:
                response = api.get(entry.path, {name: value})
                if response.status_code >= 500:
                    failures.append(f"{entry.path}?{name}={value}")
    assert not failures, failures


def test_an_api_list_refuses_an_id_beyond_bigint_on_its_field(api, bhtleder):
    api.force_authenticate(bhtleder)

    response = api.get("/api/v1/time-entries/", {"order": str(2**70)})

    assert response.status_code == 400
    assert response.json() == {"order": ["Tallet er for stort."]}


def test_no_page_filter_answers_500_to_an_id_beyond_bigint(persona):
    """The GET forms of every list page (`/timer/liste/?order=` once gave a 500)."""
    client = Client(raise_request_exception=False)
    client.force_login(persona("bhtleder"))
    failures = []
    for page in _pages():
        response = client.get(page)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for name in sorted(_get_form_fields(response.content.decode()) | {"page"}):
            for value in BEYOND_BIGINT:
                if client.get(page, {name: value}).status_code >= 500:
                    failures.append(f"{page}?{name}={value}")
    assert not failures, failures


def test_an_hours_list_filtered_by_an_id_beyond_bigint_says_so(client, bhtleder):
    client.force_login(bhtleder)

    response = client.get(reverse("timetracking:list"), {"order": str(2**70)})

    assert response.status_code == 200
    assert "Tallet er for stort." in response.content.decode()


# --- digits that str.isdigit() admits and int() refuses; ids in a multiple choice ---

SUPERSCRIPT_TWO = "\u00b2"


@pytest.mark.parametrize(
    "path, param",
    [("/rapporter/trender/", "area"), ("/rapporter/arshjul/", "year")],
)
@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, "9" * 5000], ids=["superscript", "5000-digits"])
def test_a_report_page_ignores_a_number_int_refuses(client, bhtleder, path, param, value):
    client.force_login(bhtleder)

    response = client.get(path, {param: value})

    assert response.status_code == 200  # the whole organisation, this year


def test_a_report_year_int_refuses_is_a_400_on_year(client, bhtleder):
    from reports.models import ReportRun

    client.force_login(bhtleder)
    before = ReportRun.objects.count()

    response = client.post(
        reverse("reports:index"), {"kind": "amu_annual", "year": SUPERSCRIPT_TWO}
    )

    assert response.status_code == 400
    assert "Oppgi år med fire sifre." in response.content.decode()
    assert ReportRun.objects.count() == before


def test_attendance_with_an_id_beyond_bigint_is_a_400_and_saves_nothing(client, bhtleder, amu):
    from reports.models import AmuMeeting

    meeting = AmuMeeting.objects.create(
        organisation=Organisation.objects.get(slug="fjordby"),
        date=datetime.date.today(),
        place="Rådhuset",
        chair=amu,
        secretary=amu,
    )
    client.force_login(bhtleder)
    url = reverse("reports:meeting-attendance", args=[meeting.pk])

    response = client.post(url, {"members_present": [amu.pk, str(2**70)]})

    assert response.status_code == 400
    assert "Velg medlemmer av utvalget fra listen." in response.content.decode()
    assert not meeting.members_present.exists()


def test_accepting_with_a_supporting_advisor_beyond_bigint_is_a_400(client, bhtleder):
    from orders.models import OrderStatus
    from orders.tests import factories as f

    order = f.submitted()
    client.force_login(bhtleder)

    response = client.post(
        reverse("orders:action", args=[order.pk, "godta"]),
        {"lead_advisor": f.advisor().pk, "supporting_advisors": [str(2**70)]},
    )

    assert response.status_code == 400
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_no_view_trusts_str_isdigit():
    """str.isdigit() admits "²", which int() refuses (a 500 on /rapporter/trender/?area=²):
    whole numbers are read by core.parsing (small_number, parse_id, is_valid_id), or
    checked with isascii() on the same line."""
    import pathlib
    import subprocess

    root = pathlib.Path(__file__).resolve().parent.parent
    listed = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "core/parsing.py" in listed
    found = []
    for relative in listed:
        if relative.startswith("tests/") or "/tests/" in relative:
            continue
        for number, line in enumerate((root / relative).read_text().splitlines(), 1):
            if ".isdigit()" in line and ".isascii()" not in line:
                found.append(f"{relative}:{number}: {line.strip()}")
    assert not found, found


def test_the_crawler_finds_forms_to_post():
    html = (
        '<form method="post" action="/x/"><input name="a">'
        '<input type="hidden" name="b" value="1"></form>'
    )
    assert _forms(html, "/") == [("/x/", ["a"], {"b": "1"})]


def test_refused_hours_leave_no_decimal_in_the_database(radgiver):
    # A guard for the tests above: nothing absurd was ever stored.
    assert not TimeEntry.objects.filter(hours__gt=Decimal(24)).exists()
    assert advisor_of(radgiver).pk
