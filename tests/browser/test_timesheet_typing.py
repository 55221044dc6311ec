"""The timesheet keeps what is typed while a cell is being saved.

A cell of the week grid saves itself when a field is left or Enter is pressed, and
the server's answer replaces the cell. Two races lost typing before app.js handled
them: a note typed while the hours were still being saved (a slow phone) was
replaced by the empty note that was sent, and an Enter in the fresh cell before
htmx had settled it (about 20 ms) saved nothing.
"""

import datetime
import re
from decimal import Decimal
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, Route, expect

from core.models import User
from tests.browser.helpers import check_accessibility, login
from tests.browser.test_journey_timesheet import a_wednesday_in_one_month, add_row
from timetracking.models import InternalActivity, TimeEntry
from timetracking.tests.factories import clear_week

pytestmark = pytest.mark.browser

SAVE = "**/timer/celle/"


def is_save(response, note: str | None = None) -> bool:
    request = response.request
    if request.method != "POST" or "/timer/celle/" not in response.url:
        return False
    return note is None or parse_qs(request.post_data or "").get("notat") == [note]


@pytest.fixture
def course_row(page: Page):
    """radgiver's timesheet on a Wednesday, with an empty "Kurs" row for the course."""
    wednesday = a_wednesday_in_one_month(timezone.localdate())
    clear_week(User.objects.get(username="radgiver"), wednesday)
    at = datetime.datetime.combine(wednesday, datetime.time(10), tzinfo=ZoneInfo("Europe/Oslo"))
    with time_machine.travel(at, tick=True):
        login(page, "radgiver")
        check_accessibility(page)
        page.goto("/timer/")
        check_accessibility(page)
        course = InternalActivity.objects.get(code="kompetanse")
        add_row(page, course.name, "Kurs")
        yield f"internal-{course.pk}-course", timezone.localdate()


def entry_on(day: datetime.date) -> TimeEntry:
    return TimeEntry.objects.get(advisor__user__username="radgiver", date=day)


def test_a_note_typed_while_the_hours_are_saved_is_kept_and_saved(page: Page, course_row):
    row, wednesday = course_row
    held: list[Route] = []

    def hold_the_first(route: Route) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route(SAVE, hold_the_first)

    page.locator(f"#h-{row}-2").fill("6")
    page.locator(f"#n-{row}-2").click()  # leaving the hours sends them; the answer is held
    while not held:
        page.wait_for_timeout(20)
    page.keyboard.type("Førstehjelp")

    # The hours' answer replaces the cell; the note typed meanwhile is saved after it.
    with page.expect_response(lambda r: is_save(r, "Førstehjelp")) as note_saved:
        held[0].continue_()
    assert note_saved.value.ok
    expect(page.locator(f"#n-{row}-2")).to_have_value("Førstehjelp")
    expect(page.locator(f"#n-{row}-2")).to_be_focused()
    check_accessibility(page)
    entry = entry_on(wednesday)
    assert (entry.hours, entry.note) == (Decimal("6.00"), "Førstehjelp")


def test_enter_in_a_cell_before_htmx_has_settled_it_still_saves(page: Page, course_row):
    row, wednesday = course_row
    # Widen the window between the swap and the settle from 20 ms to 2 s.
    page.evaluate("() => { htmx.config.defaultSettleDelay = 2000; }")
    page.locator(f"#h-{row}-2").fill("5")
    with page.expect_response(is_save):
        page.locator(f"#n-{row}-2").click()
    expect(page.locator(f"#cell-{row}-2")).to_have_class(re.compile(r"\bhtmx-added\b"))
    page.keyboard.type("Kurs")
    with page.expect_response(lambda r: is_save(r, "Kurs")):
        page.keyboard.press("Enter")
    check_accessibility(page)
    entry = entry_on(wednesday)
    assert (entry.hours, entry.note) == (Decimal("5.00"), "Kurs")
