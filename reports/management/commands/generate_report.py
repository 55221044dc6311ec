"""Makes a report synchronously through the same services as the pages and API."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from actionplans.models import ActionPlan
from core.errors import ApplicationError
from core.models import Organisation, Role, RoleAssignment, ServiceArea, User
from orders.models import Order
from reports import services
from reports.kinds import KINDS
from reports.models import RunStatus


class Command(BaseCommand):
    help = "Lager en rapport med en gang og skriver ut filstiene."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", required=True, choices=list(KINDS))
        parser.add_argument("--year", type=int)
        parser.add_argument("--organisation", help="virksomhetens slug")
        parser.add_argument("--area", type=int)
        parser.add_argument("--plan", type=int)
        parser.add_argument("--order", type=int)
        parser.add_argument("--user", help="brukernavn (standard: første leder av BHT)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["user"])
        try:
            organisation = (
                Organisation.objects.get(slug=options["organisation"])
                if options["organisation"]
                else None
            )
            area = ServiceArea.objects.get(pk=options["area"]) if options["area"] else None
            plan = ActionPlan.objects.get(pk=options["plan"]) if options["plan"] else None
            order = Order.objects.get(pk=options["order"]) if options["order"] else None
        except (Organisation.DoesNotExist, ServiceArea.DoesNotExist,
                ActionPlan.DoesNotExist, Order.DoesNotExist) as exc:  # fmt: skip
            raise CommandError(str(exc)) from exc
        if organisation is None and area is None and plan is None and order is None:
            organisation = Organisation.objects.order_by("pk").first()
        try:
            run = services.report_request(
                kind=options["kind"], user=user, organisation=organisation, area=area,
                year=options["year"], plan=plan, order=order,
            )  # fmt: skip
        except ApplicationError as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from exc
        run = services.report_generate(run_id=run.pk)
        if run.status != RunStatus.DONE:
            raise CommandError(run.error or f"Rapporten ble ikke ferdig ({run.status}).")
        for file in run.files.order_by("format"):
            self.stdout.write(file.file.path if hasattr(file.file, "path") else file.file.name)

    def _user(self, username: str | None) -> User:
        if username:
            found = User.objects.filter(username=username).first()
        else:
            found = (
                User.objects.filter(
                    pk__in=RoleAssignment.objects.active()
                    .filter(role=Role.BHT_MANAGER)
                    .values("user_id")
                )
                .order_by("pk")
                .first()
                or User.objects.filter(is_superuser=True).order_by("pk").first()
            )
        if found is None:
            raise CommandError("Fant ingen bruker som kan bestille rapporter.")
        return found
