"""Response time in working days: weekends and Norwegian public holidays excluded."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from orders import selectors, services
from orders.tests import factories as f
from orders.working_days import add_working_days, is_working_day, working_days_between

OSLO = ZoneInfo("Europe/Oslo")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=OSLO)


def test_it_skips_the_weekend():
    # Friday → Monday is one working day.
    assert working_days_between(at(2026, 3, 13), at(2026, 3, 16)) == 1


def test_it_counts_zero_on_the_same_day():
    assert working_days_between(at(2026, 3, 16, 8), at(2026, 3, 16, 15)) == 0


def test_it_skips_easter():
    # Wednesday before Easter 2026 → Tuesday after: Maundy Thursday, Good Friday,
    # the weekend and Easter Monday are not working days.
    assert working_days_between(at(2026, 4, 1), at(2026, 4, 7)) == 1


def test_it_skips_17_may_and_ascension_day():
    # 2027: 17 May is a Monday. Friday 14 May → Tuesday 18 May: one working day.
    assert working_days_between(at(2027, 5, 14), at(2027, 5, 18)) == 1
    assert not is_working_day(datetime.date(2026, 5, 14))  # Ascension Day 2026


def test_it_finds_the_sla_deadline_after_holidays():
    # Three working days after Wednesday 1 April 2026 (Easter): 7, 8 and 9 April.
    assert add_working_days(at(2026, 4, 1), 3) == datetime.date(2026, 4, 9)


@pytest.mark.usefixtures("demo_data")
def test_it_measures_the_response_time_of_an_order_across_easter(bhtleder):
    with time_machine.travel(at(2026, 4, 1, 9), tick=False):
        order = f.submitted()
    with time_machine.travel(at(2026, 4, 8, 14), tick=False):
        order = services.order_accept(
            order=order, user=bhtleder, lead_advisor=f.advisor(), estimated_hours=Decimal(3)
        )
        page = selectors.order_page(user=bhtleder, order=order)

    assert page.response_days == 2  # 7 and 8 April


@pytest.mark.usefixtures("demo_data")
def test_it_marks_an_unanswered_order_overdue_after_the_sla(bhtleder):
    with time_machine.travel(at(2026, 5, 13, 9), tick=False):
        order = f.submitted()
    # Thursday 14 May (Ascension), Sunday 17 May and Monday 25 May (Whit Monday)
    # do not count: by Friday 22 May four working days have passed (15, 18, 19... ).
    with time_machine.travel(at(2026, 5, 18, 12), tick=False):
        rows = selectors.decorate_rows(list(selectors.queue_new(bhtleder).filter(pk=order.pk)))
        assert rows[0].waited_days == 2  # 15 and 18 May
        assert not rows[0].overdue
    with time_machine.travel(at(2026, 5, 20, 12), tick=False):
        rows = selectors.decorate_rows(list(selectors.queue_new(bhtleder).filter(pk=order.pk)))
        assert rows[0].waited_days == 4
        assert rows[0].overdue  # SLA 3 working days
