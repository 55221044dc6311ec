"""BHT staff limited to some client organisations stay limited (issue 18, point 2).

The demo has a second client, Nabo AS, and advisors limited to one client each
(bht/demo_clients.py). Each test is one of the review's reproductions: a search,
picker, week view, lock, unlock or access log that showed or touched Nabo AS to
someone limited to Fjordby kommune."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import second_client
from core.models import Advisor, Organisation, Role, RoleAssignment, User
from core.services import access_log_record
from orders.models import Order
from timetracking.models import Activity, PeriodLock, TimeEntry
from timetracking.services import derive

NABO_TITLE = "Støymåling i verkstedet"


@pytest.fixture
def nabo(demo_data) -> Organisation:
    second_client()
    return Organisation.objects.get(slug="nabo")


@pytest.fixture
def fjordby(demo_data) -> Organisation:
    second_client()
    return Organisation.objects.get(slug="fjordby")


@pytest.fixture
def nabo_order(nabo) -> Order:
    return Order.objects.get(organisation=nabo, title=NABO_TITLE)


@pytest.fixture
def leader_fjordby(fjordby) -> User:
    """The demo's BHT manager limited to Fjordby kommune."""
    return User.objects.get(username="bhtleder_fjordby")


def _nabo_hours_of(username: str, order: Order) -> TimeEntry:
    """Hours on Nabo's order by an unrestricted advisor (who serves every client)."""
    entry = TimeEntry(
        advisor=Advisor.objects.get(user__username=username),
        date=timezone.localdate() - datetime.timedelta(days=1),
        hours=Decimal(1),
        activity=Activity.ADVICE,
        order=order,
    )
    derive(entry)
    entry.save()
    return entry


def test_the_demo_has_a_second_client_with_limited_advisors(nabo, fjordby):
    assert Order.objects.filter(organisation=nabo).count() >= 2
    assert TimeEntry.objects.filter(order__organisation=nabo).exists()
    for username, role, org in (
        ("radgiver_fjordby", Role.BHT_ADVISOR, fjordby),
        ("radgiver_nabo", Role.BHT_ADVISOR, nabo),
        ("bhtleder_fjordby", Role.BHT_MANAGER, fjordby),
    ):
        user = User.objects.get(username=username)
        assert user.check_password("demo")
        assert RoleAssignment.objects.filter(user=user, role=role, organisation=org).exists()


def test_the_target_search_finds_only_the_own_clients_orders(client, radgiver_fjordby, nabo_order):
    client.force_login(radgiver_fjordby)

    response = client.get("/timer/mal/", {"sok": "Støy"})

    assert response.status_code == 200
    assert NABO_TITLE not in response.content.decode()
    # By its key, not its reference: references count per client.
    assert f'value="order-{nabo_order.pk}"' not in response.content.decode()


def test_the_target_search_finds_the_clients_orders_for_its_own_advisor(
    client, radgiver_nabo, nabo_order
):
    client.force_login(radgiver_nabo)

    response = client.get("/timer/mal/", {"sok": "Støy"})

    assert NABO_TITLE in response.content.decode()


def test_the_people_picker_finds_only_the_own_clients_people(
    client, radgiver_fjordby, radgiver_nabo
):
    client.force_login(radgiver_fjordby)
    assert "Berg" not in client.get("/bestillinger/sok/personer/", {"q": "Nina"}).content.decode()

    client.force_login(radgiver_nabo)
    assert "Berg" in client.get("/bestillinger/sok/personer/", {"q": "Nina"}).content.decode()


def test_the_week_api_hides_another_clients_orders(api, leader_fjordby, nabo_order):
    entry = _nabo_hours_of("radgiver", nabo_order)
    api.force_authenticate(leader_fjordby)

    response = api.get(
        "/api/v1/time-entries/week/",
        {"advisor": entry.advisor_id, "week": entry.date.isoformat()},
    )

    assert response.status_code == 200
    assert NABO_TITLE not in response.content.decode()
    # Not the reference as text: references count per client, so Fjordby may have
    # an order with the same one (B-2027-0001 in January 2027).
    rows = response.json()["rows"]
    assert not any(row["label"].startswith(f"{nabo_order.reference} {NABO_TITLE}") for row in rows)
    assert entry.pk not in {pk for row in rows for cell in row["cells"] for pk in cell["entries"]}


