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

This package holds data and the URL walk only (cases.py; the rows in api.py and
pages.py); it imports no app. The objects behind each `kind` are picked from
the demo data by the test (`KINDS` says which).
"""

from __future__ import annotations

from .api import API
from .cases import (
    ABBREVIATIONS,
    KINDS,
    ROLE_CODES,
    ROLES,
    Case,
    Route,
    delete,
    discover_routes,
    get,
    patch,
    post,
)
from .pages import PAGES

MATRIX: dict[str, tuple[Case, ...]] = {**API, **PAGES}

__all__ = [
    "ABBREVIATIONS",
    "KINDS",
    "MATRIX",
    "ROLE_CODES",
    "ROLES",
    "Case",
    "Route",
    "delete",
    "discover_routes",
    "get",
    "patch",
    "post",
]
