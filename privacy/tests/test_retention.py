"""The retention sweep (privacy_retention, nightly in Celery beat)."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from bht.celery import app as celery_app
from core.models import AccessLog, Organisation, User
from orders.models import Inquiry, Order
from privacy import conf, selectors, services
from privacy.models import ErasureLog
from privacy.tests import helpers
from reports.kinds import amu_annual
from reports.render import canonical_json

pytestmark = pytest.mark.django_db
ERASED = conf.ERASED


def at(year: int, month: int = 3, day: int = 10):
    return time_machine.travel(
        datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC), tick=False
    )


@pytest.fixture
def cases(persona):
    leader = persona("avdelingsleder")
    closed = helpers.moment(2020)  # 3 March 2020
    return {
        "individual": helpers.order(
            reference="B-2020-9101",
            ordered_by=leader,
            closed=closed,
            confidential=True,
            title="Oppfølging av Anne Ansatt",
        ),
        "ordinary": helpers.order(
            reference="B-2020-9102",
            ordered_by=leader,
            closed=closed,
            confidential=False,
            title="Kartlegging av støy",
        ),
        "open": helpers.order(
            reference="B-2020-9103",
            ordered_by=leader,
            closed=None,
            confidential=True,
            title="Oppfølging av Berit Bakke",
        ),
        "inquiry": helpers.inquiry(
            caller=None, caller_name="Anne Ansatt", author=leader, responded=closed
        ),
    }


def titles(cases) -> dict[str, str]:
    return {
        key: (obj.title if isinstance(obj, Order) else obj.summary)
        for key, obj in ((k, type(v).objects.get(pk=v.pk)) for k, v in cases.items())
    }


def test_individual_cases_go_five_years_after_closing(cases):
    with at(2025, 3, 2):  # one day short of five years
        assert services.retention_sweep().counts["individual_order"] == 0
    assert titles(cases)["individual"] == "Oppfølging av Anne Ansatt"
    with at(2025, 3, 4):
        result = services.retention_sweep()
    assert result.counts["individual_order"] == 1
    assert result.counts["individual_inquiry"] == 1
    after = titles(cases)
    assert after["individual"] == ERASED
    assert after["inquiry"] == ERASED
    assert after["ordinary"] == "Kartlegging av støy"  # kept ten years
    assert after["open"] == "Oppfølging av Berit Bakke"  # never closed: kept
    assert Inquiry.objects.get(pk=cases["inquiry"].pk).caller_name == ERASED


def test_the_periods_come_from_the_settings(cases, settings):
    settings.PRIVACY_RETENTION_YEARS = {
        **settings.PRIVACY_RETENTION_YEARS,
        "individual_order": 8,
        "order": 2,
        "individual_inquiry": 0,  # kept
    }
    with at(2025, 3, 4):
        result = services.retention_sweep()
    assert result.counts["individual_order"] == 0
    assert result.counts["order"] >= 1
    assert result.counts["individual_inquiry"] == 0
    after = titles(cases)
    assert after["individual"] == "Oppfølging av Anne Ansatt"
    assert after["ordinary"] == ERASED
    assert after["inquiry"] != ERASED


def test_the_sweep_is_idempotent_and_the_dry_run_changes_nothing(cases):
    with at(2026):
        out = io.StringIO()
        call_command("privacy_retention", "--dry-run", stdout=out)
        assert "Prøvekjøring" in out.getvalue()
        assert titles(cases)["individual"] != ERASED
        first = services.retention_sweep()
        second = services.retention_sweep()
    assert first.counts["individual_order"] == 1
    assert second.counts["individual_order"] == 0 and second.counts["individual_inquiry"] == 0
    assert (
        ErasureLog.objects.filter(reason="retention", by=None).count()
        == first.total - first.counts["access_log"]
    )


def test_accounts_go_three_years_after_their_last_role():
    gone = helpers.make_user("gammel", "Gunnar", "Gammel", role_until=datetime.date(2021, 6, 30))
    recent = helpers.make_user("nyere", "Nora", "Nyere", role_until=datetime.date(2024, 6, 30))
    with at(2025, 1, 10):
        result = services.retention_sweep()
    assert result.counts["user"] >= 1
    gone.refresh_from_db()
    recent.refresh_from_db()
    assert gone.username == f"slettet-{gone.pk}" and not gone.is_active
    assert recent.username == "nyere" and recent.email == "nyere@example.no"
    # Every demo login still holds a role: none is touched.
    assert User.objects.filter(username="avdelingsleder", is_active=True).exists()


def test_finding_the_accounts_due_does_not_query_per_account(django_assert_max_num_queries):
    for n in range(6):
        helpers.make_user(
            f"gammel{n}", "Gunnar", f"Gammel{n}", role_until=datetime.date(2021, 6, 30)
        )
    with at(2025, 1, 10):
        now = datetime.datetime.now(datetime.UTC)
        with django_assert_max_num_queries(2):  # the candidates, then their roles
            due = selectors.users_due(now=now)
    assert {f"gammel{n}" for n in range(6)} <= {u.username for u in due}


def test_access_log_rows_go_after_five_years(persona):
    old = AccessLog.objects.create(
        user=persona("radgiver"),
        action="read",
        content_type_id=1,
        object_id="1",
        at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC),
    )
    new = AccessLog.objects.create(
        user=persona("radgiver"), action="read", content_type_id=1, object_id="1"
    )
    services.retention_sweep()
    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert AccessLog.objects.filter(pk=new.pk).exists()


def test_reports_for_past_years_give_the_same_numbers_after_the_sweep():
    """The demo history (2024–2026) is swept eleven years on, past every retention
    period; the annual reports to AMU for 2024 and 2025 must not change by one figure."""
    organisation = Organisation.objects.filter(areas__isnull=False).distinct().first()
    with at(2037):
        before = {
            year: canonical_json(amu_annual.build(organisation=organisation, year=year))
            for year in (2024, 2025)
        }
        result = services.retention_sweep()
        after = {
            year: canonical_json(amu_annual.build(organisation=organisation, year=year))
            for year in (2024, 2025)
        }
    assert result.counts["individual_order"] > 0  # the demo's confidential cases went
    assert result.counts["order"] > 0
    assert Order.objects.filter(title=ERASED).count() >= result.counts["order"]
    assert before == after


def test_the_sweep_runs_every_night_in_celery_beat():
    entry = celery_app.conf.beat_schedule["privacy-retention-sweep"]
    assert entry["task"] == "privacy.tasks.retention_sweep"
    from privacy.tasks import retention_sweep

    assert retention_sweep.name == entry["task"]
    assert entry["schedule"].hour == {2}
