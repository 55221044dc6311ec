"""Prints the permission matrix (bht/permission_matrix/) as Markdown into
docs/permissions.md; `--check` fails when that file differs (CI runs it through
tests/test_permission_matrix.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bht.permission_matrix import ABBREVIATIONS, KINDS, MATRIX, ROLE_CODES, ROLES

DEFAULT_PATH = Path(settings.BASE_DIR) / "docs" / "permissions.md"

INTRO = """\
# Permission matrix

Who gets which answer from every page and API endpoint, per role of DESIGN.md §2
(the demo logins of `seed_demo`) and for a visitor who is not logged in.

**Generated** by `python manage.py permission_matrix` from `bht/permission_matrix/`;
do not edit by hand. `tests/test_permission_matrix.py` requests every row below as
every role and fails when the application answers differently, when a URL pattern
has no row, or when this file is out of date (`manage.py permission_matrix --check`).

## How to read it

* **200** the page or data is shown; **302** a redirect — for a visitor who is not
  logged in, to the login page; for a logged-in user, back to the page after an
  action or on to the only choice (e.g. the one organisation).
* **403** the role may not take this action or open this page (DESIGN.md §8).
* **404** the object is outside the caller's scope: its existence is not revealed.
* **401** the API without a login (session or token).
* **400** the role may act, but the empty request the test sends is refused with a
  message per field; **405** the method is not offered for this role.
* Actions (POST, PATCH, DELETE) are sent with an **empty body**, so that the answer
  shows the permission check and nothing is changed by accident; each request is
  rolled back.
* Rows with an object are asked twice or more: **own** — an object in the
  personas' own place (Helse og sosial / Psykisk helse og rus / Oppfølgingstjenesten,
  which avdelingsleder, tjenesteleder and kommunalsjef lead, where ansatt and
  verneombud work); **other** — the same kind of object in another service area
  (Skole), outside the scope of the department, unit and area leaders;
  **any** — objects that belong to no place (catalogue, the BHT's weeks and locks);
  **foreign** — on the main pages and endpoints, an object of another client
  organisation of the BHT, which no role of Fjordby kommune may see.
* The single sign-on routes (`/oidc/...`) answer 404 while OpenID Connect is not
  configured, as in the test; with it configured they start and finish a login.
* Not in the table, on purpose: Django's admin (`/admin/`, its own `is_staff`
  permissions), `/i18n/` (language switch), the OpenAPI schema and its docs page
  (`/api/schema/`, `/api/docs/`), static and uploaded files; the `orders.json`-style
  format twins of API routes share their route's row.
"""


def _table_roles() -> list[str]:
    lines = ["| column | login | role (DESIGN.md §2) |", "|---|---|---|"]
    for abbreviation, role in zip(ABBREVIATIONS, ROLES, strict=True):
        login = f"`{role}`" if role != "anonymous" else "—"
        lines.append(f"| {abbreviation} | {login} | {ROLE_CODES[role]} |")
    return lines


def _table_kinds() -> list[str]:
    lines = ["| object | scope | which object |", "|---|---|---|"]
    for kind in sorted(KINDS):
        for scope, text in KINDS[kind].items():
            lines.append(f"| {kind} | {scope} | {text} |")
    return lines


def _section(path: str) -> str:
    if path.startswith("/api/"):
        return "API (`/api/v1/`)"
    first = path.strip("/").split("/", 1)[0]
    return f"Pages: `/{first}/`" if first else "Pages: `/`"


def render() -> str:
    lines = [INTRO, "## Columns", "", *_table_roles(), "", "## Objects", "", *_table_kinds()]
    head = "| path | request | object | " + " | ".join(ABBREVIATIONS) + " |"
    rule = "|---|---|---|" + "---|" * len(ABBREVIATIONS)
    sections: dict[str, list[str]] = {}
    for path in sorted(MATRIX):
        rows = sections.setdefault(_section(path), [])
        for case in MATRIX[path]:
            request = case.request
            for scope in case.expect:
                obj = f"{case.kind} ({scope})" if case.kind else ""
                codes = " | ".join(case.codes(scope))
                rows.append(f"| `{path}` | {request} | {obj} | {codes} |")
    for title in sorted(sections, key=lambda t: (t.startswith("API"), t)):
        lines += ["", f"## {title}", "", head, rule, *sections[title]]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Writes the permission matrix as Markdown to docs/permissions.md (--check: verify)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Exit with an error if the file is not what this command would write.",
        )
        parser.add_argument("--output", default=str(DEFAULT_PATH), help="Where to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["output"])
        text = render()
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise CommandError(
                    f"{path} is not current: run `python manage.py permission_matrix` "
                    "and commit the result."
                )
            self.stdout.write(f"{path} is current.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
