"""Regressions from the review of the privacy app: the by-name route, who a case is
about, whole-word names, files deleted on commit, lock versions, copies of the name."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from actionplans.models import PlanItem
from core.errors import ApplicationError
from core.models import OutgoingMail, User
from orders.models import EventKind, Order, OrderEvent
from privacy import conf, render, selectors, services
from privacy.export import person_export
from privacy.tests import helpers
from reports.models import FileFormat, ReportFile, ReportKind, ReportRun

pytestmark = pytest.mark.django_db
ERASED = conf.ERASED


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _former(username: str = "tidligere") -> User:
    """A user whose roles ended in 2019: erasable."""
    return helpers.make_user(username, "Ola", "Testesen", role_until=datetime.date(2019, 12, 31))


# --- 1. the by-name route must not bypass the checks of an account -------------------


def test_a_name_that_belongs_to_an_account_is_refused(client, bhtleder, ansatt):
    name = ansatt.get_full_name().upper()
    person = selectors.person_for_name(name)
    plan = selectors.erasure_plan(person, by=bhtleder)
    assert "has_account" in plan.blocked_reasons and plan.refused
    assert [user.pk for user in plan.accounts] == [ansatt.pk]
    with pytest.raises(ApplicationError, match=ansatt.username):
        services.person_erase(person=person, by=bhtleder)
    with pytest.raises(CommandError, match="konto"):
        call_command("privacy_erase", "--name", name, stdout=io.StringIO())

    client.force_login(bhtleder)
    url = reverse("privacy:named-erase") + "?" + f"navn={name}"
    page = client.get(url).content.decode()
    assert reverse("privacy:person", kwargs={"username": ansatt.username}) in page
    assert 'name="bekreft"' not in page  # no form to confirm
    response = client.post(reverse("privacy:named-erase"), {"navn": name, "bekreft": "ja"})
    assert response.status_code == 400
    ansatt.refresh_from_db()
    assert ansatt.username == "ansatt" and ansatt.is_active


def test_the_name_of_a_superuser_is_refused_too(bhtleder):
    admin = User.objects.create(
        username="rot", first_name="Rita", last_name="Rotsen", is_superuser=True
    )
    helpers.order(
        reference="B-2024-9101",
        ordered_by=bhtleder,
        closed=None,
        confidential=False,
        title="Møte med Rita Rotsen",
    )
    with pytest.raises(ApplicationError):
        services.person_erase(person=selectors.person_for_name("Rita Rotsen"), by=None)
    assert Order.objects.get(reference="B-2024-9101").title == "Møte med Rita Rotsen"
    admin.refresh_from_db()
    assert admin.username == "rot"


# --- 2. being named in someone else's confidential case ------------------------------


def test_a_user_named_in_someone_elses_confidential_case_is_not_its_subject(
    avdelingsleder, radgiver, ansatt
):
    advisor_name = radgiver.get_full_name()
    case = helpers.order(
        reference="B-2024-9102",
        ordered_by=avdelingsleder,
        closed=helpers.moment(2024),
        confidential=True,
        title="Oppfølging av Lise Lydig",
        description=f"Lise Lydig er sykmeldt; {advisor_name} følger opp.",
    )
    inquiry = helpers.inquiry(
        caller=ansatt,
        caller_name=str(ansatt),
        author=ansatt,
        responded=helpers.moment(2024),
        summary=f"Vil snakke med {advisor_name} om kveldsturnusen.",
    )
    advisor = selectors.person_for_user(radgiver)
    assert case not in selectors.individual_orders_about(advisor)
    assert inquiry not in selectors.individual_inquiries_about(advisor)
    plan = selectors.erasure_plan(advisor)
    assert not plan.kept and "kept" not in plan.blocked_reasons
    data = json.dumps(json.loads(render.to_json(person_export(advisor))), ensure_ascii=False)
    assert "Lise Lydig" not in data and "J-2019-77" not in data
    assert "kveldsturnusen" not in data
    # The subjects still have them.
    assert case in selectors.individual_orders_about(selectors.person_for_name("Lise Lydig"))
    assert inquiry in selectors.individual_inquiries_about(selectors.person_for_user(ansatt))
    # The orderer of a confidential case is its subject.
    assert case in selectors.individual_orders_about(selectors.person_for_user(avdelingsleder))


# --- 3. whole words -------------------------------------------------------------------


def test_names_are_matched_as_whole_words(avdelingsleder):
    similar = helpers.order(
        reference="B-2024-9103",
        ordered_by=avdelingsleder,
        closed=None,
        confidential=False,
        title="Møte med Per Olsensen",
        description="Per Olsensens turnus.",
    )
    same = helpers.order(
        reference="B-2024-9104",
        ordered_by=avdelingsleder,
        closed=None,
        confidential=False,
        title="Samtale med per olsen.",
        description="(Per Olsen) og Per Olsensen",
    )
    other_case = helpers.order(
        reference="B-2019-9105",
        ordered_by=avdelingsleder,
        closed=helpers.moment(2019),
        confidential=True,
        title="Oppfølging av Per Olsensen",
    )
    person = selectors.person_for_name("Per Olsen")
    assert other_case not in selectors.individual_orders_about(person)
    plan = selectors.erasure_plan(person)
    assert not plan.due
    assert (str(Order._meta.verbose_name_plural), 1) in plan.mentions
    services.person_erase(person=person, by=None)
    similar.refresh_from_db()
    same.refresh_from_db()
    other_case.refresh_from_db()
    assert similar.title == "Møte med Per Olsensen"
    assert similar.description == "Per Olsensens turnus."
    assert same.title == f"Samtale med {ERASED}."
    assert same.description == f"({ERASED}) og Per Olsensen"
    assert other_case.title == "Oppfølging av Per Olsensen"


# --- 4. files go when the transaction commits ---------------------------------------


def _attachment(order: Order, actor: User) -> OrderEvent:
    event = OrderEvent(order=order, actor=actor, kind=EventKind.ATTACHMENT, file_name="r.pdf")
    event.file.save("r.pdf", ContentFile(b"%PDF-1.4"), save=False)
    event.save()
    return event


def _report_file(order: Order | None, **run: object) -> ReportFile:
    report_run = ReportRun.objects.create(
        kind=ReportKind.ORDER_REPORT if order else ReportKind.AMU_ANNUAL,
        order=order,
        params_key=f"privacy-review-{ReportRun.objects.count()}",
        **run,
    )
    report_file = ReportFile(run=report_run, format=FileFormat.PDF)
    report_file.file.save("rapport.pdf", ContentFile(b"%PDF-1.4"), save=False)
    report_file.save()
    return report_file


def test_files_are_kept_when_the_erasure_is_rolled_back(media, avdelingsleder):
    case = helpers.order(
        reference="B-2019-9106",
        ordered_by=avdelingsleder,
        closed=helpers.moment(2019),
        confidential=True,
        title="Oppfølging av Lise Lydig",
    )
    attachment = _attachment(case, avdelingsleder).file.name
    report = _report_file(case).file.name
    person = _former()
    person.photo.save("bilde.png", ContentFile(b"png"), save=True)
    photo = person.photo.name
    for name in (attachment, report, photo):
        assert default_storage.exists(name)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.order_scrub(order=case, record_type="individual_order", by=None, reason="request")
        services.user_pseudonymise(user=person, by=None, reason="request")
        raise RuntimeError("after the file step")
    for name in (attachment, report, photo):
        assert default_storage.exists(name), name


def test_files_are_deleted_once_the_erasure_commits(
    media, avdelingsleder, django_capture_on_commit_callbacks
):
    case = helpers.order(
        reference="B-2019-9107",
        ordered_by=avdelingsleder,
        closed=helpers.moment(2019),
        confidential=True,
        title="Oppfølging av Lise Lydig",
    )
    attachment = _attachment(case, avdelingsleder).file.name
    report = _report_file(case).file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.person_erase(person=selectors.person_for_name("Lise Lydig"), by=None)
    assert default_storage.exists(attachment) and default_storage.exists(report)
    for callback in callbacks:
        callback()
    assert not default_storage.exists(attachment) and not default_storage.exists(report)


# --- 5. lock versions ------------------------------------------------------------------


def test_erasure_bumps_the_lock_version(avdelingsleder):
    person = _former()
    named = helpers.order(
        reference="B-2024-9108",
        ordered_by=avdelingsleder,
        closed=None,
        confidential=False,
        title="Møte om turnus",
        description="Ola Testesen deltar.",
    )
    case = helpers.order(
        reference="B-2019-9109",
        ordered_by=person,
        closed=helpers.moment(2019),
        confidential=True,
        title="Tilrettelegging for Ola Testesen",
    )
    item = PlanItem.objects.order_by("pk").first()
    assert item is not None
    PlanItem.objects.filter(pk=item.pk).update(description="Ansvarlig: Ola Testesen")
    before = {
        "named": Order.objects.get(pk=named.pk).lock_version,
        "case": Order.objects.get(pk=case.pk).lock_version,
        "item": PlanItem.objects.get(pk=item.pk).lock_version,
    }
    result = services.person_erase(person=selectors.person_for_user(person), by=None)
    assert result.account_pseudonymised and result.cases_erased == 1
    assert Order.objects.get(pk=named.pk).lock_version > before["named"]
    assert Order.objects.get(pk=case.pk).lock_version > before["case"]
    item.refresh_from_db()
    assert item.description == f"Ansvarlig: {ERASED}"
    assert item.lock_version > before["item"]


# --- 6. copies of the name ---------------------------------------------------------


def test_the_name_is_replaced_in_mails_to_other_people():
    person = _former()
    mail = OutgoingMail.objects.create(
        to="leder@example.no",
        subject="Ny henvendelse fra Ola Testesen",
        body="Hei,\nOla Testesen har sendt en henvendelse.",
    )
    plan = selectors.erasure_plan(selectors.person_for_user(person))
    assert (str(OutgoingMail._meta.verbose_name_plural), 1) in plan.mentions
    services.person_erase(person=selectors.person_for_user(person), by=None)
    mail.refresh_from_db()
    assert "Testesen" not in mail.subject and "Testesen" not in mail.body
    assert mail.subject == f"Ny henvendelse fra {ERASED}"


def test_report_files_that_contain_the_name_are_listed_and_kept(
    media, client, bhtleder, avdelingsleder
):
    person = _former()
    named = helpers.order(
        reference="B-2024-9110",
        ordered_by=avdelingsleder,
        closed=None,
        confidential=False,
        title="Møte om turnus",
        description="Ola Testesen deltar.",
    )
    order_file = _report_file(named)
    annual_file = _report_file(None, recommendations="Takk til Ola Testesen.", year=2019)
    unrelated = _report_file(None, recommendations="Ingen navn her.", year=2020)
    plan = selectors.erasure_plan(selectors.person_for_user(person))
    assert {f.pk for f in plan.report_files} == {order_file.pk, annual_file.pk}
    client.force_login(bhtleder)
    page = client.get(reverse("privacy:person-erase", kwargs={"username": person.username}))
    assert "Rapportfiler som beholdes og inneholder navnet" in page.content.decode()
    out = io.StringIO()
    call_command("privacy_erase", "--user", person.username, "--dry-run", stdout=out)
    assert "Rapportfil som beholdes" in out.getvalue()

    services.person_erase(person=selectors.person_for_user(person), by=None)
    for report_file in (order_file, annual_file, unrelated):
        assert ReportFile.objects.filter(pk=report_file.pk).exists()
        assert default_storage.exists(report_file.file.name)


# --- 7. the error is described --------------------------------------------------------


def test_the_confirmation_error_is_linked_to_the_checkbox(client, bhtleder):
    person = _former()
    client.force_login(bhtleder)
    url = reverse("privacy:person-erase", kwargs={"username": person.username})
    response = client.post(url, {})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'aria-describedby="erase-error"' in page
    assert 'id="erase-error"' in page


# --- the commands ---------------------------------------------------------------------


def test_the_export_command_sanitises_the_file_name(tmp_path):
    out = tmp_path / "ut"
    call_command(
        "privacy_export",
        "--name",
        "../../Kari Nordmann",
        "--out",
        str(out),
        "--no-pdf",
        stdout=io.StringIO(),
    )
    written = list(tmp_path.rglob("*.json"))
    assert len(written) == 1 and written[0].parent == out
    assert "/" not in written[0].name and ".." not in written[0].name.removesuffix(".json")


def test_the_erase_command_refuses_an_empty_name():
    with pytest.raises(CommandError, match="tomt"):
        call_command("privacy_erase", "--name", "  ", stdout=io.StringIO())
