"""Nothing half-done: a failure in the middle of a multi-step write leaves no trace.

Each test lets a service run until a later step, makes that step raise, and then
checks that the rows the earlier steps wrote are gone and that no notification
was queued or sent. The tests run inside pytest-django's transaction, so the
service's own `transaction.atomic` is what rolls its work back: without it the
earlier steps would stay visible here and the test would fail.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from actionplans import services as plan_services
from actionplans.models import ActionPlan, PlanApproval, PlanStatus
from actionplans.services import plans as plan_lifecycle
from actionplans.tests import factories as plan_factories
from core import imports
from core.models import (
    Advisor,
    MainContact,
    Organisation,
    OutgoingMail,
    ServiceArea,
    User,
)
from core.services import main_contact_assign
from orders import services as order_services
from orders.models import (
    Inquiry,
    InquiryOutcome,
    Order,
    OrderAssignment,
    OrderEvent,
    OrderStatus,
    ReferenceCounter,
)
from orders.services import common as order_common
from orders.services import lifecycle as order_lifecycle
from orders.services import triage as order_triage
from orders.tests import factories as order_factories
from reports import services as report_services
from reports import sick_leave
from reports.models import ReportFile, ReportRun, RunStatus, SickLeaveStat
from timetracking import services as time_services
from timetracking.models import EntryStatus, WeekStatus, WeekSubmission
from timetracking.services import periods as time_periods
from timetracking.tests.factories import advisor_of, log

pytestmark = pytest.mark.usefixtures("demo_data")


class Injected(Exception):
    """The failure a test injects into a step of a service."""


def fail_on_call(original: Callable[..., Any], n: int) -> Callable[..., Any]:
    """`original` for the first n-1 calls; the n-th call raises Injected."""
    calls = {"count": 0}

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls["count"] += 1
        if calls["count"] >= n:
            raise Injected(f"injected failure in call {calls['count']}")
        return original(*args, **kwargs)

    return wrapper


def fail_after(original: Callable[..., Any]) -> Callable[..., Any]:
    """Runs `original` (its writes happen), then raises Injected."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        original(*args, **kwargs)
        raise Injected("injected failure after the step")

    return wrapper


@pytest.fixture
def no_mail_queued(django_capture_on_commit_callbacks):
    """A context manager: asserts that its block queued no OutgoingMail and sent no
    e-mail, with the on-commit callbacks of the test's transaction executed."""

    @contextlib.contextmanager
    def check():
        before = OutgoingMail.objects.count()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            yield
        assert OutgoingMail.objects.count() == before
        assert mail.outbox == []

    return check


# --- orders ----------------------------------------------------------------------------


def test_order_submit_leaves_the_draft_when_the_timeline_event_fails(
    monkeypatch, avdelingsleder, django_capture_on_commit_callbacks
):
    order = order_factories.draft()
    events = OrderEvent.objects.filter(order=order).count()
    monkeypatch.setattr(order_common, "_event", fail_on_call(order_common._event, 1))
    before = OutgoingMail.objects.count()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Injected):
        order_services.order_submit(order=order, user=avdelingsleder)

    order.refresh_from_db()
    assert order.status == OrderStatus.DRAFT
    assert order.submitted_at is None
    assert OrderEvent.objects.filter(order=order).count() == events
    assert OutgoingMail.objects.count() == before
    assert mail.outbox == []


def test_order_accept_assigns_nobody_and_mails_nobody_when_a_late_step_fails(
    monkeypatch, bhtleder, no_mail_queued
):
    order = order_factories.submitted()
    events = OrderEvent.objects.filter(order=order).count()
    # The first notification (to the orderer) is queued; the second one fails.
    monkeypatch.setattr(
        order_lifecycle, "_notify_about", fail_on_call(order_lifecycle._notify_about, 2)
    )

    with no_mail_queued(), pytest.raises(Injected):
        order_services.order_accept(
            order=order,
            user=bhtleder,
            lead_advisor=order_factories.advisor(),
            estimated_hours=Decimal(10),
        )

    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED
    assert order.lead_advisor_id is None and order.accepted_at is None
    assert not OrderAssignment.objects.filter(order=order).exists()
    assert OrderEvent.objects.filter(order=order).count() == events


