"""The matrix's vocabulary: the roles, the object kinds, a case (one request as
every login), and the walk over the URL configuration."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

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
