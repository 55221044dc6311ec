"""A bounded load test of BHT-CRM: virtual users run the main journeys on loopback.

    python loadtest/run.py --base-url http://127.0.0.1:8200 --fixtures f.json \
        --users 50 --duration 60 --out result.json

Three journeys, the users split 2 : 2 : 1 between them:

- leader: a department, unit or area leader lists the orders (/bestillinger/) and
  opens one of them;
- advisor: a BHT advisor opens the week (GET /api/v1/time-entries/week/) and logs
  0.25 h (POST /api/v1/time-entries/), each through its own account and token;
- manager: the BHT manager opens the work queue (/bestillinger/arbeidsko/) and an
  order from it.

Every request must answer as expected (200, or 201 for a write); anything else, a
timeout or a refused connection is an error. Requests in flight when the time is up
are completed, never cancelled, so that every write has a known outcome. The ids of
the created time entries go to --out for `loadtest/fixtures.py verify`, which
counts them in the database (no lost writes). Exits 1 on any error.

Only loopback addresses are accepted as a target.
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import ipaddress
import json
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

ORDER_LINK = re.compile(r'href="/bestillinger/(\d+)/"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Behind the TLS proxy of production: the server is started with BEHIND_TLS_PROXY=1.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    writes_attempted: int = 0
    writes_rejected: int = 0

    def error(self, name: str, detail: str) -> None:
        self.errors[name] += 1
        if len(self.samples) < 20:
            self.samples.append(f"{name}: {detail}")


class Session:
    """One logged-in account: its cookies or token, shared by its virtual users."""

    def __init__(self, base_url: str, *, cookies: dict[str, str] | None = None, token: str = ""):
        self.base_url = base_url
        self.headers = dict(PROXY_HEADERS)
        if cookies:
            self.headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if token:
            self.headers["Authorization"] = f"Token {token}"


async def login(client: httpx.AsyncClient, base_url: str, username: str, password: str) -> Session:
    """Logs in through the login form, as a browser does (CSRF cookie and token)."""
    page = await client.get("/logg-inn/", headers=PROXY_HEADERS)
    page.raise_for_status()
    match = CSRF_INPUT.search(page.text)
    if match is None or "csrftoken" not in page.cookies:
        raise RuntimeError("the login page has no CSRF token")
    origin = "https://" + urlsplit(base_url).netloc
    response = await client.post(
        "/logg-inn/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": match.group(1),
        },
        headers={
            **PROXY_HEADERS,
            "Cookie": f"csrftoken={page.cookies['csrftoken']}",
            "Origin": origin,
            "Referer": f"{origin}/logg-inn/",
        },
    )
    if response.status_code != 302 or "sessionid" not in response.cookies:
        raise RuntimeError(f"login as {username} failed: HTTP {response.status_code}")
    return Session(
        base_url,
        cookies={
            "sessionid": response.cookies["sessionid"],
            "csrftoken": page.cookies["csrftoken"],
        },
    )


async def request(
    client: httpx.AsyncClient,
    stats: Stats,
    session: Session,
    name: str,
    method: str,
    url: str,
    *,
    expect: int = 200,
    **kwargs: Any,
) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = await client.request(method, url, headers=session.headers, **kwargs)
    except httpx.HTTPError as exc:
        stats.error(name, f"{type(exc).__name__}: {exc}")
        return None
    stats.latencies[name].append(time.perf_counter() - started)
    if response.status_code != expect:
        stats.error(name, f"HTTP {response.status_code} {response.text[:200]!r}")
        return None
    return response


async def leader_journey(client, stats, session, rng, think) -> None:
    listing = await request(client, stats, session, "leader: order list", "GET", "/bestillinger/")
    if listing is None:
        return
    ids = ORDER_LINK.findall(listing.text)
    if not ids:
        stats.error("leader: order list", "no order on the page")
        return
    await asyncio.sleep(think())
    pk = rng.choice(ids)
    await request(client, stats, session, "leader: order page", "GET", f"/bestillinger/{pk}/")


async def manager_journey(client, stats, session, rng, think) -> None:
    queue = await request(
        client, stats, session, "manager: work queue", "GET", "/bestillinger/arbeidsko/"
    )
    if queue is None:
        return
    ids = ORDER_LINK.findall(queue.text)
    if ids:
        await asyncio.sleep(think())
        pk = rng.choice(ids)
        await request(client, stats, session, "manager: order page", "GET", f"/bestillinger/{pk}/")


class Advisor:
    """One load advisor: logs 0.25 h at a time, never more than the 24 h of a day."""

    PER_DAY = 95  # 23.75 h

    def __init__(self, spec: dict[str, Any], base_url: str, dates: list[str]):
        self.session = Session(base_url, token=spec["token"])
        self.target = spec["target"]
        self.dates = list(dates)
        self.logged: dict[str, int] = defaultdict(int)
        self.count = 0

    def next_date(self) -> str | None:
        for day in self.dates:
            if self.logged[day] < self.PER_DAY:
                return day
        return None


async def advisor_journey(client, stats, advisor: Advisor, rng, think) -> None:
    s = advisor.session
    week = await request(client, stats, s, "advisor: week", "GET", "/api/v1/time-entries/week/")
    if week is None:
        return
    day = advisor.next_date()
    if day is None:
        return
    await asyncio.sleep(think())
    # Counted before the request: a write that does not answer is not a success.
    advisor.logged[day] += 1
    advisor.count += 1
    stats.writes_attempted += 1
    payload = {
        "date": day,
        "hours": "0.25",
        "activity": advisor.target["activity"],
        advisor.target["kind"]: advisor.target["id"],
        "note": f"lasttest {advisor.count}",
    }
    started = time.perf_counter()
    name = "advisor: log 0.25 h"
    try:
        response = await client.post("/api/v1/time-entries/", json=payload, headers=s.headers)
    except httpx.HTTPError as exc:
        stats.error(name, f"{type(exc).__name__}: {exc} (outcome unknown)")
        return
    stats.latencies[name].append(time.perf_counter() - started)
    if response.status_code == 201:
        stats.created.append(response.json()["id"])
    else:
        if response.status_code == 400:
            stats.writes_rejected += 1
        stats.error(name, f"HTTP {response.status_code} {response.text[:200]!r}")


async def virtual_user(kind, deadline, client, stats, rng, think, **kw) -> None:
    # Spread the start over the first second, as users do not arrive in one tick.
    await asyncio.sleep(rng.random())
    while time.monotonic() < deadline:
        if kind == "leader":
            await leader_journey(client, stats, kw["session"], rng, think)
        elif kind == "manager":
            await manager_journey(client, stats, kw["session"], rng, think)
        else:
            await advisor_journey(client, stats, kw["advisor"], rng, think)
        await asyncio.sleep(think())


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def main(args: argparse.Namespace) -> int:
    host = urlsplit(args.base_url).hostname or ""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        sys.exit(f"refusing to load {host}: only loopback addresses are targets")
    fixtures = json.loads(Path(args.fixtures).read_text(encoding="utf-8"))
    rng = random.Random(args.seed)

    def think() -> float:
        return rng.uniform(0, 2 * args.think)

    advisors_n = args.users * 2 // 5
    leaders_n = args.users * 2 // 5
    managers_n = args.users - advisors_n - leaders_n
    if advisors_n > len(fixtures["advisors"]):
        sys.exit(f"{advisors_n} advisors wanted, the fixtures have {len(fixtures['advisors'])}")

    stats = Stats()
    limits = httpx.Limits(max_connections=args.users + 10, max_keepalive_connections=args.users)
    # No shared cookie jar: each account's cookies travel in its own headers.
    no_cookies = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    async with httpx.AsyncClient(
        base_url=args.base_url, timeout=args.timeout, limits=limits, cookies=no_cookies
    ) as client:
        # One login per account, before the clock starts (a password hash costs ~0.3 s).
        leaders = [
            await login(client, args.base_url, name, fixtures["password"])
            for name in fixtures["leaders"]
        ]
        manager = await login(client, args.base_url, fixtures["manager"], fixtures["password"])
        advisors = [
            Advisor(spec, args.base_url, fixtures["dates"])
            for spec in fixtures["advisors"][:advisors_n]
        ]
        started = time.monotonic()
        deadline = started + args.duration
        tasks = [
            virtual_user(
                "leader", deadline, client, stats, rng, think, session=leaders[i % len(leaders)]
            )
            for i in range(leaders_n)
        ]
        tasks += [
            virtual_user("manager", deadline, client, stats, rng, think, session=manager)
            for _ in range(managers_n)
        ]
        tasks += [
            virtual_user("advisor", deadline, client, stats, rng, think, advisor=advisor)
            for advisor in advisors
        ]
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - started

    total = sum(len(v) for v in stats.latencies.values())
    errors = sum(stats.errors.values())
    print(
        f"{args.users} users ({leaders_n} leaders, {advisors_n} advisors, {managers_n} managers)"
        f" for {elapsed:.0f} s: {total} requests answered, {total / elapsed:.1f}/s, "
        f"{errors} errors"
    )
    print(f"{'request':<24} {'count':>6} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for name in sorted(set(stats.latencies) | set(stats.errors)):
        lat = stats.latencies.get(name) or [0.0]
        print(
            f"{name:<24} {len(stats.latencies.get(name, [])):>6} {stats.errors.get(name, 0):>6} "
            f"{percentile(lat, 50) * 1000:>7.0f} {percentile(lat, 95) * 1000:>7.0f} "
            f"{max(lat) * 1000:>7.0f}"
        )
    print(
        f"writes: {stats.writes_attempted} attempted, {len(stats.created)} created (201), "
        f"{stats.writes_rejected} rejected (400)"
    )
    for sample in stats.samples:
        print(f"  error: {sample}")
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(
            {
                "users": args.users,
                "duration": elapsed,
                "requests": total,
                "errors": errors,
                "writes_attempted": stats.writes_attempted,
                "writes_rejected": stats.writes_rejected,
                "created": stats.created,
            },
            out,
        )
    return 1 if errors else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--fixtures", required=True, help="from loadtest/fixtures.py prepare")
    parser.add_argument("--out", required=True, help="results, for loadtest/fixtures.py verify")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds")
    parser.add_argument("--think", type=float, default=0.5, help="mean pause, seconds")
    parser.add_argument("--timeout", type=float, default=30, help="per request, seconds")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
