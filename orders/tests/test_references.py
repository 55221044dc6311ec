"""Order references: B-<year>-<nnnn>, unique per organisation and year."""

import threading

import pytest
import time_machine
from django.db import connection

from core.models import Organisation
from orders.models import Order, ReferenceCounter
from orders.tests import factories as f


@pytest.mark.usefixtures("demo_data")
def test_it_numbers_orders_per_organisation_and_year():
    with time_machine.travel("2031-02-01 10:00 +01:00"):
        first = f.draft()
        second = f.draft()

    assert first.reference == "B-2031-0001"
    assert second.reference == "B-2031-0002"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writes; row locks need PostgreSQL (CI runs it there)",
)
def test_concurrent_creation_gives_distinct_references(demo_data):
    organisation = Organisation.objects.first()
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        try:
            barrier.wait()
            from django.db import transaction

            with transaction.atomic():
                results.append(f.draft().reference)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(8)]
    with time_machine.travel("2040-03-01 10:00 +01:00"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert not errors
    assert sorted(results) == [f"B-2040-{n:04d}" for n in range(1, 9)]
    assert ReferenceCounter.objects.get(organisation=organisation, year=2040).last_number == 8
    assert Order.objects.filter(reference__startswith="B-2040-").count() == 8
