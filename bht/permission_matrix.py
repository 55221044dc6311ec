"""The permission matrix: who gets which answer from every page and API endpoint.

One table, three users:

* `tests/test_permission_matrix.py` walks the URL configuration, fails when a URL
  pattern has no entry here, and requests every entry as every demo login
  (DESIGN.md §2) and as an anonymous visitor, on an object inside and one outside
  the caller's scope, and compares the status codes with this table;
* `manage.py permission_matrix` prints the same table as Markdown into
  `docs/permissions.md` (`--check` fails when that file is stale);
* a reader who wants to know what a role may do.

The rules the table encodes (DESIGN.md §8): an object outside the caller's scope
answers 404 (its existence is not revealed); an action the caller's role may not
take answers 403; a page for a logged-out visitor redirects to the login page
(302) and the API answers 401. A 302 for a logged-in user is a redirect after an
action (or to the only organisation, etc.); 400 is a refused empty/invalid input
from someone who *may* act — the matrix sends empty bodies on purpose, so that no
action succeeds by accident and the answer shows the permission check.

This module holds data and the URL walk only; it imports no app (bht is the
bottom of the dependency order). The objects behind each `kind` are picked from
the demo data by the test (`KINDS` says which).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

# The demo logins of DESIGN.md §2 (README, "Demo logins"), then a visitor who is not
# logged in. The columns of every row below follow this order.
ROLES = (
    "ansatt",
    "verneombud",
    "tillitsvalgt",
    "avdelingsleder",
    "tjenesteleder",
    "kommunalsjef",
    "radmann",
    "amu",
    "radgiver",
    "bhtleder",
    "merkantil",
    "anonymous",
)
# Column heads of the table (docs/permissions.md and the test's messages).
ABBREVIATIONS = (
    "ans",
    "ver",
    "til",
    "avd",
    "tje",
    "kom",
    "rdm",
    "amu",
    "rgv",
    "bhl",
    "mer",
    "anon",
)
ROLE_CODES = {
    "ansatt": "employee",
    "verneombud": "safety_rep",
    "tillitsvalgt": "union_rep",
    "avdelingsleder": "department_leader",
    "tjenesteleder": "unit_leader",
    "kommunalsjef": "area_director",
    "radmann": "executive",
    "amu": "amu_member",
    "radgiver": "bht_advisor",
    "bhtleder": "bht_manager",
    "merkantil": "bht_office",
    "anonymous": "not logged in",
}

# Where the object of a URL lies, seen from the personas (who all work in Helse og
# sosial / Psykisk helse og rus / Oppfølgingstjenesten, or lead it):
#   own   — in that department/unit/area (inside the scope of its leaders);
#   other — in another service area (Skole): outside the department, unit and area
#           leaders' scope, inside the scope of organisation-wide roles and the BHT;
#   any   — objects that belong to no place in the organisation (the service
#           catalogue, the BHT's own advisors, weeks and locks);
#   foreign — in another client organisation of the BHT: outside every role's scope
#           but the BHT's. Asked on the main pages and endpoints only (optional).
SCOPES = ("own", "other", "any", "foreign")
OPTIONAL_SCOPES = frozenset({"foreign"})

# What each object kind is, per scope (the test picks or creates exactly these).
KINDS: dict[str, dict[str, str]] = {
    "organisation": {
        "own": "Fjordby kommune (the demo organisation)",
        "foreign": "Nabo AS, another client of the BHT (the demo's second client)",
    },
    "area": {"own": "Helse og sosial", "other": "Skole", "foreign": "an area of Nabo AS"},
    "unit": {"own": "Psykisk helse og rus", "other": "a unit of Skole"},
    "department": {"own": "Oppfølgingstjenesten", "other": "Mellomtrinnet (Skole)"},
    "main_contact": {"own": "the main contact of Helse og sosial", "other": "of Skole"},
    "catalogue": {"any": "the first service / competence area / category / advisor"},
    "order": {
        "own": "a sent order of Oppfølgingstjenesten placed by avdelingsleder",
        "other": "a sent order of Skole placed by avdelingsleder2",
        "foreign": "a sent order of Nabo AS placed by its department leader",
    },
    "draft": {
        "own": "a draft order of Oppfølgingstjenesten by avdelingsleder",
        "other": "a draft order of Skole by avdelingsleder2",
    },
    "attachment": {"own": "an attachment on the own order", "other": "on the other order"},
    "inquiry": {
        "own": "ansatt's own confidential request for advice",
        "other": "an inquiry of Skole recorded by the BHT",
    },
    "person": {"any": "ansatt, as the subject of a privacy export or erasure"},
    "plan": {
        "own": "the approved action plan of Helse og sosial",
        "other": "the approved plan of Skole",
        "foreign": "a draft plan of an area of Nabo AS",
    },
    "minutes": {
        "own": "the minutes of a meeting on the Helse og sosial plan",
        "other": "of a meeting on the Skole plan",
    },
    "plan_item": {"own": "an item of the Helse og sosial plan", "other": "of the Skole plan"},
    "proposal": {
        "own": "tjenesteleder's proposal for Helse og sosial",
        "other": "avdelingsleder2's proposal for Skole",
    },
    "time_entry": {
        "own": "radgiver's draft entry of today on an open order of Helse og sosial",
        "other": "the same on an open order of Skole",
    },
    "week": {"any": "a week sent for approval by an advisor"},
    "lock": {"any": "a locked month"},
    "report": {
        "own": "a finished plan_status report of Helse og sosial",
        "other": "the same for Skole",
    },
    "amu_report": {"own": "a finished annual report to hoved-AMU of Fjordby kommune"},
    "amu_meeting": {
        "own": "yesterday's hoved-AMU meeting of Fjordby kommune (amu chairs and keeps the "
        "minutes), with one undecided item"
    },
    "sick_leave": {
        "own": "imported sick-leave figures of Psykisk helse og rus",
        "other": "of a unit of Skole",
    },
    "webhook": {"any": "a webhook receiver registered by bhtleder, with one delivery"},
    "calendar_feed": {"any": "ansatt's private calendar feed (the token is the key)"},
}


@dataclass(frozen=True)
class Case:
    """One request per role and scope: `method` on the route with `kind`'s object
    (and `params` for the other URL arguments); `expect[scope]` is the row of
    status codes in ROLES order, "-" where a role is not asked."""

    method: str
    kind: str | None
    expect: dict[str, str]
    params: dict[str, str] = field(default_factory=dict)
    query: str = ""  # appended to the URL, e.g. to keep an export small

    def codes(self, scope: str) -> list[str]:
        codes = self.expect[scope].split()
        if len(codes) != len(ROLES):
            raise ValueError(f"{self}: {len(codes)} codes for {len(ROLES)} roles")
        return codes

    @property
    def request(self) -> str:
        """The method with the URL's other arguments, e.g. `POST action=godta`."""
        extra = ", ".join(f"{k}={v}" for k, v in sorted(self.params.items()))
        return f"{self.method} {extra}{self.query}".strip()


