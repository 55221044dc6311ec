"""`manage.py noark_journal --organisation SLUG --from DATE --to DATE --out DIR`: the
journal and the public journal of any period (a week, a month) as PDF and CSV, with
the numbers of the year's extract (docs/archive.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from archive.management.commands.noark_export import organisation_or_error
from archive.services import journal_export
from core import parsing
from core.errors import ApplicationError


class Command(BaseCommand):
    help = "Skriver journal og offentlig journal for en periode (PDF og CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="virksomhetens kortnavn")
        parser.add_argument("--from", required=True, dest="start", help="første dag, ÅÅÅÅ-MM-DD")
        parser.add_argument("--to", required=True, dest="end", help="siste dag, ÅÅÅÅ-MM-DD")
        parser.add_argument("--out", required=True, help="en tom (eller ny) mappe")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_or_error(options["organisation"])
        try:
            result = journal_export(
                organisation=organisation,
                start=parsing.parse_date(options["start"], field="from"),
                end=parsing.parse_date(options["end"], field="to"),
                out_dir=Path(options["out"]),
            )
        except ApplicationError as error:
            raise CommandError(f"--{error.field or 'out'}: {error.message}") from error
        self.stdout.write(f"{result.journal_posts} journalposter. Skrevet til {options['out']}.")
