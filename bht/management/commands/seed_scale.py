"""`manage.py seed_scale`: synthetic data at national scale for the benchmarks.

    manage.py seed_scale --organisations 200 --years 5 [--fraction 1.0] [--seed 1]

Runs `seed_demo` first (the catalogue, categories, internal activities and the
demo logins), then adds N organisations through `core.scale.seed` and each app's
`<app>/scale.py` (found by name, like `seed_demo`'s `<app>/demo.py`, so bht imports
none of them). Rows are loaded with COPY on PostgreSQL and bulk_create on SQLite,
in one transaction. Not idempotent: every run adds N more organisations.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from core import scale


class Command(BaseCommand):
    help = "Lager syntetiske data i nasjonal skala for ytelsestester."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=200)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument(
            "--fraction",
            type=float,
            default=1.0,
            help="Share of the history (orders, inquiries, hours) to generate; the tree is whole.",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--skip-demo", action="store_true", help="Do not run seed_demo first.")

    def handle(self, *args: Any, **options: Any) -> None:
        n, years, fraction = options["organisations"], options["years"], options["fraction"]
        if n < 1 or years < 1 or not 0 < fraction <= 1:
            raise CommandError("--organisations ≥ 1, --years ≥ 1 and 0 < --fraction ≤ 1.")
        verbose = options["verbosity"] > 0
        started = time.monotonic()
        if not options["skip_demo"]:
            call_command("seed_demo", verbosity=0)
        ctx = scale.ScaleContext(
            seed=options["seed"],
            organisations=n,
            years=years,
            fraction=fraction,
            today=timezone.localdate(),
            writer=scale.RowWriter(),
        )
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # Bulk load: nothing is lost if the machine dies mid-run but the run.
                    cursor.execute("SET LOCAL synchronous_commit = off")
            fast = ctx.writer.fast_load()
            steps = _steps()
            for label, step in steps:
                t0 = time.monotonic()
                step(ctx)
                if verbose:
                    self.stdout.write(f"  {label}: {time.monotonic() - t0:.1f} s")
            if fast:
                t0 = time.monotonic()
                ctx.writer.check_foreign_keys()
                if verbose:
                    self.stdout.write(f"  foreign keys checked: {time.monotonic() - t0:.1f} s")
        ctx.writer.finish()
        if verbose:
            counts = ", ".join(f"{k} {v}" for k, v in ctx.counts.items())
            self.stdout.write(
                f"seed_scale: {n} virksomheter, {years} år, andel {fraction:g} "
                f"på {time.monotonic() - started:.0f} s: {counts}"
            )


def _steps() -> list[tuple[str, Callable[[scale.ScaleContext], None]]]:
    """core's tree first, then each app's `<app>/scale.py` in INSTALLED_APPS order."""
    steps: list[tuple[str, Callable[[scale.ScaleContext], None]]] = [("bht", scale.seed)]
    for app_config in apps.get_app_configs():
        if app_config.name in ("core", "bht"):
            continue
        try:
            module = import_module(f"{app_config.name}.scale")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app_config.name}.scale":
                raise
            continue
        steps.append((app_config.label, module.seed))
    return steps
