"""The admin writes entries through the services: a locked month is refused there too."""

import datetime

import pytest
from django.utils import timezone

from core.models import User
from timetracking import services
from timetracking.models import TimeEntry
from timetracking.tests.factories import advisor_of, internal, log

pytestmark = pytest.mark.usefixtures("demo_data")


def admin_user() -> User:
    return User.objects.get(username="admin")


def form_data(entry_or_advisor, **overrides):
    data = {
        "advisor": entry_or_advisor.pk,
        "date": timezone.localdate().isoformat(),
        "hours": "2",
        "activity": "internal",
        "internal_activity": internal().pk,
        "note": "",
    }
    data.update(overrides)
    return data


def test_the_admin_creates_an_entry_through_the_service(client, radgiver):
    client.force_login(admin_user())
    response = client.post("/admin/timetracking/timeentry/add/", form_data(advisor_of(radgiver)))
    assert response.status_code == 302
    entry = TimeEntry.objects.get(advisor__user=radgiver, date=timezone.localdate())
    assert entry.billing == "internal" and entry.history.filter(history_type="+").exists()


def test_the_admin_refuses_changes_in_a_locked_month(client, radgiver, bhtleder):
    entry = log(radgiver, hours="2")
    services.month_lock(user=bhtleder, month=timezone.localdate())
    client.force_login(admin_user())
    url = f"/admin/timetracking/timeentry/{entry.pk}/change/"
    response = client.post(url, form_data(advisor_of(radgiver), hours="5"), follow=True)
    assert "låst" in response.content.decode()
    entry.refresh_from_db()
    assert entry.hours == 2
    response = client.post(
        f"/admin/timetracking/timeentry/{entry.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert TimeEntry.objects.filter(pk=entry.pk).exists()
    response = client.post(
        "/admin/timetracking/timeentry/add/",
        form_data(advisor_of(radgiver), date=(timezone.localdate()).isoformat()),
        follow=True,
    )
    assert "låst" in response.content.decode()
    assert TimeEntry.objects.filter(advisor__user=radgiver, date=timezone.localdate()).count() == 1


def test_the_admin_refuses_the_day_limit(client, radgiver):
    log(radgiver, hours="23")
    client.force_login(admin_user())
    response = client.post(
        "/admin/timetracking/timeentry/add/", form_data(advisor_of(radgiver)), follow=True
    )
    assert "24 timer" in response.content.decode()
    assert datetime.date.today() is not None
