"""`manage.py privacy_erase (--user USERNAME | --name "FULL NAME") [--dry-run] [--by USERNAME]`.

Erases (pseudonymises) one person as far as the retention rules allow
(docs/privacy.md): individual cases past their retention are scrubbed; the name
elsewhere and the account follow once no case about the person is kept.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from privacy import selectors, services
from privacy.management.commands._people import user_by_username


class Command(BaseCommand):
    help = "Sletter eller pseudonymiserer én person når lagringstiden er ute."

    def add_arguments(self, parser: ArgumentParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="brukernavnet til personen")
        who.add_argument("--name", help="fullt navn på en person uten brukerkonto")
        parser.add_argument("--dry-run", action="store_true", help="vis hva som ville skjedd")
        parser.add_argument("--by", help="hvem som sletter (for slettelogen)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["user"]:
            person = selectors.person_for_user(user_by_username(options["user"]))
        else:
            person = selectors.person_for_name(options["name"])
            if not person.full_name:
                raise CommandError("Navnet er tomt.")
        by = user_by_username(options["by"]) if options["by"] else None
        plan = selectors.erasure_plan(person, by=by)
        self.stdout.write(f"Person: {person.label}")
        self._show_cases(plan)
        self._show_limits(plan)
        if options["dry_run"]:
            self.stdout.write("Prøvekjøring: ingenting er endret.")
            return
        try:
            result = services.person_erase(person=person, by=by)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Slettet {result.cases_erased} saker, erstattet navnet i "
            f"{result.mentions_replaced} registreringer"
            + (", pseudonymiserte kontoen." if result.account_pseudonymised else ".")
        )

    def _show_cases(self, plan: selectors.ErasurePlan) -> None:
        """The cases erased and kept, the names replaced and the report files kept."""
        self.stdout.write(f"Fortrolige saker som slettes (lagringstiden er ute): {len(plan.due)}")
        for line in plan.due:
            self.stdout.write(f"  {line.label} (lukket {line.closed_on})")
        self.stdout.write(f"Fortrolige saker som beholdes: {len(plan.kept)}")
        for line in plan.kept:
            until = line.keep_until or "saken er ikke lukket"
            self.stdout.write(f"  {line.label} (beholdes til {until})")
        for label, count in plan.mentions:
            self.stdout.write(f"Navnet erstattes i {count} {label}")
        for report_file in plan.report_files:
            self.stdout.write(
                f"Rapportfil som beholdes og inneholder navnet: {report_file.run} "
                f"({report_file.get_format_display()})"
            )

    def _show_limits(self, plan: selectors.ErasurePlan) -> None:
        """Why erasure is refused or limited, and from when it is possible."""
        for code in plan.blocked_reasons:
            if code in services.BLOCK_MESSAGES:
                self.stdout.write(str(services.BLOCK_MESSAGES[code]))
        for account in plan.accounts:
            self.stdout.write(f"  bruk --user {account.username}")
        if plan.kept:
            when = plan.possible_from
            self.stdout.write(
                "Navn og konto kan slettes fra "
                + (when.strftime("%d.%m.%Y") if when else "når sakene er lukket")
                + "."
            )
