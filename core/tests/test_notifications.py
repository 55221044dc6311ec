from django.core import mail
from django.db import transaction

from core.notifications import notify
from core.tests.factories import UserFactory


def test_it_sends_after_commit_to_distinct_addresses(db, django_capture_on_commit_callbacks):
    anne = UserFactory(username="anne", email="anne@example.no")
    silent = UserFactory(username="silent", email="")

    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[anne, anne, silent, None], subject="Ny bestilling", body="Se BHT-CRM.")

    assert [m.to for m in mail.outbox] == [["anne@example.no"]]
    assert mail.outbox[0].subject == "Ny bestilling"


def test_it_sends_nothing_when_the_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    anne = UserFactory(username="anne", email="anne@example.no")

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(recipients=[anne], subject="Ny bestilling", body="Se BHT-CRM.")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    assert mail.outbox == []
