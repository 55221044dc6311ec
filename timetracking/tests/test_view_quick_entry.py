"""Quick entry ("Før timer") as an htmx fragment on the advisor's start page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import Billing
from timetracking.models import PeriodLock, TimeEntry
from timetracking.tests.factories import advisor_of, approved_item, internal, open_order

pytestmark = pytest.mark.usefixtures("demo_data")

URL = reverse("timetracking:quick-entry")


def today() -> datetime.date:
    return timezone.localdate()


def post(client, target: str, hours: str = "1,5", **fields: str):
    data = {"mal": target, "aktivitet": "advice", "timer": hours, "dato": today().isoformat()}
    data.update(fields)
    return client.post(URL, data, HTTP_HX_REQUEST="true")


def test_it_shows_the_form_with_the_advisors_targets(client, radgiver):
    order = open_order(lead_advisor=advisor_of(radgiver))
    client.force_login(radgiver)
    response = client.get(URL, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a fragment, no base layout
    assert f'hx-post="{URL}"' in html
    for label in ("Hva", "Aktivitet", "Timer", "Dato", "Notat"):
        assert f">{label}" in html
    assert f'<option value="order-{order.pk}"' in html
    assert f'<option value="internal-{internal().pk}"' in html
    assert f'value="{today().isoformat()}"' in html


def test_it_shows_the_form_in_a_fixed_number_of_queries(
    client, radgiver, django_assert_max_num_queries
):
    client.force_login(radgiver)
    with django_assert_max_num_queries(7):
        client.get(URL)
    # More targets to choose from: the count stays the same.
    open_order(lead_advisor=advisor_of(radgiver))
    with django_assert_max_num_queries(7):
        client.get(URL)


def test_it_creates_one_entry_with_derived_billing(client, radgiver):
    item = approved_item()
    order = open_order(plan_item=item, lead_advisor=advisor_of(radgiver))
    client.force_login(radgiver)
    before = set(TimeEntry.objects.values_list("pk", flat=True))
    response = post(client, f"order-{order.pk}", "1,5", notat="Møte med verneombud")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Ført 1,5 t på {order.reference} i dag" in html
    (entry,) = TimeEntry.objects.exclude(pk__in=before)
    assert entry.advisor == advisor_of(radgiver) and entry.order == order
    assert entry.hours == Decimal("1.5")
    assert entry.date == today()
    assert entry.billing == Billing.FIXED_PRICE
    assert entry.area_id == order.area_id
    assert entry.note == "Møte med verneombud"
    # The form is ready for the next entry: hours and note are empty again.
    assert (
        'name="timer" type="text" inputmode="decimal" autocomplete="off" size="5" required value=""'
        in html
    )


def test_it_logs_an_internal_activity_as_internal(client, radgiver):
    client.force_login(radgiver)
    activity = internal()
    before = set(TimeEntry.objects.values_list("pk", flat=True))
    response = post(client, f"internal-{activity.pk}", "2")
    assert response.status_code == 200
    assert f"Ført 2 t på {activity.name} i dag" in response.content.decode()
    (entry,) = TimeEntry.objects.exclude(pk__in=before)
    assert entry.billing == Billing.INTERNAL


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0,3", "Før timer i kvarter"),
        ("25", "høyst 24 timer"),
        ("", "Skriv antall timer."),
        ("mye", "Timer må være et tall"),
    ],
)
def test_it_refuses_bad_hours_next_to_the_field(client, radgiver, hours, message):
    order = open_order()
    client.force_login(radgiver)
    response = post(client, f"order-{order.pk}", hours)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="tt-qe-hours-help tt-qe-hours-error"' in html
    assert 'id="tt-qe-hours-error"' in html
    assert not TimeEntry.objects.filter(order=order).exists()


def test_it_asks_for_a_target(client, radgiver):
    client.force_login(radgiver)
    count = TimeEntry.objects.count()
    response = post(client, "")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Velg hva du fører timer på." in html
    assert 'aria-describedby="tt-qe-target-error"' in html
    assert TimeEntry.objects.count() == count


def test_it_refuses_a_future_date(client, radgiver):
    client.force_login(radgiver)
    count = TimeEntry.objects.count()
    tomorrow = today() + datetime.timedelta(days=1)
    response = post(client, f"internal-{internal().pk}", dato=tomorrow.isoformat())
    assert response.status_code == 400
    assert 'aria-describedby="tt-qe-date-error"' in response.content.decode()
    assert TimeEntry.objects.count() == count


def test_it_refuses_a_locked_month_with_a_message(client, radgiver, bhtleder):
    PeriodLock.objects.create(month=today().replace(day=1), locked_by=bhtleder)
    order = open_order()
    client.force_login(radgiver)
    response = post(client, f"order-{order.pk}")
    assert response.status_code == 403
    html = response.content.decode()
    assert "er låst" in html and 'role="alert"' in html
    # The input stays so the advisor can pick another date.
    assert 'value="1,5"' in html
    assert not TimeEntry.objects.filter(order=order).exists()


def test_it_is_for_advisors_only(client, avdelingsleder):
    client.force_login(avdelingsleder)
    count = TimeEntry.objects.count()
    assert client.get(URL).status_code == 403
    assert post(client, f"internal-{internal().pk}").status_code == 403
    assert TimeEntry.objects.count() == count


def test_it_sends_anonymous_users_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_it_refuses_other_methods(client, radgiver):
    client.force_login(radgiver)
    assert client.put(URL).status_code == 405


def test_the_start_page_loads_it_for_advisors(client, radgiver, avdelingsleder):
    client.force_login(radgiver)
    html = client.get(reverse("home")).content.decode()
    assert f'hx-get="{URL}"' in html
    assert reverse("timetracking:timesheet") in html  # the no-JS fallback
    client.force_login(avdelingsleder)
    assert f'hx-get="{URL}"' not in client.get(reverse("home")).content.decode()


def test_it_reports_every_error_at_once(client, radgiver):
    client.force_login(radgiver)
    before = TimeEntry.objects.count()

    response = post(
        client,
        "",
        hours="abc",
        aktivitet="",
        dato=(today() + datetime.timedelta(days=3)).isoformat(),
    )

    assert response.status_code == 400
    html = response.content.decode()
    # All four fields, in the summary with their names and at each field.
    assert "Hva: Velg hva du fører timer på." in html
    assert "Aktivitet: Velg en aktivitet." in html
    assert "Timer: Timer må være et tall, for eksempel 1,5." in html
    assert "Dato: Du kan ikke føre timer på en dato etter i dag." in html
    for field_id in ("tt-qe-target", "tt-qe-activity", "tt-qe-hours", "tt-qe-date"):
        assert f'id="{field_id}-error"' in html
        assert f'href="#{field_id}"' in html
    assert TimeEntry.objects.count() == before
