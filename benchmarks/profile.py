"""Profile benchmark pages in-process (a developer's tool, not part of the run):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bht_bench_f100 \\
        python -m benchmarks.profile order_list work_queue [--n 30] [--sql]
        [--cprofile 25 [--only PATTERN]]

For each page (the names of benchmarks/inproc.py `pages()`): the median and p95
service time of N sequential requests (no concurrency: the work per request, of
which the p95 under load is a multiple), the queries and their database time;
`--sql` lists each query with its time, `--cprofile N` the top N functions
(PROFILE_SORT=tottime to sort by own time; `--only` filters by file path).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time
from typing import Any

os.environ.setdefault("BENCHMARK_VIEWS", "1")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# The runner's collected static files (benchmarks/run.py runs collectstatic there).
os.environ.setdefault("STATIC_ROOT", "/tmp/bht-bench-static")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks import inproc  # noqa: E402  (sets Django up)
from core.models import User  # noqa: E402


def timer(queries: list[tuple[float, str]]) -> Any:
    """An execute wrapper that records each query with its time in ms."""

    def timed(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - t0) * 1000, sql))

    return timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", nargs="+")
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--cprofile", type=int, default=0, help="show the top N functions")
    parser.add_argument("--sql", action="store_true", help="list the queries with their time")
    parser.add_argument("--only", default="", help="restrict the profile to paths matching this")
    args = parser.parse_args()
    pages = inproc.pages()
    for name in args.page:
        login, path = pages[name]
        client = Client()
        user = User.objects.get(username=login)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        queries: list[tuple[float, str]] = []
        with connection.execute_wrapper(timer(queries)):
            client.get(path)
        times = []
        profiler = cProfile.Profile() if args.cprofile else None
        for _ in range(args.n):
            t0 = time.perf_counter()
            if profiler:
                profiler.enable()
            client.get(path)
            if profiler:
                profiler.disable()
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(
            f"{name:16} {path:32} median {statistics.median(times):7.1f} ms  "
            f"p95 {p95:7.1f} ms  queries {len(queries)} ({sum(t for t, _ in queries):.1f} ms)  "
            f"bytes {len(response.content)}"
        )
        if args.sql:
            for ms, sql in queries:
                print(f"  {ms:6.1f} ms  {sql[:160]} ... {sql[-160:]}")
        if profiler:
            stats = pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
            stats.print_stats(*([args.only] if args.only else []), args.cprofile)


if __name__ == "__main__":
    main()
