"""E-mail in: `import_mail` (mbox, Maildir, .eml), threading, quarantine, idempotency."""

from __future__ import annotations

import io
import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core import mail as django_mail
from django.core.management import call_command
from django.urls import reverse

from core import confidentiality
from core.models import OutgoingMail
from orders import services
from orders.inbound import InboundMail, Outcome, inquiry_receive_email
from orders.models import Channel, Inquiry, InquiryMessage, InquiryOutcome

pytestmark = pytest.mark.django_db


def message(
    *,
    sender: str,
    subject: str,
    body: str,
    message_id: str | None,
    in_reply_to: str | None = None,
    name: str = "",
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = f"{name} <{sender}>" if name else sender
    msg["To"] = "bht@fjordby.kommune.no"
    msg["Subject"] = subject
    if message_id:
        msg["Message-ID"] = f"<{message_id}>"
    if in_reply_to:
        msg["In-Reply-To"] = f"<{in_reply_to}>"
        msg["References"] = f"<{in_reply_to}>"
    msg.set_content(body)
    return msg


def run_import(path: Path) -> str:
    out = io.StringIO()
    call_command("import_mail", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def email_inquiries():
    return Inquiry.objects.filter(channel=Channel.EMAIL)


def test_it_imports_an_mbox_once_however_often_it_runs(tmp_path, ansatt):
    path = tmp_path / "bht.mbox"
    box = mailbox.mbox(str(path))
    box.add(
        message(
            sender=ansatt.email.upper(),
            name="Anne Ansatt",
            subject="Støy i kantina",
            body="Kan BHT måle støyen hos oss?",
            message_id="m1@fjordby.kommune.no",
        )
    )
    box.add(
        message(
            sender="ukjent@example.org",
            subject="Spørsmål om kurs",
            body="Har dere kurs i førstehjelp?",
            message_id="m2@example.org",
        )
    )
    box.flush()
    box.close()
    before = email_inquiries().count()

    assert "Nye henvendelser: 2" in run_import(path)
    assert "allerede importert: 2" in run_import(path)

    assert email_inquiries().count() == before + 2
    known = email_inquiries().get(messages__message_id="m1@fjordby.kommune.no")
    # The sender is matched to the user by address (case does not matter).
    assert known.author == ansatt and known.caller == ansatt
    assert known.department == ansatt.department
    assert known.outcome == InquiryOutcome.PENDING and known.confidential
    assert known.summary.startswith("Støy i kantina")
    stranger = email_inquiries().get(messages__message_id="m2@example.org")
    assert stranger.author is None and stranger.sender_email == "ukjent@example.org"
    assert stranger.organisation.slug == "fjordby"


def test_it_reads_a_maildir_a_folder_of_eml_and_one_eml(tmp_path, ansatt):
    maildir = mailbox.Maildir(str(tmp_path / "Maildir"))
    maildir.add(
        message(sender=ansatt.email, subject="A", body="Fra maildir", message_id="md1@x.no")
    )
    folder = tmp_path / "eml"
    folder.mkdir()
    for n in (1, 2):
        (folder / f"{n}.eml").write_bytes(
            message(
                sender=ansatt.email, subject=f"E{n}", body="Fra eml", message_id=f"e{n}@x.no"
            ).as_bytes()
        )
    single = tmp_path / "one.eml"
    single.write_bytes(
        message(sender=ansatt.email, subject="S", body="Én fil", message_id="s1@x.no").as_bytes()
    )

    assert "Nye henvendelser: 1" in run_import(tmp_path / "Maildir")
    assert "Nye henvendelser: 2" in run_import(folder)
    assert "Nye henvendelser: 1" in run_import(single)
    assert "allerede importert: 1" in run_import(single)
    assert (
        InquiryMessage.objects.filter(
            message_id__in=["md1@x.no", "e1@x.no", "e2@x.no", "s1@x.no"]
        ).count()
        == 4
    )


def test_it_imports_a_message_without_message_id_once(tmp_path, ansatt):
    path = tmp_path / "no-id.eml"
    path.write_bytes(
        message(sender=ansatt.email, subject="Uten ID", body="Hei", message_id=None).as_bytes()
    )
    before = email_inquiries().count()
    run_import(path)
    run_import(path)
    assert email_inquiries().count() == before + 1


def test_it_refuses_a_missing_path(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Finner ikke"):
        call_command("import_mail", str(tmp_path / "nope.mbox"))


def test_a_reply_to_the_bht_answer_threads_into_the_same_inquiry(
    ansatt, radgiver, django_capture_on_commit_callbacks
):
    first = InboundMail(
        message_id="q1@fjordby.kommune.no",
        sender_email=ansatt.email,
        subject="Stol på kontoret",
        body="Hvilken stol bør vi kjøpe?",
    )
    inquiry, outcome = inquiry_receive_email(mail=first)
    assert outcome is Outcome.NEW

    with django_capture_on_commit_callbacks(execute=True):
        services.inquiry_respond(inquiry=inquiry, user=radgiver, advice_given="Se etter X.")
    answer = OutgoingMail.objects.filter(to=ansatt.email).exclude(message_id="").get()
    assert f"[BHT-H{inquiry.pk}]" in answer.subject
    # The answer to a confidential inquiry carries no content, only a link.
    assert "Se etter X." not in answer.body
    sent = [m for m in django_mail.outbox if m.to == [ansatt.email]][-1]
    assert sent.extra_headers["Message-ID"] == f"<{answer.message_id}>"

    reply = InboundMail(
        message_id="q2@fjordby.kommune.no",
        sender_email=ansatt.email,
        subject="Re: Svar fra BHT",
        body="Takk, men hva med bord?",
        references=(answer.message_id,),
    )
    threaded, outcome = inquiry_receive_email(mail=reply)
    assert outcome is Outcome.REPLY and threaded.pk == inquiry.pk
    inquiry.refresh_from_db()
    # Back in triage, with its first response time kept.
    assert inquiry.outcome == InquiryOutcome.PENDING and inquiry.responded_at is not None
    assert list(inquiry.messages.values_list("direction", flat=True)) == ["in", "out", "in"]


def test_the_subject_token_threads_only_mail_from_the_same_sender(ansatt, tjenesteleder):
    inquiry, _ = inquiry_receive_email(
        mail=InboundMail(message_id="t1@x.no", sender_email=ansatt.email, subject="Hei", body="a")
    )
    token = f"SV: Hei [BHT-H{inquiry.pk}]"
    same, outcome = inquiry_receive_email(
        mail=InboundMail(message_id="t2@x.no", sender_email=ansatt.email, subject=token, body="b")
    )
    assert outcome is Outcome.REPLY and same.pk == inquiry.pk
    other, outcome = inquiry_receive_email(
        mail=InboundMail(
            message_id="t3@x.no", sender_email=tjenesteleder.email, subject=token, body="c"
        )
    )
    assert outcome is Outcome.NEW and other.pk != inquiry.pk


def test_a_message_with_health_information_is_quarantined(
    client, ansatt, radgiver, bhtleder, merkantil
):
    inquiry, _ = inquiry_receive_email(
        mail=InboundMail(
            message_id="h1@x.no",
            sender_email=ansatt.email,
            subject="Oppfølging",
            body="Jeg er sykmeldt med diagnose ryggprolaps.",
        )
    )
    assert inquiry.quarantined and inquiry.confidential
    assert confidentiality.inquiry_content_visible(radgiver, inquiry)
    # Not the office, and not even the sender: the text belongs in the journal system.
    assert not confidentiality.inquiry_content_visible(merkantil, inquiry)
    assert not confidentiality.inquiry_content_visible(ansatt, inquiry)

    client.force_login(radgiver)
    detail = client.get(reverse("orders:inquiry-detail", kwargs={"pk": inquiry.pk}))
    assert "ryggprolaps" in detail.content.decode() and "I karantene" in detail.content.decode()
    for path in (reverse("orders:inquiry-list"), reverse("orders:queue") + "?fane=inquiries"):
        listing = client.get(path)
        assert listing.status_code == 200 and "ryggprolaps" not in listing.content.decode()
    # The BHT manager's queue (Arbeidskø) lists it, by its placeholder title only.
    client.force_login(bhtleder)
    queue = client.get(reverse("orders:queue") + "?fane=inquiries").content.decode()
    assert f'href="{reverse("orders:inquiry-detail", kwargs={"pk": inquiry.pk})}' in queue
    assert "ryggprolaps" not in queue and "Oppfølging" not in queue

    client.force_login(ansatt)
    own = client.get(reverse("orders:inquiry-detail", kwargs={"pk": inquiry.pk}))
    assert own.status_code == 200 and "ryggprolaps" not in own.content.decode()


def test_a_clean_thread_is_quarantined_by_a_flagged_reply(ansatt):
    inquiry, _ = inquiry_receive_email(
        mail=InboundMail(message_id="c1@x.no", sender_email=ansatt.email, subject="Hei", body="a")
    )
    assert not inquiry.quarantined
    inquiry_receive_email(
        mail=InboundMail(
            message_id="c2@x.no",
            sender_email=ansatt.email,
            subject="Re: Hei",
            body="Fødselsnummeret mitt er 01019012345.",
            references=("c1@x.no",),
        )
    )
    inquiry.refresh_from_db()
    assert inquiry.quarantined


def test_an_unknown_sender_without_a_default_organisation_is_reported(tmp_path, settings, ansatt):
    from core.models import Organisation

    Organisation.objects.create(name="Annen kunde", slug="annen")
    path = tmp_path / "x.eml"
    path.write_bytes(
        message(sender="ukjent@x.no", subject="A", body="B", message_id="u1@x.no").as_bytes()
    )
    err = io.StringIO()
    out = io.StringIO()
    call_command("import_mail", str(path), stdout=out, stderr=err)
    assert "feilet: 1" in out.getvalue() and "INQUIRY_DEFAULT_ORGANISATION" in err.getvalue()
    settings.INQUIRY_DEFAULT_ORGANISATION = "annen"
    assert "Nye henvendelser: 1" in run_import(path)
    assert Inquiry.objects.get(messages__message_id="u1@x.no").organisation.slug == "annen"


def test_erasing_the_sender_scrubs_the_e_mail_thread():
    from privacy import conf, selectors, services
    from privacy.export import person_export
    from privacy.tests import helpers

    world = helpers.person_everywhere(closed=helpers.moment(2019))
    person = world.person
    person.email = "petra.privatsen@fjordby.kommune.no"
    person.save(update_fields=["email"])
    inquiry = world.inquiry
    inquiry.sender_email = person.email
    inquiry.save(update_fields=["sender_email"])
    InquiryMessage.objects.create(
        inquiry=inquiry,
        message_id="erase-1@x.no",
        sender_email=person.email,
        subject="Fra Petra Privatsen",
        body="Hilsen Petra Privatsen",
    )
    # The export finds the thread's inquiry by the sender's address too.
    export = person_export(selectors.person_for_user(person))
    assert any(s.rows for s in export.sections if s.key == "inquiries")

    services.person_erase(person=selectors.person_for_user(person), by=None)

    message = InquiryMessage.objects.get(message_id="erase-1@x.no")
    assert (message.subject, message.body, message.sender_email) == (conf.ERASED, conf.ERASED, "")
    inquiry.refresh_from_db()
    assert inquiry.sender_email == ""


def test_the_api_shows_a_quarantined_text_to_bht_professionals_only(api, ansatt, radgiver):
    inquiry, _ = inquiry_receive_email(
        mail=InboundMail(
            message_id="api-q@x.no",
            sender_email=ansatt.email,
            subject="Oppfølging",
            body="Diagnosen min er ryggprolaps.",
        )
    )
    url = f"/api/v1/inquiries/{inquiry.pk}/"
    api.force_authenticate(radgiver)
    shown = api.get(url).json()
    assert "ryggprolaps" in shown["summary"] and shown["quarantined"] is True
    assert shown["sender_email"] == ansatt.email
    listed = api.get("/api/v1/inquiries/?page_size=200").json()["results"]
    assert all("ryggprolaps" not in row["summary"] for row in listed)
    api.force_authenticate(ansatt)
    own = api.get(url).json()
    assert "ryggprolaps" not in own["summary"] and own["sender_email"] == ""


def test_the_demo_has_the_sample_e_mails(verneombud):
    sample = Inquiry.objects.get(messages__message_id="demo-001@fjordby.kommune.no")
    assert sample.channel == Channel.EMAIL and sample.author == verneombud
    assert list(sample.messages.values_list("message_id", flat=True)) == [
        "demo-001@fjordby.kommune.no",
        "demo-002@fjordby.kommune.no",
    ]
    stranger = Inquiry.objects.get(messages__message_id="demo-003@example.org")
    assert stranger.author is None and stranger.caller_name == "Hanne Moe"
