"""The data the read benchmarks run on: a PostgreSQL database of N generated dossiers, built once and
kept, since a million dossiers take minutes to generate and no read benchmark changes them.

The database `motcua_bench_<N>` carries a comment naming how it was made (size, province, seed, last
day and the project's migrations); when that differs from what is asked, it is built again: migrate,
units, catalogue, the demo officials (so that pages can be opened as krongno.tiepnhan), then
`generate_dossiers`. `--rebuild` forces it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
UNTIL = "2026-11-20"  # fixed, so the same seed gives the same data on every run
SEED = 20250701


def migrations_fingerprint() -> str:
    names = sorted(str(path.relative_to(ROOT)) for path in ROOT.glob("motcua/*/migrations/0*.py"))
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done.stdout


def dataset_env(url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "MOTCUA_ENV"}
    env["DATABASE_URL"] = url
    return env


def ensure_dataset(
    dossiers: int, *, admin_url: str = ADMIN_URL, province: int = 68, rebuild: bool = False
) -> tuple[str, float]:
    """The URL of a database holding `dossiers` generated dossiers of `province`, and the seconds
    spent building it now (0 when it was already there)."""
    import psycopg
    from psycopg import sql

    name = f"motcua_bench_{dossiers}"
    data = f"motcua bench data v1: {dossiers} dossiers, province {province}, seed {SEED}, until {UNTIL}"
    marker = f"{data}, migrations {migrations_fingerprint()}"
    url = urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if row is not None and row[0] == marker and not rebuild:
            return url, 0.0
        if row is not None and (row[0] or "").startswith(data + ",") and not rebuild:
            # Same data, newer code: migrating forward is what production does, and far cheaper
            # than generating the dossiers again.
            began = time.perf_counter()
            _manage(dataset_env(url), "migrate", "-v", "0")
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(marker))
            )
            return url, time.perf_counter() - began
        began = time.perf_counter()
        print(f"building {name} ({dossiers:,} dossiers); kept for later runs", flush=True)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env = dataset_env(url)
    _manage(env, "migrate", "-v", "0")
    _manage(env, "load_units")
    _manage(env, "seed_catalog")
    _manage(env, "seed_demo", "--no-history")
    _manage(
        env,
        "generate_dossiers",
        "--province",
        str(province),
        "--dossiers",
        str(dossiers),
        "--seed",
        str(SEED),
        "--until",
        UNTIL,
    )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")  # as autovacuum would soon after a bulk load; plans then match production
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(marker))
        )
    return url, time.perf_counter() - began
