"""Officials' and citizens' pages with a million dossiers: the catalogue and the submission form, the desk
landing page, the queues and the dossier page, over
HTTP as a logged-in officer (and the same reads through the JSON API), p50/p95/p99; then the memory
of a web worker and of a background worker.

    .venv/bin/python -m bench.bench_pages [--quick] [--dossiers N] [--requests R] [--admin-url URL]
        [--rebuild]

Data: `bench.dataset` (default one million dossiers of Lâm Đồng, kept between runs), with the demo
officials of Krông Nô. The officer's session is made the way login makes it (Django's session
store), and the API is called with an API token of the same officer.

Server: gunicorn (gthread, 2 workers × 4 threads), one client process with one keep-alive
connection, requests one after the other; latency is the client's wall time for the whole answer.
Floor: the login page in the same run (a rendered template, middleware and the HTTP round trip, no
dossier read), so the ratio says what the dossier work adds on this machine at this moment.

Memory: the resident size (VmRSS, and its peak VmHWM) of each gunicorn worker after the run; then
`db_worker --batch` delivers a batch of notifications from the outbox and its peak resident size is
read when it exits. The target for a web worker is under 200 MB.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.bench_tracking import latency_row
from bench.common import print_table, write_result
from bench.dataset import ADMIN_URL, ROOT, dataset_env, ensure_dataset
from bench.server import gunicorn

NAME = "pages"
TARGET_P95_MS = 100.0
TARGET_WORKER_MB = 200.0
OFFICER = "krongno.tiepnhan"
LEADER = "krongno.lanhdao"
UNIT = "24688"
MARKER = "BENCH-RESULT "

PREPARE = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from motcua.accounts.models import User
from motcua.accounts.tokens import token_issue
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit

def session(username):
    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

unit = Unit.objects.get(code=ARGS["unit"])
codes = list(
    Dossier.objects.filter(receiving_unit=unit).order_by("?").values_list("code", flat=True)[: ARGS["count"]]
)
print(MARKER + json.dumps({
    "officer_session": session(ARGS["officer"]),
    "leader_session": session(ARGS["leader"]),
    "officer_token": token_issue(actor=None, user=User.objects.get(username=ARGS["officer"])),
    "session_cookie": settings.SESSION_COOKIE_NAME,
    "codes": codes,
    "unit_dossiers": Dossier.objects.filter(receiving_unit=unit).count(),
}))
"""

OUTBOX = """
import json
from django.db import transaction
from motcua.dossiers.models import Dossier
from motcua.interop.actions import outbox_add

dossiers = list(Dossier.objects.order_by("?")[: ARGS["count"]])
with transaction.atomic():  # the deliveries are queued when this commits, as after a transition
    for dossier in dossiers:
        outbox_add(
            dossier=dossier, channel="email", recipient="bench@example.vn",
            subject="motcua bench", body="Hồ sơ " + dossier.code,
        )
print(MARKER + json.dumps({"enqueued": len(dossiers)}))
"""


