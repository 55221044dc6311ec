"""Regenerates docs/screenshots/ from the demo, in Debian's Chromium (Playwright).

    make seed && .venv/bin/python manage.py runserver 127.0.0.1:8000 &
    .venv/bin/python scripts/screenshots.py            # all
    .venv/bin/python scripts/screenshots.py timesheet  # the ones whose name has "timesheet"

BASE_URL (default http://127.0.0.1:8000) is the running demo; the script reads the
same database (DATABASE_URL) to find the orders and plans to show. Desktop shots
are 1366 px wide, phone shots 390×844; a full page is cut at MAX_HEIGHT. The PDF
page (amu-annual-pdf.png) is not made here: it is a rendering of the PDF itself; nor
is audit-history.png: the demo's orders have no history of changes to show.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bht.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
django.setup()

from django.conf import settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

from actionplans.selectors import plans_visible_to  # noqa: E402
from core.models import User  # noqa: E402
from orders.models import Order  # noqa: E402
from orders.selectors import orders_visible_to  # noqa: E402
from reports.models import ReportRun  # noqa: E402

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
OUT = ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
MAX_HEIGHT = 2600


@dataclass
class Shot:
    name: str
    user: str | None
    path: str
    phone: bool = False
    full_page: bool = True
    # Something to do on the page before the picture (open a menu, a panel...).
    before: Callable[[Page], None] | None = None
    # Something to do before the page is opened (visits that fill a log...).
    prepare: Callable[[Page], None] | None = None
    # Only this element, not the page.
    element: str | None = None


def _order(status: str, username: str) -> Order:
    user = User.objects.get(username=username)
    visible = orders_visible_to(user).filter(status=status, confidential=False)
    order = visible.order_by("-pk").first()
    if order is None:
        raise SystemExit(f"the demo has no {status} order; run `make seed`")
    return order


def _read_confidential_orders(page: Page) -> None:
    """The access log lists who read confidential cases: read a few first."""
    for order in Order.objects.filter(confidential=True).order_by("pk")[:4]:
        page.goto(f"{BASE_URL}{reverse('orders:detail', args=[order.pk])}")


def _ask_to_approve_a_week(page: Page) -> None:
    """The confirm step of approving a week (the first one waiting)."""
    with page.expect_navigation():
        page.get_by_role("button", name="Godkjenn uke", exact=False).first.click()


def _open_menu(page: Page) -> None:
    page.locator("summary", has_text="Meny").click()


def shots() -> list[Shot]:
    director = User.objects.get(username="kommunalsjef")
    plan = (
        plans_visible_to(director).filter(status="approved").order_by("-start_year", "pk").first()
    )
    run = ReportRun.objects.filter(kind="amu_annual").order_by("-pk").first()
    closed = _order("closed", "avdelingsleder")
    declined = _order("declined", "bhtleder")
    submitted = _order("submitted", "bhtleder")
    assert plan is not None and run is not None
    return [
        Shot("login", None, reverse("login"), full_page=False),
        Shot("home-leader", "avdelingsleder", reverse("home")),
        Shot("catalogue", "avdelingsleder", reverse("catalogue")),
        Shot("order-form", "avdelingsleder", reverse("orders:create")),
        Shot("order-list", "avdelingsleder", reverse("orders:list")),
        Shot("order-closed", "avdelingsleder", reverse("orders:detail", args=[closed.pk])),
        Shot("order-declined", "bhtleder", reverse("orders:detail", args=[declined.pk])),
        Shot("order-decision", "bhtleder", reverse("orders:detail", args=[submitted.pk])),
        Shot("work-queue", "bhtleder", reverse("orders:queue")),
        Shot("triage", "radgiver", reverse("orders:inquiry-create")),
        Shot("timesheet", "radgiver", reverse("timetracking:timesheet")),
        Shot("hours-approval", "bhtleder", reverse("timetracking:approval"), full_page=False),
        Shot(
            "confirm-week-approve",
            "bhtleder",
            reverse("timetracking:approval"),
            full_page=False,
            before=_ask_to_approve_a_week,
        ),
        Shot("plan-board", "kommunalsjef", reverse("actionplans:board")),
        Shot("plan-page", "kommunalsjef", reverse("actionplans:plan", args=[plan.pk])),
        Shot("organisation", "bhtleder", reverse("organisation-list")),
        Shot("report-run", "bhtleder", reverse("reports:run", args=[run.pk])),
        Shot("access-log", "bhtleder", reverse("access-log"), prepare=_read_confidential_orders),
        # The phone, 390×844.
        Shot("home-phone", "avdelingsleder", reverse("home"), phone=True),
        Shot(
            "menu-phone",
            "avdelingsleder",
            reverse("home"),
            phone=True,
            full_page=False,
            before=_open_menu,
        ),
        Shot("timesheet-phone", "radgiver", reverse("timetracking:timesheet"), phone=True),
        Shot("work-queue-phone", "bhtleder", reverse("orders:queue"), phone=True),
        Shot(
            "order-phone",
            "avdelingsleder",
            reverse("orders:detail", args=[closed.pk]),
            phone=True,
            full_page=False,
        ),
    ]


def login(page: Page, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{BASE_URL}{reverse('login')}")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', settings.DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Logg inn").click()


def take(page: Page, shot: Shot) -> Path:
    target = OUT / f"{shot.name}.png"
    page.set_viewport_size(PHONE if shot.phone else DESKTOP)
    if shot.prepare:
        shot.prepare(page)
    response = page.goto(f"{BASE_URL}{shot.path}")
    if response is None or response.status >= 400:
        raise SystemExit(f"{shot.name}: {shot.path} answered {response and response.status}")
    page.wait_for_load_state("networkidle")
    if shot.before:
        shot.before(page)
    if shot.element:
        page.locator(shot.element).first.screenshot(path=target)
        return target
    if not shot.full_page:
        page.screenshot(path=target)
        return target
    width = page.viewport_size["width"] if page.viewport_size else DESKTOP["width"]
    height = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(
        path=target,
        full_page=True,
        clip={"x": 0, "y": 0, "width": width, "height": min(height, MAX_HEIGHT)},
    )
    return target


def main(names: list[str]) -> None:
    wanted = [s for s in shots() if not names or any(n in s.name for n in names)]
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(locale="nb-NO", viewport=DESKTOP)
        page = context.new_page()
        current: str | None = "-"
        for shot in wanted:
            if shot.user != current:
                if shot.user:
                    login(page, shot.user)
                else:
                    page.context.clear_cookies()
                current = shot.user
            print(take(page, shot).relative_to(ROOT))
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
