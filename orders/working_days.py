"""Working days in Norway: Monday–Friday less public holidays (the `holidays` package).

Response times (DESIGN.md §6) count the working days *after* the day a request
came in, up to and including the day it was answered: a call on Friday answered
on Monday took 1 working day; an answer the same day took 0.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=64)
def _norwegian_holidays(year: int) -> frozenset[datetime.date]:
    # Only public holidays (helligdager and 1 and 17 May), not Sundays: the
    # package marks every Sunday as a holiday in Norway unless told otherwise.
    return frozenset(holidays.country_holidays("NO", years=year, include_sundays=False))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _norwegian_holidays(day.year)


def _local_date(moment: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def working_days_between(
    start: datetime.datetime | datetime.date, end: datetime.datetime | datetime.date
) -> int:
    """Working days after `start`'s day up to and including `end`'s day (0 if end ≤ start)."""
    first = _local_date(start)
    last = _local_date(end)
    count = 0
    day = first + datetime.timedelta(days=1)
    while day <= last:
        if is_working_day(day):
            count += 1
        day += datetime.timedelta(days=1)
    return count


def add_working_days(start: datetime.datetime | datetime.date, days: int) -> datetime.date:
    """The day `days` working days after `start`'s day (the SLA deadline)."""
    day = _local_date(start)
    added = 0
    while added < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            added += 1
    return day
