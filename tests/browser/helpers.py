"""What a browser journey does on every page: log in, check accessibility, use the keyboard.

Universal design (DESIGN.md §6) is a legal duty, so every page a journey visits is
checked with axe-core; the `page` fixture fails a test that visited a page it did
not check.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Page

LOGIN_PATH = "/logg-inn/"
FAILING_IMPACTS = frozenset({"serious", "critical"})
MAX_NODES_SHOWN = 5

_axe = Axe()


def page_key(url: str) -> str:
    """A visited page: path and query, without the fragment."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class PageAudit:
    """Pages a test's browser tab visited and the ones axe checked."""

    visited: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    server_errors: list[str] = field(default_factory=list)
    # Console errors from the Content-Security-Policy (bht/middleware.py): a blocked
    # inline script, event attribute, eval or style means a feature silently broke.
    csp_violations: list[str] = field(default_factory=list)

    def unchecked(self) -> list[str]:
        return [key for key in dict.fromkeys(self.visited) if key not in self.checked]


_audits: weakref.WeakKeyDictionary[Page, PageAudit] = weakref.WeakKeyDictionary()


def start_audit(page: Page, server_url: str) -> PageAudit:
    audit = PageAudit()
    _audits[page] = audit

    def on_navigated(frame: Any) -> None:
        if frame.parent_frame is None and frame.url.startswith(server_url):
            audit.visited.append(page_key(frame.url))

    def on_response(response: Any) -> None:
        if response.status >= 500 and response.url.startswith(server_url):
            audit.server_errors.append(
                f"{response.status} {response.request.method} {response.url}"
            )

    def on_console(message: Any) -> None:
        text = message.text
        if message.type == "error" and "Content Security Policy" in text:
            audit.csp_violations.append(f"{page_key(page.url)}: {text}")

    page.on("framenavigated", on_navigated)
    page.on("response", on_response)
    page.on("console", on_console)
    return audit


def fail_on_csp_violations(audit: PageAudit | None) -> None:
    if audit is not None and audit.csp_violations:
        pytest.fail(
            "the Content-Security-Policy blocked something:\n  "
            + "\n  ".join(audit.csp_violations),
            pytrace=False,
        )


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core: {len(violations)} serious/critical violation(s) on {url}"]
    for violation in violations:
        lines.append(
            f"  [{violation.get('impact')}] {violation['id']}: {violation.get('help', '')}"
        )
        lines.append(f"    {violation.get('helpUrl', '')}")
        nodes = violation.get("nodes", [])
        for node in nodes[:MAX_NODES_SHOWN]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    - {target}")
            lines.append(f"      {node.get('html', '').strip()[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            lines.append(f"        {summary}")
        if len(nodes) > MAX_NODES_SHOWN:
            lines.append(f"    ... and {len(nodes) - MAX_NODES_SHOWN} more element(s)")
    return "\n".join(lines)


def check_accessibility(page: Page) -> None:
    """Runs axe-core on the page as it is now; fails on serious or critical violations."""
    page.wait_for_load_state("load")
    audit = _audits.get(page)
    if audit is not None and audit.server_errors:
        pytest.fail(
            "the server answered with an error:\n  " + "\n  ".join(audit.server_errors),
            pytrace=False,
        )
    fail_on_csp_violations(audit)
    results = _axe.run(page)
    if audit is not None:
        audit.checked.add(page_key(page.url))
    violations = [
        v for v in results.response.get("violations", []) if v.get("impact") in FAILING_IMPACTS
    ]
    if violations:
        pytest.fail(format_violations(page.url, violations), pytrace=False)


# How the page fits its window: the document's width, the window's, the header's
# height, and the first elements that stick out of a parent that fits.
FIT_JS = """() => ({
  scrollWidth: document.scrollingElement.scrollWidth,
  innerWidth: window.innerWidth,
  header: (document.querySelector("header") || {getBoundingClientRect: () => ({height: 0})})
    .getBoundingClientRect().height,
  wide: [...document.querySelectorAll("main *")]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
      && e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "")),
})"""


def assert_no_sideways_scroll(page: Page) -> dict[str, Any]:
    """Nothing on the page scrolls sideways (a wide table scrolls inside itself)."""
    fit: dict[str, Any] = page.evaluate(FIT_JS)
    assert fit["scrollWidth"] <= fit["innerWidth"], (
        f"{page.url} scrolls sideways at {fit['innerWidth']} px "
        f"(scrollWidth {fit['scrollWidth']}); too wide: {fit['wide']}"
    )
    return fit


def login(page: Page, username: str, password: str | None = None) -> None:
    """Logs in through the login form, as a person would, and lands on the start page."""
    page.goto(LOGIN_PATH)
    check_accessibility(page)
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill(password or settings.DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Logg inn").click()
    if urlsplit(page.url).path == LOGIN_PATH:
        text = page.locator("body").inner_text()[:400]
        pytest.fail(f"login as {username!r} failed; the page says:\n{text}", pytrace=False)


_FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const name = (el.getAttribute('aria-label') || el.innerText || el.value || '')
    .replace(/\\s+/g, ' ').trim();
  return {
    tag: el.tagName.toLowerCase(),
    name: name,
    href: el.getAttribute('href'),
    focusVisible: el.matches(':focus-visible'),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
  };
}"""


@dataclass(frozen=True)
class Focus:
    tag: str
    name: str
    href: str | None
    focus_visible: bool
    outline_style: str
    outline_width: float
    box_shadow: str

    @property
    def indicator_shown(self) -> bool:
        """A focus ring drawn by an outline or a box shadow, as :focus-visible styles do."""
        outline = self.outline_style != "none" and self.outline_width > 0
        shadow = self.box_shadow not in ("", "none")
        return self.focus_visible and (outline or shadow)

    def describe(self) -> str:
        return f"<{self.tag} href={self.href!r}> {self.name!r}"


def focused(page: Page) -> Focus | None:
    info = page.evaluate(_FOCUS_JS)
    if info is None:
        return None
    return Focus(
        tag=info["tag"],
        name=info["name"],
        href=info["href"],
        focus_visible=info["focusVisible"],
        outline_style=info["outlineStyle"],
        outline_width=info["outlineWidth"],
        box_shadow=info["boxShadow"],
    )


def tab_to(page: Page, name: str, *, max_presses: int = 80) -> Focus:
    """Presses Tab until an element whose accessible text contains `name` has focus."""
    seen: list[str] = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        focus = focused(page)
        if focus is None:
            continue
        if name in focus.name:
            return focus
        seen.append(focus.describe())
    trail = "\n  ".join(seen) or "(nothing took focus)"
    pytest.fail(
        f"{name!r} was not reached with {max_presses} presses of Tab; focus went to:\n  {trail}",
        pytrace=False,
    )
