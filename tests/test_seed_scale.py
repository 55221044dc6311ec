"""`seed_scale` at a tiny scale (SQLite or PostgreSQL): the counts follow the
arguments, the rows satisfy the database constraints (they are written by the
database, which checks them), and the app's pages render with the data."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count

from actionplans.models import ActionPlan, PlanStatus
from bht.models import Advisor, Department, MainContact, Organisation, ServiceArea, User
from bht.scale import BENCH_LOGINS, SLUG_PREFIX
from orders.models import Order, OrderEvent
from reports.kinds import amu_annual
from reports.models import SickLeaveStat
from timetracking.models import TimeEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def scale(db) -> None:
    call_command(
        "seed_scale", organisations=2, years=3, fraction=0.15, seed=7, skip_demo=True, verbosity=0
    )


def test_it_builds_the_tree_and_history_to_scale(scale):
    orgs = Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
    assert orgs.count() == 2
    areas = ServiceArea.objects.filter(organisation__in=orgs)
    assert areas.count() == 20
    assert Department.objects.filter(unit__area__in=areas).count() == 200
    assert Advisor.objects.filter(user__username__startswith="skala-radgiver").count() == 3
    # Every area has one current main contact and a plan for every period.
    assert MainContact.objects.filter(area__in=areas, valid_to=None).count() == 20
    plans = ActionPlan.objects.filter(area__in=areas)
    n_periods = plans.values("start_year").distinct().count()
    assert n_periods >= 2
    per_area = plans.values("area").annotate(n=Count("pk"))
    assert len(per_area) == 20
    assert {row["n"] for row in per_area} == {n_periods}
    assert ActionPlan.objects.filter(area__in=areas, status=PlanStatus.APPROVED).exists()
    orders = Order.objects.filter(organisation__in=orgs)
    assert 30 < orders.count() < 600  # about 200 × 0.15 per organisation and year
    assert OrderEvent.objects.filter(order__in=orders).count() > orders.count()
    entries = TimeEntry.objects.filter(advisor__user__username__startswith="skala-radgiver")
    assert entries.count() > 400
    # Most hours on plan items (fixed price within the plans).
    on_items = entries.filter(plan_item__isnull=False).count()
    assert on_items > entries.count() / 2
    assert SickLeaveStat.objects.filter(organisation__in=orgs).exists()
    assert set(BENCH_LOGINS) == set(
        User.objects.filter(username__in=BENCH_LOGINS).values_list("username", flat=True)
    )


def test_it_is_deterministic_for_a_seed(scale):
    def history(slugs: list[str]) -> list[tuple[str, str, str]]:
        return sorted(
            Order.objects.filter(organisation__slug__in=slugs).values_list(
                "reference", "status", "billing"
            )
        )

    first = history([f"{SLUG_PREFIX}0001", f"{SLUG_PREFIX}0002"])
    assert first
    # A second run with the same seed adds two organisations with the same history.
    call_command(
        "seed_scale", organisations=2, years=3, fraction=0.15, seed=7, skip_demo=True, verbosity=0
    )
    assert Organisation.objects.filter(slug__startswith=SLUG_PREFIX).count() == 4
    assert history([f"{SLUG_PREFIX}0003", f"{SLUG_PREFIX}0004"]) == first


def test_it_gives_data_the_pages_and_reports_work_with(scale, client):
    director = User.objects.get(username="skala-kommunalsjef")
    area = director.directed_areas.get()
    order = Order.objects.filter(area=area).order_by("pk").first()
    plan = ActionPlan.objects.filter(area=area).order_by("-start_year").first()
    assert order is not None and plan is not None
    pages = {
        "skala-kommunalsjef": ["/bestillinger/", f"/handlingsplaner/{plan.pk}/"],
        "skala-leder": ["/bestillinger/", "/"],
        "skala-bhtleder": [
            "/bestillinger/arbeidsko/",
            f"/bestillinger/{order.pk}/",
            "/handlingsplaner/",
            "/timer/godkjenning/",
        ],
        "skala-radgiver": ["/timer/", "/"],
    }
    for username, paths in pages.items():
        client.force_login(User.objects.get(username=username))
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (username, path, response.status_code)
    report = amu_annual.build(organisation=area.organisation, year=plan.start_year)
    assert report.sections
