"""Web security (issue 7; docs/security.md "Web security").

* `manage.py check --deploy` with production settings reports nothing;
* production answers carry HSTS, nosniff, X-Frame-Options, Referrer-Policy and a
  redirect to HTTPS (which a TLS proxy can take over), with secure cookies;
* every answer carries a Content-Security-Policy without 'unsafe-inline' scripts,
  and no rendered page needs one (no inline script, no on* attribute, no eval in htmx);
* every POST form carries the CSRF token, and a POST without it is refused.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent


# --- production settings -------------------------------------------------------


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "SESSION_", "CSRF_", "BEHIND_", "OIDC_"))
        # Set by tests/browser/conftest.py for Playwright in this process; a server
        # would not have it.
        and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "bht.example.no",
            "CSRF_TRUSTED_ORIGINS": "https://bht.example.no",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "bht.settings",
        }
    )
    env.update(extra)
    return env


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_settings_reports_nothing(tmp_path):
    result = _check_deploy(_production_env(tmp_path))

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNINGS" not in output


def test_check_deploy_would_catch_a_weakened_setting(tmp_path):
    result = _check_deploy(_production_env(tmp_path, SECURE_HSTS_SECONDS="0"))

    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
c = Client()
out = {}
plain = c.get("/api/v1/services/", HTTP_HOST="bht.example.no")
out["plain"] = [plain.status_code, plain.get("Location", "")]
proxied = c.get("/api/v1/services/", HTTP_HOST="bht.example.no", HTTP_X_FORWARDED_PROTO="https")
out["proxied"] = proxied.status_code
secure = c.get("/api/v1/services/", HTTP_HOST="bht.example.no", secure=True)
out["headers"] = dict(secure.headers)
out["cookies"] = [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,
                  settings.SESSION_COOKIE_HTTPONLY]
print(json.dumps(out))
"""


