"""The notification outbox: a mail row per address in the caller's transaction,
sent by a task after commit, once, and retried until the mail server takes it."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from core import notifications
from core.models import OutgoingMail
from core.tests.factories import UserFactory


@pytest.fixture
def anne(db):
    return UserFactory(username="anne", email="anne@example.no")


def test_it_queues_a_row_and_sends_it_after_commit(anne, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(recipients=[anne], subject="Ny bestilling", body="Se BHT-CRM.")
        row = OutgoingMail.objects.get()
        assert row.sent_at is None and mail.outbox == []

    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1
    assert [m.to for m in mail.outbox] == [["anne@example.no"]]


def test_a_redelivered_task_does_not_send_twice(anne, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notifications.notify(recipients=[anne], subject="Ny bestilling", body="Se BHT-CRM.")
    row = OutgoingMail.objects.get()

    assert notifications.outgoing_mail_send(mail_id=row.pk) is True
    assert notifications.outgoing_mail_send(mail_id=row.pk) is False

    assert len(mail.outbox) == 1


def test_a_mail_server_outage_keeps_the_mail_for_later(
    anne, monkeypatch, django_capture_on_commit_callbacks
):
    def smtp_down(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    smtp_up = notifications.send_mail
    monkeypatch.setattr(notifications, "send_mail", smtp_down)
    # The user's work commits; the failed send neither raises nor loses the mail.
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(recipients=[anne], subject="Ny bestilling", body="Se BHT-CRM.")
    row = OutgoingMail.objects.get()
    assert row.sent_at is None
    assert row.attempts >= 1 and "smtp down" in row.last_error

    monkeypatch.setattr(notifications, "send_mail", smtp_up)
    queued = notifications.outgoing_mail_resend_unsent(older_than=datetime.timedelta(0))

    assert queued == 1
    row.refresh_from_db()
    assert row.sent_at is not None
    assert [m.subject for m in mail.outbox] == ["Ny bestilling"]


def test_the_sweep_leaves_sent_and_fresh_mail_alone(anne, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(recipients=[anne], subject="Sendt", body=".")
    with django_capture_on_commit_callbacks(execute=False):
        notifications.notify(recipients=[anne], subject="Nettopp laget", body=".")

    # The unsent one is younger than five minutes: its own task is still due.
    assert notifications.outgoing_mail_resend_unsent() == 0
    assert len(mail.outbox) == 1


def test_the_sweep_deletes_mail_sent_long_ago(anne, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(recipients=[anne], subject="Gammel", body=".")
        notifications.notify(recipients=[anne], subject="Ny", body=".")
    OutgoingMail.objects.filter(subject="Gammel").update(
        sent_at=timezone.now() - datetime.timedelta(days=31)
    )

    notifications.outgoing_mail_resend_unsent()

    assert list(OutgoingMail.objects.values_list("subject", flat=True)) == ["Ny"]
