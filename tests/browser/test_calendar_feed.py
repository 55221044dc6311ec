"""Journey: a leader finds the calendar page from the footer, copies the private
feed link, the link serves an iCal feed, and a new link makes the old one dead."""

import re

import icalendar
import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import check_accessibility, login

pytestmark = pytest.mark.browser


def test_the_leader_subscribes_and_renews_the_calendar_link(page: Page):
    login(page, "avdelingsleder")
    check_accessibility(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Kalenderabonnement").click()
    expect(page).to_have_url(re.compile(r"/kalender/$"))
    check_accessibility(page)
    link = page.get_by_label("Lenke til kalenderen (iCal)").input_value()
    assert link.endswith(".ics")

    # The link is absolute (SITE_URL); the test server listens elsewhere: its path.
    old_path = "/kalender/" + link.rsplit("/kalender/", 1)[1]
    feed = page.request.get(old_path)
    assert feed.status == 200
    calendar = icalendar.Calendar.from_ical(feed.body())
    assert calendar["version"] == "2.0"

    page.get_by_role("button", name=re.compile("Lag ny lenke")).click()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Den gamle virker ikke lenger")
    renewed = page.get_by_label("Lenke til kalenderen (iCal)").input_value()
    assert renewed != link
    assert page.request.get(old_path).status == 404
