"""The benchmark parts that run inside Django, against the database of
DATABASE_URL (the runner, benchmarks/run.py, starts this once per database):

    python -m benchmarks.inproc prepare   # logins (session keys) and the pages' URLs
    python -m benchmarks.inproc queries   # queries per page and per API list
    python -m benchmarks.inproc reports   # report figures vs hand-written SQL, and PDF

Each prints one JSON object on stdout.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bht.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from actionplans.models import ActionPlan, PlanStatus  # noqa: E402
from benchmarks import WRITE_NOTE  # noqa: E402
from core.models import Advisor, Organisation, Role, User  # noqa: E402
from core.scale import BENCH_LOGINS, SLUG_PREFIX  # noqa: E402
from orders.models import Order  # noqa: E402
from timetracking.models import PeriodLock  # noqa: E402

API_LISTS = (
    "organisations", "service-areas", "service-units", "departments", "services",
    "competence-areas", "inquiry-categories", "advisors", "main-contacts", "action-plans",
    "plan-items", "inquiries", "orders", "time-entries", "period-locks", "reports",
    "sick-leave",
)  # fmt: skip
WRITE_CLIENTS = 16


def _session_for(user: User) -> str:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _logins() -> dict[str, User]:
    users = {u.username: u for u in User.objects.filter(username__in=BENCH_LOGINS)}
    missing = set(BENCH_LOGINS) - set(users)
    if missing:
        sys.exit(f"no scale data: logins {sorted(missing)} missing (run seed_scale)")
    return users


def pages() -> dict[str, tuple[str, str]]:
    """name -> (login, path) for the pages under load."""
    users = _logins()
    director = users["skala-kommunalsjef"]
    area = director.directed_areas.order_by("pk").first()
    assert area is not None
    # The area's busiest order: the longest timeline.
    order = (
        Order.objects.filter(area=area)
        .annotate(n=Count("events"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    plan = (
        ActionPlan.objects.filter(area=area, status=PlanStatus.APPROVED)
        .order_by("-start_year")
        .values_list("pk", flat=True)
        .first()
    ) or ActionPlan.objects.filter(area=area).order_by("-start_year").values_list("pk", flat=True)[
        0
    ]
    # The largest organisation's rådmann: the board of one organisation's areas.
    executive = (
        User.objects.filter(
            role_assignments__role=Role.EXECUTIVE,
            role_assignments__organisation__areas=area,
        )
        .values_list("username", flat=True)
        .first()
    )
    return {
        "minimal": ("skala-kommunalsjef", "/_benchmark/minimal/"),
        "order_list": ("skala-kommunalsjef", "/bestillinger/"),
        "work_queue": ("skala-bhtleder", "/bestillinger/arbeidsko/"),
        "order_page": ("skala-bhtleder", f"/bestillinger/{order}/"),
        "timesheet": ("skala-radgiver", "/timer/"),
        "plan_page": ("skala-kommunalsjef", f"/handlingsplaner/{plan}/"),
        "plans_board": (executive or "skala-kommunalsjef", "/handlingsplaner/"),
        # Every area of every organisation on one page (a known gap, RESULTS.md).
        "plans_board_bht": ("skala-bhtleder", "/handlingsplaner/"),
    }


def write_targets() -> list[dict[str, Any]]:
    """One advisor per write client, each with a plan item it logs on and a set of
    open weekdays (in unlocked months, in the past), so that neither the 24-hour
    rule nor a month lock turns a write into a 400."""
    today = timezone.localdate()
    locked = set(
        PeriodLock.objects.filter(unlocked_at=None, organisation=None).values_list(
            "month", flat=True
        )
    )
    days = []
    day = today
    while len(days) < 40 and day > today - datetime.timedelta(days=120):
        if day.weekday() < 5 and day.replace(day=1) not in locked:
            days.append(day.isoformat())
        day -= datetime.timedelta(days=1)
    advisors = list(
        Advisor.objects.filter(user__username__startswith="skala-radgiver-", is_active=True)
        .select_related("user")
        .order_by("pk")[:WRITE_CLIENTS]
    )
    targets = []
    for advisor in advisors:
        item = (
            advisor.plan_items.filter(plan__status=PlanStatus.APPROVED)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if item is None:
            continue
        token, _created = Token.objects.get_or_create(user=advisor.user)
        targets.append({"token": token.key, "plan_item": item, "days": days})
    return targets


def prepare() -> dict[str, Any]:
    _logins()
    the_pages = pages()
    usernames = {login for login, _path in the_pages.values()}
    return {
        "sessions": {
            u.username: _session_for(u) for u in User.objects.filter(username__in=usernames)
        },
        "pages": the_pages,
        "writes": write_targets(),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "counts": {
            "organisations": Organisation.objects.filter(slug__startswith=SLUG_PREFIX).count(),
            "orders": Order.objects.count(),
            "time_entries": _count("timetracking_timeentry"),
        },
    }


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        return cursor.fetchone()[0]


def queries() -> dict[str, Any]:
    _logins()
    the_pages = pages()
    usernames = {login for login, _path in the_pages.values()} | {"skala-bhtleder"}
    clients: dict[str, Client] = {}
    for user in User.objects.filter(username__in=usernames):
        name = user.username
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        client.get("/_benchmark/minimal/")  # the session's first write is not the page's
        clients[name] = client
    result: dict[str, Any] = {"pages": {}, "api": {}}

    def measure(client: Client, path: str) -> dict[str, Any]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        return {"queries": len(ctx.captured_queries), "status": response.status_code}

    for name, (login, path) in the_pages.items():
        result["pages"][name] = {"path": path, **measure(clients[login], path)}
    for resource in API_LISTS:
        path = f"/api/v1/{resource}/"
        result["api"][resource] = {"path": path, **measure(clients["skala-bhtleder"], path)}
    return result


def _timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Best of `repeat` wall-clock runs (seconds), and the last result."""
    best, value = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    return best, value


