"""`manage.py noark_export --organisation SLUG --year YEAR --out DIR`: a Noark 5 v5.0
extract (arkivstruktur.xml, validated) with the journal and the public journal as
PDF and CSV (docs/archive.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from archive.services import noark_export
from core.errors import ApplicationError
from core.models import Organisation


def organisation_or_error(slug: str) -> Organisation:
    """The client organisation of `--organisation`, or the command's error."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(f"Finner ingen virksomhet med kortnavn {slug!r}.")
    return organisation


class Command(BaseCommand):
    help = "Skriver et Noark 5-arkivuttrekk med journal og offentlig journal for ett år."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="virksomhetens kortnavn")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--out", required=True, help="en tom (eller ny) mappe")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_or_error(options["organisation"])
        try:
            result = noark_export(
                organisation=organisation, year=options["year"], out_dir=Path(options["out"])
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"{result.cases} saksmapper ({result.confidential_cases} skjermet), "
            f"{result.journal_posts} journalposter. Skrevet til {options['out']}."
        )
