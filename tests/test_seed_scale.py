"""`seed_scale` at a tiny scale (SQLite or PostgreSQL): the counts follow the
arguments, the rows satisfy the database constraints (they are written by the
database, which checks them), and the app's pages render with the data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from actionplans.models import ActionPlan, PlanStatus
from core.models import Advisor, Department, MainContact, Organisation, ServiceArea, User
from core.scale import BENCH_LOGINS, SLUG_PREFIX
from orders.models import Inquiry, Order, OrderEvent
from reports.kinds import amu_annual
from reports.models import SickLeaveStat
from reports.scale import WORKDAYS_PER_QUARTER
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


def test_the_history_is_consistent_and_never_in_the_future(scale):
    now = timezone.now()
    today = timezone.localdate()
    orders = list(
        Order.objects.filter(organisation__slug__startswith=SLUG_PREFIX).select_related("inquiry")
    )
    assert orders
    steps = ("submitted_at", "accepted_at", "declined_at", "started_at", "delivered_at")
    for order in orders:
        created = timezone.localtime(order.created_at)
        # The reference's year is the year the order was created.
        assert order.reference.startswith(f"B-{created.year}-"), (order.reference, created)
        assert order.created_at <= now
        moments = [order.created_at, *(getattr(order, s) for s in steps), order.closed_at]
        moments = [m for m in moments if m is not None]
        assert moments == sorted(moments), order.reference
        assert all(m <= now for m in moments), order.reference
        for other in ("cancelled_at", "cost_accepted_at"):
            moment = getattr(order, other)
            assert moment is None or order.created_at <= moment <= now, order.reference
        if order.delivered_at and order.closed_at:
            assert order.delivered_at <= order.closed_at
    # An order's inquiry is as confidential as the order.
    with_inquiry = [o for o in orders if o.inquiry_id]
    assert with_inquiry
    assert all(o.inquiry.confidential == o.confidential for o in with_inquiry)
    assert Inquiry.objects.filter(received_at__gt=now).count() == 0

    entries = TimeEntry.objects.filter(advisor__user__username__startswith="skala-radgiver")
    assert not entries.filter(date__gt=today).exists()
    assert not entries.filter(created_at__gt=now).exists()
    on_orders = entries.filter(order__isnull=False).select_related("order")
    assert on_orders.exists()
    for entry in on_orders:
        order = entry.order
        assert order.accepted_at is not None, order.reference
        end = timezone.localdate(order.delivered_at) if order.delivered_at else today
        assert timezone.localdate(order.accepted_at) <= entry.date <= end, (
            order.reference,
            entry.date,
        )
    on_items = entries.filter(plan_item__isnull=False).values_list(
        "date", "plan_item__plan__start_year", "plan_item__plan__end_year"
    )
    assert on_items.exists()
    for day, start_year, end_year in on_items:
        assert start_year <= day.year <= end_year


def test_sick_leave_follows_the_units_headcount(scale):
    for stat in SickLeaveStat.objects.filter(organisation__slug__startswith=SLUG_PREFIX)[:50]:
        expected = stat.unit.headcounts.filter(year=stat.period_start.year).get().employees
        assert stat.agreed_workdays == (
            Decimal(expected * WORKDAYS_PER_QUARTER) * Decimal("0.85")
        ).quantize(Decimal("0.01"))