def test_triage_with_a_draft_order_saves_neither_when_the_leader_mail_fails(
    monkeypatch, radgiver, no_mail_queued
):
    department = order_factories.department()
    organisation_id = department.unit.area.organisation_id
    year = timezone.localdate().year
    counter = ReferenceCounter.objects.filter(organisation_id=organisation_id, year=year).first()
    last_number = counter.last_number if counter else 0
    inquiries, orders = Inquiry.objects.count(), Order.objects.count()
    monkeypatch.setattr(order_triage, "notify", fail_on_call(order_triage.notify, 1))

    with no_mail_queued(), pytest.raises(Injected):
        order_services.inquiry_record(
            user=radgiver,
            channel="phone",
            summary="Konflikt i avdelingen; lederen ønsker bistand.",
            outcome=InquiryOutcome.ORDER_REQUESTED,
            department=department,
            caller_name="Maria Kristiansen",
        )

    assert Inquiry.objects.count() == inquiries
    assert Order.objects.count() == orders
    counter = ReferenceCounter.objects.filter(organisation_id=organisation_id, year=year).first()
    # The reference number is not used up either.
    assert (counter.last_number if counter else 0) == last_number


def test_the_order_page_does_not_save_the_edit_when_sending_fails(client, avdelingsleder):
    order = order_factories.draft(service=None)
    client.force_login(avdelingsleder)
    data = {
        "title": "Ny tittel som ikke skal lagres",
        "description": "Beskrivelse",
        "department": order.department_id,
        "urgency": order.urgency,
        "lock_version": order.lock_version,
        "action": "submit",
    }

    response = client.post(f"/bestillinger/{order.pk}/endre/", data)

    assert response.status_code == 400
    assert "Velg hvilken tjeneste" in response.content.decode()
    order.refresh_from_db()
    assert order.title == "Kartlegging av arbeidsmiljøet"
    assert order.status == OrderStatus.DRAFT


def test_the_new_order_page_leaves_no_stray_draft_when_sending_fails(client, avdelingsleder):
    client.force_login(avdelingsleder)
    orders = Order.objects.count()
    data = {
        "title": "Bestilling uten tjeneste",
        "description": "Beskrivelse",
        "department": order_factories.department().pk,
        "urgency": "normal",
        "action": "submit",
    }

    response = client.post("/bestillinger/ny/", data)

    assert response.status_code == 400
    # Without the shared transaction, every failed "send" left a draft behind.
    assert Order.objects.count() == orders


# --- action plans ------------------------------------------------------------------------


def test_approving_a_revision_keeps_the_old_plan_when_recording_the_approval_fails(
    monkeypatch, kommunalsjef, radgiver, amu, no_mail_queued
):
    people = {"director": kommunalsjef, "advisor": radgiver, "amu": amu}
    old = plan_factories.advance(plan_factories.draft(kommunalsjef), "approved", **people)
    revision = plan_services.plan_revise(plan=old, user=kommunalsjef)
    revision = plan_factories.advance(revision, "signed", **people)
    approvals = PlanApproval.objects.filter(plan__in=[old, revision]).count()
    # Call 1 records the old version's closing; call 2, the new approval, fails.
    monkeypatch.setattr(plan_lifecycle, "_record", fail_on_call(plan_lifecycle._record, 2))

    with no_mail_queued(), pytest.raises(Injected):
        plan_services.plan_approve(
            plan=revision,
            user=amu,
            meeting_date=timezone.localdate(),
            case_number="26/100",
        )

    old = ActionPlan.objects.get(pk=old.pk)
    revision = ActionPlan.objects.get(pk=revision.pk)
    assert old.status == PlanStatus.APPROVED
    assert old.superseded_at is None and old.closed_at is None
    assert revision.status == PlanStatus.SIGNED and revision.approved_at is None
    assert PlanApproval.objects.filter(plan__in=[old, revision]).count() == approvals


def test_a_revision_with_its_items_is_created_whole_or_not_at_all(
    monkeypatch, kommunalsjef, radgiver, amu
):
    people = {"director": kommunalsjef, "advisor": radgiver, "amu": amu}
    plan = plan_factories.advance(plan_factories.draft(kommunalsjef), "approved", **people)
    plans = ActionPlan.objects.count()
    monkeypatch.setattr(plan_lifecycle, "_record", fail_on_call(plan_lifecycle._record, 1))

    with pytest.raises(Injected):
        plan_services.plan_revise(plan=plan, user=kommunalsjef)

    assert ActionPlan.objects.count() == plans
    assert not ActionPlan.objects.filter(previous=plan).exists()


# --- time tracking -----------------------------------------------------------------------


