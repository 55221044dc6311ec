"""Single sign-on through OpenID Connect (issue 7, docs/security.md "Single sign-on").

A small identity provider runs on loopback (127.0.0.1, a port in 8300-8349) with
discovery, the authorize redirect, a token endpoint that issues RS256-signed ID
tokens, JWKS and userinfo, and checks the client secret, the redirect URI and
PKCE as Entra ID does. The whole authorization-code flow runs through Django's
test client and real HTTP between BHT-CRM and the provider.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

from core import accounts
from core.models import User

pytestmark = pytest.mark.usefixtures("demo_data")

CLIENT_ID = "bht-crm-test"
CLIENT_SECRET = "stub-secret"
PORTS = range(8300, 8350)


class StubProvider:
    """The identity provider's state: its key, issued codes and the signed-in person."""

    def __init__(self, port: int) -> None:
        self.issuer = f"http://127.0.0.1:{port}"
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "stub-key-1"
        self.codes: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        # Who "signs in" at the provider next; tests set the claims.
        self.claims: dict[str, Any] = {}
        self.audience = CLIENT_ID
        self.nonce_override: str | None = None
        self.requests: list[str] = []

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
            return 400, {}, b"unknown client"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce"),
            "challenge": query.get("code_challenge"),
            "claims": dict(self.claims),
        }
        target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
        return 302, {"Location": target}, b""

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None:
            return 400, {"error": "invalid_grant"}
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return 401, {"error": "invalid_client"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        verifier = form.get("code_verifier", "")
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        if challenge != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims = grant["claims"]
        id_token = jwt.encode(
            {
                "iss": self.issuer,
                "aud": self.audience,
                "sub": claims.get("sub", "stub-subject"),
                "iat": now,
                "exp": now + 300,
                "nonce": self.nonce_override or grant["nonce"],
                **{k: v for k, v in claims.items() if k != "sub"},
            },
            self.key,
            algorithm="RS256",
            headers={"kid": self.kid},
        )
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = claims
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        token = authorization.removeprefix("Bearer ").strip()
        if token not in self.tokens:
            return 401, {"error": "invalid_token"}
        return 200, {"sub": "stub-subject", **self.tokens[token]}


def _handler(provider: StubProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if not isinstance(body, bytes):
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            provider.requests.append(f"GET {parts.path}")
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/.well-known/openid-configuration":
                self._send(200, provider.discovery())
            elif parts.path == "/jwks":
                self._send(200, provider.jwks())
            elif parts.path == "/authorize":
                status, headers, body = provider.authorize(query)
                self._send(status, body, headers)
            elif parts.path == "/userinfo":
                self._send(*provider.userinfo(self.headers.get("Authorization", "")))
            else:
                self._send(404, {"error": "not found"})

        def do_POST(self) -> None:
            provider.requests.append(f"POST {self.path}")
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if self.path == "/token":
                self._send(*provider.token(form))
            else:
                self._send(404, {"error": "not found"})

    return Handler


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail("no free port in 8300-8349 for the stub identity provider")


@pytest.fixture
def provider(settings, monkeypatch):
    port = _free_port()
    stub = StubProvider(port)
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(stub))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY_URL = f"{stub.issuer}/.well-known/openid-configuration"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "core.accounts.OIDCBackend",
    ]
    accounts._discovery.cache_clear()
    yield stub
    server.shutdown()
    server.server_close()
    accounts._discovery.cache_clear()


def _sign_in(client, provider: StubProvider, next_url: str = "") -> Any:
    """Clicks the button, lets the provider sign the person in, and follows the way back."""
    start = reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else "")
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    assert to_provider["Location"].startswith(f"{provider.issuer}/authorize?")
    at_provider = requests.get(to_provider["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == reverse("oidc_authentication_callback")
    return client.get(f"{back.path}?{back.query}")


def test_the_login_page_offers_entra_id_when_configured(client, provider):
    page = client.get(reverse("login")).content.decode()

    assert "Logg inn med Microsoft Entra ID" in page
    assert reverse("oidc_authentication_init") in page


def test_single_sign_on_logs_in_the_user_with_that_email(client, provider, avdelingsleder):
    provider.claims = {"email": avdelingsleder.email.upper(), "name": "Fra Entra"}

    response = _sign_in(client, provider, next_url="/tjenester/")

    assert response.status_code == 302
    assert response["Location"] == "/tjenester/"
    assert client.session["_auth_user_id"] == str(avdelingsleder.pk)
    assert client.session["_auth_user_backend"] == "core.accounts.OIDCBackend"
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert home.context["user"] == avdelingsleder
    # Discovery, authorize, token, JWKS and userinfo were all used.
    for call in (
        "GET /.well-known/openid-configuration",
        "GET /authorize",
        "POST /token",
        "GET /jwks",
        "GET /userinfo",
    ):
        assert call in provider.requests


def test_without_a_known_email_the_username_decides(client, provider, radgiver):
    provider.claims = {
        "email": "ukjent@example.org",
        "preferred_username": f"{radgiver.username}@fjordby.onmicrosoft.com",
    }

    _sign_in(client, provider)

    assert client.session["_auth_user_id"] == str(radgiver.pk)


def test_an_unknown_person_is_not_logged_in_and_no_user_is_created(client, provider):
    provider.claims = {"email": "ny.person@example.org", "preferred_username": "ny.person"}
    users = User.objects.count()

    response = _sign_in(client, provider)

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users
    page = client.get(reverse("login")).content.decode()
    assert "Innloggingen med Microsoft Entra ID lyktes ikke" in page


def test_an_inactive_user_is_not_logged_in(client, provider, avdelingsleder):
    avdelingsleder.is_active = False
    avdelingsleder.save()
    provider.claims = {"email": avdelingsleder.email}

    _sign_in(client, provider)

    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("tamper", ["audience", "nonce"])
def test_an_id_token_for_another_client_or_request_is_refused(
    client, provider, avdelingsleder, tamper
):
    provider.claims = {"email": avdelingsleder.email}
    if tamper == "audience":
        provider.audience = "another-application"
    else:
        provider.nonce_override = "replayed-nonce"

    response = _sign_in(client, provider)

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_single_sign_on_is_off_without_configuration(client):
    page = client.get(reverse("login")).content.decode()

    assert "Logg inn med" not in page
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404
