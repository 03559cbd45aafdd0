"""Bulk generation: `manage.py generate_dossiers` timed end to end, on SQLite and on PostgreSQL.

    .venv/bin/python -m bench.bench_generate [--quick] [--dossiers N] [--backend sqlite|postgresql|both]
        [--province 68] [--jobs J] [--batch B] [--until YYYY-MM-DD] [--verify]
        [--admin-url URL] [--keep]

Each backend gets a fresh scratch database, prepared untimed (migrate, load_units, seed_catalog): a
SQLite file in a temporary directory, or the PostgreSQL database `motcua_bench_generate` (admin URL
`postgresql://postgres@127.0.0.1:5432/postgres` unless given), dropped afterwards unless `--keep`.
Then the command runs in its own process, as an operator would run it, and its wall time is the
figure: start-up, reference data, staff accounts, generation and every commit included, next to the
CPU time of the command's own processes (the database server's is not in it). `--verify`
also times `manage.py verify_events` over the result. The target is one million dossiers in at most
ten minutes on a 2-core machine; the load average before and after each run is recorded, since a
figure taken on a busy machine says little.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.common import print_table, write_result

NAME = "generate"
TARGET_SECONDS_PER_MILLION = 600.0
ROOT = Path(__file__).resolve().parent.parent
DATABASE = "motcua_bench_generate"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
UNTIL = "2026-11-20"  # fixed: the same seed then gives the same data on every run
COUNT = (
    "from motcua.dossiers.models import Dossier, Event; print(Dossier.objects.count(), Event.objects.count())"
)


def manage(env: dict[str, str], *args: str) -> tuple[float, float, str]:
    """Run `manage.py` with `args`: its wall time, the CPU time it and its workers used (user and
    system), and its output. A failure stops the bench."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime, done.stdout


def prepare(env: dict[str, str]) -> None:
    manage(env, "migrate", "-v", "0")
    manage(env, "load_units")
    manage(env, "seed_catalog")


@contextmanager
def sqlite_database() -> Iterator[dict[str, str]]:
    directory = tempfile.mkdtemp(prefix="bench-generate-")
    env = {**os.environ, "MOTCUA_VAR_DIR": directory}
    env.pop("DATABASE_URL", None)
    try:
        yield env
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def postgresql_database(admin_url: str, *, keep: bool) -> Iterator[dict[str, str]]:
    import psycopg

    def admin(sql: str) -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    admin(f"CREATE DATABASE {DATABASE}")
    url = urlunsplit(urlsplit(admin_url)._replace(path=f"/{DATABASE}"))
    try:
        yield {**os.environ, "DATABASE_URL": url}
    finally:
        if not keep:
            admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def run(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    database = (
        sqlite_database() if backend == "sqlite" else postgresql_database(args.admin_url, keep=args.keep)
    )
    with database as env:
        prepare(env)
        options = ["--province", str(args.province), "--dossiers", str(args.dossiers), "--until", args.until]
        options += ["--seed", str(args.seed), "--batch", str(args.batch)]
        if args.jobs is not None:
            options += ["--jobs", str(args.jobs)]
        load_before = os.getloadavg()[0]
        seconds, cpu, out = manage(env, "generate_dossiers", *options)
        load_after = os.getloadavg()[0]
        _seconds, _cpu, counted = manage(env, "shell", "-v", "0", "-c", COUNT)
        dossiers, events = (int(value) for value in counted.split())
        if dossiers != args.dossiers:
            raise RuntimeError(f"{args.dossiers} dossiers asked for, {dossiers} found:\n{out}")
        row: dict[str, Any] = {
            "backend": backend,
            "dossiers": dossiers,
            "events": events,
            "jobs": args.jobs or "default",
            "seconds": seconds,
            "client_cpu_seconds": cpu,
            "dossiers_per_sec": dossiers / seconds,
            "events_per_sec": events / seconds,
            "seconds_per_million": seconds / dossiers * 1_000_000 if dossiers else 0.0,
            "load_before": load_before,
            "load_after": load_after,
        }
        if args.verify:
            row["verify_seconds"], _cpu, _out = manage(env, "verify_events")
    return row


def main(argv: Sequence[str] | None = None, *, results_dir: Path | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="2,000 dossiers: checks the bench runs")
    parser.add_argument("--dossiers", type=int, default=None, help="default 100,000")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--province", type=int, default=68)
    parser.add_argument("--jobs", type=int, default=None, help="default: the command's own")
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=20250701)
    parser.add_argument("--until", default=UNTIL)
    parser.add_argument("--verify", action="store_true", help="also time verify_events")
    parser.add_argument("--admin-url", default=ADMIN_URL)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args(argv)
    if args.dossiers is None:
        args.dossiers = 2_000 if args.quick else 100_000
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]

    rows = [run(backend, args) for backend in backends]
    print_table(rows)
    for row in rows:
        per_million = row["seconds_per_million"]
        verdict = "within" if per_million <= TARGET_SECONDS_PER_MILLION else "over"
        if row["dossiers"] < 100_000:  # start-up and reference data weigh too much in a small run
            verdict = "too small a run to judge against"
        print(f"{row['backend']}: {per_million:,.0f} s per million dossiers ({verdict} the target)")
    payload: dict[str, Any] = {
        "quick": args.quick,
        "province": args.province,
        "until": args.until,
        "seed": args.seed,
        "batch": args.batch,
        "target_seconds_per_million": TARGET_SECONDS_PER_MILLION,
        "runs": rows,
    }
    path = write_result(NAME, payload, results_dir=results_dir)
    print(f"written: {path}")
    return payload


if __name__ == "__main__":
    main()
