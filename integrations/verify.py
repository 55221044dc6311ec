"""Verify a BHT-CRM webhook on the receiving side (README, "Webhooks").

Standard library only: copy this file into the receiving system, or import it.

    verifier = WebhookVerifier(secret)
    try:
        verifier.verify(body=request_body_bytes, signature=headers["X-BHT-Signature"])
    except VerificationError as exc:
        return 400, str(exc)

The header is `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the secret>`.
A request is rejected when the signature does not match, when its timestamp is more
than `tolerance` seconds away from the receiver's clock (stale, or a replay of an
old request), and when the same signature was already accepted (a replay within the
window). A retried delivery is signed anew, so it passes; de-duplicate on the
X-BHT-Delivery header (the same id on every attempt of one delivery).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time

DEFAULT_TOLERANCE = 300  # seconds


class VerificationError(Exception):
    pass


def signature_header(secret: str, body: bytes, timestamp: int) -> str:
    """The X-BHT-Signature value for `body` sent at `timestamp`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def _parse(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        # ASCII digits only: isdigit alone admits "²", which int() refuses.
        if key == "t" and value.isascii() and value.isdigit() and len(value) <= 12:
            timestamp = int(value)
        elif key == "v1" and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise VerificationError("malformed signature header")
    return timestamp, signatures


class WebhookVerifier:
    """Checks signatures and remembers the ones it accepted within the tolerance."""

    def __init__(self, secret: str, *, tolerance: int = DEFAULT_TOLERANCE) -> None:
        self.secret = secret
        self.tolerance = tolerance
        self._seen: dict[str, int] = {}
        self._lock = threading.Lock()

    def verify(self, *, body: bytes, signature: str, now: float | None = None) -> None:
        """Raises VerificationError unless the request is authentic, fresh and new."""
        moment = int(time.time() if now is None else now)
        timestamp, given = _parse(signature or "")
        if abs(moment - timestamp) > self.tolerance:
            raise VerificationError("stale timestamp")
        expected = signature_header(self.secret, body, timestamp).split("v1=", 1)[1]
        if not any(hmac.compare_digest(expected, value) for value in given):
            raise VerificationError("signature mismatch")
        with self._lock:
            for key, at in list(self._seen.items()):
                if moment - at > self.tolerance:
                    del self._seen[key]
            key = f"{timestamp}:{expected}"
            if key in self._seen:
                raise VerificationError("replayed request")
            self._seen[key] = timestamp
