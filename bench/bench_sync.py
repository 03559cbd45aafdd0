"""National portal sync: delivery throughput to the fake portal on loopback, and the sync lag while
intake runs, with the worker's memory (issue 13's figures; targets ≥ 1,000 messages/s, p95 ≤ 2 s).

    .venv/bin/python -m bench.bench_sync [--messages N] [--rate R] [--seconds S] [--var DIR]

Everything runs on a fresh SQLite file under DIR (default: a temporary folder), migrated and loaded
with units and catalogue (DIR may be reused to skip that). The fake national portal runs as its own
process (with JSON Schema validation and its JSON file, as in the demo).

1. Throughput: N dossiers are submitted (each writes one portal message), then one process delivers
   the whole outbox with the sweep (`deliver_due_messages`), one message per HTTP call; messages/s.
2. Lag: a `manage.py db_worker` process delivers while this process submits R dossiers per second
   for S seconds; the lag of a dossier is the time from its submission's commit to the portal
   storing it (the fake's clock: same machine). p50/p95/max, and the worker's resident memory.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _env(var: Path, portal: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "DATABASE_URL": "",
        "MOTCUA_VAR_DIR": str(var),
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",
        "NATIONAL_PORTAL_SYNC": "true",
        "NATIONAL_PORTAL_INBOUND": "false",
        "NATIONAL_PORTAL_URL": portal,
        "NATIONAL_PORTAL_TOKEN_URL": f"{portal}/lgsp/token",
    }


def _prepare(var: Path, env: dict[str, str]) -> None:
    if (var / "motcua.sqlite3").exists():
        return
    script = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('migrate', verbosity=0); call_command('load_units', verbosity=0); "
        "call_command('seed_catalog', verbosity=0)"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True)


def _submit(count: int) -> list[tuple[str, float]]:
    from motcua.dossiers.actions import Applicant, dossier_submit

    applicant = Applicant(name="Nguyễn Thị Lan", national_id="068190001234", phone="0912345678")
    done = []
    for _ in range(count):
        dossier = dossier_submit(
            actor=None, procedure_code="1.001612", competent_unit_code="24688", applicant=applicant
        )
        done.append((dossier.code, time.time()))
    return done


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--var", type=Path, default=None)
    args = parser.parse_args()
    var = args.var or Path(tempfile.mkdtemp(prefix="bench-sync-"))
    var.mkdir(parents=True, exist_ok=True)

    from motcua.interop.fakes.launcher import FakeProcess

    fake = FakeProcess("national_portal", data_dir=var / "fakes")
    portal = fake.start()
    env = _env(var, portal)
    os.environ.update(env)
    worker = None
    try:
        _prepare(var, env)
        import django

        django.setup()
        import httpx

        from motcua.interop.models import OutboxMessage
        from motcua.interop.tasks import deliver_due_messages

        def sent_so_far() -> int:
            return OutboxMessage.objects.filter(channel="national_portal", status="sent").count()

        # 1. Throughput of one delivering process (records batched NATIONAL_PORTAL_BATCH to a call).
        _submit(args.messages)
        before = sent_so_far()
        began = time.perf_counter()
        deliver_due_messages()
        seconds = time.perf_counter() - began
        sent = sent_so_far() - before
        throughput = {"messages": sent, "seconds": round(seconds, 2), "per_second": round(sent / seconds, 1)}

        # 2. Lag while intake runs at the given rate, a db_worker delivering. The tasks queued by
        # part 1 (all delivered by its sweep already) are cleared, so the worker starts level.
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.all().delete()
        worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--interval",
                "0.05",
                "--no-startup-delay",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(3)
        submitted: list[tuple[str, float]] = []
        total = int(args.rate * args.seconds)
        start = time.time()
        for index in range(total):
            wait = start + index / args.rate - time.time()
            if wait > 0:
                time.sleep(wait)
            submitted.extend(_submit(1))
        deadline = time.time() + 60
        held: dict[str, Any] = {}
        while time.time() < deadline:
            held = httpx.get(f"{portal}/_state", timeout=10).json()["dossiers"]
            if all(code in held for code, _at in submitted):
                break
            time.sleep(0.5)
        lags = sorted(held[code]["_received"] - at for code, at in submitted if code in held)
        lag = {
            "dossiers": total,
            "arrived": len(lags),
            "intake_per_second": args.rate,
            "p50_s": round(statistics.median(lags), 3) if lags else None,
            "p95_s": round(lags[int(len(lags) * 0.95) - 1], 3) if lags else None,
            "max_s": round(lags[-1], 3) if lags else None,
            "worker_rss_mib": round(_rss_kib(worker.pid) / 1024, 1),
        }
        print(json.dumps({"throughput": throughput, "lag": lag}, indent=2))
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(10)
        fake.stop()


if __name__ == "__main__":
    main()
