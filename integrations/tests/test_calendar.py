"""The private calendar feed (/kalender/<token>.ics): parsed with `icalendar`,
revocable, renewed links kill the old ones, and never a confidential title."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from integrations import calendar
from integrations.models import CalendarFeed
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")


def _path(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def _parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _events(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["uid"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def test_the_feed_parses_and_holds_the_users_order_dates(client, avdelingsleder):
    start = timezone.localdate() + datetime.timedelta(days=20)
    order = f.submitted(desired_start=start, title="Støymåling i kjøkkenet")
    url = calendar.feed_url(avdelingsleder)

    cal = _parse(client.get(_path(url)))  # no login: the token is the key

    assert cal["version"] == "2.0" and "BHT-CRM" in str(cal["prodid"])
    events = _events(cal)
    start_event = events[f"order-{order.pk}-start"]
    assert start_event.decoded("dtstart") == start
    assert start_event.decoded("dtend") == start + datetime.timedelta(days=1)
    assert "Støymåling i kjøkkenet" in str(start_event["summary"])
    assert str(start_event["url"]).endswith(f"/bestillinger/{order.pk}/")
    assert "dtstamp" in start_event
    due = events[f"order-{order.pk}-due"]
    assert order.reference in str(due["summary"])


def test_a_confidential_order_is_never_named(client, avdelingsleder, radgiver):
    start = timezone.localdate() + datetime.timedelta(days=5)
    order = f.accepted(
        desired_start=start, confidential=True, title="Gravid ansatt: tilrettelegging"
    )
    for user in (avdelingsleder, radgiver):  # the orderer and the lead advisor
        response = client.get(_path(calendar.feed_url(user)))
        cal = _parse(response)
        assert b"Gravid" not in response.content
        summary = str(_events(cal)[f"order-{order.pk}-start"]["summary"])
        assert "Fortrolig sak" in summary and order.reference in summary


def test_plan_deadlines_status_reviews_amu_treatments_and_report_dates(client, kommunalsjef):
    from actionplans.models import ActionPlan, PlanStatus, StatusReview
    from reports.models import AmuReview, ReportRun, RunStatus

    today = timezone.localdate()
    plan = ActionPlan.objects.filter(
        area__in=kommunalsjef.role_assignments.values("area"), status=PlanStatus.APPROVED
    ).latest("start_year")
    review = StatusReview.objects.create(
        plan=plan, held_at=today + datetime.timedelta(days=3), by=kommunalsjef
    )
    run = ReportRun.objects.create(
        kind="plan_status", organisation=plan.area.organisation, area=plan.area, plan=plan,
        params_key="calendar-test", status=RunStatus.DONE, requested_by=kommunalsjef,
    )  # fmt: skip
    treatment = AmuReview.objects.create(
        run=run,
        organisation=plan.area.organisation,
        meeting_date=today + datetime.timedelta(days=9),
        case_number="26/7",
        recorded_by=kommunalsjef,
    )

    events = _events(_parse(client.get(_path(calendar.feed_url(kommunalsjef)))))

    assert events[f"status-review-{review.pk}"].decoded("dtstart") == review.held_at
    assert events[f"amu-review-{treatment.pk}"].decoded("dtstart") == treatment.meeting_date
    due = datetime.date(plan.end_year, 10, 1)
    if today - datetime.timedelta(days=180) <= due <= today + datetime.timedelta(days=400):
        assert events[f"plan-{plan.pk}-next-due"].decoded("dtstart") == due
    january = [e for uid, e in events.items() if uid.startswith("annual-reports-")]
    assert january and all(
        (e.decoded("dtstart").month, e.decoded("dtstart").day) == (1, 15) for e in january
    )


def test_the_committees_meetings_are_in_the_members_feed_without_the_agenda(client, amu, ansatt):
    from core.models import Organisation
    from reports.models import AgendaItem, AgendaKind, AmuMeeting

    day = timezone.localdate() + datetime.timedelta(days=12)
    meeting = AmuMeeting.objects.create(
        organisation=Organisation.objects.get(slug="fjordby"), date=day, place="Rådhuset, sal 2"
    )
    AgendaItem.objects.create(
        meeting=meeting, number=1, kind=AgendaKind.FREE, title="Varsling om trakassering"
    )

    response = client.get(_path(calendar.feed_url(amu)))
    event = _events(_parse(response))[f"amu-meeting-{meeting.pk}"]
    assert event.decoded("dtstart") == day
    assert str(event["summary"]) == "Møte i Hoved-AMU"
    assert str(event["description"]) == "Rådhuset, sal 2"
    assert str(event["url"]).endswith(f"/rapporter/amu-moter/{meeting.pk}/")
    assert b"trakassering" not in response.content
    # Not a member of a committee: not in the employee's feed.
    others = _events(_parse(client.get(_path(calendar.feed_url(ansatt)))))
    assert f"amu-meeting-{meeting.pk}" not in others


def test_the_responsible_advisor_gets_the_planned_end_of_open_measures(client, radgiver, bhtleder):
    from actionplans.models import ActionPlan, ItemStatus, PlanStatus
    from core.models import Advisor

    today = timezone.localdate()
    plan = ActionPlan.objects.filter(status=PlanStatus.APPROVED).latest("start_year")
    open_item, done_item = plan.items.all()[:2]
    advisor = Advisor.objects.get(user=radgiver)
    for item, status in ((open_item, ItemStatus.IN_PROGRESS), (done_item, ItemStatus.DONE)):
        item.advisor, item.status = advisor, status
        # Both ends: the demo's planned start may lie after today + 20 days.
        item.planned_start, item.planned_end = today, today + datetime.timedelta(days=20)
        item.save(update_fields=["advisor", "status", "planned_start", "planned_end"])

    events = _events(_parse(client.get(_path(calendar.feed_url(radgiver)))))
    event = events[f"plan-item-{open_item.pk}-end"]
    assert event.decoded("dtstart") == open_item.planned_end
    assert open_item.title in str(event["summary"])
    assert f"plan-item-{done_item.pk}-end" not in events  # done: no deadline left
    # Only the responsible advisor's feed: not the manager's.
    others = _events(_parse(client.get(_path(calendar.feed_url(bhtleder)))))
    assert f"plan-item-{open_item.pk}-end" not in others


def test_an_employee_gets_no_plan_or_report_dates(client, ansatt):
    events = _events(_parse(client.get(_path(calendar.feed_url(ansatt)))))
    assert not [uid for uid in events if uid.startswith(("plan-", "annual-", "amu-"))]


def test_a_new_link_kills_the_old_one_and_revoking_kills_both(client, avdelingsleder):
    old = _path(calendar.feed_url(avdelingsleder))
    assert client.get(old).status_code == 200
    client.force_login(avdelingsleder)

    assert client.post(reverse("integrations:calendar"), {"action": "renew"}).status_code == 302
    new = _path(calendar.feed_url(avdelingsleder))
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200

    client.force_login(avdelingsleder)
    client.post(reverse("integrations:calendar"), {"action": "revoke"})
    client.logout()
    assert client.get(new).status_code == 404
    assert calendar.feed_url(avdelingsleder) is None


def test_the_database_holds_no_usable_token(avdelingsleder):
    token = calendar.feed_token(avdelingsleder)
    feed = CalendarFeed.objects.get(user=avdelingsleder)
    assert token not in (feed.nonce, feed.token_hash)
    assert calendar.user_for_token(token) == avdelingsleder
    assert calendar.user_for_token(feed.token_hash) is None
    assert calendar.user_for_token("x" * 32) is None


def test_an_inactive_users_feed_is_gone(client, avdelingsleder):
    url = _path(calendar.feed_url(avdelingsleder))
    avdelingsleder.is_active = False
    avdelingsleder.save()
    assert client.get(url).status_code == 404


def test_another_provider_can_be_added(monkeypatch, ansatt):
    day = timezone.localdate() + datetime.timedelta(days=2)

    def courses(user, start, end):
        return [calendar.CalendarItem("course-1", day, "Kurs i ergonomi")]

    monkeypatch.setattr(calendar, "PROVIDERS", list(calendar.PROVIDERS))
    calendar.register_provider(courses)
    cal = icalendar.Calendar.from_ical(calendar.ics_for(ansatt))
    assert _events(cal)["course-1"].decoded("dtstart") == day


def test_the_page_shows_the_link(client, avdelingsleder):
    client.force_login(avdelingsleder)
    response = client.get(reverse("integrations:calendar"))
    assert response.status_code == 200
    assert calendar.feed_url(avdelingsleder).encode() in response.content
    assert client.post(reverse("integrations:calendar"), {"action": "x"}).status_code == 400


def test_the_page_needs_a_login(client):
    response = client.get(reverse("integrations:calendar"))
    assert response.status_code == 302