def in_django(script: str, env: dict[str, str], **args: Any) -> dict[str, Any]:
    code = (
        "import os, django\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'motcua.settings')\n"
        f"django.setup()\nMARKER = {MARKER!r}\nARGS = {json.dumps(args)}\n" + script
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(MARKER):
            answer: dict[str, Any] = json.loads(line.removeprefix(MARKER))
            return answer
    raise RuntimeError(f"failed (exit {done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-4000:]}")


class Browser:
    """One keep-alive connection carrying a session cookie or a token, like an officer's browser."""

    def __init__(self, port: int, headers: dict[str, str]) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Accept-Language": "vi", **headers}

    def get(self, path: str) -> tuple[float, int, int]:
        for attempt in (1, 2):
            began = time.perf_counter()
            try:
                self.conn.request("GET", path, headers=self.headers)
                response = self.conn.getresponse()
                body = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closes a connection left idle longer than its keep-alive (while another
                # person's pages are measured); a browser opens a new one, and so do we (the failed
                # attempt is not counted).
                self.conn.close()
                if attempt == 2:
                    raise
                continue
            return (time.perf_counter() - began) * 1000, response.status, len(body)
        raise AssertionError("unreachable")


def measure(label: str, browser: Browser, paths: Sequence[str], statuses: dict[str, Any]) -> dict[str, Any]:
    for path in paths[:5]:  # warm: templates, translations, the connection
        browser.get(path)
    timings, seen = [], Counter[int]()
    began = time.perf_counter()
    for path in paths:
        ms, status, _size = browser.get(path)
        timings.append(ms)
        seen[status] += 1
    seconds = time.perf_counter() - began
    statuses[label] = {str(k): v for k, v in seen.items()}
    return latency_row(label, timings, seconds, not_200=sum(v for k, v in seen.items() if k != 200))


def worker_memory(master_pid: int) -> list[dict[str, float]]:
    rows = []
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid):
            rows.append(
                {
                    "rss_mb": int(fields["VmRSS"].split()[0]) / 1024,
                    "peak_rss_mb": int(fields["VmHWM"].split()[0]) / 1024,
                }
            )
    return rows


def background_worker_memory(env: dict[str, str], count: int) -> dict[str, Any]:
    enqueued = in_django(OUTBOX, env, count=count)["enqueued"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - began
    if done.returncode:
        raise RuntimeError(f"db_worker failed:\n{done.stderr[-3000:]}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far: the worker is by far the largest.
    return {
        "messages": enqueued,
        "seconds": seconds,
        "peak_rss_mb": max(peak_kb, before) / 1024,
    }


def main(argv: Sequence[str] | None = None, *, results_dir: Path | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="2,000 dossiers, few requests")
    parser.add_argument("--dossiers", type=int, default=None, help="default 1,000,000")
    parser.add_argument("--requests", type=int, default=None, help="per page kind; default 300")
    parser.add_argument("--messages", type=int, default=None, help="for the background worker; default 500")
    parser.add_argument("--admin-url", default=ADMIN_URL)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    dossiers = args.dossiers or (2_000 if args.quick else 1_000_000)
    count = args.requests or (20 if args.quick else 300)
    messages = args.messages or (20 if args.quick else 500)

    url, built_seconds = ensure_dataset(dossiers, admin_url=args.admin_url, rebuild=args.rebuild)
    env = dataset_env(url)
    prepared = in_django(PREPARE, env, unit=UNIT, officer=OFFICER, leader=LEADER, count=count)
    codes: list[str] = prepared["codes"] or ["none"]
    cycle = [codes[index % len(codes)] for index in range(count)]
    cookie = prepared["session_cookie"]

    rows: list[dict[str, Any]] = []
    statuses: dict[str, Any] = {}
    with gunicorn(url, worker_class="gthread", workers=2, threads=4) as (port, master):
        anonymous = Browser(port, {})
        officer = Browser(port, {"Cookie": f"{cookie}={prepared['officer_session']}"})
        leader = Browser(port, {"Cookie": f"{cookie}={prepared['leader_session']}"})
        api = Browser(port, {"Authorization": f"Bearer {prepared['officer_token']}"})
        queues = ["decide", "return", "due_soon", "overdue", "all"]
        plan = [
            ("floor: login page", anonymous, ["/login/"] * count),
            ("portal: catalogue", anonymous, ["/procedures/"] * count),
            ("portal: catalogue search", anonymous, ["/procedures/?q=khai%20sinh"] * count),
            ("portal: submission form", anonymous, ["/submit/1.001193/"] * count),
            ("desk landing (officer)", officer, ["/desk/"] * count),
            (
                "queue pages (officer)",
                officer,
                [f"/desk/queues/{queues[i % len(queues)]}/" for i in range(count)],
            ),
            ("queue search (officer)", officer, [f"/desk/queues/all/?q={c[-4:]}" for c in cycle]),
            ("queue page 'approve' (leader)", leader, ["/desk/queues/approve/"] * count),
            ("dossier page (officer)", officer, [f"/desk/dossiers/{code}/" for code in cycle]),
            (
                "API queue (officer)",
                api,
                [f"/api/v1/dossiers?queue={queues[i % len(queues)]}" for i in range(count)],
            ),
            ("API dossier (officer)", api, [f"/api/v1/dossiers/{code}" for code in cycle]),
        ]
        for label, browser, paths in plan:
            rows.append(measure(label, browser, paths, statuses))
            print(f"{label}: p95 {rows[-1]['p95_ms']:.1f} ms", flush=True)
        web_workers = worker_memory(master)
    background = background_worker_memory(env, messages)

    print_table(rows)
    floor = rows[0]["p95_ms"] or 1.0
    for row in rows[1:]:
        row["p95_vs_floor"] = row["p95_ms"] / floor
        verdict = "meets" if row["p95_ms"] <= TARGET_P95_MS else "misses"
        print(f"{row['path']}: p95 {row['p95_ms']:.1f} ms ({verdict} {TARGET_P95_MS:.0f} ms)")
    print_table([{"process": f"gunicorn worker {i + 1}", **w} for i, w in enumerate(web_workers)])
    print(
        f"db_worker: {background['messages']} messages in {background['seconds']:.1f} s, "
        f"peak {background['peak_rss_mb']:.0f} MB"
    )
    payload = {
        "quick": args.quick,
        "database": "postgresql",
        "dossiers": dossiers,
        "unit_dossiers": prepared["unit_dossiers"],
        "dataset_built_seconds": built_seconds,
        "target_p95_ms": TARGET_P95_MS,
        "target_worker_mb": TARGET_WORKER_MB,
        "runs": rows,
        "statuses": statuses,
        "web_workers": web_workers,
        "background_worker": background,
        "pid": os.getpid(),
    }
    path = write_result(NAME, payload, results_dir=results_dir)
    print(f"written: {path}")
    return payload


if __name__ == "__main__":
    main()
