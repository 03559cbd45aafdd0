"""The province dashboard with millions of dossiers: the overview of Lâm Đồng, a unit's page and
the national ranking of all 3,321 units, in process and over HTTP.

    .venv/bin/python -m bench.bench_monitor [--quick] [--dossiers N] [--requests R] [--admin-url URL]
        [--rebuild]

Data: `bench.dataset` (default two million dossiers of Lâm Đồng, kept between runs); the monitor's
counters were made by its receiver of the generator's signal, as after any bulk generation.

In process (a fresh Django process on that database): the selectors the pages call, each `repeat`
times after one warm-up: the overview for the month (the page's default) and for a rolling year
(a custom period: whole months plus the days of two partial months), one unit's overview, and the
national ranking. Over HTTP (gunicorn, gthread, 2 workers × 4 threads, one keep-alive client, one
request after another, like bench_pages): the same as the province monitor `tinh.giamsat` sees
them, and the ranking through the API with that monitor's token. Latency is the client's wall
time for the whole answer; the floor is the login page in the same run.

Targets: the province overview in 150 ms and the national ranking in 1 s (server time, p50).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.bench_pages import Browser, in_django, measure
from bench.common import print_table, write_result
from bench.dataset import ADMIN_URL, UNTIL, dataset_env, ensure_dataset
from bench.server import gunicorn

NAME = "monitor"
MONITOR = "tinh.giamsat"
UNIT = "24688"  # Krông Nô
YEAR = ("2025-11-20", "2026-11-19")  # the rolling year before the data set's last day
MONTH = "2026-10-01"  # the last whole month of the data set
OVERVIEW = "province overview (Lâm Đồng, 124 units)"
NATIONAL = "national ranking (3,321 units)"
TARGETS_MS = {OVERVIEW: 150.0, NATIONAL: 1000.0}
MARKER = "BENCH-RESULT "

PREPARE = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from motcua.accounts.models import User
from motcua.accounts.tokens import token_issue
from bench.bench_monitor import measure_selectors

user = User.objects.get(username=ARGS["monitor"])
store = SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print(MARKER + json.dumps({
    "session": store.session_key,
    "session_cookie": settings.SESSION_COOKIE_NAME,
    "token": token_issue(actor=None, user=user),
    **measure_selectors(repeat=ARGS["repeat"], actor=user),
}))
"""


def _timed(run: Callable[[], object], repeat: int) -> dict[str, float]:
    """Wall time, and this process's CPU time: on a shared machine the wall time also counts the
    waits for a core, the CPU time is the work itself (the database's share is in the wall time)."""
    run()  # warm once, as a running server is
    times, cpu = [], []
    for _i in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        run()
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 2),
        "max_ms": round(times[-1], 2),
        "cpu_median_ms": round(statistics.median(cpu), 2),
    }


def measure_selectors(*, repeat: int = 20, actor: Any = None) -> dict[str, Any]:
    """Time the monitor's reads in this process (Django set up, on the configured database), and
    count the rows they rest on."""
    from django.db import connection

    from motcua.accounts.models import User
    from motcua.dossiers.models import Dossier
    from motcua.monitor import selectors
    from motcua.monitor.models import DailyCounter, MonthlyCounter, OpenDossier

    now = datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    month = selectors.period_of("month", date.fromisoformat(MONTH))
    year = selectors.Period(date.fromisoformat(YEAR[0]), date.fromisoformat(YEAR[1]))
    monitor = actor or User(username="bench", is_superuser=True, is_active=True)
    runs: list[tuple[str, Callable[[], object]]] = [
        (
            f"{OVERVIEW}, month",
            lambda: selectors.province_overview(actor=monitor, province_code=68, period=month, now=now),
        ),
        (
            f"{OVERVIEW}, rolling year",
            lambda: selectors.province_overview(actor=monitor, province_code=68, period=year, now=now),
        ),
        (
            "unit overview (Krông Nô), rolling year",
            lambda: selectors.unit_overview(actor=monitor, code=UNIT, period=year, now=now),
        ),
        (f"{NATIONAL}, rolling year", lambda: selectors.all_units_ranked(period=year, now=now)),
    ]
    scenarios: list[dict[str, Any]] = []
    for name, run in runs:
        target = next((ms for prefix, ms in TARGETS_MS.items() if name.startswith(prefix)), None)
        scenarios.append({"scenario": name, **_timed(run, repeat), "target_ms": target})
    return {
        "database": connection.vendor,
        "dossiers": Dossier.objects.count(),
        "daily_rows": DailyCounter.objects.count(),
        "monthly_rows": MonthlyCounter.objects.count(),
        "open_rows": OpenDossier.objects.count(),
        "units_ranked": len(selectors.all_units_ranked(period=year, now=now)),
        "selectors": scenarios,
    }


