"""`manage.py import_reference_figures FILE.csv`: published sick-leave percentages
(e.g. SSB by sector and year) for the trends page. Columns
`source;sector;year;sick_leave_percent`; all rows or none (reports.reference)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reports.reference import ReferenceImportError, reference_import, reference_rows_from_csv


class Command(BaseCommand):
    help = "Importerer referansetall for sykefravær (kilde, sektor, år, prosent) fra CSV."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="CSV-fil: source;sector;year;sick_leave_percent")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = Path(options["path"]).read_bytes()
        except OSError as error:
            raise CommandError(f"Kan ikke lese filen: {error}") from error
        try:
            result = reference_import(rows=reference_rows_from_csv(data))
        except ReferenceImportError as error:
            raise CommandError("Ingenting er lagret.\n" + "\n".join(error.errors)) from error
        self.stdout.write(f"{result.rows} rader: {result.created} nye, {result.updated} oppdatert.")
