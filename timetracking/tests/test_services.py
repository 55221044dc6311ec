"""Rules of time entries (DESIGN.md §5, §6): billing, limits, locks, history, alerts."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.errors import ApplicationError
from orders.models import Billing, OrderStatus
from timetracking import services
from timetracking.models import (
    BudgetAlert,
    EntryStatus,
    TimeEntry,
    WeekStatus,
    WeekSubmission,
)
from timetracking.tests.factories import (
    advisor_of,
    approved_item,
    clear_week,
    helse,
    internal,
    log,
    open_order,
)

OSLO = ZoneInfo("Europe/Oslo")

pytestmark = pytest.mark.usefixtures("demo_data")


def today() -> datetime.date:
    return timezone.localdate()


# --- billing -----------------------------------------------------------------------


def test_it_bills_an_order_without_plan_item_as_extra_sale(radgiver):
    entry = log(radgiver, order=open_order())
    assert entry.billing == Billing.EXTRA_SALE
    assert entry.area == helse()


def test_it_bills_an_order_linked_to_an_approved_plan_item_as_fixed_price(radgiver):
    entry = log(radgiver, order=open_order(plan_item=approved_item()))
    assert entry.billing == Billing.FIXED_PRICE
    assert entry.area == helse()


def test_it_bills_a_plan_item_as_fixed_price(radgiver):
    item = approved_item()
    entry = log(radgiver, plan_item=item)
    assert entry.billing == Billing.FIXED_PRICE
    assert entry.area_id == item.plan.area_id


def test_it_bills_internal_work_as_internal_without_area(radgiver):
    entry = log(radgiver, internal_activity=internal())
    assert entry.billing == Billing.INTERNAL
    assert entry.area is None


def test_it_rederives_billing_when_the_plan_link_changes(radgiver):
    order = open_order()
    entry = log(radgiver, order=order)
    order = open_order(plan_item=approved_item())
    assert services.order_entries_rederive(order=order) == 1
    entry.refresh_from_db()
    assert entry.billing == Billing.FIXED_PRICE
    assert entry.history.filter(history_type="~", billing=Billing.FIXED_PRICE).exists()


def test_it_refuses_to_rederive_in_a_locked_month(radgiver, bhtleder):
    order = open_order()
    entry = log(radgiver, order=order)
    services.month_lock(user=bhtleder, month=today())
    order = open_order(plan_item=approved_item())
    with pytest.raises(ApplicationError, match="låst måned"):
        services.order_entries_rederive(order=order)
    entry.refresh_from_db()
    assert entry.billing == Billing.EXTRA_SALE


# --- rules -------------------------------------------------------------------------


@pytest.mark.parametrize("hours", ["0", "-1", "1.1", "0.3", "abc", "24.25"])
def test_it_refuses_hours_that_are_not_positive_quarters(radgiver, hours):
    with pytest.raises(ApplicationError) as error:
        log(radgiver, hours=hours)
    assert error.value.field == "hours"


def test_it_accepts_a_comma_and_quarter_hours(radgiver):
    assert log(radgiver, hours="1,75").hours == Decimal("1.75")


def test_it_refuses_more_than_24_hours_a_day_across_entries(radgiver):
    log(radgiver, hours="10")
    log(radgiver, hours="10", order=open_order())
    with pytest.raises(ApplicationError, match="mer enn 24 timer") as error:
        log(radgiver, hours="4.25", plan_item=approved_item())
    assert error.value.field == "hours"
    log(radgiver, hours="4", plan_item=approved_item())
    assert (
        sum(e.hours for e in TimeEntry.objects.filter(date=today(), advisor__user=radgiver)) == 24
    )


def test_it_counts_the_limit_without_the_entry_being_changed(radgiver):
    entry = log(radgiver, hours="20")
    services.time_entry_update(entry=entry, user=radgiver, hours="24")
    with pytest.raises(ApplicationError):
        log(radgiver, hours="0.25")


def test_it_refuses_a_future_date(radgiver):
    with pytest.raises(ApplicationError) as error:
        log(radgiver, date=today() + datetime.timedelta(days=1))
    assert error.value.field == "date"


@pytest.mark.parametrize("status", [OrderStatus.SUBMITTED, OrderStatus.DRAFT, OrderStatus.CLOSED])
def test_it_refuses_an_order_that_is_not_open_for_time(radgiver, status):
    with pytest.raises(ApplicationError) as error:
        log(radgiver, order=open_order(status=status))
    assert error.value.field == "order"


def test_it_allows_a_delivered_order_within_the_grace_period(radgiver):
    delivered = timezone.now() - datetime.timedelta(days=10)
    log(radgiver, order=open_order(status=OrderStatus.DELIVERED, delivered_at=delivered))
    late = timezone.now() - datetime.timedelta(days=15)
    with pytest.raises(ApplicationError):
        log(radgiver, order=open_order(status=OrderStatus.DELIVERED, delivered_at=late))


def test_it_refuses_a_date_before_the_order_was_accepted(radgiver):
    WeekSubmission.objects.filter(advisor=advisor_of(radgiver)).delete()
    order = open_order(accepted_at=timezone.now() - datetime.timedelta(days=2))
    with pytest.raises(ApplicationError) as error:
        log(radgiver, order=order, date=today() - datetime.timedelta(days=5))
    assert error.value.field == "date"


def test_it_lets_an_advisor_log_only_for_themselves(radgiver, bhtleder):
    with pytest.raises(PermissionDenied):
        log(radgiver, advisor=advisor_of(bhtleder))
    entry = log(bhtleder, advisor=advisor_of(radgiver))
    assert entry.advisor == advisor_of(radgiver)
    assert entry.created_by == bhtleder


def test_it_refuses_people_outside_the_bht(kommunalsjef, radgiver):
    with pytest.raises(PermissionDenied):
        log(kommunalsjef, advisor=advisor_of(radgiver))


# --- locks -------------------------------------------------------------------------


def test_it_refuses_create_update_and_delete_in_a_locked_month(radgiver, bhtleder):
    entry = log(radgiver, hours="2")
    services.month_lock(user=bhtleder, month=today())
    with pytest.raises(services.PeriodLocked, match="låst"):
        log(radgiver, hours="1")
    with pytest.raises(services.PeriodLocked):
        services.time_entry_update(entry=entry, user=radgiver, hours="3")
    with pytest.raises(services.PeriodLocked):
        services.time_entry_delete(entry=entry, user=bhtleder)
    entry.refresh_from_db()
    assert entry.hours == 2


def test_it_refuses_moving_an_entry_into_a_locked_month(radgiver, bhtleder):
    first, last_of_november = datetime.date(2026, 12, 1), datetime.date(2026, 11, 30)
    with time_machine.travel(datetime.datetime(2026, 12, 2, 10, 0, tzinfo=OSLO), tick=False):
        clear_week(radgiver, first)
        entry = log(radgiver, date=first)
        services.month_lock(user=bhtleder, month=last_of_november)
        with pytest.raises(services.PeriodLocked):
            services.time_entry_update(entry=entry, user=radgiver, date=last_of_november)


def test_it_locks_per_organisation_too(radgiver, bhtleder):
    order = open_order()
    services.month_lock(user=bhtleder, month=today(), organisation=order.organisation)
    with pytest.raises(services.PeriodLocked):
        log(radgiver, order=order)
    # Internal work belongs to no organisation: only a BHT-wide lock covers it.
    log(radgiver, internal_activity=internal())


def test_it_unlocks_with_a_reason_kept_in_the_history(radgiver, bhtleder):
    lock = services.month_lock(user=bhtleder, month=today())
    with pytest.raises(ApplicationError):
        services.month_unlock(user=bhtleder, lock=lock, reason=" ")
    with pytest.raises(PermissionDenied):
        services.month_unlock(user=radgiver, lock=lock, reason="Feil")
    lock = services.month_unlock(user=bhtleder, lock=lock, reason="Feilføring må rettes")
    assert lock.unlocked_by == bhtleder and lock.unlock_reason == "Feilføring må rettes"
    log(radgiver)


def test_only_the_manager_locks_a_month(radgiver):
    with pytest.raises(PermissionDenied):
        services.month_lock(user=radgiver, month=today())


def test_it_refuses_locking_a_future_month(bhtleder):
    with pytest.raises(ApplicationError):
        services.month_lock(user=bhtleder, month=today() + datetime.timedelta(days=40))


# --- audit -------------------------------------------------------------------------


def test_it_keeps_the_history_of_every_write(radgiver):
    entry = log(radgiver, hours="1")
    services.time_entry_update(entry=entry, user=radgiver, hours="2", note="Møte med verneombud")
    pk = entry.pk
    services.time_entry_delete(entry=entry, user=radgiver)
    rows = list(TimeEntry.history.filter(id=pk).order_by("history_id"))
    assert [r.history_type for r in rows] == ["+", "~", "-"]
    assert rows[0].hours == Decimal("1") and rows[1].hours == Decimal("2")
    assert rows[1].note == "Møte med verneombud"
    assert [r.history_user for r in rows] == [radgiver, radgiver, radgiver]


# --- weeks -------------------------------------------------------------------------


def test_it_submits_approves_and_returns_a_week(radgiver, bhtleder):
    entry = log(radgiver)
    week = services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=today())
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    # A sent week is closed to the advisor.
    with pytest.raises(PermissionDenied):
        services.time_entry_update(entry=entry, user=radgiver, hours="2")
    with pytest.raises(PermissionDenied):
        services.week_approve(user=radgiver, week=week)
    with pytest.raises(ApplicationError):
        services.week_return(user=bhtleder, week=week, comment="")
    week = services.week_return(user=bhtleder, week=week, comment="Rett onsdag")
    entry.refresh_from_db()
    assert week.status == WeekStatus.RETURNED and entry.status == EntryStatus.DRAFT
    services.time_entry_update(entry=entry, user=radgiver, hours="2")
    week = services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=today())
    week = services.week_approve(user=bhtleder, week=week)
    entry.refresh_from_db()
    assert week.status == WeekStatus.APPROVED and entry.status == EntryStatus.APPROVED


def test_a_week_across_a_locked_month_is_returned_and_only_its_open_days_change(radgiver, bhtleder):
    # Wednesday 2 December 2026: the week 30 November - 6 December spans November,
    # which the manager locks on the 1st (docs/timetracking.md, "Weeks across a locked month").
    wednesday = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=OSLO)
    monday, tuesday = datetime.date(2026, 11, 30), datetime.date(2026, 12, 1)
    with time_machine.travel(wednesday, tick=False):
        clear_week(radgiver, monday)
        order = open_order()
        locked = log(radgiver, order=order, date=monday, hours="2")
        open_day = log(radgiver, order=order, date=tuesday, hours="3")
        week = services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=monday)
        services.month_lock(user=bhtleder, month=monday)

        week = services.week_return(user=bhtleder, week=week, comment="Rett tirsdag")

        locked.refresh_from_db()
        open_day.refresh_from_db()
        assert week.status == WeekStatus.RETURNED
        assert (locked.status, open_day.status) == (EntryStatus.SUBMITTED, EntryStatus.DRAFT)
        # The locked day stays as it is, for the advisor and the manager alike.
        for user in (radgiver, bhtleder):
            with pytest.raises(PermissionDenied):
                services.time_entry_update(entry=locked, user=user, hours="1")
        services.time_entry_update(entry=open_day, user=radgiver, hours="2.5")
        week = services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=monday)
        week = services.week_approve(user=bhtleder, week=week)

    locked.refresh_from_db()
    open_day.refresh_from_db()
    assert week.status == WeekStatus.APPROVED
    assert (locked.status, open_day.status) == (EntryStatus.APPROVED, EntryStatus.APPROVED)
    assert (locked.hours, open_day.hours) == (Decimal("2"), Decimal("2.5"))


def test_it_refuses_sending_a_week_twice(radgiver):
    services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=today())
    with pytest.raises(ApplicationError):
        services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=today())


# --- budgets -----------------------------------------------------------------------


def test_it_sends_each_budget_alert_exactly_once(radgiver, bhtleder):
    item = approved_item()
    item.budget_hours = Decimal(10)
    item.advisor = advisor_of(radgiver)
    item.save()
    # Start from zero whatever the demo logged on the item.
    TimeEntry.objects.filter(plan_item=item).delete()
    TimeEntry.objects.filter(order__plan_item=item).delete()
    BudgetAlert.objects.filter(plan_item=item).delete()
    day = today()
    mail.outbox.clear()
    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            log(radgiver, plan_item=item, hours="7.75", date=day)
        assert len(mail.outbox) == 0
        with TestCase.captureOnCommitCallbacks(execute=True):
            log(radgiver, plan_item=item, hours="0.5", date=day)  # 8.25 h: 82 %
        assert BudgetAlert.objects.filter(plan_item=item, threshold=80).count() == 1
        sent_80 = len(mail.outbox)
        assert sent_80 >= 1
        assert "80 %" in mail.outbox[0].subject
        with TestCase.captureOnCommitCallbacks(execute=True):
            log(radgiver, plan_item=item, hours="0.5", date=day)  # still 80 %: no new mail
        assert len(mail.outbox) == sent_80
        with TestCase.captureOnCommitCallbacks(execute=True):
            # Hours on an order linked to the item count against its budget too.
            log(radgiver, order=open_order(plan_item=item), hours="2", date=today())
        assert BudgetAlert.objects.filter(plan_item=item, threshold=100).count() == 1
        sent_100 = len(mail.outbox)
        assert sent_100 > sent_80
        with TestCase.captureOnCommitCallbacks(execute=True):
            log(radgiver, plan_item=item, hours="1", date=today())
        assert len(mail.outbox) == sent_100
    # Over-budget hours stay fixed price.
    assert set(TimeEntry.objects.filter(plan_item=item).values_list("billing", flat=True)) == {
        Billing.FIXED_PRICE
    }


def test_it_warns_the_lead_advisor_before_an_estimate_is_passed(radgiver):
    from django.test import TestCase

    order = open_order(estimated_hours=Decimal(10), lead_advisor=advisor_of(radgiver))
    TimeEntry.objects.filter(order=order).delete()
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        log(radgiver, order=order, hours="8")
    assert [m.to for m in mail.outbox] == [[radgiver.email]]
    assert "nærmer seg estimatet" in mail.outbox[0].subject


# --- rates -------------------------------------------------------------------------


def test_the_manager_sets_the_hourly_rate_that_orders_use(bhtleder, radgiver):
    from orders import conf

    services.hourly_rate_set(user=bhtleder, year=2031, amount="1 234,50")
    with pytest.raises(PermissionDenied):
        services.hourly_rate_set(user=radgiver, year=2031, amount="1")
    with pytest.raises(ApplicationError):
        services.hourly_rate_set(user=bhtleder, year=2031, amount="-5")
    from timetracking.selectors import hourly_rate_for_year

    assert hourly_rate_for_year(2032) == Decimal("1234.50")
    assert conf is not None


def test_it_keeps_week_status_changes_in_the_history(radgiver, bhtleder):
    entry = log(radgiver)
    week = services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=today())
    services.week_approve(user=bhtleder, week=week)
    rows = list(entry.history.order_by("history_id"))
    assert [(r.history_type, r.status, r.history_user) for r in rows] == [
        ("+", "draft", radgiver),
        ("~", "submitted", radgiver),
        ("~", "approved", bhtleder),
    ]