def get(
    kind: str | None = None,
    /,
    params: dict[str, str] | None = None,
    query: str = "",
    **expect: str,
) -> Case:
    return Case("GET", kind, _rows(kind, expect), params or {}, query)


def post(
    kind: str | None = None,
    /,
    params: dict[str, str] | None = None,
    query: str = "",
    **expect: str,
) -> Case:
    return Case("POST", kind, _rows(kind, expect), params or {}, query)


def patch(kind: str, /, **expect: str) -> Case:
    return Case("PATCH", kind, _rows(kind, expect))


def delete(kind: str, /, **expect: str) -> Case:
    return Case("DELETE", kind, _rows(kind, expect))


def _rows(kind: str | None, expect: dict[str, str]) -> dict[str, str]:
    if kind is None:
        assert set(expect) == {"all"}, "a case without an object has one row, `all`"
    else:
        assert kind in KINDS, f"unknown kind {kind!r}"
        required = set(KINDS[kind]) - OPTIONAL_SCOPES
        assert required <= set(expect) <= set(KINDS[kind]), f"{kind}: rows for {sorted(required)}"
        return {scope: expect[scope] for scope in SCOPES if scope in expect}
    return dict(expect)


# --- the URL walk -------------------------------------------------------------------

# Not in the matrix, on purpose:
EXCLUDED_PREFIXES = (
    # Django's admin has its own permission system (is_staff/superuser), no app role opens it.
    "/admin/",
    # set_language: no data, open to everyone by design.
    "/i18n/",
    # The OpenAPI schema and its Swagger page describe the API; they hold no data.
    "/api/schema/",
    "/api/docs/",
    # Uploaded files in development (DEBUG only) and static assets.
    "/media/",
    "/static/",
)


@dataclass(frozen=True)
class Route:
    path: str  # e.g. /bestillinger/<int:pk>/ or /api/v1/orders/<pk>/accept/
    name: str | None
    view: str

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")

    def url(self, values: dict[str, object]) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in values:
                raise KeyError(f"{self.path}: no value for <{name}>")
            return str(values[name])

        return _PLACEHOLDER.sub(value, self.path)


_PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def _readable(pattern: str) -> str:
    """DRF routers give regexes (`^orders/(?P<pk>[^/.]+)/$`); write them like path()."""
    return _REGEX_GROUP.sub(r"<\1>", pattern).replace("^", "").replace("$", "")


def _is_format_suffix(pattern: str) -> bool:
    # DefaultRouter adds `orders.json`-style twins of each route: the same view and
    # the same permission checks as the route they copy, so they share its entry.
    return "(?P<format>" in pattern or "drf_format_suffix" in pattern


