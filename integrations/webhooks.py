"""Webhooks: registering endpoints, the outbox, and sending signed deliveries.

`enqueue` is registered with core/events.py: it writes one outbox row per endpoint
that subscribes to the event, in the transaction of the change, and asks Celery to
send them after commit. `deliver` makes one attempt (recorded), and on failure sets
the next attempt after an exponentially growing pause; `sweep` (Celery beat, every
minute) sends whatever is due, so a lost task or a down receiver loses nothing.

Against SSRF: only https URLs (http and https to loopback only when DEBUG or
WEBHOOKS_ALLOW_LOOPBACK), and no host that resolves to a private, link-local or
otherwise non-public address unless WEBHOOKS_ALLOW_PRIVATE. The host is resolved
and checked again at every send, and the connection goes to the checked address
(no second DNS lookup, no redirects followed).
"""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import json
import logging
import secrets
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.events import EVENTS, Event
from core.models import User
from integrations.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from integrations.verify import signature_header

logger = logging.getLogger(__name__)

USER_AGENT = "BHT-CRM-Webhooks/1"
# Attempt n (1-based) failed: wait BACKOFF_BASE * 2**(n-1) seconds, at most BACKOFF_MAX.
BACKOFF_MAX = 6 * 60 * 60


def _setting(name: str, default: object) -> object:
    return getattr(settings, name, default)


def max_attempts() -> int:
    return int(_setting("WEBHOOKS_MAX_ATTEMPTS", 8))  # type: ignore[call-overload]


def backoff(attempts: int) -> datetime.timedelta:
    base = int(_setting("WEBHOOKS_BACKOFF_SECONDS", 30))  # type: ignore[call-overload]
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), BACKOFF_MAX))


# --- where a webhook may go --------------------------------------------------------


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def _loopback_allowed() -> bool:
    return bool(settings.DEBUG or _setting("WEBHOOKS_ALLOW_LOOPBACK", False))


# What WEBHOOKS_ALLOW_PRIVATE opens: the private ranges (RFC 1918, IPv6 unique local),
# nothing else. Link-local (the cloud metadata address), "this host" (0.0.0.0, ::),
# multicast and the other reserved ranges stay refused whatever the settings.
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)


def address_kind(address: str) -> str:
    """ "loopback", "private", "public" or "reserved" (an IPv4-mapped IPv6 address
    counts as the IPv4 address it maps: ::ffff:127.0.0.1 is loopback)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "loopback"
    if any(ip in network for network in PRIVATE_NETWORKS):
        return "private"
    return "public" if ip.is_global and not ip.is_multicast else "reserved"


def _check_addresses(scheme: str, kinds: set[str]) -> None:
    if kinds == {"loopback"}:
        if not _loopback_allowed():
            raise ApplicationError(_("Adressen peker til denne maskinen (loopback)."),
                                   field="url")  # fmt: skip
        return
    if scheme != "https":
        raise ApplicationError(_("Adressen må begynne med https://."), field="url")
    allowed = {"public", "private"} if _setting("WEBHOOKS_ALLOW_PRIVATE", False) else {"public"}
    if not kinds <= allowed:
        raise ApplicationError(
            _("Adressen peker til et privat eller reservert nett. Det er ikke tillatt."),
            field="url",
        )


def check_url(url: str) -> Target:
    """The checked target of `url`, or ApplicationError (field "url") saying why not."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ApplicationError(_("Ugyldig adresse."), field="url") from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise ApplicationError(_("Adressen må begynne med https://."), field="url")
    if parts.username or parts.password:
        raise ApplicationError(_("Adressen kan ikke inneholde brukernavn eller passord."),
                               field="url")  # fmt: skip
    try:
        infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise ApplicationError(_("Fant ikke vertsnavnet %(host)s.") % {"host": host},
                               field="url") from None  # fmt: skip
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
    _check_addresses(parts.scheme, {address_kind(a) for a in addresses})
    return Target(
        scheme=parts.scheme,
        host=host,
        port=port or (443 if parts.scheme == "https" else 80),
        path=(parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
        addresses=addresses,
    )


# --- registering ----------------------------------------------------------------------


def may_manage(user: User) -> bool:
    """The BHT manager of the whole BHT: a receiver gets the events of every client
    organisation (the outbox has no reader to scope by), so a manager limited to some
    clients may not register, list or read one (docs/security.md, "Several clients")."""
    from core import access
    from core.models import Role

    return user.is_superuser or (
        access.has_role(user, Role.BHT_MANAGER) and access.serves_every_organisation(user)
    )


def check_events(names: list[str]) -> list[str]:
    unknown = [n for n in names if n not in EVENTS]
    if unknown or not names:
        raise ApplicationError(
            _("Velg én eller flere av hendelsene: %(events)s.") % {"events": ", ".join(EVENTS)},
            field="events",
        )
    return list(dict.fromkeys(names))


@transaction.atomic
def endpoint_create(*, user: User, url: str, events: list[str]) -> WebhookEndpoint:
    if not may_manage(user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Bare leder av BHT kan registrere webhooks."))
    check_url(url)
    return WebhookEndpoint.objects.create(
        url=url,
        events=check_events(events),
        secret=f"whsec_{secrets.token_hex(24)}",
        created_by=user,
    )


# --- the outbox -------------------------------------------------------------------------


def body_for(event: Event) -> str:
    """The JSON sent: ids and a link, never content (so never anything confidential)."""
    return json.dumps(
        {
            "event": event.name,
            "id": str(event.id),
            "occurred_at": event.occurred_at.isoformat(),
            "data": {"type": event.obj_type, "id": event.obj_id, "url": event.url},
        },
        separators=(",", ":"),
    )


def enqueue(event: Event) -> list[WebhookDelivery]:
    """Registered with core.events: the outbox rows, sent after commit."""
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(is_active=True) if event.name in e.events
    ]
    if not endpoints:
        return []
    body = body_for(event)
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=e, event=event.name, event_id=event.id, body=body, next_attempt_at=now
            )
            for e in endpoints
        ]
    )
    ids = [d.pk for d in deliveries]

    def send() -> None:
        from integrations.tasks import webhook_deliver

        for pk in ids:
            try:
                webhook_deliver.delay(pk)
            except Exception:  # the broker is down: the sweep sends it later
                logger.warning("could not queue webhook delivery %s", pk, exc_info=True)

    transaction.on_commit(send)
    return deliveries


