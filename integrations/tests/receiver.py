"""A real HTTP receiver on loopback for the webhook tests (http.server in a thread).

`mode` decides the answer: "ok" (204), "error" (500) or "slow" (sleeps `delay`
seconds, longer than the sender's timeout, then 204). `stop()` takes it down
(connection refused); `start()` brings it back on the same port. It verifies each
request with integrations/verify.py, as a receiving system would."""

from __future__ import annotations

import http.server
import threading
import time
from dataclasses import dataclass, field

from integrations.verify import VerificationError, WebhookVerifier


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    verified: str  # "ok" or the verifier's reason


@dataclass
class Receiver:
    port: int = 0
    mode: str = "ok"
    delay: float = 2.0
    secret: str = ""
    received: list[Received] = field(default_factory=list)
    _server: http.server.ThreadingHTTPServer | None = None
    _verifier: WebhookVerifier | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/bht"

    def start(self) -> Receiver:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                verified = "ok"
                if receiver.secret:
                    if receiver._verifier is None:
                        receiver._verifier = WebhookVerifier(receiver.secret)
                    try:
                        receiver._verifier.verify(
                            body=body, signature=self.headers.get("X-BHT-Signature", "")
                        )
                    except VerificationError as exc:
                        verified = str(exc)
                receiver.received.append(
                    Received(self.path, dict(self.headers.items()), body, verified)
                )
                if receiver.mode == "slow":
                    time.sleep(receiver.delay)
                code = 500 if receiver.mode == "error" else 204
                if verified != "ok":
                    code = 400
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
