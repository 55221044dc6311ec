"""The permission matrix (issue 7): every URL pattern × every demo role (and an
anonymous visitor) × an object inside and one outside the caller's scope (and, on
the main pages and endpoints, one of another client organisation of the BHT).

The table is `bht.permission_matrix.MATRIX`; this file walks the URL configuration
so that a new URL pattern without an entry fails `test_every_url_pattern_has_an_entry`,
then requests each entry with Django's test client and compares the status codes.

Each request runs in a savepoint that is rolled back, so an action that a role may
take (a POST with an empty body that happens to be valid) changes nothing for the
next request; the test's own transaction leaves the demo data as it was.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from decimal import Decimal
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.utils import timezone

from bht.permission_matrix import ABBREVIATIONS, MATRIX, ROLES, Case, discover_routes
from core.models import (
    Advisor,
    CompetenceArea,
    Department,
    InquiryCategory,
    MainContact,
    Organisation,
    Service,
    ServiceArea,
    User,
)

ROUTES = discover_routes()
LOGIN = resolve_url(settings.LOGIN_URL)


def test_every_url_pattern_has_an_entry():
    missing = sorted(set(ROUTES) - set(MATRIX))
    assert not missing, (
        "URL patterns without an entry in the permission matrix "
        "(bht/permission_matrix/, MATRIX) — decide who may open them and add a row "
        '(a row of "?" makes the test print what the application answers now):\n  '
        + "\n  ".join(f"{path}  ({ROUTES[path].name}, {ROUTES[path].view})" for path in missing)
    )


def test_every_entry_is_a_url_pattern():
    stale = sorted(set(MATRIX) - set(ROUTES))
    assert not stale, "Entries for URL patterns that no longer exist:\n  " + "\n  ".join(stale)


def test_a_new_url_pattern_without_an_entry_is_found():
    from django.http import HttpResponse
    from django.urls import get_resolver, path

    class WithANewPage:
        urlpatterns = [
            *get_resolver().url_patterns,
            path("ny-side/<int:pk>/", lambda request, pk: HttpResponse(), name="new"),
        ]

    routes = discover_routes(WithANewPage)
    assert set(routes) - set(MATRIX) == {"/ny-side/<int:pk>/"}


def test_a_stale_docs_file_fails_the_check(tmp_path):
    stale = tmp_path / "permissions.md"
    stale.write_text("# Permission matrix\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not current"):
        call_command("permission_matrix", "--check", "--output", str(stale))
    call_command("permission_matrix", "--output", str(stale))
    call_command("permission_matrix", "--check", "--output", str(stale))


# --- the objects behind each kind --------------------------------------------------------


def _area(name: str) -> ServiceArea:
    return ServiceArea.objects.get(name=name, organisation__slug="fjordby")


def _leader(scope: str) -> User:
    """The department leader inside (own) or outside (other) the personas' area."""
    return User.objects.get(username="avdelingsleder" if scope == "own" else "avdelingsleder2")


def _department(scope: str) -> Department:
    # Oppfølgingstjenesten (Helse og sosial) or Mellomtrinnet (Skole / Haugland skole).
    return Department.objects.select_related("unit__area__organisation").get(
        pk=_leader(scope).department_id
    )


def _order(scope: str, *, submit: bool) -> Any:
    from orders import services

    order = services.order_create_draft(
        user=_leader(scope),
        department=_department(scope),
        service=Service.objects.active().order_by("name").first(),
        title="Kartlegging av arbeidsmiljøet",
        description="Høyt arbeidspress; vi ønsker kartlegging og tiltak.",
    )
    return services.order_submit(order=order, user=order.ordered_by) if submit else order


