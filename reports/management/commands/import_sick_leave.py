"""`manage.py import_sick_leave FILE.csv --organisation SLUG`.

Agreed and lost workdays per unit or department and period, from an HR export;
the columns are described in docs/import_sick_leave.md. The work is done by
reports.sick_leave.sick_leave_import: every row is checked first, and nothing is
saved if any row is wrong. Importing the same file twice changes nothing.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.models import Organisation
from reports.sick_leave import SickLeaveImportError, sick_leave_import, sick_leave_rows_from_csv


class Command(BaseCommand):
    help = (
        "Importerer sykefraværstall (avtalte og tapte dagsverk, egenmeldt og legemeldt) "
        "fra en CSV-fil (se docs/import_sick_leave.md). Alt eller ingenting lagres."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="CSV-fil fra HR (UTF-8, skilletegn ; eller ,)")
        parser.add_argument(
            "--organisation", required=True, help="kortnavnet (slug) til virksomheten"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["organisation"]
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"Fant ingen virksomhet med kortnavnet «{slug}».")
        try:
            data = Path(options["path"]).read_bytes()
        except OSError as error:
            raise CommandError(
                f"Kan ikke lese filen {options['path']}: {error.strerror}."
            ) from None
        try:
            result = sick_leave_import(
                organisation=organisation, rows=sick_leave_rows_from_csv(data)
            )
        except SickLeaveImportError as error:
            raise CommandError(
                "Ingenting er lagret. Rett feilene i filen og prøv igjen:\n"
                + "\n".join(error.errors)
            ) from None
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Importert: {result.rows} rader for {organisation.name}. "
                f"Nye: {result.created}. Oppdatert: {result.updated}.\n"
            )
