"""The timesheet, quick entry, approval and locks, hours list and exports, rates."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from timetracking import services
from timetracking.models import EntryStatus, PeriodLock, TimeEntry, WeekStatus, WeekSubmission
from timetracking.tests.factories import (
    advisor_of,
    approved_item,
    clear_week,
    internal,
    log,
    open_order,
)

pytestmark = pytest.mark.usefixtures("demo_data")


def today() -> datetime.date:
    return timezone.localdate()


def week_start() -> datetime.date:
    return today() - datetime.timedelta(days=today().weekday())


def cell(client, key: str, hours: str, *, day: datetime.date | None = None, note: str = ""):
    return client.post(
        reverse("timetracking:cell"),
        {"rad": key, "dato": (day or today()).isoformat(), "timer": hours, "notat": note},
    )


# --- the timesheet ---------------------------------------------------------------------


def test_it_shows_the_timesheet_of_the_week(client, radgiver):
    log(radgiver, hours="2.5")
    client.force_login(radgiver)
    response = client.get(reverse("timetracking:timesheet"))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Timeliste", "Legg til rad", "Kopier forrige uke", "Send uke"):
        assert label in html
    assert internal().name in html
    assert 'value="2,5"' in html


def test_it_refuses_the_timesheet_outside_the_bht(client, kommunalsjef):
    client.force_login(kommunalsjef)
    assert client.get(reverse("timetracking:timesheet")).status_code == 403


def test_it_refuses_another_advisors_sheet_to_an_advisor_but_not_to_the_manager(
    client, radgiver, bhtleder
):
    log(radgiver, hours="3", activity="internal")
    client.force_login(radgiver)
    response = client.get(reverse("timetracking:timesheet"), {"radgiver": advisor_of(bhtleder).pk})
    # An advisor always sees their own sheet.
    assert "Anne Kristin Hauge" in response.content.decode()
    client.force_login(bhtleder)
    response = client.get(reverse("timetracking:timesheet"), {"radgiver": advisor_of(radgiver).pk})
    assert "Anne Kristin Hauge" in response.content.decode()


def test_it_shows_the_timesheet_in_a_fixed_number_of_queries(
    client, radgiver, django_assert_max_num_queries
):
    client.force_login(radgiver)
    order = open_order()
    log(radgiver, hours="1")
    with django_assert_max_num_queries(13):
        client.get(reverse("timetracking:timesheet"))
    # Rows of every kind (budget and estimate queries included), more entries:
    # the count stays the same.
    for activity in ("meeting", "survey", "advice", "analysis"):
        log(radgiver, hours="1", order=order, activity=activity)
        log(radgiver, hours="1", plan_item=approved_item(), activity=activity)
    with django_assert_max_num_queries(13):
        client.get(reverse("timetracking:timesheet"))


def test_it_adds_a_row_and_saves_a_cell(client, radgiver):
    client.force_login(radgiver)
    order = open_order()
    response = client.get(
        reverse("timetracking:timesheet"), {"mal": f"order-{order.pk}", "aktivitet": "advice"}
    )
    assert response.status_code == 302
    assert f"rad=order-{order.pk}-advice" in response.url
    key = f"order-{order.pk}-advice"
    response = cell(client, key, "1,5", note="Samtale med leder")
    assert response.status_code == 200
    entry = TimeEntry.objects.get(order=order, advisor__user=radgiver, date=today())
    assert entry.hours == Decimal("1.5") and entry.note == "Samtale med leder"
    html = response.content.decode()
    assert 'id="weektotal"' in html and 'hx-swap-oob="true"' in html
    # Changing and emptying the cell updates and deletes the entry.
    cell(client, key, "2")
    entry.refresh_from_db()
    assert entry.hours == 2
    cell(client, key, "")
    assert not TimeEntry.objects.filter(pk=entry.pk).exists()


def test_it_shows_a_refused_cell_with_its_message_in_place(client, radgiver):
    client.force_login(radgiver)
    log(radgiver, hours="20")
    key = f"internal-{internal().pk}-advice"
    response = cell(client, key, "5")
    assert response.status_code == 400
    html = response.content.decode()
    assert "mer enn 24 timer" in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="err-' in html
    assert TimeEntry.objects.filter(advisor__user=radgiver, date=today()).count() == 1


def test_it_refuses_a_cell_with_bad_input(client, radgiver):
    client.force_login(radgiver)
    assert cell(client, "nonsense", "1").status_code == 400
    response = cell(client, f"internal-{internal().pk}-advice", "1,1")
    assert response.status_code == 400
    assert "kvarter" in response.content.decode()


def test_it_refuses_a_cell_in_a_locked_month(client, radgiver, bhtleder):
    entry = log(radgiver, hours="2", activity="advice")
    services.month_lock(user=bhtleder, month=today())
    client.force_login(radgiver)
    response = cell(client, f"internal-{internal().pk}-advice", "3")
    assert response.status_code == 403
    assert "låst" in response.content.decode()
    entry.refresh_from_db()
    assert entry.hours == 2
    # The page shows the cells as locked, with no input.
    html = client.get(reverse("timetracking:timesheet")).content.decode()
    assert "Låst" in html and 'name="timer"' not in html


def test_it_refuses_a_cell_for_an_order_outside_scope(client, radgiver):
    client.force_login(radgiver)
    assert cell(client, "order-999999-advice", "1").status_code == 404


def test_it_refuses_get_on_the_cell(client, radgiver):
    client.force_login(radgiver)
    assert client.get(reverse("timetracking:cell")).status_code == 405


def test_it_copies_the_rows_of_last_week(client, radgiver):
    last_friday = week_start() - datetime.timedelta(days=3)
    clear_week(radgiver, last_friday)
    order = open_order()
    log(radgiver, order=order, activity="survey", date=last_friday)
    client.force_login(radgiver)
    response = client.get(reverse("timetracking:timesheet"), {"kopier": "1"})
    assert response.status_code == 302
    assert f"order-{order.pk}-survey" in response.url


def test_it_sends_a_week_and_closes_it_to_the_advisor(client, radgiver):
    log(radgiver, activity="advice")
    client.force_login(radgiver)
    response = client.post(reverse("timetracking:week-send"), {"uke": today().isoformat()})
    assert response.status_code == 200  # the confirm step: nothing sent yet
    assert "Etterpå kan du ikke endre dem" in response.content.decode()
    assert not WeekSubmission.objects.filter(advisor__user=radgiver, week_start=week_start())
    response = client.post(
        reverse("timetracking:week-send"), {"uke": today().isoformat(), "bekreft": "ja"}
    )
    assert response.status_code == 302
    week = WeekSubmission.objects.get(advisor__user=radgiver, week_start=week_start())
    assert week.status == WeekStatus.SUBMITTED
    html = client.get(reverse("timetracking:timesheet")).content.decode()
    assert "Uken er sendt" in html and 'name="timer"' not in html
    response = cell(client, f"internal-{internal().pk}-advice", "3")
    assert response.status_code == 403


def test_it_searches_loggable_targets(client, radgiver):
    order = open_order()
    client.force_login(radgiver)
    response = client.get(reverse("timetracking:targets"), {"sok": order.reference})
    assert f'value="order-{order.pk}"' in response.content.decode()


# --- quick entry -------------------------------------------------------------------------


def test_it_logs_from_the_order_page_panel(client, radgiver):
    order = open_order()
    client.force_login(radgiver)
    panel = client.get(reverse("timetracking:order-hours", args=[order.pk]))
    assert panel.status_code == 200 and "Før timer" in panel.content.decode()
    response = client.post(
        reverse("timetracking:quick-entry"),
        {
            "mal": f"order-{order.pk}",
            "timer": "1,5",
            "aktivitet": "advice",
            "neste": f"/bestillinger/{order.pk}/",
        },
    )
    assert response.status_code == 302 and response.url == f"/bestillinger/{order.pk}/"
    assert TimeEntry.objects.get(order=order, date=today()).hours == Decimal("1.5")


def test_it_hides_the_order_panel_outside_scope(client, outsider):
    client.force_login(outsider)
    assert (
        client.get(reverse("timetracking:order-hours", args=[open_order().pk])).status_code == 404
    )


# --- approval and locks ------------------------------------------------------------------


def test_the_manager_approves_a_week_and_locks_the_month(client, radgiver, bhtleder):
    entry = log(radgiver, activity="advice")
    week = services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=today())
    client.force_login(bhtleder)
    page = client.get(reverse("timetracking:approval"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Godkjenn uke" in html and "Lås måned" in html
    response = client.post(reverse("timetracking:week-approve", args=[week.pk]))
    assert response.status_code == 200  # the confirm step: nothing approved yet
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    client.post(reverse("timetracking:week-approve", args=[week.pk]), {"bekreft": "ja"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.APPROVED
    response = client.post(
        reverse("timetracking:lock-month"), {"maaned": today().strftime("%Y-%m")}
    )
    assert response.status_code == 200  # the confirm step states the consequence
    assert "Ingen kan føre, endre eller slette timer" in response.content.decode()
    assert not PeriodLock.objects.filter(month=today().replace(day=1), unlocked_at=None).exists()
    client.post(
        reverse("timetracking:lock-month"),
        {"maaned": today().strftime("%Y-%m"), "bekreft": "ja"},
    )
    assert PeriodLock.objects.filter(month=today().replace(day=1), unlocked_at=None).exists()


def test_it_asks_before_approving_a_week_and_states_the_consequence(client, radgiver, bhtleder):
    log(radgiver, activity="advice", hours="2.5")
    week = services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=today())
    client.force_login(bhtleder)
    url = reverse("timetracking:week-approve", args=[week.pk])
    response = client.post(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Godkjenne uke {week.week_start:%V}" in html
    assert "Rådgiveren kan ikke endre dem" in html and "returnere uken" in html
    # A plain form that posts to the same action with bekreft=ja: keyboard, no script.
    assert f'action="{url}"' in html
    assert 'name="bekreft" value="ja"' in html and "Ja, godkjenn uken" in html
    assert reverse("timetracking:approval") in html  # the way back
    week.refresh_from_db()
    assert week.status == WeekStatus.SUBMITTED and week.decided_by is None
    response = client.post(url, {"bekreft": "ja"})
    assert response.status_code == 302
    week.refresh_from_db()
    assert week.status == WeekStatus.APPROVED and week.decided_by == bhtleder


def test_it_does_not_ask_to_approve_a_week_that_is_not_sent(client, radgiver, bhtleder):
    log(radgiver, activity="advice")
    week = services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=today())
    services.week_approve(user=bhtleder, week=week)
    client.force_login(bhtleder)
    response = client.post(reverse("timetracking:week-approve", args=[week.pk]), follow=True)
    assert "Bare en sendt uke kan godkjennes." in response.content.decode()
    assert "Ja, godkjenn uken" not in response.content.decode()


def test_the_manager_returns_a_week_with_a_comment(client, radgiver, bhtleder):
    log(radgiver, activity="advice")
    week = services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=today())
    client.force_login(bhtleder)
    client.post(reverse("timetracking:week-return", args=[week.pk]), {"kommentar": "Rett fredag"})
    week.refresh_from_db()
    assert week.status == WeekStatus.RETURNED and week.comment == "Rett fredag"
    client.force_login(radgiver)
    assert "Rett fredag" in client.get(reverse("timetracking:timesheet")).content.decode()


def test_the_approval_page_is_the_managers(client, radgiver):
    client.force_login(radgiver)
    assert client.get(reverse("timetracking:approval")).status_code == 403
    assert client.post(reverse("timetracking:lock-month"), {"maaned": "2026-01"}).status_code == 403


def test_it_refuses_get_on_lock_and_unlock(client, bhtleder):
    client.force_login(bhtleder)
    assert client.get(reverse("timetracking:lock-month")).status_code == 405


def test_it_unlocks_with_a_reason(client, bhtleder):
    lock = services.month_lock(user=bhtleder, month=today())
    client.force_login(bhtleder)
    client.post(reverse("timetracking:unlock-month", args=[lock.pk]), {"begrunnelse": ""})
    lock.refresh_from_db()
    assert lock.unlocked_at is None
    client.post(reverse("timetracking:unlock-month", args=[lock.pk]), {"begrunnelse": "Rettes"})
    lock.refresh_from_db()
    assert lock.unlocked_at is not None and lock.unlock_reason == "Rettes"


# --- the hours list and exports ------------------------------------------------------------


def test_it_lists_hours_in_a_fixed_number_of_queries(
    client, bhtleder, django_assert_max_num_queries
):
    client.force_login(bhtleder)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("timetracking:list"))
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        client.get(reverse("timetracking:list"), {"billing": "fixed_price", "page": "2"})


def test_it_shows_the_area_director_the_hours_of_their_area_only(client, kommunalsjef):
    client.force_login(kommunalsjef)
    response = client.get(reverse("timetracking:list"))
    assert response.status_code == 200
    areas = {e.area.name for e in response.context["page"].object_list}
    assert areas <= {"Helse og sosial"}


def test_it_refuses_the_list_to_an_employee(client, ansatt):
    client.force_login(ansatt)
    assert client.get(reverse("timetracking:list")).status_code == 403


def _db_total(**filters) -> Decimal:
    return sum((e.hours for e in TimeEntry.objects.filter(**filters)), Decimal(0))


def test_the_csv_export_totals_equal_the_database(client, bhtleder):
    client.force_login(bhtleder)
    response = client.get(reverse("timetracking:export", args=["csv"]), {"billing": "fixed_price"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    total = sum(Decimal(r[2].replace(",", ".")) for r in rows[1:])
    assert total == _db_total(billing="fixed_price") > 0
    assert len(rows) - 1 == TimeEntry.objects.filter(billing="fixed_price").count()


def test_the_xlsx_export_totals_equal_the_database(client, bhtleder):
    from openpyxl import load_workbook

    client.force_login(bhtleder)
    response = client.get(reverse("timetracking:export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    values = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert Decimal(str(sum(values))) == _db_total()
    assert len(values) == TimeEntry.objects.count()


def test_it_refuses_an_unknown_export_format(client, bhtleder):
    client.force_login(bhtleder)
    assert client.get(reverse("timetracking:export", args=["pdf"])).status_code == 404


# --- rates ---------------------------------------------------------------------------------


def test_the_manager_sets_a_rate(client, bhtleder):
    client.force_login(bhtleder)
    assert client.get(reverse("timetracking:rates")).status_code == 200
    response = client.post(reverse("timetracking:rates"), {"aar": "2030", "belop": "1300"})
    assert response.status_code == 302
    response = client.post(reverse("timetracking:rates"), {"aar": "2030", "belop": "x"})
    assert response.status_code == 400
    assert "tall" in response.content.decode()


def test_only_the_manager_sees_the_rates(client, radgiver):
    client.force_login(radgiver)
    assert client.get(reverse("timetracking:rates")).status_code == 403


def test_it_shows_the_nav_entry_to_bht_staff_only(client, radgiver, kommunalsjef):
    client.force_login(radgiver)
    assert 'href="/timer/"' in client.get("/").content.decode()
    client.force_login(kommunalsjef)
    assert 'href="/timer/"' not in client.get("/").content.decode()


def test_it_uses_the_approved_status_for_demo_months(bhtleder):
    last_month = today().replace(day=1) - datetime.timedelta(days=1)
    entries = TimeEntry.objects.filter(created_by=None, date__month=last_month.month)
    if not entries.exists():
        pytest.skip("the demo has no hours last month")
    assert set(entries.values_list("status", flat=True)) == {EntryStatus.APPROVED}
    assert services.is_locked(day=last_month, organisation_id=None)
    assert bhtleder is not None
    assert internal() is not None
    assert approved_item() is not None


def test_the_order_page_loads_the_hours_panel(client, radgiver):
    order = open_order()
    client.force_login(radgiver)
    html = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert reverse("timetracking:order-hours", args=[order.pk]) in html


def test_the_phone_layout_comes_back_on_the_day_picked_when_a_row_is_added(client, radgiver):
    # The day buttons belong to "Legg til rad"'s form: the row is added and the page
    # opens on the same day, not on today.
    client.force_login(radgiver)
    order = open_order()
    response = client.get(
        reverse("timetracking:timesheet"),
        {"mal": f"order-{order.pk}", "aktivitet": "advice", "dag": "1"},
    )
    assert response.status_code == 302
    assert "dag=1" in response.url
    html = client.get(response.url).content.decode()
    assert 'id="tt-day-1" value="1" checked' in html
    assert html.count(" checked") == 1


@pytest.mark.parametrize("day", ["", "7", "-1", "x"])
def test_the_phone_layout_opens_on_today_for_a_missing_or_wrong_day(client, radgiver, day):
    client.force_login(radgiver)
    html = client.get(reverse("timetracking:timesheet"), {"dag": day}).content.decode()
    assert f'id="tt-day-{today().weekday()}" value="{today().weekday()}" checked' in html


def test_returning_a_week_without_a_comment_is_a_field_error(client, radgiver, bhtleder):
    log(radgiver, activity="advice")
    week = services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=today())
    client.force_login(bhtleder)

    response = client.post(reverse("timetracking:week-return", args=[week.pk]), {"kommentar": ""})

    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="ret-{week.pk}-error"' in html
    assert f'aria-describedby="ret-{week.pk}-error"' in html
    assert f'href="#ret-{week.pk}">Kommentar: Skriv hva som må rettes.' in html
    week.refresh_from_db()
    assert week.status == WeekStatus.SUBMITTED


def test_the_locked_months_are_one_folded_list_with_an_unlock_link_each(client, bhtleder):
    locks = [
        services.month_lock(
            user=bhtleder, month=today().replace(day=1) - datetime.timedelta(days=d)
        )
        for d in (40, 80)
        if not PeriodLock.objects.filter(
            month=(today().replace(day=1) - datetime.timedelta(days=d)).replace(day=1),
            organisation=None,
            unlocked_at=None,
        ).exists()
    ]
    active = PeriodLock.objects.filter(unlocked_at=None)
    client.force_login(bhtleder)

    html = client.get(reverse("timetracking:approval")).content.decode()

    assert html.count('<details class="tt-locks"') == 1
    assert html.count('name="begrunnelse"') == 0  # no form per month
    for lock in active:
        assert f'href="?las_opp={lock.pk}#unlock"' in html
    lock = locks[0] if locks else active.first()
    html = client.get(reverse("timetracking:approval"), {"las_opp": lock.pk}).content.decode()
    assert html.count('name="begrunnelse"') == 1
    assert reverse("timetracking:unlock-month", args=[lock.pk]) in html


def test_unlocking_without_a_reason_is_a_field_error(client, bhtleder):
    lock = services.month_lock(user=bhtleder, month=today())
    client.force_login(bhtleder)

    response = client.post(
        reverse("timetracking:unlock-month", args=[lock.pk]), {"begrunnelse": ""}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="unlock-reason-error"' in html
    assert "Begrunnelse: Skriv hvorfor måneden låses opp." in html