def _attachment(order: Any) -> Any:
    from orders.models import EventKind, OrderEvent

    event = OrderEvent(
        order=order,
        actor=order.ordered_by,
        kind=EventKind.ATTACHMENT,
        file_name="referat.pdf",
        file_size=9,
    )
    event.file.save("referat.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    event.save()
    return event


def _inquiry(scope: str) -> Any:
    from orders.models import Inquiry

    if scope == "own":
        return Inquiry.objects.filter(author__username="ansatt").order_by("pk").first()
    return (
        Inquiry.objects.filter(
            area=_area("Skole"), confidential=False, author__advisor__isnull=False
        )
        .order_by("pk")
        .first()
    )


def _plan(scope: str) -> Any:
    from actionplans.models import ActionPlan, PlanStatus

    area = _area("Helse og sosial" if scope == "own" else "Skole")
    return ActionPlan.objects.filter(area=area, status=PlanStatus.APPROVED).latest("start_year")


def _proposal(scope: str) -> Any:
    from actionplans import services
    from actionplans.models import ItemProposal

    if scope == "own":
        return ItemProposal.objects.filter(area=_area("Helse og sosial")).order_by("pk").first()
    department = _department(scope)
    return services.proposal_create(
        user=_leader(scope),
        unit=department.unit,
        department=department,
        service=Service.objects.active().order_by("name").first(),
        title="Kurs i konflikthåndtering",
        start_year=timezone.localdate().year + 1,
    )


def _time_entry(scope: str) -> Any:
    """A draft entry logged today by radgiver on an open order of the department (or,
    failing that, of its area): the demo's own entries are approved in locked months,
    which refuse every change (403) and would hide who may edit an open entry."""
    from orders.models import Order, OrderStatus
    from timetracking import services
    from timetracking.models import Activity

    department = _department(scope)
    open_orders = Order.objects.filter(
        status__in=[OrderStatus.ACCEPTED, OrderStatus.IN_PROGRESS], confidential=False
    ).order_by("pk")
    # In the area but outside the persona's unit: the area director oversees it, the
    # unit and department leaders do not (whatever day the demo was loaded).
    order = open_orders.filter(area=department.unit.area).exclude(unit=department.unit).first()
    assert order is not None, f"the demo has no open order in {department.unit.area}"
    radgiver = User.objects.get(username="radgiver")
    return services.time_entry_create(
        user=radgiver,
        advisor=Advisor.objects.get(user=radgiver),
        date=timezone.localdate(),
        hours="1",
        activity=Activity.MEETING,
        order=order,
    )


def _report(kind: str, scope: str) -> Any:
    from reports.models import FileFormat, ReportFile, ReportRun, RunStatus

    fjordby = Organisation.objects.get(slug="fjordby")
    if kind == "amu_report":
        values: dict[str, Any] = {
            "kind": "amu_annual",
            "year": timezone.localdate().year - 1,
            "released_at": timezone.now(),
        }
    else:
        plan = _plan(scope)
        values = {"kind": "plan_status", "area": plan.area, "plan": plan}
    from reports.document import Report, report_to_data

    document = report_to_data(Report(kind="x", title="Rapport", subtitle="", organisation_name="",
                                     sections=[]))  # fmt: skip
    run = ReportRun.objects.create(
        organisation=fjordby,
        document=document,
        params_key=f"permission-matrix|{kind}|{scope}",
        status=RunStatus.DONE,
        progress=100,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        requested_by=User.objects.get(username="bhtleder"),
        **values,
    )
    report_file = ReportFile(run=run, format=FileFormat.PDF, size=9)
    report_file.file.save("rapport.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    report_file.save()
    return run


def _amu_meeting() -> dict[str, object]:
    import datetime

    from reports.models import AgendaItem, AmuMeeting

    amu = User.objects.get(username="amu")
    meeting = AmuMeeting.objects.create(
        organisation=Organisation.objects.get(slug="fjordby"),
        date=timezone.localdate() - datetime.timedelta(days=1),
        chair=amu,
        secretary=amu,
    )
    item = AgendaItem.objects.create(meeting=meeting, number=1, kind="free", title="Eventuelt")
    return {"pk": meeting.pk, "item_pk": item.pk}


def _sick_leave(scope: str) -> Any:
    from reports.models import SickLeaveStat

    unit = _department(scope).unit
    return SickLeaveStat.objects.create(
        organisation=unit.area.organisation,
        unit=unit,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        agreed_workdays=Decimal(5000),
        lost_self_certified=Decimal(100),
        lost_doctor_certified=Decimal(250),
    )


def _webhook() -> Any:
    from integrations.models import WebhookDelivery, WebhookEndpoint

    endpoint = WebhookEndpoint.objects.create(
        url="https://93.184.215.14/hooks/bht",
        events=["order.accepted"],
        secret="whsec_matrix",
        created_by=User.objects.get(username="bhtleder"),
    )
    WebhookDelivery.objects.create(
        endpoint=endpoint, event="order.accepted", event_id=uuid.uuid4(), body="{}"
    )
    return endpoint


def _client() -> dict[str, Any]:
    """Another client organisation of the BHT, with a department leader and an area
    director of its own: what no role of Fjordby kommune may see."""
    from actionplans.services import plan_create
    from core.models import Role, RoleAssignment

    # The demo's second client (bht/demo_clients.py); a fresh area of its own here.
    organisation, _created = Organisation.objects.get_or_create(
        slug="nabo", defaults={"name": "Nabo AS", "org_number": "999888777", "employees": 40}
    )
    area = ServiceArea.objects.create(organisation=organisation, name="Drift", employees=40)
    unit = area.units.create(name="Verksted", employees=40)
    department = unit.departments.create(name="Mekanisk", employees=20)
    leader = User.objects.create_user("leder.nabo", department=department)
    director = User.objects.create_user("direktor.nabo")
    RoleAssignment.objects.create(user=leader, role=Role.DEPARTMENT_LEADER, department=department)
    RoleAssignment.objects.create(user=director, role=Role.AREA_DIRECTOR, area=area)
    return {
        "organisation": organisation,
        "area": area,
        "leader": leader,
        "plan": plan_create(
            user=director, area=area, start_year=timezone.localdate().year, budget_hours=Decimal(50)
        ),
    }


def _foreign(kind: str) -> dict[str, object]:
    from orders import services

    client = _client()
    if kind == "organisation":
        return {"slug": "nabo", "pk": client["organisation"].pk}
    if kind == "area":
        return {"slug": "nabo", "pk": client["area"].pk}
    if kind == "plan":
        return {"pk": client["plan"].pk}
    if kind == "order":
        leader = client["leader"]
        order = services.order_create_draft(
            user=leader,
            department=leader.department,
            service=Service.objects.active().order_by("name").first(),
            title="Støymåling i verkstedet",
            description="Støy fra maskinene; vi ønsker måling og råd om tiltak.",
        )
        return {"pk": services.order_submit(order=order, user=leader).pk}
    raise AssertionError(f"no foreign object for kind {kind!r}")


def _values(kind: str, scope: str) -> dict[str, object]:
    """The URL arguments for `kind`'s object in `scope`."""
    if scope == "foreign":
        return _foreign(kind)
    own = scope == "own"
    if kind == "organisation":
        return {"slug": "fjordby", "pk": Organisation.objects.get(slug="fjordby").pk}
    if kind == "area":
        return {"slug": "fjordby", "pk": _area("Helse og sosial" if own else "Skole").pk}
    if kind == "unit":
        return {"pk": _department(scope).unit_id}
    if kind == "department":
        return {"pk": _department(scope).pk}
    if kind == "main_contact":
        area = _area("Helse og sosial" if own else "Skole")
        return {"pk": MainContact.objects.current().get(area=area).pk}
    if kind == "catalogue":
        # One pk per catalogue resource; the route takes the one it needs (see _catalogue_pk).
        return {"pk": 0}
    if kind in ("order", "draft"):
        return {"pk": _order(scope, submit=kind == "order").pk}
    if kind == "attachment":
        order = _order(scope, submit=True)
        return {"pk": order.pk, "event_id": _attachment(order).pk}
    if kind == "inquiry":
        return {"pk": _inquiry(scope).pk}
    if kind == "plan":
        return {"pk": _plan(scope).pk}
    if kind == "plan_item":
        return {"pk": _plan(scope).items.order_by("pk").first().pk}
    if kind == "proposal":
        return {"pk": _proposal(scope).pk}
    if kind == "time_entry":
        return {"pk": _time_entry(scope).pk}
    if kind == "week":
        from timetracking.models import WeekStatus, WeekSubmission

        return {"pk": WeekSubmission.objects.filter(status=WeekStatus.SUBMITTED).earliest("pk").pk}
    if kind == "lock":
        from timetracking.models import PeriodLock

        return {"pk": PeriodLock.objects.filter(unlocked_at__isnull=True).earliest("pk").pk}
    if kind in ("report", "amu_report"):
        return {"pk": _report(kind, scope).pk}
    if kind == "amu_meeting":
        return _amu_meeting()
    if kind == "minutes":
        approval = _plan(scope).approvals.order_by("pk").first()
        approval.minutes_file.save("protokoll.pdf", ContentFile(b"%PDF-1.4\n"))
        return {"pk": approval.plan_id, "approval_id": approval.pk}
    if kind == "person":
        return {"username": "ansatt"}
    if kind == "sick_leave":
        return {"pk": _sick_leave(scope).pk}
    if kind == "webhook":
        return {"pk": _webhook().pk}
    if kind == "calendar_feed":
        from integrations import calendar

        return {"token": calendar.feed_token(User.objects.get(username="ansatt"))}
    raise AssertionError(f"no objects for kind {kind!r}")


CATALOGUE_MODELS = {
    "/api/v1/services/<pk>/": Service,
    "/api/v1/competence-areas/<pk>/": CompetenceArea,
    "/api/v1/inquiry-categories/<pk>/": InquiryCategory,
    "/api/v1/advisors/<pk>/": Advisor,
}


@pytest.fixture
def objects(db, settings, tmp_path) -> Callable[[str, str, str], dict[str, object]]:
    """URL arguments per (route, kind, scope), created or picked once per test."""
    settings.MEDIA_ROOT = tmp_path  # attachments and report files
    cache: dict[tuple[str, str], dict[str, object]] = {}

    def get(path: str, kind: str, scope: str) -> dict[str, object]:
        if kind == "catalogue":
            return {"pk": CATALOGUE_MODELS[path].objects.order_by("pk").first().pk}
        if (kind, scope) not in cache:
            cache[kind, scope] = _values(kind, scope)
        return cache[kind, scope]

    return get


def _logged_in(user: User) -> Client:
    """A client with a session for `user`, like force_login but without the login
    signals (last_login, django-axes' records): ~1500 logins per run add up."""
    client = Client(raise_request_exception=False)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.fixture
def clients(db) -> dict[str, Client]:
    users = {u.username: u for u in User.objects.filter(username__in=ROLES)}
    return {
        role: _logged_in(users[role])
        if role != "anonymous"
        else Client(raise_request_exception=False)
        for role in ROLES
    }


# --- the matrix ---------------------------------------------------------------------------


def _request(client: Client, case: Case, url: str) -> tuple[int, str]:
    """The answer to one request, inside a savepoint that is rolled back."""
    with transaction.atomic():
        if case.method == "GET":
            response = client.get(url)
        elif case.method == "POST":
            # An empty form: every page and API action accepts form data (the API's
            # file upload accepts nothing else).
            response = client.post(url)
        else:
            response = client.generic(case.method, url, "{}", content_type="application/json")
        transaction.set_rollback(True)
    return response.status_code, response.get("Location", "")


def _check(case: Case, scope: str, url: str, clients: dict[str, Client]) -> list[str]:
    expected = case.codes(scope)
    got: list[str] = []
    problems: list[str] = []
    for role, want in zip(ROLES, expected, strict=True):
        if want == "-":
            got.append("-")
            continue
        status, location = _request(clients[role], case, url)
        got.append(str(status))
        if role == "anonymous" and status == 302 and not location.startswith(LOGIN):
            problems.append(f"anonymous was redirected to {location}, not to the login page")
    if got != expected or problems:
        return [
            f"{case.request} {case.kind or ''} [{scope}] {url}\n"
            f"      roles     {' '.join(f'{a:>3}' for a in ABBREVIATIONS)}\n"
            f"      expected  {' '.join(expected)}\n"
            f"      got       {' '.join(got)}" + "".join(f"\n      {p}" for p in problems)
        ]
    return []


@pytest.mark.parametrize("path", sorted(MATRIX))
def test_permission_matrix(path, objects, clients):
    route = ROUTES.get(path)
    if route is None:
        pytest.skip("no such URL pattern (see test_every_entry_is_a_url_pattern)")
    mismatches: list[str] = []
    for case in MATRIX[path]:
        for scope in case.expect:
            values = objects(path, case.kind, scope) if case.kind else {}
            url = route.url({**values, **case.params}) + case.query
            mismatches += _check(case, scope, url, clients)
    if mismatches:
        pytest.fail(
            f"{path} answers differently from the matrix (bht/permission_matrix/):\n"
            + "\n".join(mismatches),
            pytrace=False,
        )


def test_docs_permissions_md_is_current():
    """docs/permissions.md is printed from the same table (manage.py permission_matrix)."""
    call_command("permission_matrix", "--check")


# --- BHT staff limited to one client organisation ---------------------------------------
#
# `radgiver_fjordby` and `radgiver_nabo` (bht/demo_clients.py) are advisors like
# `radgiver`, each limited to one client; `bhtleder_fjordby` is a manager like
# `bhtleder`, limited to Fjordby. The objects of their own client they find
# where `radgiver` finds them (404 only where `radgiver` gets 404; what they may do
# there can differ: `radgiver` leads the demo's orders and owns its hours); on the
# other client's objects they get no success at all (403/404).

# Each limited login, the scopes that are its own client's, and the unrestricted
# persona whose column it follows there (`bhtleder_fjordby`: a manager of Fjordby only).
LIMITED = {
    "radgiver_fjordby": (("own", "other"), "radgiver"),
    "radgiver_nabo": (("foreign",), "radgiver"),
    "bhtleder_fjordby": (("own", "other"), "bhtleder"),
}
# calendar_feed: the token in the URL is the key (a capability link, README "Calendar
# feeds"); whoever holds it reads that one person's feed, whatever their own scope.
UNSCOPED_KINDS = {"catalogue", "person", "week", "lock", "calendar_feed"}


@pytest.mark.parametrize("path", sorted(MATRIX))
def test_permission_matrix_for_bht_staff_limited_to_one_client(path, objects, clients):
    route = ROUTES.get(path)
    if route is None:
        pytest.skip("no such URL pattern")
    from conftest import second_client

    second_client()
    limited = {u.username: _logged_in(u) for u in User.objects.filter(username__in=LIMITED)}
    mismatches: list[str] = []
    for case in MATRIX[path]:
        if not case.kind or case.kind in UNSCOPED_KINDS:
            continue
        for scope in case.expect:
            values = objects(path, case.kind, scope)
            url = route.url({**values, **case.params}) + case.query
            for username, (own_scopes, like) in LIMITED.items():
                want = case.codes(scope)[ROLES.index(like)]
                if want in ("-", "?"):
                    continue
                status, _location = _request(limited[username], case, url)
                if scope in own_scopes:
                    ok = (status == 404) == (want == "404") and status < 500
                else:
                    ok = status in (403, 404) or (want in ("403", "404") and status == int(want))
                if not ok:
                    mismatches.append(
                        f"{case.request} {case.kind} [{scope}] {url}: {username} got {status}, "
                        f"{like} gets {want}"
                    )
    if mismatches:
        pytest.fail("\n".join(mismatches), pytrace=False)