def test_the_timesheet_of_another_advisor_hides_another_clients_orders(
    client, leader_fjordby, nabo_order
):
    entry = _nabo_hours_of("radgiver", nabo_order)
    client.force_login(leader_fjordby)

    response = client.get(
        "/timer/",
        {"radgiver": entry.advisor_id, "uke": entry.date.isoformat(),
         "rad": f"order-{nabo_order.pk}-advice"},
    )  # fmt: skip

    assert response.status_code == 200
    assert NABO_TITLE not in response.content.decode()


def test_an_unrestricted_manager_still_sees_every_clients_hours(api, bhtleder, nabo_order):
    entry = _nabo_hours_of("radgiver", nabo_order)
    api.force_authenticate(bhtleder)

    response = api.get(
        "/api/v1/time-entries/week/",
        {"advisor": entry.advisor_id, "week": entry.date.isoformat()},
    )

    assert nabo_order.reference in response.content.decode()


def _month_back(months: int) -> datetime.date:
    day = timezone.localdate().replace(day=1)
    for _ in range(months):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return day


def test_a_limited_manager_cannot_unlock_another_clients_month(api, leader_fjordby, bhtleder, nabo):
    lock = PeriodLock.objects.create(month=_month_back(30), organisation=nabo, locked_by=bhtleder)
    api.force_authenticate(leader_fjordby)

    response = api.post(f"/api/v1/period-locks/{lock.pk}/unlock/", {"reason": "Retting"})

    assert response.status_code == 404
    lock.refresh_from_db()
    assert lock.unlocked_at is None


def test_a_limited_manager_cannot_unlock_a_lock_of_the_whole_bht(api, leader_fjordby, bhtleder):
    lock = PeriodLock.objects.create(month=_month_back(31), organisation=None, locked_by=bhtleder)
    api.force_authenticate(leader_fjordby)

    response = api.post(f"/api/v1/period-locks/{lock.pk}/unlock/", {"reason": "Retting"})

    assert response.status_code == 403
    lock.refresh_from_db()
    assert lock.unlocked_at is None


def test_a_limited_manager_cannot_unlock_another_clients_month_on_the_page(
    client, leader_fjordby, bhtleder, nabo
):
    lock = PeriodLock.objects.create(month=_month_back(30), organisation=nabo, locked_by=bhtleder)
    client.force_login(leader_fjordby)

    response = client.post(f"/timer/las/{lock.pk}/las-opp/", {"begrunnelse": "Retting"})

    assert response.status_code == 404
    lock.refresh_from_db()
    assert lock.unlocked_at is None


def test_a_limited_manager_locks_only_their_own_clients(api, leader_fjordby, fjordby, nabo):
    api.force_authenticate(leader_fjordby)
    month = _month_back(32).isoformat()

    whole = api.post("/api/v1/period-locks/", {"month": month, "organisation": None}, format="json")
    other = api.post("/api/v1/period-locks/", {"month": month, "organisation": nabo.pk})
    own = api.post("/api/v1/period-locks/", {"month": month, "organisation": fjordby.pk})

    assert whole.status_code == 403
    assert other.status_code in (400, 403, 404)
    assert own.status_code == 201
    assert not PeriodLock.objects.filter(month=month, organisation__in=[None, nabo.pk]).exists()


def test_a_limited_manager_sees_only_their_clients_locks(api, leader_fjordby, bhtleder, nabo):
    lock = PeriodLock.objects.create(month=_month_back(30), organisation=nabo, locked_by=bhtleder)
    api.force_authenticate(leader_fjordby)

    ids = [
        row["id"] for row in api.get("/api/v1/period-locks/", {"page_size": 500}).json()["results"]
    ]

    assert lock.pk not in ids


def test_the_access_log_shows_only_the_own_clients_cases(
    client, leader_fjordby, bhtleder, nabo_order, fjordby
):
    fjordby_order = Order.objects.filter(organisation=fjordby).order_by("pk").first()
    reader = User.objects.get(username="radgiver_nabo")
    access_log_record(user=reader, obj=nabo_order, label=nabo_order.reference)
    access_log_record(user=bhtleder, obj=fjordby_order, label=fjordby_order.reference)
    client.force_login(leader_fjordby)

    page = client.get("/tilgangslogg/").content.decode()
    csv = client.get("/tilgangslogg/", {"format": "csv"}).content.decode("utf-8-sig")

    for body in (page, csv):
        assert nabo_order.reference not in body
        assert "Nabben" not in body
    assert fjordby_order.reference in page

    client.force_login(bhtleder)
    assert nabo_order.reference in client.get("/tilgangslogg/").content.decode()