def _probe(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_the_security_headers_and_redirects_to_https(tmp_path):
    out = _probe(_production_env(tmp_path))

    assert out["plain"] == [301, "https://bht.example.no/api/v1/services/"]
    headers = out["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert out["cookies"] == [True, True, True]
    # Without BEHIND_TLS_PROXY, a forwarded-proto header is not believed.
    assert out["proxied"] == 301


def test_behind_a_tls_proxy_the_proxy_header_counts_and_the_redirect_can_be_left_to_it(
    tmp_path,
):
    out = _probe(_production_env(tmp_path, BEHIND_TLS_PROXY="1"))
    assert out["proxied"] != 301

    out = _probe(_production_env(tmp_path, SECURE_SSL_REDIRECT="0"))
    assert out["plain"][0] != 301


# --- Content-Security-Policy ---------------------------------------------------


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in policy.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


def test_every_answer_has_a_policy_without_inline_scripts(client, avdelingsleder):
    client.force_login(avdelingsleder)

    for path in (reverse("login"), reverse("home"), "/api/v1/services/", "/finnes-ikke/"):
        policy = client.get(path).headers["Content-Security-Policy"]
        directives = _directives(policy)
        assert directives["script-src"] == ["'self'"], path
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert "'unsafe-eval'" not in policy
        assert "'unsafe-inline'" not in directives.get("default-src", [])


def test_the_api_documentation_gets_its_own_policy_still_without_inline_scripts(client):
    policy = _directives(settings.CONTENT_SECURITY_POLICY_PATHS["/api/docs/"])

    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]


# --- crawling the rendered pages ----------------------------------------------

CRAWL_AS = ("bhtleder", "radgiver", "avdelingsleder", "kommunalsjef", "amu", "ansatt")
MAX_PAGES = 60
PER_PATTERN = 2
SKIP = ("/admin/", "/api/", "/static/", "/media/", "/i18n/", "/logg-ut/", "/oidc/")


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._open: list[dict] = []
        self.inline_problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for name, value in a.items():
            if name.startswith("on"):
                self.inline_problems.append(f"<{tag} {name}=...>")
            if name.startswith(("hx-on", "data-hx-on")):
                self.inline_problems.append(f"<{tag} {name}> (htmx eval)")
            if name in ("hx-vals", "hx-vars", "hx-headers") and value.strip().startswith(
                ("js:", "javascript:")
            ):
                self.inline_problems.append(f"<{tag} {name}={value[:40]!r}> (htmx eval)")
            if name == "hx-trigger" and "[" in value:
                self.inline_problems.append(f"<{tag} hx-trigger={value!r}> (htmx eval filter)")
            if name in ("href", "src", "action") and value.strip().lower().startswith(
                "javascript:"
            ):
                self.inline_problems.append(f"<{tag} {name}=javascript:...>")
        if tag == "script":
            kind = a.get("type", "text/javascript")
            if not a.get("src") and kind in ("", "text/javascript", "module"):
                self.inline_problems.append("inline <script>")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if a.get("hx-get"):
            self.links.append(a["hx-get"])
        if tag == "form":
            form = {
                "method": a.get("method", "get").lower(),
                "action": a.get("action", ""),
                "token": False,
                "id": a.get("id", ""),
            }
            self.forms.append(form)
            self._open.append(form)
        if tag == "input" and a.get("name") == "csrfmiddlewaretoken" and self._open:
            self._open[-1]["token"] = bool(a.get("value"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._open:
            self._open.pop()


def _pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _crawl(client: Client) -> dict[str, _PageParser]:
    """Follows the links (and htmx fragments) a user sees from the start page."""
    pages: dict[str, _PageParser] = {}
    seen: set[str] = set()
    per_pattern: Counter[str] = Counter()
    queue = deque([reverse("home")])
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc or parts.scheme or url in seen or parts.path.startswith(SKIP):
            continue
        seen.add(url)
        if per_pattern[_pattern(parts.path)] >= PER_PATTERN:
            continue
        per_pattern[_pattern(parts.path)] += 1
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _PageParser()
        parser.feed(response.content.decode())
        pages[url] = parser
        for link in parser.links:
            target = urljoin(url, link.split("#")[0])
            if target:
                queue.append(target)
    return pages


@pytest.fixture(scope="module")
def crawled(django_db_setup, django_db_blocker):
    """The pages each persona reaches, crawled once for the tests below."""
    from core.models import User

    result: dict[str, dict[str, _PageParser]] = {}
    # Reads write too (sessions, the access log): leave the database as it was.
    with django_db_blocker.unblock(), transaction.atomic():
        if not User.objects.filter(username="bhtleder").exists():
            # A transactional test before this module flushed the demo data.
            call_command("seed_demo", verbosity=0)
        for username in CRAWL_AS:
            client = Client()
            client.force_login(User.objects.get(username=username))
            result[username] = _crawl(client)
        transaction.set_rollback(True)
    return result


def test_the_crawl_reaches_the_main_pages(crawled):
    everything = {url for pages in crawled.values() for url in pages}

    for expected in (
        "/",
        "/bestillinger/ny/",
        "/bestillinger/arbeidsko/",
        "/timer/",
        "/handlingsplaner/",
        "/rapporter/",
        "/timer/hurtig/",
    ):
        assert expected in everything, sorted(everything)
    assert len(everything) > 40


def test_every_post_form_carries_the_csrf_token(crawled):
    missing = [
        f"{username} {url} form#{form['id']} action={form['action']!r}"
        for username, pages in crawled.items()
        for url, page in pages.items()
        for form in page.forms
        if form["method"] == "post" and not form["token"]
    ]
    post_forms = sum(
        form["method"] == "post"
        for pages in crawled.values()
        for page in pages.values()
        for form in page.forms
    )

    assert post_forms > 20
    assert not missing, "POST forms without csrfmiddlewaretoken:\n" + "\n".join(missing)


def test_no_rendered_page_needs_inline_script(crawled):
    problems = sorted(
        {
            f"{url}: {problem}"
            for pages in crawled.values()
            for url, page in pages.items()
            for problem in page.inline_problems
        }
    )

    assert not problems, "would be blocked by the Content-Security-Policy:\n" + "\n".join(problems)


# --- CSRF is enforced ------------------------------------------------------------


def _token(client: Client, path: str) -> str:
    client.get(path)
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def test_a_post_without_the_token_is_refused(avdelingsleder):
    client = Client(enforce_csrf_checks=True)
    client.force_login(avdelingsleder)

    refused = client.post(reverse("orders:create"), {"title": "Uten token"})
    assert refused.status_code == 403

    token = _token(client, reverse("orders:create"))
    accepted = client.post(
        reverse("orders:create"), {"title": "Med token", "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code != 403


def test_the_login_form_needs_the_token_too(demo_data):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("login"), {"username": "avdelingsleder", "password": settings.DEMO_PASSWORD}
    )

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_htmx_posts_send_the_token_in_a_header(radgiver):
    client = Client(enforce_csrf_checks=True)
    client.force_login(radgiver)
    page = client.get(reverse("home")).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in page

    refused = client.post(reverse("timetracking:quick-entry"), {}, HTTP_HX_REQUEST="true")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    accepted = client.post(
        reverse("timetracking:quick-entry"), {}, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token
    )

    assert refused.status_code == 403
    assert accepted.status_code != 403


def test_the_api_refuses_a_session_post_without_the_token(avdelingsleder):
    client = Client(enforce_csrf_checks=True)
    client.force_login(avdelingsleder)

    response = client.post("/api/v1/orders/", {}, content_type="application/json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_api_documentation_loads_its_start_script_as_a_file(client, avdelingsleder):
    client.force_login(avdelingsleder)

    page = client.get("/api/docs/").content.decode()
    parser = _PageParser()
    parser.feed(page)

    assert "inline <script>" not in parser.inline_problems
    assert client.get("/api/docs/?script=").status_code == 200


def test_the_admin_pages_need_no_inline_script(client, demo_data):
    from core.models import RoleAssignment, User
    from orders.models import Order

    client.force_login(User.objects.get(username="admin"))
    order = Order.objects.order_by("pk").first()
    role = RoleAssignment.objects.order_by("pk").first()
    problems = []
    for path in (
        "/admin/",
        "/admin/orders/order/",
        f"/admin/orders/order/{order.pk}/change/",
        f"/admin/orders/order/{order.pk}/history/",
        f"/admin/bht/roleassignment/{role.pk}/change/",
        "/admin/axes/accessattempt/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        parser = _PageParser()
        parser.feed(response.content.decode())
        problems += [f"{path}: {problem}" for problem in parser.inline_problems]

    assert not problems, "\n".join(problems)
