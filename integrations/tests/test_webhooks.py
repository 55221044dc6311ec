"""Webhooks against a real HTTP receiver on loopback: signed deliveries from the
outbox, sent after commit; a receiver that is down, slow or answering 500 loses
nothing (each attempt recorded, retried with growing pauses); SSRF checks."""

from __future__ import annotations

import datetime
import json
import time
import urllib.error
import urllib.request

import pytest
import time_machine
from django.utils import timezone

from core import events
from integrations import webhooks
from integrations.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from integrations.tests.receiver import Receiver
from integrations.verify import VerificationError, WebhookVerifier, signature_header
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")
HOOKS = "/api/v1/webhooks/"


@pytest.fixture(autouse=True)
def loopback(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOKS_TIMEOUT_SECONDS = 1
    settings.WEBHOOKS_BACKOFF_SECONDS = 30


@pytest.fixture
def receiver():
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


def register(api, user, receiver, events_=("order.accepted",)):
    api.force_authenticate(user)
    response = api.post(HOOKS, {"url": receiver.url, "events": list(events_)}, format="json")
    assert response.status_code == 201, response.data
    receiver.secret = response.data["secret"]
    return response.data


def test_an_accepted_order_reaches_the_receiver_signed_and_without_content(
    api, bhtleder, receiver, django_capture_on_commit_callbacks
):
    hook = register(api, bhtleder, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        order = f.accepted(confidential=True, title="Gravid ansatt: tilrettelegging")

    assert len(receiver.received) == 1
    got = receiver.received[0]
    assert got.verified == "ok"
    assert got.headers["X-BHT-Event"] == "order.accepted"
    payload = json.loads(got.body)
    assert set(payload) == {"event", "id", "occurred_at", "data"}
    assert payload["event"] == "order.accepted"
    assert payload["data"] == {
        "type": "order",
        "id": order.pk,
        "url": f"http://127.0.0.1:8000/api/v1/orders/{order.pk}/",
    }
    assert b"Gravid" not in got.body and b"tilrettelegging" not in got.body
    delivery = WebhookDelivery.objects.get()
    assert got.headers["X-BHT-Delivery"] == str(delivery.delivery_id)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1

    listed = api.get(f"{HOOKS}{hook['id']}/deliveries/").data["results"]
    assert [(d["event"], d["status"], d["attempts"]) for d in listed] == [
        ("order.accepted", "delivered", 1)
    ]
    assert listed[0]["attempt_log"][0]["status_code"] == 204


def test_the_secret_is_shown_once(api, bhtleder, receiver):
    hook = register(api, bhtleder, receiver)
    assert hook["secret"].startswith("whsec_")
    assert "secret" not in api.get(f"{HOOKS}{hook['id']}/").data
    assert all("secret" not in row for row in api.get(HOOKS).data["results"])


def test_only_subscribed_events_are_delivered(api, bhtleder, receiver):
    register(api, bhtleder, receiver, events_=("plan.approved",))
    f.accepted()
    assert not WebhookDelivery.objects.exists()


# --- an independent verifier ------------------------------------------------------


def test_the_verifier_rejects_forgeries_replays_and_stale_requests():
    body = b'{"event":"order.accepted"}'
    now = int(time.time())
    header = signature_header("whsec_x", body, now)
    verifier = WebhookVerifier("whsec_x")

    verifier.verify(body=body, signature=header, now=now)
    with pytest.raises(VerificationError, match="replayed"):
        verifier.verify(body=body, signature=header, now=now + 1)
    with pytest.raises(VerificationError, match="stale"):
        WebhookVerifier("whsec_x").verify(body=body, signature=header, now=now + 301)
    with pytest.raises(VerificationError, match="mismatch"):
        WebhookVerifier("whsec_other").verify(body=body, signature=header, now=now)
    with pytest.raises(VerificationError, match="mismatch"):
        WebhookVerifier("whsec_x").verify(body=body + b" ", signature=header, now=now)
    with pytest.raises(VerificationError, match="malformed"):
        WebhookVerifier("whsec_x").verify(body=body, signature="v1=abc", now=now)


def test_the_receiver_rejects_a_replayed_delivery(
    api, bhtleder, receiver, django_capture_on_commit_callbacks
):
    register(api, bhtleder, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        f.accepted()
    first = receiver.received[0]

    signature = first.headers["X-BHT-Signature"]
    replay = urllib.request.Request(
        receiver.url, data=first.body, method="POST", headers={"X-BHT-Signature": signature}
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(replay, timeout=5)
    assert caught.value.code == 400
    assert receiver.received[1].verified == "replayed request"


# --- nothing lost ---------------------------------------------------------------------


def _fail_first(receiver: Receiver, how: str) -> None:
    if how == "down":
        receiver.stop()
    else:
        receiver.mode = how


@pytest.mark.parametrize("how", ["down", "slow", "error"])
def test_a_failing_receiver_loses_nothing(
    api, bhtleder, receiver, how, django_capture_on_commit_callbacks
):
    register(api, bhtleder, receiver)
    _fail_first(receiver, how)
    with django_capture_on_commit_callbacks(execute=True):
        order = f.accepted()

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    attempt = delivery.attempt_log.get()
    if how == "error":
        assert attempt.status_code == 500 and attempt.error == "HTTP 500"
    else:
        assert attempt.status_code is None
        assert ("timed out" in attempt.error) if how == "slow" else ("Refused" in attempt.error)
    first_retry = delivery.next_attempt_at
    assert first_retry - attempt.at == datetime.timedelta(seconds=30)

    # Not due yet: the sweep leaves it alone.
    assert webhooks.sweep(now=attempt.at + datetime.timedelta(seconds=10)) == 0
    # Still failing at the first retry: the pause doubles.
    assert webhooks.sweep(now=first_retry) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at - first_retry == datetime.timedelta(seconds=60)

    if how == "down":
        receiver.start()  # back on the same port
    receiver.mode = "ok"
    with time_machine.travel(delivery.next_attempt_at, tick=True):
        assert webhooks.sweep() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3
    last = receiver.received[-1]
    assert last.verified == "ok"  # signed anew at each attempt
    assert json.loads(last.body)["data"]["id"] == order.pk
    assert last.headers["X-BHT-Delivery"] == str(delivery.delivery_id)
    assert [a.status_code for a in delivery.attempt_log.all()][-1] == 204


def test_it_gives_up_after_the_last_attempt_and_keeps_the_record(api, bhtleder, receiver, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 2
    hook = register(api, bhtleder, receiver)
    receiver.mode = "error"
    f.accepted()  # the outbox row is written with the change
    delivery = WebhookDelivery.objects.get()
    assert webhooks.sweep() == 1
    delivery.refresh_from_db()
    assert webhooks.sweep(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.next_attempt_at is None
    listed = api.get(f"{HOOKS}{hook['id']}/deliveries/").data["results"]
    assert [len(d["attempt_log"]) for d in listed] == [2]


def test_an_event_rolled_back_sends_nothing(api, bhtleder, receiver):
    register(api, bhtleder, receiver)
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        f.accepted()
        raise RuntimeError("the change fails")
    assert not WebhookDelivery.objects.exists()
    assert receiver.received == []


# --- where a webhook may go (SSRF) -------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://93.184.215.14/hook", "https://"),
        ("ftp://93.184.215.14/hook", "https://"),
        ("https://10.1.2.3/hook", "privat"),
        ("https://192.168.0.10/hook", "privat"),
        ("https://169.254.169.254/latest/meta-data", "privat"),
        ("https://[::ffff:10.0.0.1]/hook", "privat"),
        ("https://user:pw@93.184.215.14/hook", "brukernavn"),
    ],
)
def test_it_refuses_addresses_outside_the_public_internet(api, bhtleder, url, message):
    api.force_authenticate(bhtleder)
    response = api.post(HOOKS, {"url": url, "events": ["order.accepted"]}, format="json")
    assert response.status_code == 400
    assert message in response.data["url"][0]
    assert not WebhookEndpoint.objects.exists()


def test_loopback_needs_debug_or_the_setting(api, bhtleder, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    settings.DEBUG = False
    api.force_authenticate(bhtleder)
    response = api.post(
        HOOKS, {"url": "http://127.0.0.1:9/hook", "events": ["order.accepted"]}, format="json"
    )
    assert response.status_code == 400 and "loopback" in response.data["url"][0]


def test_under_debug_loopback_may_be_plain_http_but_nothing_else(api, bhtleder, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    settings.DEBUG = True
    api.force_authenticate(bhtleder)
    for url in ("http://127.0.0.1:9/hook", "http://localhost:9/hook", "https://[::1]:9/hook"):
        response = api.post(HOOKS, {"url": url, "events": ["order.accepted"]}, format="json")
        assert response.status_code == 201, (url, response.data)
    for url, message in (
        ("http://93.184.215.14/hook", "https://"),
        ("https://10.0.0.1/", "privat"),
    ):
        response = api.post(HOOKS, {"url": url, "events": ["order.accepted"]}, format="json")
        assert response.status_code == 400 and message in response.data["url"][0]


def test_private_ranges_are_allowed_by_the_setting(api, bhtleder, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    api.force_authenticate(bhtleder)
    response = api.post(
        HOOKS, {"url": "https://10.1.2.3/hook", "events": ["week.approved"]}, format="json"
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "url",
    [
        "https://169.254.169.254/latest/meta-data",  # link-local: cloud metadata
        "https://[fe80::1]/hook",
        "https://0.0.0.0/hook",  # "this host": reaches loopback on Linux
        "https://[::]/hook",
        "https://[::ffff:127.0.0.1]/hook",  # loopback, mapped into IPv6
        "https://224.0.0.1/hook",  # multicast
        "https://192.0.2.1/hook",  # documentation range
    ],
)
def test_allowing_private_ranges_opens_nothing_else(api, bhtleder, settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    settings.DEBUG = False
    api.force_authenticate(bhtleder)
    response = api.post(HOOKS, {"url": url, "events": ["week.approved"]}, format="json")
    assert response.status_code == 400, response.data
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "url", ["https://172.16.5.4/hook", "https://192.168.1.2/hook", "https://[fd00::1]/hook"]
)
def test_the_setting_opens_the_private_ranges(api, bhtleder, settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    api.force_authenticate(bhtleder)
    response = api.post(HOOKS, {"url": url, "events": ["week.approved"]}, format="json")
    assert response.status_code == 201, response.data


def test_a_public_https_address_is_accepted(api, bhtleder):
    api.force_authenticate(bhtleder)
    response = api.post(
        HOOKS, {"url": "https://93.184.215.14/hook", "events": ["report.done"]}, format="json"
    )
    assert response.status_code == 201


def test_the_address_is_checked_again_when_sending(
    api, bhtleder, receiver, settings, django_capture_on_commit_callbacks
):
    register(api, bhtleder, receiver)
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    settings.DEBUG = False
    with django_capture_on_commit_callbacks(execute=True):
        f.accepted()
    assert receiver.received == []
    attempt = WebhookDelivery.objects.get().attempt_log.get()
    assert "loopback" in attempt.error


def test_unknown_events_are_refused_per_field(api, bhtleder, receiver):
    api.force_authenticate(bhtleder)
    response = api.post(HOOKS, {"url": receiver.url, "events": ["order.eaten"]}, format="json")
    assert response.status_code == 400 and "events" in response.data


@pytest.mark.parametrize("username", ["radgiver", "merkantil", "kommunalsjef", "radmann"])
def test_only_the_bht_manager_manages_webhooks(api, persona, username, receiver):
    api.force_authenticate(persona(username))
    assert api.get(HOOKS).status_code == 403
    response = api.post(HOOKS, {"url": receiver.url, "events": ["order.accepted"]}, format="json")
    assert response.status_code == 403


# --- every event is published by its service ------------------------------------------------


def test_every_event_is_published_by_its_service(
    monkeypatch, kommunalsjef, radgiver, amu, bhtleder, django_capture_on_commit_callbacks
):
    from actionplans.tests import factories as plans
    from core.models import Organisation
    from reports import services as reports
    from timetracking import services as timetracking
    from timetracking.tests.factories import advisor_of, clear_week, log

    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(events, "_handlers", [lambda e: seen.append((e.name, e.obj_type))])
    f.delivered()
    f.services.order_decline(
        order=f.submitted(), user=bhtleder, reason_code="capacity", reason="Ikke kapasitet nå"
    )
    plans.advance(
        plans.draft(kommunalsjef), "approved", director=kommunalsjef, advisor=radgiver, amu=amu
    )
    clear_week(radgiver)
    log(radgiver)
    week = timetracking.week_submit(
        user=radgiver, advisor=advisor_of(radgiver), start=timezone.localdate()
    )
    timetracking.week_approve(user=bhtleder, week=week)
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_request(
            kind="hours_by_area",
            user=bhtleder,
            organisation=Organisation.objects.get(slug="fjordby"),
            year=2020,
        )
    assert set(seen) == {
        ("order.submitted", "order"),
        ("order.accepted", "order"),
        ("order.delivered", "order"),
        ("order.declined", "order"),
        ("plan.approved", "plan"),
        ("week.approved", "week"),
        ("report.done", "report"),
    }


def test_the_handler_is_registered_at_start():
    assert webhooks.enqueue in events._handlers