def test_a_limited_manager_cannot_manage_the_bhts_webhooks(api, leader_fjordby, bhtleder):
    """A receiver gets every client's events (order.accepted of Nabo AS included), so
    only a manager of the whole BHT registers one or reads its deliveries."""
    from integrations.models import WebhookEndpoint

    endpoint = WebhookEndpoint.objects.create(
        url="https://hooks.example.com/bht", events=["order.accepted"], created_by=bhtleder
    )
    api.force_authenticate(leader_fjordby)

    listed = api.get("/api/v1/webhooks/")
    deliveries = api.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/")
    created = api.post(
        "/api/v1/webhooks/",
        {"url": "https://hooks.example.com/fjordby", "events": ["order.accepted"]},
        format="json",
    )

    assert (listed.status_code, deliveries.status_code, created.status_code) == (403, 403, 403)
    api.force_authenticate(bhtleder)
    assert api.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/").status_code == 200


def _submitted_week_with_nabo_hours(order: Order):
    from timetracking.models import WeekStatus, WeekSubmission

    entry = _nabo_hours_of("radgiver_nabo", order)
    monday = entry.date - datetime.timedelta(days=entry.date.weekday())
    return WeekSubmission.objects.update_or_create(
        advisor=entry.advisor, week_start=monday, defaults={"status": WeekStatus.SUBMITTED}
    )[0]


def test_a_limited_manager_neither_sees_nor_approves_a_week_with_another_clients_hours(
    client, leader_fjordby, nabo_order
):
    from timetracking.models import WeekStatus

    week = _submitted_week_with_nabo_hours(nabo_order)
    client.force_login(leader_fjordby)

    page = client.get("/timer/godkjenning/").content.decode()
    approve = client.post(f"/timer/uke/{week.pk}/godkjenn/", {"bekreft": "ja"})
    returned = client.post(f"/timer/uke/{week.pk}/returner/", {"kommentar": "Rett"})

    assert f"/timer/uke/{week.pk}/godkjenn/" not in page
    assert (approve.status_code, returned.status_code) == (404, 404)
    week.refresh_from_db()
    assert week.status == WeekStatus.SUBMITTED


def test_the_week_service_refuses_a_limited_manager_another_clients_week(
    leader_fjordby, bhtleder, nabo_order
):
    from django.core.exceptions import PermissionDenied

    from timetracking import services
    from timetracking.models import WeekStatus

    week = _submitted_week_with_nabo_hours(nabo_order)

    with pytest.raises(PermissionDenied):
        services.week_approve(user=leader_fjordby, week=week)
    assert services.week_approve(user=bhtleder, week=week).status == WeekStatus.APPROVED


def test_a_limited_manager_counts_only_the_weeks_and_hours_of_their_clients(
    leader_fjordby, bhtleder, nabo_order
):
    from timetracking import selectors

    week = _submitted_week_with_nabo_hours(nabo_order)
    month = week.week_start.replace(day=1)
    nabo_entries = TimeEntry.objects.filter(order=nabo_order, date__gte=month).exclude(
        status="approved"
    )

    everyone = selectors.weeks_to_approve_count(bhtleder)
    limited = selectors.weeks_to_approve_count(leader_fjordby)
    assert everyone - limited >= 1
    assert limited == len(selectors.weeks_to_approve(leader_fjordby))
    assert week not in selectors.weeks_to_approve(leader_fjordby)
    all_hours = selectors.unapproved_count(month, user=bhtleder)
    own_hours = selectors.unapproved_count(month, user=leader_fjordby)
    assert (
        all_hours - own_hours
        >= nabo_entries.filter(
            date__lt=(month + datetime.timedelta(days=32)).replace(day=1)
        ).count()
    )


def test_the_lock_confirm_step_does_not_name_another_client(client, leader_fjordby, nabo):
    client.force_login(leader_fjordby)
    first = _month_back(32)
    month = first.strftime("%Y-%m")

    other = client.post("/timer/las/", {"maaned": month, "virksomhet": nabo.pk})
    hostile = client.post("/timer/las/", {"maaned": month, "virksomhet": "abc"})

    assert (other.status_code, hostile.status_code) == (404, 404)
    assert not PeriodLock.objects.filter(organisation=nabo, month=first).exists()