def main(argv: Sequence[str] | None = None, *, results_dir: Path | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="2,000 dossiers, few requests")
    parser.add_argument("--dossiers", type=int, default=None, help="default 2,000,000")
    parser.add_argument("--requests", type=int, default=None, help="per page; default 30 (at least 20)")
    parser.add_argument("--admin-url", default=ADMIN_URL)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    dossiers = args.dossiers or (2_000 if args.quick else 2_000_000)
    count = args.requests or (5 if args.quick else 30)

    url, built_seconds = ensure_dataset(dossiers, admin_url=args.admin_url, rebuild=args.rebuild)
    env = dataset_env(url)
    prepared = in_django(PREPARE, env, monitor=MONITOR, repeat=count)
    cookie = {"Cookie": f"{prepared['session_cookie']}={prepared['session']}"}
    month = f"period=month&from={MONTH}"
    year = f"period=custom&from={YEAR[0]}&to={YEAR[1]}"
    rows: list[dict[str, Any]] = []
    statuses: dict[str, Any] = {}
    with gunicorn(url, worker_class="gthread", workers=2, threads=4) as (port, _master):
        anonymous = Browser(port, {})
        monitor = Browser(port, cookie)
        api = Browser(port, {"Authorization": f"Bearer {prepared['token']}"})
        plan = [
            ("floor: login page", anonymous, "/login/"),
            (f"{OVERVIEW}, month: /monitor/", monitor, f"/monitor/?{month}"),
            (f"{OVERVIEW}, rolling year: /monitor/", monitor, f"/monitor/?{year}"),
            ("unit page (Krông Nô), rolling year", monitor, f"/monitor/units/{UNIT}/?{year}"),
            ("API /stats/units?province=68, rolling year", api, f"/api/v1/stats/units?province=68&{year}"),
            (f"{NATIONAL}, rolling year: API /stats/ranking", api, f"/api/v1/stats/ranking?{year}"),
        ]
        for label, browser, path in plan:
            rows.append(measure(label, browser, [path] * count, statuses))

    print_table(prepared["selectors"])
    print_table(rows)
    for row in rows[1:]:
        target = TARGETS_MS.get(OVERVIEW if row["path"].startswith(OVERVIEW) else NATIONAL)
        if row["path"].startswith((OVERVIEW, NATIONAL)) and target:
            verdict = "meets" if row["p50_ms"] <= target else "misses"
            figures = f"p50 {row['p50_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms"
            print(f"{row['path']}: {figures} ({verdict} {target:.0f} ms)")
    payload = {
        "quick": args.quick,
        "until": UNTIL,
        "dataset_built_seconds": built_seconds,
        "targets_ms": TARGETS_MS,
        **{
            key: value for key, value in prepared.items() if key not in ("session", "session_cookie", "token")
        },
        "http": rows,
        "statuses": statuses,
        "load_average": os.getloadavg(),
    }
    written = write_result(NAME, payload, results_dir=results_dir)
    print(f"written: {written}; load average {json.dumps(payload['load_average'])}")
    return payload


if __name__ == "__main__":
    main()
