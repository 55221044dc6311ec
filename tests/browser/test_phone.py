"""The phone: 390×844 in Chromium.

Key pages of every role fit the screen (nothing scrolls sideways) under a header
of at most a fifth of the first screen, with the menu folded behind "Meny". And an
advisor logs, corrects and sends a week of hours on the phone layout of the
timesheet, one day at a time. Axe checks every page.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from actionplans.models import ActionPlan
from core.models import User
from reports.models import ReportRun
from tests.browser.helpers import assert_no_sideways_scroll, check_accessibility, login
from tests.browser.test_journey_timesheet import a_wednesday_in_one_month, add_row
from timetracking.models import EntryStatus, InternalActivity, TimeEntry
from timetracking.tests.factories import clear_week

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MAX_HEADER = 0.2 * PHONE["height"]


def assert_fits_the_phone(page: Page) -> None:
    check_accessibility(page)
    fit = assert_no_sideways_scroll(page)
    assert 0 < fit["header"] <= MAX_HEADER, (
        f"{page.url}: the header is {fit['header']:.0f} px, more than a fifth of the screen"
    )


def as_user(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    assert_fits_the_phone(page)


def key_pages() -> dict[str, list[str]]:
    plan = ActionPlan.objects.order_by("pk").first()
    run = ReportRun.objects.order_by("pk").first()
    assert plan is not None and run is not None
    return {
        "avdelingsleder": [
            reverse("catalogue"),
            reverse("orders:list"),
            reverse("actionplans:board"),
            reverse("organisation-list"),
        ],
        "ansatt": [reverse("orders:advice")],
        "radgiver": [
            reverse("orders:queue"),
            reverse("orders:inquiry-create"),
            reverse("timetracking:timesheet"),
            reverse("timetracking:list"),
            reverse("actionplans:plan", args=[plan.pk]),
        ],
        "bhtleder": [
            reverse("timetracking:approval"),
            reverse("reports:index"),
            reverse("reports:trends"),
            reverse("reports:annual-cycle"),
            reverse("reports:meetings"),
            reverse("bht-profile"),
            reverse("actionplans:board"),
        ],
        "kommunalsjef": [reverse("actionplans:plan", args=[plan.pk])],
        "amu": [reverse("reports:index"), reverse("reports:run", args=[run.pk])],
    }


def test_key_pages_of_every_role_fit_a_phone(page: Page):
    page.set_viewport_size(PHONE)
    page.goto(reverse("login"))
    assert_fits_the_phone(page)
    page.goto(reverse("accessibility"))
    assert_fits_the_phone(page)
    for username, paths in key_pages().items():
        as_user(page, username)
        for path in paths:
            page.goto(path)
            assert_fits_the_phone(page)

    # The report's browser view is a document of its own: a viewport, and its wide
    # tables scroll inside themselves.
    page.goto(reverse("reports:html", args=[ReportRun.objects.order_by("pk").first().pk]))
    check_accessibility(page)
    expect(page.locator('meta[name="viewport"]')).to_have_count(1)
    assert_no_sideways_scroll(page)


def test_the_menu_folds_behind_a_button_on_a_phone_and_not_on_a_desktop(page: Page):
    page.set_viewport_size(PHONE)
    as_user(page, "radgiver")
    menu = page.get_by_role("navigation", name="Hovedmeny")
    expect(menu).to_be_hidden()
    page.locator("summary", has_text="Meny").click()
    expect(menu.get_by_role("link", name="Timeliste")).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    check_accessibility(page)
    with page.expect_navigation():
        menu.get_by_role("link", name="Timeliste").click()
    assert_fits_the_phone(page)
    expect(menu).to_be_hidden()

    page.set_viewport_size({"width": 1366, "height": 900})
    expect(menu.get_by_role("link", name="Timeliste")).to_be_visible()
    expect(page.locator("summary", has_text="Meny")).to_be_hidden()
    check_accessibility(page)


def test_an_advisor_logs_corrects_and_sends_a_week_on_a_phone(page: Page):
    wednesday = a_wednesday_in_one_month(timezone.localdate())
    clear_week(User.objects.get(username="radgiver"), wednesday)
    at = datetime.datetime.combine(wednesday, datetime.time(10), tzinfo=ZoneInfo("Europe/Oslo"))
    with time_machine.travel(at, tick=True):
        phone_journey(page)


def phone_journey(page: Page) -> None:
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    course = InternalActivity.objects.get(code="kompetanse")
    row = f"internal-{course.pk}-course"
    page.set_viewport_size(PHONE)

    as_user(page, "radgiver")
    page.locator("summary", has_text="Meny").click()
    with page.expect_navigation():
        page.get_by_role("navigation", name="Hovedmeny").get_by_role(
            "link", name="Timeliste"
        ).click()
    assert_fits_the_phone(page)
    add_row(page, course.name, "Kurs")
    assert_fits_the_phone(page)

    # One day at a time: today (Wednesday) first; Monday's field only after a tap on "man".
    expect(page.locator("#tt-day-2")).to_be_checked()
    expect(page.locator(f"#h-{row}-2")).to_be_visible()
    expect(page.locator(f"#h-{row}-0")).to_be_hidden()
    page.locator("label[for=tt-day-0]").click()
    expect(page.locator(f"#h-{row}-0")).to_be_visible()
    expect(page.locator(f"#h-{row}-2")).to_be_hidden()

    page.locator(f"#h-{row}-0").click()
    page.keyboard.type("7,5")
    page.keyboard.press("Enter")
    expect(page.locator("#daytotal-0")).to_have_text("7,5")

    # Another row: the page comes back on Monday, where the thumb was.
    admin = InternalActivity.objects.get(code="administrasjon")
    add_row(page, admin.name, "Internt arbeid")
    assert_fits_the_phone(page)
    expect(page.locator("#tt-day-0")).to_be_checked()
    expect(page.locator(f"#h-internal-{admin.pk}-internal-0")).to_be_visible()
    expect(page.locator("#daytotal-0")).to_have_text("7,5")

    page.locator("label[for=tt-day-1]").click()
    hours = page.locator(f"#h-{row}-1")
    hours.click()
    page.keyboard.type("8")
    page.locator(f"#n-{row}-1").click()  # leaving the field saves it
    expect(page.locator("#daytotal-1")).to_have_text("8")
    page.keyboard.type("Kurs i samtalemetodikk")
    # The note is saved before Monday is touched (on a loaded machine the next tap
    # could otherwise come first).
    with page.expect_response(lambda r: r.request.method == "POST" and "/timer/celle/" in r.url):
        page.keyboard.press("Enter")

    # Correct Monday: 7,5 was wrong, it was 7.
    page.locator("label[for=tt-day-0]").click()
    monday_hours = page.locator(f"#h-{row}-0")
    monday_hours.fill("7")
    monday_hours.press("Enter")
    expect(page.locator("#daytotal-0")).to_have_text("7")
    expect(page.locator("#weektotal")).to_contain_text("15")
    assert_fits_the_phone(page)

    send = page.get_by_role("button", name="Send uke")
    send.scroll_into_view_if_needed()
    with page.expect_navigation():
        send.click()
    assert_fits_the_phone(page)
    # A confirmation step, where there is one, names the week and sends it.
    if "Uken er sendt til godkjenning" not in page.get_by_role("main").inner_text():
        with page.expect_navigation():
            page.get_by_role("main").get_by_role("button", name="Send uke").click()
        assert_fits_the_phone(page)
    expect(page.get_by_role("main")).to_contain_text("Uken er sendt til godkjenning")

    entries = TimeEntry.objects.filter(
        advisor__user__username="radgiver",
        date__range=(monday, monday + datetime.timedelta(days=6)),
    )
    assert {(e.date.weekday(), e.hours, e.note) for e in entries} == {
        (0, Decimal("7.00"), ""),
        (1, Decimal("8.00"), "Kurs i samtalemetodikk"),
    }
    assert {e.status for e in entries} == {EntryStatus.SUBMITTED}
