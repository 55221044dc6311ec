"""Plans for tests: built through the services, so that they are valid by construction."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from actionplans import services
from actionplans.models import ActionPlan, PlanItem
from actionplans.selectors import period_start
from core.models import Service, ServiceArea, User

# The demo's periods are counted from today (actionplans/demo.py): the current one
# has approved plans, the last one closed plans, and nobody has a plan for the next.
CURRENT_PERIOD = period_start(timezone.localdate().year)
LAST_PERIOD = CURRENT_PERIOD - 2
FREE_PERIOD = CURRENT_PERIOD + 2


def helse() -> ServiceArea:
    return ServiceArea.objects.get(name="Helse og sosial")


def skole() -> ServiceArea:
    return ServiceArea.objects.get(name="Skole")


def service(name: str = "Kartlegging og risikovurdering") -> Service:
    return Service.objects.get(name=name)


def draft(director: User, *, items: int = 2, start_year: int = FREE_PERIOD) -> ActionPlan:
    plan = services.plan_create(
        user=director, area=helse(), start_year=start_year, budget_hours=Decimal(100)
    )
    for n in range(items):
        services.plan_item_create(
            plan=plan,
            user=director,
            service=service(),
            title=f"Tiltak {n + 1}",
            budget_hours=Decimal("12.5"),
        )
    return plan


def item_of(plan: ActionPlan) -> PlanItem:
    return plan.items.order_by("pk").first()  # type: ignore[return-value]


def advance(plan: ActionPlan, to: str, *, director: User, advisor: User, amu: User) -> ActionPlan:
    """Take a fresh draft through the chain up to status `to`."""
    steps = ["bht_review", "consultation", "consulted", "signed", "approved"]
    today = timezone.localdate()
    for step in steps[: steps.index(to) + 1]:
        if step == "bht_review":
            plan = services.plan_submit(plan=plan, user=director)
        elif step == "consultation":
            plan = services.plan_feedback_give(plan=plan, user=advisor, text="Faglig god plan.")
        elif step == "consulted":
            plan = services.plan_consult(
                plan=plan, user=director, meeting_date=today, case_number="26/14"
            )
        elif step == "signed":
            plan = services.plan_sign(plan=plan, user=director)
        elif step == "approved":
            plan = services.plan_approve(
                plan=plan, user=amu, meeting_date=today, case_number="26/99"
            )
    plan.refresh_from_db()
    return plan
