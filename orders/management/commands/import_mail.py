"""`manage.py import_mail PATH`: an mbox file, a Maildir, a folder of .eml files or
one .eml file becomes inquiries in triage (channel e-mail). Idempotent: a message
already imported (same Message-ID) is counted as known, not imported again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orders.mailbox import import_raw, read_path


class Command(BaseCommand):
    help = "Importer e-post (mbox, Maildir eller .eml) som henvendelser til BHT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", help="mbox-fil, Maildir, mappe med .eml-filer eller en .eml-fil"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"Finner ikke {path}.")
        try:
            result = import_raw(read_path(path))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Kan ikke lese {path}: {exc}") from exc
        counts = result.counts
        self.stdout.write(
            f"Nye henvendelser: {counts['new']}, svar i eksisterende: {counts['reply']}, "
            f"allerede importert: {counts['duplicate']}, feilet: {counts['failed']}"
        )
        for error in result.errors:
            self.stderr.write(error)
