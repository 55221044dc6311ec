"""Audit history (issue 7, docs/audit.md): every change to orders, plans, plan items,
time entries, hourly rates, period locks and role assignments is kept — who, when,
what (field, old → new) — and shown on the object's page to those who may see the
object, never confidential text to anyone else."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans import selectors as plan_selectors
from actionplans import services as plan_services
from actionplans.tests.factories import draft as plan_draft
from actionplans.tests.factories import item_of
from core.history import acting_user, object_history
from core.models import Role, RoleAssignment, User
from orders import services as order_services
from orders.models import Order
from orders.tests import factories as of
from timetracking import services as tt_services
from timetracking.models import HourlyRate, PeriodLock, TimeEntry
from timetracking.tests.factories import log, open_order

pytestmark = pytest.mark.usefixtures("demo_data")

SECRET = "Gravid, trenger tilrettelegging"


def page(client, user: User, url: str):
    client.force_login(user)
    return client.get(url)


def panel(body: str, history_id: str) -> str:
    """The history panel (bht/_history.html) of a page, or "" when there is none."""
    start = body.find(f'id="{history_id}"')
    return "" if start < 0 else body[start : body.index("</details>", start)]


# --- orders ---------------------------------------------------------------------------


def test_it_records_who_changed_what_on_an_order(avdelingsleder):
    order = of.draft(title="Støy i kantina")
    before = timezone.now()
    order_services.order_update_draft(order=order, user=avdelingsleder, title="Støy i resepsjonen")
    record = order.history.first()
    assert record.history_type == "~"
    assert record.history_user == avdelingsleder
    assert record.history_date >= before
    [row] = [r for r in object_history(order) if r.action == "changed"]
    assert [(c.label, c.old, c.new) for c in row.changes] == [
        ("Tittel", "Støy i kantina", "Støy i resepsjonen")
    ]


def test_it_shows_the_order_history_to_those_who_see_the_order(
    client, avdelingsleder, kommunalsjef, bhtleder
):
    order = of.submitted(title="Støy i kantina")
    order_services.order_accept(
        order=order, user=bhtleder, lead_advisor=of.advisor(), estimated_hours=Decimal("8")
    )
    for viewer in (avdelingsleder, kommunalsjef, bhtleder):
        body = page(client, viewer, reverse("orders:detail", args=[order.pk])).content.decode()
        history = panel(body, "order-history")
        assert "<del>Sendt</del>" in history and "<ins>Godtatt</ins>" in history
        assert "Estimerte timer" in history or "Estimat" in history
        assert bhtleder.get_full_name() in history


def test_the_outsider_gets_404_and_no_history(client, outsider):
    order = of.submitted()
    assert page(client, outsider, reverse("orders:detail", args=[order.pk])).status_code == 404


def test_a_confidential_orders_history_is_shown_only_to_those_who_see_its_content(
    client, avdelingsleder, kommunalsjef, radgiver
):
    order = of.draft(title="Tilrettelegging", confidential=True)
    order_services.order_update_draft(
        order=order, user=avdelingsleder, description=f"{SECRET} på nattevakt"
    )
    order_services.order_submit(order=order, user=avdelingsleder)
    url = reverse("orders:detail", args=[order.pk])
    for allowed in (avdelingsleder, radgiver):
        body = page(client, allowed, url).content.decode()
        assert "Endringshistorikk" in body and SECRET in body
    # The area director sees the order exists, but neither its content nor its history.
    response = page(client, kommunalsjef, url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Endringshistorikk" not in body and SECRET not in body


def test_it_pins_the_queries_of_the_order_page_with_its_history(
    client, bhtleder, django_assert_max_num_queries
):
    order = of.in_progress()
    for title in ("Første", "Andre", "Tredje"):
        Order.objects.filter(pk=order.pk).update(status="draft")
        order.refresh_from_db()
        order_services.order_update_draft(order=order, user=order.ordered_by, title=title)
    client.force_login(bhtleder)
    client.get(reverse("orders:detail", args=[order.pk]))
    # The history costs a fixed number of queries, however long it is: one for the
    # records and one per kind of related object named in the changes.
    with django_assert_max_num_queries(20):
        response = client.get(reverse("orders:detail", args=[order.pk]))
    assert response.status_code == 200
    assert "Tredje" in response.content.decode()


# --- plans and plan items -------------------------------------------------------------


def test_it_records_and_shows_plan_and_item_changes(client, kommunalsjef, verneombud, outsider):
    plan = plan_draft(kommunalsjef, items=1)
    item = item_of(plan)
    client.force_login(kommunalsjef)
    response = client.post(reverse("actionplans:budget", args=[plan.pk]), {"budget_hours": "60.5"})
    assert response.status_code == 302
    plan_services.plan_item_update(item=item, user=kommunalsjef, title="Vernerunde i alle bygg")
    assert plan.history.first().history_user == kommunalsjef

    url = reverse("actionplans:plan", args=[plan.pk])
    body = client.get(url).content.decode()
    assert "Endringshistorikk" in body
    assert "Timebudsjett" in body and "60,5" in body
    assert "Vernerunde i alle bygg" in body and kommunalsjef.get_full_name() in body
    # The item's own page (for those who edit the draft) shows its history too.
    body = client.get(reverse("actionplans:item-edit", args=[item.pk])).content.decode()
    assert "Vernerunde i alle bygg" in body and "Endringshistorikk" in body
    assert page(client, outsider, url).status_code == 404


def test_a_removed_item_stays_in_the_plans_history(kommunalsjef):
    plan = plan_draft(kommunalsjef, items=1)
    item = item_of(plan)
    plan_services.plan_item_delete(item=item, user=kommunalsjef)
    rows = plan_selectors.plan_history(plan)
    assert (rows[0].action, rows[0].subject, rows[0].by) == ("deleted", item.title, kommunalsjef)


def test_a_revision_records_its_copied_items(kommunalsjef):
    plan = plan_selectors.plans_visible_to(kommunalsjef).filter(status="approved").first()
    if plan is None:
        pytest.skip("the demo has no approved plan for the director")
    revision = plan_services.plan_revise(plan=plan, user=kommunalsjef)
    items = list(revision.items.all())
    assert items
    for item in items:
        created = item.history.get(history_type="+")
        assert created.history_user == kommunalsjef


# --- time entries ---------------------------------------------------------------------


def test_it_shows_an_entrys_history_to_its_advisor_and_the_manager(
    client, radgiver, bhtleder, outsider, ansatt
):
    entry = log(radgiver, hours="1")
    tt_services.time_entry_update(entry=entry, user=radgiver, hours="2.5", note="Møte med HMS")
    url = reverse("timetracking:entry-history", args=[entry.pk])
    for viewer in (radgiver, bhtleder):
        response = page(client, viewer, url)
        body = response.content.decode()
        assert response.status_code == 200
        assert "Timer" in body and "2,5" in body and "Møte med HMS" in body
        assert radgiver.get_full_name() in body
    assert page(client, outsider, url).status_code == 404
    assert page(client, ansatt, url).status_code == 404


def test_the_hours_list_links_to_each_entrys_history(client, radgiver, bhtleder):
    entry = log(radgiver)
    body = page(client, bhtleder, reverse("timetracking:list")).content.decode()
    assert reverse("timetracking:entry-history", args=[entry.pk]) in body


def test_an_entrys_note_on_a_confidential_order_stays_hidden_from_leaders(
    client, radgiver, kommunalsjef
):
    order = open_order(confidential=True)
    entry = log(radgiver, order=order)
    tt_services.time_entry_update(entry=entry, user=radgiver, note=SECRET)
    url = reverse("timetracking:entry-history", args=[entry.pk])
    assert SECRET in page(client, radgiver, url).content.decode()
    response = page(client, kommunalsjef, url)
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


def test_a_week_approval_records_every_entry(radgiver, bhtleder):
    from timetracking.tests.factories import advisor_of

    first = log(radgiver)
    second = log(radgiver, hours="2")
    week = tt_services.week_submit(
        user=radgiver, advisor=advisor_of(radgiver), start=timezone.localdate()
    )
    tt_services.week_approve(user=bhtleder, week=week)
    for entry in (first, second):
        latest = TimeEntry.history.filter(id=entry.pk).first()
        assert (latest.status, latest.history_user) == ("approved", bhtleder)


# --- hourly rates and period locks ----------------------------------------------------


def test_it_shows_the_rates_history_to_the_manager(client, bhtleder, radgiver):
    client.force_login(bhtleder)
    url = reverse("timetracking:rates")
    assert client.post(url, {"aar": "2031", "belop": "1100"}).status_code == 302
    assert client.post(url, {"aar": "2031", "belop": "1250,50"}).status_code == 302
    rate = HourlyRate.objects.get(year=2031)
    assert rate.history.first().history_user == bhtleder
    body = client.get(url).content.decode()
    assert "Endringshistorikk" in body
    assert "1100" in body.replace("\xa0", "").replace(" ", "")
    assert "1250,5" in body.replace("\xa0", "").replace(" ", "")
    assert page(client, radgiver, url).status_code == 403


def test_it_shows_locks_and_unlocks_with_the_reason(client, bhtleder, radgiver):
    # The demo locks every past month, never the current one.
    lock = tt_services.month_lock(user=bhtleder, month=timezone.localdate())
    tt_services.month_unlock(user=bhtleder, lock=lock, reason="Feilføring må rettes")
    assert [r.history_user for r in PeriodLock.history.filter(id=lock.pk)] == [bhtleder] * 2
    url = reverse("timetracking:approval")
    body = page(client, bhtleder, url).content.decode()
    assert "Historikk for låste måneder" in body and "Feilføring må rettes" in body
    assert page(client, radgiver, url).status_code == 403


# --- role assignments -----------------------------------------------------------------


def test_it_records_role_changes_and_shows_them_in_the_admin(client, radgiver):
    admin = User.objects.get(username="admin")
    assignment = RoleAssignment.objects.filter(user=radgiver, role=Role.BHT_ADVISOR).first()
    with acting_user(admin):
        assignment.valid_to = timezone.localdate() + datetime.timedelta(days=30)
        assignment.save()
    record = assignment.history.first()
    assert (record.history_type, record.history_user) == ("~", admin)
    [row, *_] = object_history(assignment)
    assert [c.label for c in row.changes] == ["Gyldig til"]
    client.force_login(admin)
    url = reverse("admin:bht_roleassignment_history", args=[assignment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert admin.username in response.content.decode()
    client.force_login(radgiver)
    assert client.get(url).status_code == 302  # not staff: to the admin login