def reports() -> dict[str, Any]:
    from benchmarks import report_sql
    from reports.kinds import amu_annual, hours_by_area
    from reports.models import ReportKind, ReportRun, RunStatus
    from reports.services import report_request

    year = timezone.localdate().year - 1
    # The largest organisation: the one with the most orders in the year.
    org = (
        Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
        .annotate(n=Count("orders"))
        .order_by("-n", "pk")
        .first()
    )
    assert org is not None
    result: dict[str, Any] = {"organisation": org.slug, "year": year}

    figures, _report = _timed(lambda: amu_annual.build(organisation=org, year=year))
    sql, _rows = _timed(lambda: report_sql.amu_annual(org.pk, year))
    result["amu_annual"] = {"figures_s": figures, "sql_s": sql, "ratio": figures / sql}

    orgs = list(Organisation.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk"))

    def hours_orm() -> int:
        n = 0
        for o in orgs:
            run = ReportRun(kind=ReportKind.HOURS_BY_AREA, organisation=o, year=year)
            n += len(hours_by_area.rows_for(run))
        return n

    def hours_sql() -> int:
        return sum(len(report_sql.hours_by_area(o.pk, year)) for o in orgs)

    figures, rows_orm = _timed(hours_orm)
    sql, rows_sql = _timed(hours_sql)
    result["hours_by_area"] = {
        "organisations": len(orgs),
        "figures_s": figures,
        "sql_s": sql,
        "ratio": figures / sql,
        "rows": rows_orm,
        "rows_match": rows_orm == rows_sql,
    }

    # The whole run as a user gets it: request, compute, PDF + XLSX + CSV, stored.
    manager = User.objects.get(username="skala-bhtleder")
    recommendations = f"Benchmark {time.time()}"  # a new request each time, no dedupe
    t0 = time.perf_counter()
    run = report_request(
        kind=ReportKind.AMU_ANNUAL,
        user=manager,
        organisation=org,
        year=year,
        recommendations=recommendations,
    )
    run.refresh_from_db()
    if run.status != RunStatus.DONE and not settings.CELERY_TASK_ALWAYS_EAGER:
        sys.exit("reports: the run was queued; run the benchmark without CELERY_BROKER_URL")
    result["amu_annual"]["whole_run_s"] = time.perf_counter() - t0
    result["amu_annual"]["run_status"] = run.status
    return result


def cleanup() -> dict[str, Any]:
    """Deletes the write benchmark's time entries and their audit history."""
    from timetracking.models import TimeEntry

    history = TimeEntry.history.model  # type: ignore[attr-defined]
    deleted_history, _ = history.objects.filter(note=WRITE_NOTE).delete()
    deleted, _ = TimeEntry.objects.filter(note=WRITE_NOTE).delete()
    return {"time_entries": deleted, "history": deleted_history}


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    actions = {"prepare": prepare, "queries": queries, "reports": reports, "cleanup": cleanup}
    if what not in actions:
        sys.exit(f"usage: python -m benchmarks.inproc {{{','.join(actions)}}}")
    print(json.dumps(actions[what](), default=str))
