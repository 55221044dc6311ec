"""`manage.py import_org FILE.csv --organisation SLUG [--year YEAR] [--dry-run]`.

Areas, units, departments, leaders and headcounts from an HR export; the
columns are described in docs/import_org.md. The work is done by
core.imports.org_import.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.imports import OrgImportError, OrgImportResult, org_import, org_rows_from_csv
from core.models import Organisation

LABELS = {
    "area": "virksomhetsområder",
    "unit": "tjenesteområder",
    "department": "avdelinger",
    "headcount": "registreringer av antall ansatte",
    "user": "brukere",
}


class Command(BaseCommand):
    help = (
        "Importerer virksomhetsområder, tjenesteområder, avdelinger, ledere og antall "
        "ansatte fra en CSV-fil (se docs/import_org.md). Alt eller ingenting lagres."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="CSV-fil fra HR (UTF-8, skilletegn ; eller ,)")
        parser.add_argument(
            "--organisation", required=True, help="kortnavnet (slug) til virksomheten"
        )
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help="året antall ansatte gjelder for (standard: inneværende år)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="kontroller filen uten å lagre noe"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["organisation"]
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"Fant ingen virksomhet med kortnavnet «{slug}».")
        year = options["year"] or timezone.localdate().year
        if not 1900 <= year <= 2100:
            raise CommandError(f"«{year}» er ikke et gyldig år.")
        try:
            data = Path(options["path"]).read_bytes()
        except OSError as error:
            raise CommandError(
                f"Kan ikke lese filen {options['path']}: {error.strerror}."
            ) from None
        try:
            rows = org_rows_from_csv(data)
            result = org_import(
                organisation=organisation, rows=rows, year=year, dry_run=options["dry_run"]
            )
        except OrgImportError as error:
            raise CommandError(
                "Ingenting er lagret. Rett feilene i filen og prøv igjen:\n"
                + "\n".join(error.errors)
            ) from None
        if options["verbosity"] > 0:
            self.stdout.write(_summary(result, organisation, dry_run=options["dry_run"]))


def _summary(result: OrgImportResult, organisation: Organisation, *, dry_run: bool) -> str:
    def counts(counter: dict[str, int]) -> str:
        parts = [f"{n} {LABELS[key]}" for key, n in counter.items() if n]
        return ", ".join(parts) or "ingen"

    lines = [
        f"{'Kontrollert' if dry_run else 'Importert'}: {result.rows} rader for "
        f"{organisation.name} ({result.year}).",
        f"Nye: {counts(result.created)}.",
        f"Endret: {counts(result.updated)}.",
        f"Nye brukere: {result.users_created}; ledere tildelt rolle: {result.roles_assigned}; "
        f"tidligere ledere avsluttet: {result.roles_ended}.",
    ]
    if dry_run:
        lines.append("Ingenting er lagret (--dry-run).")
    elif not result.changed:
        lines.append("Ingen endringer: alt var allerede som i filen.")
    return "\n".join(lines) + "\n"
