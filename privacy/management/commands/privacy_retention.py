"""`manage.py privacy_retention [--dry-run]`: the retention sweep (also run nightly by
Celery beat, bht/celery.py). Periods: settings.PRIVACY_RETENTION_YEARS."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from privacy import conf, services


class Command(BaseCommand):
    help = "Pseudonymiserer personopplysninger som har passert lagringstiden."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="tell opp uten å endre")

    def handle(self, *args: Any, **options: Any) -> None:
        result = services.retention_sweep(dry_run=options["dry_run"])
        for record_type, label in conf.RECORD_TYPES.items():
            years = conf.retention_years(record_type)
            period = f"{years} år" if years else "beholdes"
            count = result.counts.get(record_type, 0)
            self.stdout.write(f"{label} ({period}): {count}")
        if result.dry_run:
            self.stdout.write("Prøvekjøring: ingenting er endret.")
        else:
            self.stdout.write(f"Pseudonymisert eller slettet: {result.total}")
