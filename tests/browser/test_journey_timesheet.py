"""Journey: a week of hours from the timesheet to a locked month.

radgiver fills this week's timesheet with the keyboard (one entry is refused: more
than 24 hours in a day) and sends the week → bhtleder approves it and locks the
month → radgiver can no longer change it. The clock is moved (time_machine, for the
live server in this process) to the latest Wednesday whose week lies in one month,
and that week is emptied of the demo's hours and locks: the journey is the same on
any day of the year, also when this week spans a locked month.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.models import User
from tests.browser.helpers import check_accessibility, login
from timetracking.models import EntryStatus, InternalActivity, PeriodLock, TimeEntry
from timetracking.tests.factories import clear_week

pytestmark = pytest.mark.browser


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def as_user(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    check_accessibility(page)


def open_timesheet(page: Page) -> None:
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Timeliste").click()
    check_accessibility(page)


def add_row(page: Page, target: str, activity: str) -> None:
    page.get_by_label("Bestilling, tiltak eller intern aktivitet").select_option(label=target)
    page.get_by_label("Aktivitet", exact=True).select_option(label=activity)
    page.get_by_role("button", name="Legg til rad").click()
    check_accessibility(page)


def a_wednesday_in_one_month(today: datetime.date) -> datetime.date:
    """The latest Wednesday up to `today` whose week (Monday-Sunday) lies in one month."""
    day = today
    while True:
        wednesday = day - datetime.timedelta(days=(day.weekday() - 2) % 7)
        monday = wednesday - datetime.timedelta(days=2)
        if monday.month == (monday + datetime.timedelta(days=6)).month:
            return wednesday
        day = wednesday - datetime.timedelta(days=1)


def test_it_takes_a_week_from_the_timesheet_to_a_locked_month(page: Page):
    wednesday = a_wednesday_in_one_month(timezone.localdate())
    clear_week(User.objects.get(username="radgiver"), wednesday)
    at = datetime.datetime.combine(wednesday, datetime.time(10), tzinfo=ZoneInfo("Europe/Oslo"))
    with time_machine.travel(at, tick=True):
        journey(page)


def journey(page: Page) -> None:
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    week = (monday, monday + datetime.timedelta(days=6))
    days = (today - monday).days  # the editable days of this week after Monday
    course = InternalActivity.objects.get(code="kompetanse")
    admin = InternalActivity.objects.get(code="administrasjon")
    row_a = f"internal-{course.pk}-course"
    row_b = f"internal-{admin.pk}-internal"

    as_user(page, "radgiver")
    open_timesheet(page)
    expect(page.get_by_role("heading", name="Timeliste")).to_be_visible()
    add_row(page, course.name, "Kurs")
    add_row(page, admin.name, "Internt arbeid")

    # Monday, first row: 20 hours, saved with Enter.
    first = page.locator(f"#h-{row_a}-0")
    first.focus()
    page.keyboard.type("20")
    page.keyboard.press("Enter")
    expect(page.locator("#daytotal-0")).to_have_text("20")

    # Monday, second row: 5 more hours would make 25 in a day — refused in place.
    second = page.locator(f"#h-{row_b}-0")
    second.focus()
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    error = page.locator(f"#err-{row_b}-0")
    expect(error).to_contain_text("mer enn 24 timer")
    expect(page.locator(f"#h-{row_b}-0")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#daytotal-0")).to_have_text("20")
    check_accessibility(page)

    # Corrected to 4 hours: the day is full, exactly 24.
    page.locator(f"#h-{row_b}-0").fill("")
    page.locator(f"#h-{row_b}-0").focus()
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    expect(page.locator("#daytotal-0")).to_have_text("24")
    expect(page.locator(f"#err-{row_b}-0")).to_have_count(0)

    # The rest of the week so far, moving with Tab: hours, note, next day's hours.
    # Leaving a changed field saves it; wait for the row total before moving on.
    page.locator(f"#n-{row_a}-0").focus()
    row_total = 20.0
    for day in range(1, days + 1):
        page.keyboard.press("Tab")  # this day's hours
        page.keyboard.type("7,5")
        page.keyboard.press("Tab")  # this day's note: the hours are saved
        row_total += 7.5
        expect(page.locator(f"#rowtotal-{row_a}")).to_have_text(_number(row_total))
        expect(page.locator(f"#n-{row_a}-{day}")).to_be_focused()
    expected_total = 24 + 7.5 * days
    expect(page.locator("#weektotal")).to_have_text(_number(expected_total))
    assert (
        TimeEntry.objects.filter(advisor__user__username="radgiver", date__range=week).count()
        == 2 + days
    )

    with page.expect_navigation():
        page.get_by_role("button", name="Send uke").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Etterpå kan du ikke endre dem")
    page.get_by_role("button", name="Ja, send uken").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Uken er sendt til godkjenning")

    as_user(page, "bhtleder")
    open_timesheet(page)
    page.get_by_role("link", name="Godkjenning og låsing").click()
    check_accessibility(page)
    week_number = monday.isocalendar()[1]
    page.get_by_role("button", name=f"Godkjenn uke {week_number} for Anne Kristin Hauge").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Rådgiveren kan ikke endre dem")
    page.get_by_role("button", name="Ja, godkjenn uken").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("er godkjent")
    page.get_by_role("button", name="Lås måned").click()
    check_accessibility(page)
    page.get_by_role("button", name="Ja, lås måneden").click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("er låst")
    assert PeriodLock.objects.filter(month=today.replace(day=1), unlocked_at=None).exists()
    assert set(
        TimeEntry.objects.filter(advisor__user__username="radgiver", date__range=week).values_list(
            "status", flat=True
        )
    ) == {EntryStatus.APPROVED}

    as_user(page, "radgiver")
    open_timesheet(page)
    expect(page.locator("input[name=timer]")).to_have_count(0)
    expect(page.locator(".tt-grid")).to_contain_text("Låst")
    expect(page.locator("#weektotal")).to_have_text(_number(expected_total))