def _post(target: Target, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST to the checked address itself (not a fresh DNS lookup); the answer's status."""
    address = target.addresses[0]
    conn: http.client.HTTPConnection
    if target.scheme == "https":
        context = ssl.create_default_context()

        class PinnedHTTPS(http.client.HTTPSConnection):
            def connect(self) -> None:
                sock = socket.create_connection((address, self.port), self.timeout)
                self.sock = context.wrap_socket(sock, server_hostname=target.host)

        conn = PinnedHTTPS(target.host, target.port, timeout=timeout, context=context)
    else:
        conn = http.client.HTTPConnection(address, target.port, timeout=timeout)
    try:
        conn.request("POST", target.path, body=body, headers={"Host": target.host, **headers})
        response = conn.getresponse()
        response.read(64 * 1024)
        return response.status
    finally:
        conn.close()


def deliver(delivery_id: int, *, now: datetime.datetime | None = None) -> WebhookDelivery | None:
    """One attempt at a due, pending delivery (None if it is not due or not pending).

    The row is claimed with a short lease first, so a task and the sweep never send
    the same delivery at the same time."""
    moment = now or timezone.now()
    timeout = float(_setting("WEBHOOKS_TIMEOUT_SECONDS", 5))  # type: ignore[arg-type]
    lease = moment + datetime.timedelta(seconds=timeout + 30)
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=moment
    ).update(next_attempt_at=lease)
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    started = time.monotonic()
    status_code, error = _attempt(delivery, timeout)
    duration = int((time.monotonic() - started) * 1000)
    finished = now or timezone.now()
    _record(delivery, finished, status_code=status_code, error=error, duration=duration)
    if delivery.status == DeliveryStatus.PENDING and delivery.next_attempt_at is not None:
        _schedule_retry(delivery)
    return delivery


def _attempt(delivery: WebhookDelivery, timeout: float) -> tuple[int | None, str]:
    """POSTs the delivery once: (HTTP status or None, error or "")."""
    endpoint = delivery.endpoint
    status_code: int | None = None
    error = ""
    try:
        if not endpoint.is_active:
            raise ApplicationError(_("Mottakeren er slått av."))
        target = check_url(endpoint.url)
        body = delivery.body.encode()
        status_code = _post(
            target,
            body,
            {
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "X-BHT-Event": delivery.event,
                "X-BHT-Delivery": str(delivery.delivery_id),
                "X-BHT-Signature": signature_header(endpoint.secret, body, int(time.time())),
            },
            timeout,
        )
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}"
    except ApplicationError as exc:
        error = exc.message
    except (OSError, http.client.HTTPException) as exc:
        error = f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__
    return status_code, error


@transaction.atomic
def _record(
    delivery: WebhookDelivery,
    finished: datetime.datetime,
    *,
    status_code: int | None,
    error: str,
    duration: int,
) -> None:
    """Records the attempt, and what comes next: delivered, failed, or a retry time."""
    WebhookAttempt.objects.create(
        delivery=delivery,
        at=finished,
        status_code=status_code,
        error=error[:300],
        duration_ms=duration,
    )
    delivery.attempts += 1
    fields = ["attempts", "status", "next_attempt_at", "delivered_at"]
    if not error:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = finished
        delivery.next_attempt_at = None
    elif delivery.attempts >= max_attempts():
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = finished + backoff(delivery.attempts)
    delivery.save(update_fields=fields)


def _schedule_retry(delivery: WebhookDelivery) -> None:
    from integrations.tasks import webhook_deliver

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return  # in-process: the sweep (beat) picks it up when it is due
    countdown = max((delivery.next_attempt_at - timezone.now()).total_seconds(), 0)  # type: ignore[operator]
    try:
        webhook_deliver.apply_async((delivery.pk,), countdown=countdown)
    except Exception:
        logger.warning("could not schedule webhook retry %s", delivery.pk, exc_info=True)


def due_deliveries(now: datetime.datetime | None = None) -> list[int]:
    return list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now or timezone.now()
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:500]
    )


def sweep(now: datetime.datetime | None = None) -> int:
    """Sends every due delivery; the number of attempts made."""
    return sum(1 for pk in due_deliveries(now) if deliver(pk, now=now) is not None)
