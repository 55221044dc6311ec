"""Playwright harness: Debian's Chromium against pytest-django's live server.

Playwright's own browser download does not work in CI's closed network, so the
tests drive the system Chromium (`apt-get install chromium`, /usr/bin/chromium;
CHROMIUM_PATH overrides). Playwright's `launch()` gives every run a fresh
temporary profile (it refuses a --user-data-dir argument of its own).

live_server tests are transactional: the database is flushed after each one, so
the `page` fixture asks the root conftest's `demo_data` to re-seed when needed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.helpers import fail_on_csp_violations, start_audit

# Playwright's sync API keeps an asyncio event loop running in the main thread,
# which makes Django refuse ORM calls from test code ("async unsafe") although
# nothing runs concurrently there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# No network but package registries in CI: nothing may try to phone home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 10_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    # Lets the `page` fixture know whether the test failed, to keep a screenshot.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM_PATH, os.X_OK):
        message = (
            f"BROWSER TESTS NOT RUN: no Chromium at {CHROMIUM_PATH}. "
            "Install Debian's package (`apt-get install chromium`) or set CHROMIUM_PATH."
        )
        if running_in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(
    browser: Browser, live_server, demo_data, request: pytest.FixtureRequest
) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, locale="nb-NO", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    tab = context.new_page()
    audit = start_audit(tab, live_server.url)

    yield tab

    call_report = getattr(request.node, "report_call", None)
    if call_report is not None and call_report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        try:
            tab.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
        except Exception as exc:  # a screenshot must never hide the real failure
            print(f"screenshot failed: {exc}")
        for error in audit.server_errors:
            print(f"server error during the test: {error}")
    context.close()

    if call_report is not None and call_report.passed:
        if audit.server_errors:
            pytest.fail(
                "the server answered with an error:\n  " + "\n  ".join(audit.server_errors),
                pytrace=False,
            )
        fail_on_csp_violations(audit)
        if unchecked := audit.unchecked():
            pytest.fail(
                "pages visited without an accessibility check (call check_accessibility): "
                + ", ".join(unchecked),
                pytrace=False,
            )
