"""A webhook receiver written from the README's contract alone, run as its own process.

It shares no code with the sender (not even integrations/verify.py) and has its own
clock, so the sender cannot pass by agreeing with itself: it recomputes
`hex HMAC-SHA256(secret, "<t>.<raw body>")` from the `X-BHT-Signature` header,
refuses a timestamp more than TOLERANCE seconds from its own clock (stale), and
refuses a signature it has already accepted (replayed). It answers 204 or 400.

    python independent_receiver.py PORT SECRET

`GET /log` returns what it got as JSON: [{"verdict", "event", "delivery", "body"}].
"""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import sys
import time

TOLERANCE = 300
SEEN: set[str] = set()
LOG: list[dict[str, str]] = []


def verdict(secret: bytes, body: bytes, header: str) -> str:
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if not fields.get("t", "").isdigit() or not fields.get("v1"):
        return "malformed"
    timestamp = int(fields["t"])
    if abs(time.time() - timestamp) > TOLERANCE:
        return "stale"
    expected = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256)
    if not hmac.compare_digest(expected.hexdigest(), fields["v1"]):
        return "forged"
    if fields["v1"] in SEEN:
        return "replayed"
    SEEN.add(fields["v1"])
    return "ok"


class Handler(http.server.BaseHTTPRequestHandler):
    secret = b""

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        result = verdict(self.secret, body, self.headers.get("X-BHT-Signature", ""))
        LOG.append(
            {
                "verdict": result,
                "event": self.headers.get("X-BHT-Event", ""),
                "delivery": self.headers.get("X-BHT-Delivery", ""),
                "signature": self.headers.get("X-BHT-Signature", ""),
                "body": body.decode(),
            }
        )
        self.send_response(204 if result == "ok" else 400)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        data = json.dumps(LOG).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


if __name__ == "__main__":
    Handler.secret = sys.argv[2].encode()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    print("ready", flush=True)
    server.serve_forever()