def test_week_submission_is_not_recorded_when_the_entries_step_fails(monkeypatch, radgiver):
    entry = log(radgiver)
    monkeypatch.setattr(
        time_periods, "_set_week_entries", fail_after(time_periods._set_week_entries)
    )

    with pytest.raises(Injected):
        time_services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=entry.date)

    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT
    assert not WeekSubmission.objects.filter(
        advisor=advisor_of(radgiver),
        week_start=entry.date - datetime.timedelta(entry.date.weekday()),
    ).exists()


def test_returning_a_week_changes_nothing_and_mails_nobody_when_a_late_step_fails(
    monkeypatch, radgiver, bhtleder, no_mail_queued
):
    entry = log(radgiver)
    week = time_services.week_submit(user=radgiver, advisor=advisor_of(radgiver), start=entry.date)
    monkeypatch.setattr(time_periods, "notify", fail_after(time_periods.notify))

    with no_mail_queued(), pytest.raises(Injected):
        time_services.week_return(user=bhtleder, week=week, comment="Rett onsdag")

    week.refresh_from_db()
    entry.refresh_from_db()
    assert week.status == WeekStatus.SUBMITTED and week.comment == ""
    assert entry.status == EntryStatus.SUBMITTED


# --- core: main contact and imports --------------------------------------------------------


def test_changing_the_main_contact_keeps_the_current_one_when_the_new_row_fails(
    monkeypatch, bhtleder
):
    area = ServiceArea.objects.get(name="Helse og sosial")
    current = MainContact.objects.current().get(area=area)
    other = Advisor.objects.filter(is_active=True).exclude(pk=current.advisor_id).first()
    monkeypatch.setattr(MainContact.objects, "create", fail_on_call(MainContact.objects.create, 1))

    with pytest.raises(Injected):
        main_contact_assign(
            advisor=other,
            area=area,
            valid_from=timezone.localdate() + datetime.timedelta(days=1),
            by=bhtleder,
        )

    current.refresh_from_db()
    assert current.valid_to is None
    assert MainContact.objects.current().get(area=area).advisor_id == current.advisor_id


def test_an_organisation_import_that_fails_half_way_saves_no_row(monkeypatch):
    organisation = Organisation.objects.order_by("pk").first()
    rows = [
        imports.OrgRow(number=2, area="Testområde", employees="10"),
        imports.OrgRow(number=3, area="Testområde", unit="Testenhet", employees="8"),
        imports.OrgRow(
            number=4, area="Testområde", unit="Testenhet", department="Avd", employees="4"
        ),
    ]
    users = User.objects.count()
    monkeypatch.setattr(imports._Writer, "write", fail_on_call(imports._Writer.write, 3))

    with pytest.raises(Injected):
        imports.org_import(organisation=organisation, rows=rows, year=2026)

    assert not ServiceArea.objects.filter(name="Testområde").exists()
    assert User.objects.count() == users


def test_a_sick_leave_import_that_fails_half_way_saves_no_row(monkeypatch):
    organisation = Organisation.objects.order_by("pk").first()
    unit = (
        organisation.areas.order_by("pk").first().units.order_by("pk").first()  # type: ignore[union-attr]
    )
    rows = [
        {
            "number": n,
            "area": unit.area.name,
            "unit": unit.name,
            "department": "",
            "period_start": f"2019-0{n}-01",
            "period_end": f"2019-0{n}-28",
            "agreed_workdays": "100",
            "lost_self_certified": "1",
            "lost_doctor_certified": "2",
        }
        for n in (1, 2, 3)
    ]
    stats = SickLeaveStat.objects.count()
    monkeypatch.setattr(
        SickLeaveStat.objects,
        "update_or_create",
        fail_on_call(SickLeaveStat.objects.update_or_create, 2),
    )

    with pytest.raises(Injected):
        sick_leave.sick_leave_import(organisation=organisation, rows=rows)

    assert SickLeaveStat.objects.count() == stats


# --- reports -------------------------------------------------------------------------------


def test_a_report_run_that_fails_while_attaching_its_files_has_no_files(
    monkeypatch, settings, tmp_path, bhtleder, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    organisation = Organisation.objects.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=False):
        run = report_services.report_request(
            kind="hours_by_area", user=bhtleder, organisation=organisation, year=2020
        )
    monkeypatch.setattr(
        ReportFile.objects,
        "update_or_create",
        fail_on_call(ReportFile.objects.update_or_create, 2),
    )

    run = report_services.report_generate(run_id=run.pk)

    run = ReportRun.objects.get(pk=run.pk)
    assert run.status == RunStatus.FAILED
    assert not ReportFile.objects.filter(run=run).exists()
    # The rendered files were removed again: nothing points at them.
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
