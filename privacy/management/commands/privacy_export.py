"""`manage.py privacy_export (--user USERNAME | --name "FULL NAME") [--out DIR] [--by USERNAME]`.

Writes everything stored about one person as JSON and PDF (docs/privacy.md).
The read is recorded in the access log under --by (default: the first active
superuser, the system administrator running the command).
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from privacy import render, selectors, services
from privacy.management.commands._people import acting_user, user_by_username
from privacy.views import _filename


class Command(BaseCommand):
    help = "Henter ut alt som er lagret om én person, som JSON og PDF (GDPR art. 15)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="brukernavnet til personen")
        who.add_argument("--name", help="fullt navn på en person uten brukerkonto")
        parser.add_argument("--out", default=".", help="mappen filene skrives til")
        parser.add_argument("--by", help="hvem som henter ut (for tilgangsloggen)")
        parser.add_argument("--no-pdf", action="store_true", help="bare JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["user"]:
            person = selectors.person_for_user(user_by_username(options["user"]))
        else:
            person = selectors.person_for_name(options["name"])
            if not person.full_name:
                raise CommandError("Navnet er tomt.")
        by = acting_user(options["by"])
        export = services.person_export_read(person=person, by=by)
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        # The same safe file names as the downloads (no path separators from --name).
        json_path = out / _filename(person, "json")
        json_path.write_bytes(render.to_json(export))
        self.stdout.write(f"Skrev {json_path}")
        if not options["no_pdf"]:
            pdf_path = out / _filename(person, "pdf")
            pdf_path.write_bytes(render.to_pdf_bytes(export))
            self.stdout.write(f"Skrev {pdf_path}")
        rows = sum(len(s.rows) for s in export.sections)
        self.stdout.write(f"{rows} registreringer i {len(export.sections)} deler.")
