"""Erasure of one person: scrub what has passed its retention, pseudonymise the rest."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import AccessLog, User
from orders.models import Inquiry, Order, OrderEvent, OrderFeedback
from privacy import conf, selectors, services
from privacy.export import person_export
from privacy.models import ErasureLog
from privacy.tests import helpers
from timetracking.models import TimeEntry

pytestmark = pytest.mark.django_db
ERASED = conf.ERASED


def test_it_pseudonymises_the_person_and_keeps_the_rows():
    world = helpers.person_everywhere(closed=helpers.moment(2019))
    person = world.person
    other = helpers.order(
        reference="B-2024-9002",
        ordered_by=User.objects.get(username="avdelingsleder"),
        closed=None,
        confidential=False,
        title="Møte om turnus",
        description="Petra Privatsen deltar i arbeidsgruppen.",
    )
    services.person_erase(person=selectors.person_for_user(person), by=None)

    person.refresh_from_db()
    assert person.username == f"slettet-{person.pk}"
    assert (person.first_name, person.last_name, person.email, person.phone) == (
        ERASED,
        "",
        "",
        "",
    )
    assert not person.is_active and not person.has_usable_password()
    assert person.department is None
    # The individual case about the person, closed in 2019: scrubbed, still counted.
    inquiry = Inquiry.objects.get(pk=world.inquiry.pk)
    assert (inquiry.summary, inquiry.advice_given, inquiry.caller_name) == (ERASED,) * 3
    assert inquiry.caller is None
    assert inquiry.author.username == "slettet-person"
    assert inquiry.category_id == world.inquiry.category_id
    assert inquiry.department_id == world.inquiry.department_id
    assert inquiry.received_at == world.inquiry.received_at
    # Her name elsewhere is replaced; the record stays.
    other.refresh_from_db()
    assert other.description == f"{ERASED} deltar i arbeidsgruppen."
    assert Order.history.filter(id=other.pk).exists()
    assert not Order.history.filter(id=other.pk, description__contains="Privatsen").exists()
    assert other.title == "Møte om turnus"
    order = Order.objects.get(pk=world.order.pk)
    assert order.description == f"{ERASED} ønsker måling av CO2."
    assert order.ordered_by_id == person.pk  # the row points at the pseudonymised account
    # Rows she wrote stay, with her name replaced in the text.
    assert OrderEvent.objects.get(pk=world.event.pk).text == "Kommentar fra Petra"
    assert TimeEntry.objects.get(pk=world.entry.pk).hours == world.entry.hours
    assert OrderFeedback.objects.get(order=world.order).overall == 4
    assert AccessLog.objects.filter(user=person).count() == 1
    assert ErasureLog.objects.filter(record_type="user", object_id=str(person.pk)).exists()
    assert ErasureLog.objects.filter(
        record_type="individual_inquiry", object_id=str(inquiry.pk)
    ).exists()
    # Nothing about her is left to find by name.
    export = person_export(selectors.person_for_name("Petra Privatsen"))
    assert all(not s.rows for s in export.sections if s.key in ("inquiries", "orders"))


def test_it_scrubs_the_audit_history_of_an_erased_case(persona):
    leader = persona("avdelingsleder")
    case = helpers.order(
        reference="B-2019-9003",
        ordered_by=leader,
        closed=helpers.moment(2019),
        confidential=True,
        title="Oppfølging av Lise Lydig",
        description="Lise Lydig er gravid og trenger tilrettelegging.",
    )
    case.title = "Oppfølging av Lise Lydig (endret)"
    case.save()
    history = Order.history.filter(id=case.pk)
    assert history.filter(title__contains="Lise").exists()
    services.person_erase(person=selectors.person_for_name("Lise Lydig"), by=None)
    case.refresh_from_db()
    assert (case.title, case.description, case.journal_reference) == (ERASED,) * 3
    assert not history.filter(title__contains="Lise").exists()
    assert not history.filter(description__contains="Lise").exists()
    assert case.status == "cancelled" and case.category_id is not None


def test_it_keeps_cases_within_their_retention_and_the_account_with_them():
    person = helpers.make_user("nylig", "Nina", "Nylig", role_until=datetime.date(2024, 6, 30))
    recent = helpers.inquiry(
        caller=person, caller_name=str(person), author=person, responded=helpers.moment(2024)
    )
    old = helpers.inquiry(
        caller=person, caller_name=str(person), author=person, responded=helpers.moment(2019)
    )
    plan = selectors.erasure_plan(selectors.person_for_user(person))
    assert [line.obj.pk for line in plan.kept] == [recent.pk]
    assert plan.possible_from == datetime.date(2029, 3, 3)
    result = services.person_erase(person=selectors.person_for_user(person), by=None)
    assert result.cases_erased == 1 and not result.account_pseudonymised
    person.refresh_from_db()
    assert person.username == "nylig" and person.email == "nylig@example.no"
    assert Inquiry.objects.get(pk=old.pk).summary == ERASED
    assert Inquiry.objects.get(pk=recent.pk).summary != ERASED
    # Once the retention has passed, the same request erases all.
    with time_machine.travel(datetime.datetime(2029, 3, 5, tzinfo=datetime.UTC), tick=False):
        result = services.person_erase(person=selectors.person_for_user(person), by=None)
    assert result.account_pseudonymised
    assert Inquiry.objects.get(pk=recent.pk).summary == ERASED


def test_it_refuses_a_person_with_active_roles(ansatt):
    with pytest.raises(Exception, match="aktive roller"):
        services.person_erase(person=selectors.person_for_user(ansatt), by=None)
    with pytest.raises(CommandError, match="aktive roller"):
        call_command("privacy_erase", "--user", "ansatt", stdout=io.StringIO())
    ansatt.refresh_from_db()
    assert ansatt.is_active and ansatt.username == "ansatt"


def test_the_dry_run_changes_nothing():
    world = helpers.person_everywhere(closed=helpers.moment(2019))
    out = io.StringIO()
    call_command("privacy_erase", "--user", "privat", "--dry-run", stdout=out)
    assert "Prøvekjøring" in out.getvalue()
    assert "Henvendelse" in out.getvalue()
    world.person.refresh_from_db()
    assert world.person.username == "privat"
    assert not ErasureLog.objects.exists()
    call_command("privacy_erase", "--user", "privat", stdout=io.StringIO())
    world.person.refresh_from_db()
    assert world.person.username.startswith("slettet-")


def test_the_page_asks_for_confirmation(client, bhtleder):
    world = helpers.person_everywhere(closed=helpers.moment(2019))
    client.force_login(bhtleder)
    url = reverse("privacy:person-erase", kwargs={"username": world.person.username})
    page = client.get(url).content.decode()
    assert "Henvendelse" in page and "bekreft" in page
    assert client.post(url, {}).status_code == 400
    world.person.refresh_from_db()
    assert world.person.username == "privat"
    response = client.post(url, {"bekreft": "ja"})
    assert response.status_code == 302
    world.person.refresh_from_db()
    assert world.person.username.startswith("slettet-")
    assert ErasureLog.objects.filter(by=bhtleder, reason="request").exists()


def test_the_page_refuses_erasing_an_active_person(client, bhtleder, ansatt):
    client.force_login(bhtleder)
    url = reverse("privacy:person-erase", kwargs={"username": ansatt.username})
    response = client.post(url, {"bekreft": "ja"})
    assert response.status_code == 400
    assert "aktive roller" in response.content.decode()
    ansatt.refresh_from_db()
    assert ansatt.username == "ansatt"


def test_the_annual_report_for_the_year_is_the_same_after_erasure():
    from core.models import Organisation
    from reports.kinds import amu_annual
    from reports.render import canonical_json

    world = helpers.person_everywhere(closed=helpers.moment(2019))
    organisation = Organisation.objects.get(pk=world.order.organisation_id)
    before = canonical_json(amu_annual.build(organisation=organisation, year=2019))
    result = services.person_erase(person=selectors.person_for_user(world.person), by=None)
    assert result.cases_erased == 1 and result.account_pseudonymised
    assert canonical_json(amu_annual.build(organisation=organisation, year=2019)) == before