def _walk(patterns: list[object], prefix: str, namespace: str | None) -> Iterator[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            raw = prefix + str(p.pattern)
            if _is_format_suffix(raw):
                continue
            name = p.name and (f"{namespace}:{p.name}" if namespace else p.name)
            yield Route("/" + _readable(raw), name, p.lookup_str)


def discover_routes(urlconf: object = None) -> dict[str, Route]:
    """Every URL pattern of the project (or of `urlconf`) that the matrix must cover."""
    routes: dict[str, Route] = {}
    for route in _walk(get_resolver(urlconf).url_patterns, "", None):
        if route.path.startswith(EXCLUDED_PREFIXES):
            continue
        routes.setdefault(route.path, route)
    return routes


# --- the table -----------------------------------------------------------------------
#
# Columns, in ROLES order:
#  ans ver til avd tje kom rad amu rgv bhl mer anon
# (ansatt, verneombud, tillitsvalgt, avdelingsleder, tjenesteleder, kommunalsjef,
#  radmann, amu, radgiver, bhtleder, merkantil, anonymous)

MATRIX: dict[str, tuple[Case, ...]] = {
    "/": (get(all="200 200 200 200 200 200 200 200 200 200 200 302"),),
    "/api/v1/": (get(all="200 200 200 200 200 200 200 200 200 200 200 401"),),
    "/api/v1/action-plans/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 401"),
        post(all="403 403 403 403 403 400 403 403 403 403 403 401"),
    ),
    "/api/v1/action-plans/<pk>/": (
        get(
            "plan",
            own="200 200 200 200 200 200 200 200 200 200 200 401",
            foreign="404 404 404 404 404 404 404 404 200 200 200 401",
            other="404 404 200 404 404 404 200 200 200 200 200 401",
        ),
    ),
    "/api/v1/action-plans/<pk>/approve/": (
        post(
            "plan",
            own="403 403 403 403 403 403 403 400 403 400 403 401",
            other="404 404 403 404 404 404 403 400 403 400 403 401",
        ),
    ),
    "/api/v1/action-plans/<pk>/close/": (
        post(
            "plan",
            own="403 403 403 403 403 200 403 403 403 200 403 401",
            other="404 404 403 404 404 404 403 403 403 200 403 401",
        ),
    ),
    "/api/v1/action-plans/<pk>/consult/": (
        post(
            "plan",
            own="403 403 403 403 403 400 403 403 403 403 403 401",
            other="404 404 403 404 404 404 403 403 403 403 403 401",
        ),
    ),
    "/api/v1/action-plans/<pk>/feedback/": (
        post(
            "plan",
            own="403 403 403 403 403 403 403 403 400 400 403 401",
            other="404 404 403 404 404 404 403 403 400 400 403 401",
        ),
    ),
    "/api/v1/action-plans/<pk>/revise/": (
        post(
            "plan",
            own="403 403 403 403 403 201 403 403 403 403 403 401",
            other="404 404 403 404 404 404 403 403 403 403 403 401",
        ),
    ),
    "/api/v1/action-plans/<pk>/sign/": (
        post(
            "plan",
            own="403 403 403 403 403 400 403 403 403 403 403 401",
            other="404 404 403 404 404 404 403 403 403 403 403 401",
        ),
    ),
    "/api/v1/action-plans/<pk>/status-review/": (
        post(
            "plan",
            own="403 403 403 403 403 400 403 403 400 400 403 401",
            other="404 404 403 404 404 404 403 403 403 400 403 401",
        ),
    ),
    "/api/v1/action-plans/<pk>/submit/": (
        post(
            "plan",
            own="403 403 403 403 403 400 403 403 403 403 403 401",
            other="404 404 403 404 404 404 403 403 403 403 403 401",
        ),
    ),
    "/api/v1/advisors/": (get(all="200 200 200 200 200 200 200 200 200 200 200 401"),),
    "/api/v1/advisors/<pk>/": (
        get("catalogue", any="200 200 200 200 200 200 200 200 200 200 200 401"),
    ),
    "/api/v1/auth/token/": (post(all="400 400 400 400 400 400 400 400 400 400 400 400"),),
    "/api/v1/competence-areas/": (get(all="200 200 200 200 200 200 200 200 200 200 200 401"),),
    "/api/v1/competence-areas/<pk>/": (
        get("catalogue", any="200 200 200 200 200 200 200 200 200 200 200 401"),
    ),
    "/api/v1/departments/": (get(all="200 200 200 200 200 200 200 200 200 200 200 401"),),
    "/api/v1/departments/<pk>/": (
        get(
            "department",
            own="200 200 200 200 200 200 200 200 200 200 200 401",
            other="404 404 200 404 404 404 200 200 200 200 200 401",
        ),
    ),
    "/api/v1/hourly-rates/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 401"),
        post(all="403 403 403 403 403 403 403 403 403 400 403 401"),
    ),
    "/api/v1/inquiries/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 401"),
        post(all="400 400 400 400 403 403 403 403 400 400 400 401"),
    ),
    "/api/v1/inquiries/<pk>/": (
        get(
            "inquiry",
            own="200 404 404 404 404 404 404 404 200 200 200 401",
            other="404 404 404 404 404 404 404 404 200 200 200 401",
        ),
    ),
    "/api/v1/inquiries/<pk>/escalate/": (
        post(
            "inquiry",
            # The own inquiry is confidential: escalating it needs the employee's
            # consent (`consent: true`), so the empty body is a 400.
            own="403 404 404 404 404 404 404 404 400 400 403 401",
            other="404 404 404 404 404 404 404 404 400 400 403 401",
        ),
    ),
    "/api/v1/inquiry-categories/": (get(all="200 200 200 200 200 200 200 200 200 200 200 401"),),
    "/api/v1/inquiry-categories/<pk>/": (
        get("catalogue", any="200 200 200 200 200 200 200 200 200 200 200 401"),
    ),
    "/api/v1/main-contacts/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 401"),
        post(all="403 403 403 403 403 403 403 403 403 400 403 401"),
    ),
    "/api/v1/main-contacts/<pk>/": (
        get(
            "main_contact",
            own="200 200 200 200 200 200 200 200 200 200 200 401",
            other="404 404 200 404 404 404 200 200 200 200 200 401",
        ),
    ),
    "/api/v1/me/": (get(all="200 200 200 200 200 200 200 200 200 200 200 401"),),
    "/api/v1/orders/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 401"),
        post(all="403 403 403 400 400 400 403 403 400 400 400 401"),
    ),
    "/api/v1/orders/<pk>/": (
        get(
            "order",
            own="404 404 404 200 200 200 200 404 200 200 200 401",
            foreign="404 404 404 404 404 404 404 404 200 200 200 401",
            other="404 404 404 404 404 404 200 404 200 200 200 401",
        ),
        patch(
            "draft",
            own="404 404 404 200 200 200 403 404 200 200 200 401",
            other="404 404 404 404 404 404 403 404 200 200 200 401",
        ),
    ),
    "/api/v1/orders/<pk>/accept-cost/": (
        post(
            "order",
            own="404 404 404 400 403 400 403 404 403 403 403 401",
            other="404 404 404 404 404 404 403 404 403 403 403 401",
        ),
    ),
    "/api/v1/orders/<pk>/accept/": (
        post(
            "order",
            own="404 404 404 403 403 403 403 404 400 400 403 401",
            other="404 404 404 404 404 404 403 404 403 400 403 401",
        ),
    ),
    "/api/v1/orders/<pk>/attachments/": (
        get(
            "order",
            own="404 404 404 200 200 200 200 404 200 200 200 401",
            other="404 404 404 404 404 404 200 404 200 200 200 401",
        ),
        post(
            "order",
            own="404 404 404 400 400 400 403 404 400 400 403 401",
            other="404 404 404 404 404 404 403 404 400 400 403 401",
        ),
    ),
    "/api/v1/orders/<pk>/attachments/<event_id>/": (
        get(
            "attachment",
            own="404 404 404 200 200 200 200 404 200 200 200 401",
            other="404 404 404 404 404 404 200 404 200 200 200 401",
        ),
    ),
    "/api/v1/orders/<pk>/cancel/": (
        post(
            "order",
            own="404 404 404 200 200 200 403 404 403 200 403 401",
            other="404 404 404 404 404 404 403 404 403 200 403 401",
        ),
    ),
    "/api/v1/orders/<pk>/close/": (
        post(
            "order",
            own="404 404 404 400 400 400 403 404 400 400 403 401",
            other="404 404 404 404 404 404 403 404 403 400 403 401",
        ),
    ),
    "/api/v1/orders/<pk>/decline/": (
        post(
            "order",
            own="404 404 404 403 403 403 403 404 400 400 403 401",
            other="404 404 404 404 404 404 403 404 403 400 403 401",
        ),
    ),
    "/api/v1/orders/<pk>/deliver/": (
        post(
            "order",
            own="404 404 404 403 403 403 403 404 400 400 403 401",
            other="404 404 404 404 404 404 403 404 403 400 403 401",
        ),
    ),
    "/api/v1/orders/<pk>/events/": (
        get(
            "order",
            own="404 404 404 200 200 200 200 404 200 200 200 401",
            foreign="404 404 404 404 404 404 404 404 200 200 200 401",
            other="404 404 404 404 404 404 200 404 200 200 200 401",
        ),
        post(
            "order",
            own="404 404 404 400 400 400 403 404 400 400 400 401",
            other="404 404 404 404 404 404 403 404 400 400 400 401",
        ),
    ),
    "/api/v1/orders/<pk>/feedback/": (
        post(
            "order",
            own="404 404 404 400 403 403 403 404 403 403 403 401",
            other="404 404 404 404 404 404 403 404 403 403 403 401",
        ),
    ),
    "/api/v1/orders/<pk>/start/": (
        post(
            "order",
            own="404 404 404 403 403 403 403 404 400 400 403 401",
            other="404 404 404 404 404 404 403 404 403 400 403 401",
        ),
    ),
    "/api/v1/orders/<pk>/submit/": (
        post(
            "order",
            own="404 404 404 400 400 400 403 404 403 403 403 401",
            other="404 404 404 404 404 404 403 404 403 403 403 401",
        ),
    ),
    "/api/v1/organisations/": (get(all="200 200 200 200 200 200 200 200 200 200 200 401"),),
    "/api/v1/organisations/<pk>/": (
        get(
            "organisation",
            own="200 200 200 200 200 200 200 200 200 200 200 401",
            foreign="404 404 404 404 404 404 404 404 200 200 200 401",
        ),
    ),
    "/api/v1/period-locks/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 401"),
        post(all="403 403 403 403 403 403 403 403 403 400 403 401"),
    ),
    "/api/v1/period-locks/<pk>/": (
        get("lock", any="404 404 404 404 404 404 404 404 200 200 200 401"),
    ),
    "/api/v1/period-locks/<pk>/unlock/": (
        post("lock", any="404 404 404 404 404 404 404 404 403 400 403 401"),
    ),
    "/api/v1/plan-items/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 401"),
        post(all="403 403 403 403 403 400 403 403 403 403 403 401"),
    ),
    "/api/v1/plan-items/<pk>/": (
        get(
            "plan_item",
            own="200 200 200 200 200 200 200 200 200 200 200 401",
            other="404 404 200 404 404 404 200 200 200 200 200 401",
        ),
        patch(
            "plan_item",
            own="403 403 403 403 403 400 403 403 403 403 403 401",
            other="404 404 403 404 404 404 403 403 403 403 403 401",
        ),
    ),
    "/api/v1/plan-proposals/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 401"),
        post(all="403 403 403 400 400 400 403 403 403 403 403 401"),
    ),
    "/api/v1/plan-proposals/<pk>/": (
        get(
            "proposal",
            own="404 404 404 404 200 200 404 404 200 200 200 401",
            other="404 404 404 404 404 404 404 404 200 200 200 401",
        ),
    ),
    "/api/v1/plan-proposals/<pk>/accept/": (
        post(
            "proposal",
            own="404 404 404 404 403 400 404 404 403 403 403 401",
            other="404 404 404 404 404 404 404 404 403 403 403 401",
        ),
    ),
    "/api/v1/plan-proposals/<pk>/merge/": (
        post(
            "proposal",
            own="404 404 404 404 403 400 404 404 403 403 403 401",
            other="404 404 404 404 404 404 404 404 403 403 403 401",
        ),
    ),
    "/api/v1/plan-proposals/<pk>/reject/": (
        post(
            "proposal",
            own="404 404 404 404 403 400 404 404 403 403 403 401",
            other="404 404 404 404 404 404 404 404 403 403 403 401",
        ),
    ),
    "/api/v1/amu-meetings/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 401"),
        post(all="403 403 403 403 403 403 403 403 403 400 403 401"),
    ),
    "/api/v1/amu-meetings/<pk>/": (
        get("amu_meeting", own="404 404 404 404 404 404 200 200 200 200 200 401"),
    ),
    "/api/v1/amu-meetings/<pk>/add-item/": (
        post("amu_meeting", own="404 404 404 404 404 404 403 400 403 400 403 401"),
    ),
    "/api/v1/amu-meetings/<pk>/decide/": (
        post("amu_meeting", own="404 404 404 404 404 404 403 400 403 403 403 401"),
    ),
    "/api/v1/amu-meetings/<pk>/approve-minutes/": (
        post("amu_meeting", own="404 404 404 404 404 404 403 400 403 403 403 401"),
    ),
    "/api/v1/reports/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 401"),
        post(all="403 403 403 403 403 400 403 403 403 400 400 401"),
    ),
    "/api/v1/reports/<pk>/": (
        get(
            "report",
            own="404 404 404 404 404 200 200 404 200 200 200 401",
            other="404 404 404 404 404 404 200 404 200 200 200 401",
        ),
        get("amu_report", own="404 404 404 404 404 404 200 200 200 200 200 401"),
    ),
    "/api/v1/reports/<pk>/release/": (
        post("amu_report", own="404 404 404 404 404 404 403 403 403 400 403 401"),
    ),
    "/api/v1/reports/<pk>/comment/": (
        post("amu_report", own="404 404 404 404 404 404 403 400 400 400 400 401"),
    ),
    "/api/v1/reports/<pk>/files/<file_format>/": (
        get(
            "report",
            params={"file_format": "pdf"},
            own="404 404 404 404 404 200 200 404 200 200 200 401",
            other="404 404 404 404 404 404 200 404 200 200 200 401",
        ),
        get(
            "amu_report",
            params={"file_format": "pdf"},
            own="404 404 404 404 404 404 200 200 200 200 200 401",
        ),
    ),
    "/api/v1/reports/<pk>/review/": (
        post("amu_report", own="404 404 404 404 404 404 403 400 403 403 403 401"),
    ),
    "/api/v1/service-areas/": (get(all="200 200 200 200 200 200 200 200 200 200 200 401"),),
    "/api/v1/service-areas/<pk>/": (
        get(
            "area",
            own="200 200 200 200 200 200 200 200 200 200 200 401",
            foreign="404 404 404 404 404 404 404 404 200 200 200 401",
            other="404 404 200 404 404 404 200 200 200 200 200 401",
        ),
    ),
    "/api/v1/service-units/": (get(all="200 200 200 200 200 200 200 200 200 200 200 401"),),
    "/api/v1/service-units/<pk>/": (
        get(
            "unit",
            own="200 200 200 200 200 200 200 200 200 200 200 401",
            other="404 404 200 404 404 404 200 200 200 200 200 401",
        ),
    ),
    "/api/v1/services/": (get(all="200 200 200 200 200 200 200 200 200 200 200 401"),),
    "/api/v1/services/<pk>/": (
        get("catalogue", any="200 200 200 200 200 200 200 200 200 200 200 401"),
    ),
    "/api/v1/sick-leave/": (get(all="200 200 200 200 200 200 200 200 200 200 200 401"),),
    "/api/v1/sick-leave/<pk>/": (
        get(
            "sick_leave",
            own="404 404 404 404 404 200 404 404 200 200 200 401",
            other="404 404 404 404 404 404 404 404 200 200 200 401",
        ),
    ),
    "/api/v1/sick-leave/import/": (post(all="403 403 403 403 403 403 403 403 403 400 403 401"),),
    "/api/v1/time-entries/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 401"),
        post(all="403 403 403 403 403 403 403 403 400 400 400 401"),
    ),
    "/api/v1/time-entries/<pk>/": (
        get(
            "time_entry",
            own="404 404 404 404 404 200 200 404 200 200 200 401",
            other="404 404 404 404 404 404 200 404 200 200 200 401",
        ),
        patch(
            "time_entry",
            own="404 404 404 404 404 403 403 404 200 200 403 401",
            other="404 404 404 404 404 404 403 404 200 200 403 401",
        ),
        delete(
            "time_entry",
            own="404 404 404 404 404 403 403 404 204 204 403 401",
            other="404 404 404 404 404 404 403 404 204 204 403 401",
        ),
    ),
    "/api/v1/time-entries/week/": (get(all="403 403 403 403 403 403 403 403 200 200 200 401"),),
    "/api/v1/webhooks/": (
        get(all="403 403 403 403 403 403 403 403 403 200 403 401"),
        post(all="403 403 403 403 403 403 403 403 403 400 403 401"),
    ),
    "/api/v1/webhooks/<pk>/": (
        get("webhook", any="403 403 403 403 403 403 403 403 403 200 403 401"),
        delete("webhook", any="403 403 403 403 403 403 403 403 403 204 403 401"),
    ),
    "/api/v1/webhooks/<pk>/deliveries/": (
        get("webhook", any="403 403 403 403 403 403 403 403 403 200 403 401"),
    ),
    "/bestill/": (get(all="200 200 200 200 200 200 200 200 200 200 200 302"),),
    "/bestillinger/": (get(all="200 200 200 200 200 200 200 200 200 200 200 302"),),
    "/bestillinger/<int:pk>/": (
        get(
            "order",
            own="404 404 404 200 200 200 200 404 200 200 200 302",
            foreign="404 404 404 404 404 404 404 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/bestillinger/<int:pk>/<slug:action>/": (
        post(
            "order",
            params={"action": "send"},
            own="404 404 404 400 400 400 403 404 403 403 403 302",
            other="404 404 404 404 404 404 403 404 403 403 403 302",
        ),
        post(
            "order",
            params={"action": "godta"},
            own="404 404 404 403 403 403 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 403 400 403 302",
        ),
        post(
            "order",
            params={"action": "avsla"},
            own="404 404 404 403 403 403 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 403 400 403 302",
        ),
        post(
            "order",
            params={"action": "godkjenn-kostnad"},
            own="404 404 404 400 403 400 403 404 403 403 403 302",
            other="404 404 404 404 404 404 403 404 403 403 403 302",
        ),
        post(
            "order",
            params={"action": "start"},
            own="404 404 404 403 403 403 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 403 400 403 302",
        ),
        post(
            "order",
            params={"action": "lever"},
            own="404 404 404 403 403 403 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 403 400 403 302",
        ),
        post(
            "order",
            params={"action": "lukk"},
            own="404 404 404 400 400 400 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 403 400 403 302",
        ),
        post(
            "order",
            params={"action": "avbryt"},
            own="404 404 404 302 302 302 403 404 403 302 403 302",
            other="404 404 404 404 404 404 403 404 403 302 403 302",
        ),
        post(
            "order",
            params={"action": "kommentar"},
            own="404 404 404 400 400 400 403 404 400 400 400 302",
            other="404 404 404 404 404 404 403 404 400 400 400 302",
        ),
        post(
            "order",
            params={"action": "notat"},
            own="404 404 404 403 403 403 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 400 400 403 302",
        ),
        post(
            "order",
            params={"action": "vedlegg"},
            own="404 404 404 400 400 400 403 404 400 400 403 302",
            other="404 404 404 404 404 404 403 404 400 400 403 302",
        ),
        post(
            "order",
            params={"action": "tilbakemelding"},
            own="404 404 404 400 403 403 403 404 403 403 403 302",
            other="404 404 404 404 404 404 403 404 403 403 403 302",
        ),
        post(
            "order",
            params={"action": "finnes-ikke"},
            own="404 404 404 404 404 404 404 404 404 404 404 302",
            other="404 404 404 404 404 404 404 404 404 404 404 302",
        ),
    ),
    "/bestillinger/<int:pk>/endre/": (
        get(
            "draft",
            own="404 404 404 200 200 200 403 404 200 200 200 302",
            other="404 404 404 404 404 404 403 404 200 200 200 302",
        ),
    ),
    "/bestillinger/<int:pk>/vedlegg/<int:event_id>/": (
        get(
            "attachment",
            own="404 404 404 200 200 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/bestillinger/arbeidsko/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/bestillinger/be-om-rad/": (get(all="200 200 200 200 403 403 403 403 302 302 302 302"),),
    "/bestillinger/henvendelser/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/bestillinger/henvendelser/<int:pk>/": (
        get(
            "inquiry",
            own="200 404 404 404 404 404 404 404 200 200 200 302",
            other="404 404 404 404 404 404 404 404 200 200 200 302",
        ),
    ),
    "/bestillinger/henvendelser/<int:pk>/<slug:action>/": (
        post(
            "inquiry",
            params={"action": "svar"},
            own="403 404 404 404 404 404 404 404 400 400 403 302",
            other="404 404 404 404 404 404 404 404 400 400 403 302",
        ),
        post(
            "inquiry",
            params={"action": "send-videre"},
            # Confidential: without the consent box ticked the page answers 400.
            own="403 404 404 404 404 404 404 404 400 400 403 302",
            other="404 404 404 404 404 404 404 404 400 400 403 302",
        ),
    ),
    "/bestillinger/henvendelser/ny/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/bestillinger/ny/": (get(all="403 403 403 200 200 200 403 403 200 200 200 302"),),
    "/bestillinger/sok/avdelinger/": (get(all="200 200 200 200 200 200 200 200 200 200 200 302"),),
    "/bestillinger/sok/personer/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/bht/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/handlingsplaner/": (get(all="200 200 200 200 200 200 200 200 200 200 200 302"),),
    "/handlingsplaner/<int:pk>/": (
        get(
            "plan",
            own="200 200 200 200 200 200 200 200 200 200 200 302",
            foreign="404 404 404 404 404 404 404 404 200 200 200 302",
            other="404 404 200 404 404 404 200 200 200 200 200 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/avslutt/": (
        # 200: the confirm step (core/confirm.py); only a post with bekreft=ja closes.
        post(
            "plan",
            own="403 403 403 403 403 200 403 403 403 200 403 302",
            other="404 404 403 404 404 404 403 403 403 200 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/behandling/": (
        get(
            "plan",
            own="403 403 403 403 403 200 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/budsjett/": (
        post(
            "plan",
            own="403 403 403 403 403 302 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/godkjenn/": (
        get(
            "plan",
            own="403 403 403 403 403 403 403 200 403 200 403 302",
            other="404 404 403 404 404 404 403 200 403 200 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/protokoll/<int:approval_id>/": (
        get(
            "minutes",
            own="200 200 200 200 200 200 200 200 200 200 200 302",
            other="404 404 200 404 404 404 200 200 200 200 200 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/revider/": (
        # 200: the confirm step (core/confirm.py); only a post with bekreft=ja revises.
        post(
            "plan",
            own="403 403 403 403 403 200 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/send/": (
        post(
            "plan",
            own="403 403 403 403 403 302 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/signer/": (
        post(
            "plan",
            own="403 403 403 403 403 302 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/status/": (
        get(
            "plan",
            own="403 403 403 403 403 200 403 403 200 200 403 302",
            other="404 404 403 404 404 404 403 403 403 200 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/tilbakemelding/": (
        get(
            "plan",
            own="403 403 403 403 403 403 403 403 200 200 403 302",
            other="404 404 403 404 404 404 403 403 200 200 403 302",
        ),
    ),
    "/handlingsplaner/<int:pk>/tiltak/": (
        post(
            "plan",
            own="403 403 403 403 403 400 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/handlingsplaner/forslag/": (get(all="200 200 200 200 200 200 200 200 200 200 200 302"),),
    "/handlingsplaner/forslag/<int:pk>/avgjor/": (
        post(
            "proposal",
            own="404 404 404 404 403 302 404 404 403 403 403 302",
            other="404 404 404 404 404 404 404 404 403 403 403 302",
        ),
    ),
    "/handlingsplaner/ny/": (get(all="403 403 403 403 403 200 403 403 403 403 403 302"),),
    "/handlingsplaner/tiltak/<int:pk>/": (
        get(
            "plan_item",
            own="403 403 403 403 403 200 403 403 403 403 403 302",
            other="404 404 403 404 404 404 403 403 403 403 403 302",
        ),
    ),
    "/kalender/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 302"),
        # An empty form names no action: 400 for everyone logged in.
        post(all="400 400 400 400 400 400 400 400 400 400 400 302"),
    ),
    # The feed has no login: its token is the key, whoever holds it.
    "/kalender/<str:token>.ics": (
        get("calendar_feed", any="200 200 200 200 200 200 200 200 200 200 200 200"),
        get(params={"token": "ugyldig"}, all="404 404 404 404 404 404 404 404 404 404 404 404"),
    ),
    "/logg-inn/": (get(all="302 302 302 302 302 302 302 302 302 302 302 200"),),
    "/logg-ut/": (post(all="302 302 302 302 302 302 302 302 302 302 302 302"),),
    "/oidc/authenticate/": (get(all="404 404 404 404 404 404 404 404 404 404 404 404"),),
    "/oidc/callback/": (get(all="404 404 404 404 404 404 404 404 404 404 404 404"),),
    "/organisasjon/": (get(all="302 302 302 302 302 302 302 302 302 302 302 302"),),
    "/organisasjon/<slug:slug>/": (
        get(
            "organisation",
            own="200 200 200 200 200 200 200 200 200 200 200 302",
            foreign="404 404 404 404 404 404 404 404 200 200 200 302",
        ),
    ),
    "/organisasjon/<slug:slug>/omrader/<int:pk>/": (
        get(
            "area",
            own="200 200 200 200 200 200 200 200 200 200 200 302",
            foreign="404 404 404 404 404 404 404 404 200 200 200 302",
            other="404 404 200 404 404 404 200 200 200 200 200 302",
        ),
    ),
    "/organisasjon/<slug:slug>/omrader/<int:pk>/hovedkontakt/": (
        post(
            "area",
            own="403 403 403 403 403 403 403 403 403 400 403 302",
            other="404 404 403 404 404 404 403 403 403 400 403 302",
        ),
    ),
    "/personvern/": (get(all="200 200 200 200 200 200 200 200 200 200 200 200"),),
    # Public: the accessibility statement and its feedback form (empty body: 400).
    "/tilgjengelighet/": (
        get(all="200 200 200 200 200 200 200 200 200 200 200 200"),
        post(all="400 400 400 400 400 400 400 400 400 400 400 400"),
    ),
    "/personvern/navn/": (
        get(
            None,
            query="?navn=Ola+Nordmann",
            all="403 403 403 403 403 403 403 403 403 200 403 302",
        ),
    ),
    "/personvern/navn/eksport.json": (
        get(
            None,
            query="?navn=Ola+Nordmann",
            all="403 403 403 403 403 403 403 403 403 200 403 302",
        ),
    ),
    "/personvern/navn/eksport.pdf": (
        get(
            None,
            query="?navn=Ola+Nordmann",
            all="403 403 403 403 403 403 403 403 403 200 403 302",
        ),
    ),
    "/personvern/navn/slett/": (
        get(
            None,
            query="?navn=Ola+Nordmann",
            all="403 403 403 403 403 403 403 403 403 200 403 302",
        ),
        post(
            None,
            query="?navn=Ola+Nordmann",
            all="403 403 403 403 403 403 403 403 403 400 403 302",
        ),
    ),
    "/personvern/personer/": (get(all="403 403 403 403 403 403 403 403 403 200 403 302"),),
    "/personvern/personer/<str:username>/": (
        get("person", any="403 403 403 403 403 403 403 403 403 200 403 302"),
    ),
    "/personvern/personer/<str:username>/eksport.json": (
        get("person", any="403 403 403 403 403 403 403 403 403 200 403 302"),
    ),
    "/personvern/personer/<str:username>/eksport.pdf": (
        get("person", any="403 403 403 403 403 403 403 403 403 200 403 302"),
    ),
    "/personvern/personer/<str:username>/slett/": (
        get("person", any="403 403 403 403 403 403 403 403 403 200 403 302"),
        post("person", any="403 403 403 403 403 403 403 403 403 400 403 302"),
    ),
    "/rapporter/": (get(all="403 403 403 403 403 200 200 200 200 200 200 302"),),
    "/rapporter/<int:pk>/": (
        get(
            "report",
            own="404 404 404 404 404 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
        get("amu_report", own="404 404 404 404 404 404 200 200 200 200 200 302"),
    ),
    "/rapporter/<int:pk>/frigi/": (
        post("amu_report", own="404 404 404 404 404 404 403 403 403 302 403 302"),
    ),
    "/rapporter/amu-moter/": (
        get(all="403 403 403 403 403 200 200 200 200 200 200 302"),
        post(all="403 403 403 403 403 403 403 403 403 400 403 302"),
    ),
    "/rapporter/amu-moter/<int:pk>/": (
        get("amu_meeting", own="404 404 404 404 404 404 200 200 200 200 200 302"),
    ),
    "/rapporter/amu-moter/<int:pk>/sak/": (
        post("amu_meeting", own="404 404 404 404 404 404 403 400 403 400 403 302"),
    ),
    "/rapporter/amu-moter/<int:pk>/sak/<int:item_pk>/vedtak/": (
        post("amu_meeting", own="404 404 404 404 404 404 403 400 403 403 403 302"),
    ),
    "/rapporter/amu-moter/<int:pk>/oppmote/": (
        post("amu_meeting", own="404 404 404 404 404 404 403 302 403 302 403 302"),
    ),
    "/rapporter/amu-moter/<int:pk>/godkjenn/": (
        post("amu_meeting", own="404 404 404 404 404 404 403 302 403 403 403 302"),
    ),
    "/rapporter/amu-moter/<int:pk>/protokoll/": (
        # No minutes before the chair approves them: 404 for every reader too.
        get("amu_meeting", own="404 404 404 404 404 404 404 404 404 404 404 302"),
    ),
    "/rapporter/bht-opplaering/": (
        get(all="403 403 403 403 403 403 403 403 200 200 200 302"),
        post(all="403 403 403 403 403 403 403 403 403 400 403 302"),
    ),
    "/rapporter/trender/": (get(all="403 403 403 403 403 200 200 200 200 200 200 302"),),
    "/rapporter/referansetall/": (
        get(all="403 403 403 403 403 403 403 403 403 200 403 302"),
        post(all="403 403 403 403 403 403 403 403 403 400 403 302"),
    ),
    "/rapporter/arshjul/": (get(all="403 403 403 403 403 200 200 200 200 200 200 302"),),
    "/rapporter/<int:pk>/behandling/": (
        post("amu_report", own="404 404 404 404 404 404 403 400 403 403 403 302"),
    ),
    "/rapporter/<int:pk>/fil/<str:fmt>/": (
        get(
            "report",
            params={"fmt": "pdf"},
            own="404 404 404 404 404 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/rapporter/<int:pk>/kommentar/": (
        post("amu_report", own="404 404 404 404 404 404 403 400 400 400 400 302"),
    ),
    "/rapporter/<int:pk>/prov-igjen/": (
        post(
            "report",
            own="404 404 404 404 404 302 403 404 403 302 302 302",
            other="404 404 404 404 404 404 403 404 403 302 302 302",
        ),
    ),
    "/rapporter/<int:pk>/status/": (
        get(
            "report",
            own="404 404 404 404 404 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/rapporter/<int:pk>/vis/": (
        get(
            "report",
            own="404 404 404 404 404 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/rapporter/sykefravaer/": (get(all="403 403 403 403 403 403 403 403 403 200 403 302"),),
    "/tilgangslogg/": (get(all="403 403 403 403 403 403 403 403 403 200 403 302"),),
    "/timer/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/timer/bestilling/<int:pk>/": (
        get(
            "order",
            own="404 404 404 200 200 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/timer/celle/": (post(all="403 403 403 403 403 403 403 403 400 400 400 302"),),
    "/timer/foring/<int:pk>/historikk/": (
        get(
            "time_entry",
            own="404 404 404 404 404 200 200 404 200 200 200 302",
            other="404 404 404 404 404 404 200 404 200 200 200 302",
        ),
    ),
    "/timer/godkjenning/": (get(all="403 403 403 403 403 403 403 403 403 200 403 302"),),
    "/timer/hurtig/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/timer/las/": (post(all="403 403 403 403 403 403 403 403 403 302 403 302"),),
    "/timer/las/<int:pk>/las-opp/": (
        # 400: no reason given is a field error on the approval page.
        post("lock", any="403 403 403 403 403 403 403 403 403 400 403 302"),
    ),
    "/timer/liste/": (get(all="403 403 403 200 200 200 200 403 200 200 200 302"),),
    "/timer/liste/eksport.<str:fmt>": (
        get(
            None,
            params={"fmt": "csv"},
            query="?date_from=2100-01-01",
            all="403 403 403 200 200 200 200 403 200 200 200 302",
        ),
        get(
            None,
            params={"fmt": "xlsx"},
            query="?date_from=2100-01-01",
            all="403 403 403 200 200 200 200 403 200 200 200 302",
        ),
    ),
    "/timer/mal/": (get(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/timer/timepriser/": (get(all="403 403 403 403 403 403 403 403 403 200 403 302"),),
    "/timer/uke/<int:pk>/godkjenn/": (
        # 200: the confirm step (core/confirm.py); only a post with bekreft=ja approves.
        post("week", any="403 403 403 403 403 403 403 403 403 200 403 302"),
    ),
    "/timer/uke/<int:pk>/returner/": (
        # 400: no comment given is a field error on the approval page.
        post("week", any="403 403 403 403 403 403 403 403 403 400 403 302"),
    ),
    # 200: the confirm step (core/confirm.py); only a post with bekreft=ja sends the week.
    "/timer/uke/send/": (post(all="403 403 403 403 403 403 403 403 200 200 200 302"),),
    "/tjenester/": (get(all="200 200 200 200 200 200 200 200 200 200 200 302"),),
}
