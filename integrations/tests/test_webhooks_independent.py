"""Signed deliveries checked by an independent receiver in its own process
(independent_receiver.py: written from the README's contract, its own HMAC code and
its own clock). A replayed request and a delivery with a stale timestamp are
refused there; the refused delivery is kept and, signed anew, arrives later."""

from __future__ import annotations

import datetime
import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from integrations import webhooks
from integrations.models import DeliveryStatus, WebhookDelivery
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")
SCRIPT = Path(__file__).with_name("independent_receiver.py")


@pytest.fixture(autouse=True)
def loopback(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOKS_TIMEOUT_SECONDS = 5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def independent(api, bhtleder) -> Iterator[str]:
    """Registers a receiver on a free port, then starts it with the secret shown once."""
    url = f"http://127.0.0.1:{_free_port()}/bht-hook"
    api.force_authenticate(bhtleder)
    hook = api.post("/api/v1/webhooks/", {"url": url, "events": ["order.accepted"]}, format="json")
    assert hook.status_code == 201
    port = url.split(":")[2].split("/")[0]
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), port, hook.data["secret"]],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _log(url: str) -> list[dict[str, str]]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_it_accepts_a_delivery_and_refuses_its_replay(
    independent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = f.accepted()
    [first] = _log(independent)
    assert first["verdict"] == "ok" and first["event"] == "order.accepted"
    assert json.loads(first["body"])["data"]["id"] == order.pk
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED

    replay = urllib.request.Request(
        independent,
        data=first["body"].encode(),
        method="POST",
        headers={"X-BHT-Signature": first["signature"], "X-BHT-Event": first["event"]},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(replay, timeout=5)
    assert refused.value.code == 400
    assert _log(independent)[-1]["verdict"] == "replayed"


def test_a_stale_delivery_is_refused_and_arrives_later_signed_anew(
    independent, django_capture_on_commit_callbacks
):
    # The sender's clock ten minutes behind the receiver's: its timestamp is stale.
    with (
        time_machine.travel(timezone.now() - datetime.timedelta(minutes=10), tick=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        f.accepted()
    [stale] = _log(independent)
    assert stale["verdict"] == "stale"
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempt_log.get().status_code == 400

    # The clocks agree again: the retry is signed with a fresh timestamp.
    assert webhooks.sweep() == 1
    retried = _log(independent)[-1]
    assert retried["verdict"] == "ok" and retried["body"] == stale["body"]
    assert retried["delivery"] == stale["delivery"] == str(delivery.delivery_id)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2


def test_a_forged_signature_is_refused(independent):
    body = b'{"event":"order.accepted"}'
    now = int(timezone.now().timestamp())
    forged = urllib.request.Request(
        independent,
        data=body,
        method="POST",
        headers={"X-BHT-Signature": f"t={now},v1={'0' * 64}"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(forged, timeout=5)
    assert refused.value.code == 400
    assert _log(independent)[-1]["verdict"] == "forged"
