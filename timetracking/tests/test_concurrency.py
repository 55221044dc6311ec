"""Two requests at once must not both pass the 24-hour rule (PostgreSQL row locks)."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from core.errors import ApplicationError
from core.models import User
from timetracking import selectors, services
from timetracking.models import InternalActivity, TimeEntry
from timetracking.tests.factories import advisor_of

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers by itself"
    ),
]


def test_it_lets_only_one_of_two_concurrent_entries_pass_the_day_limit(
    transactional_db, monkeypatch
):
    from django.core.management import call_command

    if not User.objects.filter(username="radgiver").exists():
        call_command("seed_demo", verbosity=0)
    user = User.objects.get(username="radgiver")
    advisor = advisor_of(user)
    activity = InternalActivity.objects.order_by("pk").first()
    today = timezone.localdate()
    TimeEntry.objects.filter(advisor=advisor, date=today).delete()
    # Widen the window between reading the day's total and writing the entry, so
    # that without the advisor row lock both requests would read 0 and pass.
    original = selectors.day_total

    def slow_day_total(**kwargs):
        total = original(**kwargs)
        time.sleep(0.5)
        return total

    monkeypatch.setattr(selectors, "day_total", slow_day_total)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            services.time_entry_create(
                user=user,
                advisor=advisor,
                date=today,
                hours=Decimal(14),
                activity="internal",
                internal_activity=activity,
            )
            outcomes.append("ok")
        except ApplicationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    assert sum(e.hours for e in TimeEntry.objects.filter(advisor=advisor, date=today)) == 14
