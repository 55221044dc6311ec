"""The scheduled reminders and warnings (bht/celery.py): plans not approved for the
coming period and orders past their SLA (weekly), the BHT's approval lapsing
within 180 days (daily)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from actionplans.reminders import unapproved_plan_reminders_send
from actionplans.selectors import board_for_areas
from bht.celery import app as celery_app
from core.models import BhtProfile, ServiceArea
from core.reminders import approval_expiry_warning_send
from orders.models import Order, OrderStatus
from orders.reminders import overdue_order_reminders_send, overdue_orders

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(monkeypatch):
    """Mail is sent on commit; the tests' transaction never commits, so run the
    callbacks at once."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda fn, using=None, robust=False: fn())
    mail.outbox.clear()
    return mail.outbox


def _to(outbox, user) -> list:
    return [m for m in outbox if user.email in m.to]


# --- schedule ----------------------------------------------------------------


def test_beat_schedule_has_the_reminders():
    schedule = celery_app.conf.beat_schedule
    plans = schedule["actionplans-remind-unapproved"]
    assert plans["task"] == "actionplans.tasks.remind_unapproved_plans"
    assert plans["schedule"].day_of_week == {1}  # Monday
    orders = schedule["orders-remind-overdue"]
    assert orders["task"] == "orders.tasks.remind_overdue_orders"
    assert orders["schedule"].day_of_week == {1}
    approval = schedule["bht-approval-expiry"]
    assert approval["task"] == "core.tasks.warn_approval_expiry"
    assert approval["schedule"].day_of_week == set(range(7))  # every morning
    assert approval["schedule"].hour == {6}
    # Every scheduled task exists.
    celery_app.loader.import_default_modules()
    for entry in schedule.values():
        assert entry["task"] in celery_app.tasks, entry["task"]


# --- plans ---------------------------------------------------------------------


def test_unapproved_plans_remind_directors_and_the_bht_manager(outbox, kommunalsjef, bhtleder):
    day = datetime.date(2026, 11, 23)  # after 1 October in the period's last year
    board = board_for_areas(ServiceArea.objects.all(), today=day)
    expected = [row for row in board.rows if row.next_state in ("due", "overdue")]
    helse = next(row for row in board.rows if row.area.name == "Helse og sosial")
    assert unapproved_plan_reminders_send(today=day) == len(expected)
    if helse.next_state in ("due", "overdue"):
        assert _to(outbox, kommunalsjef)
    manager_mail = _to(outbox, bhtleder)
    if expected:
        assert len(manager_mail) == 1
        assert "2027–2028" in manager_mail[0].subject
        for row in expected:
            assert row.area.name in manager_mail[0].body


def test_no_plan_reminders_in_the_first_year_of_a_period(outbox):
    assert unapproved_plan_reminders_send(today=datetime.date(2025, 6, 2)) == 0
    assert outbox == []


def test_approved_coming_plan_gives_no_reminder(outbox, kommunalsjef):
    from actionplans.models import ActionPlan, PlanStatus

    day = datetime.date(2026, 11, 23)
    area = ServiceArea.objects.get(name="Helse og sosial")
    plan = ActionPlan.objects.filter(area=area, start_year=2027).order_by("-version").first()
    if plan is None:
        plan = ActionPlan.objects.create(
            area=area, start_year=2027, end_year=2028, budget_hours=100,
            status=PlanStatus.APPROVED,
        )  # fmt: skip
    else:
        ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    unapproved_plan_reminders_send(today=day)
    assert not _to(outbox, kommunalsjef)


# --- orders ---------------------------------------------------------------------


def test_overdue_orders_reach_the_bht_manager_without_confidential_titles(outbox, bhtleder):
    now = timezone.now()
    order = Order.objects.filter(status=OrderStatus.SUBMITTED).order_by("pk").first()
    assert order is not None, "the demo has sent orders"
    Order.objects.filter(pk=order.pk).update(
        confidential=True,
        title="HEMMELIG-TITTEL",
        submitted_at=now - datetime.timedelta(days=40),
    )
    overdue = overdue_orders(now=now)
    assert order.pk in {o.pk for o in overdue}
    assert all(o.status == OrderStatus.SUBMITTED and o.overdue for o in overdue)
    count = overdue_order_reminders_send(now=now)
    assert count == len(overdue)
    body = "\n".join(m.body for m in _to(outbox, bhtleder))
    assert order.reference in body
    assert "HEMMELIG-TITTEL" not in body


def test_no_overdue_orders_no_mail(outbox):
    Order.objects.filter(status=OrderStatus.SUBMITTED).update(submitted_at=timezone.now())
    assert overdue_order_reminders_send() == 0
    assert outbox == []


# --- approval ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "sent"), [(400, False), (181, False), (180, True), (30, True), (-5, True)]
)
def test_approval_warning_within_180_days(outbox, bhtleder, radgiver, days_left, sent):
    today = datetime.date(2026, 11, 26)
    BhtProfile.objects.update(approval_valid_until=today + datetime.timedelta(days=days_left))
    assert approval_expiry_warning_send(today=today) is sent
    assert bool(_to(outbox, bhtleder)) is sent
    assert not _to(outbox, radgiver)


def test_login_records_are_pruned_after_their_days(settings):
    import datetime as dt

    from axes.models import AccessFailureLog, AccessLog
    from django.utils import timezone as tz

    from core.tasks import prune_login_records

    settings.LOGIN_RECORDS_DAYS = 90
    old = AccessLog.objects.create(username="x", ip_address="127.0.0.1", user_agent="t")
    new = AccessLog.objects.create(username="y", ip_address="127.0.0.1", user_agent="t")
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=tz.now() - dt.timedelta(days=91))
    failure = AccessFailureLog.objects.create(
        username="x", ip_address="127.0.0.1", user_agent="t", locked_out=False
    )
    AccessFailureLog.objects.filter(pk=failure.pk).update(
        attempt_time=tz.now() - dt.timedelta(days=91)
    )
    prune_login_records()
    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert AccessLog.objects.filter(pk=new.pk).exists()
    assert not AccessFailureLog.objects.filter(pk=failure.pk).exists()
    assert "bht-prune-login-records" in celery_app.conf.beat_schedule
