"""Intake end to end: online submission then acceptance through the HTTP API, against raw inserts.

    .venv/bin/python -m bench.bench_intake [--quick] [--dossiers N] [--clients C]
        [--worker-class sync|gthread|both] [--workers W] [--threads T] [--admin-url URL]

Needs PostgreSQL (admin URL `postgresql://postgres@127.0.0.1:5432/postgres` unless given). The bench
drops and recreates the database `motcua_bench_intake`, migrates it, loads units and catalogue and
creates a receiving officer of commune 24688 with an API token; the database is left for inspection.

API: gunicorn (`motcua.wsgi`; development settings with DEBUG=0 and axes off) on a free local port,
driven by C client *processes* (one keep-alive `http.client` connection each: no client GIL caps the
load), each doing `POST /api/v1/dossiers` (anonymous, online), then `POST …/{code}/actions/accept`
as the officer. The rate counts complete submit+accept pairs per second of wall time.

Ceiling: the rows the API writes, written by C psycopg processes (no Django, no HTTP). Per dossier:
transaction 1 = daily-sequence upsert (`INSERT … ON CONFLICT … RETURNING`, as `dossiers/sequence.py`),
dossier insert, "submitted" event; transaction 2 = conditional update to "accepted", "accepted"
event, the applicant's SMS outbox row; then, after the commit as `transaction.on_commit` does, the
delivery task row of django-tasks-db. The raw writer reads nothing back that it already knows.

Every measured run starts on empty intake tables (each client warms up first, then TRUNCATE) and is
verified: one dossier per 201, all accepted, codes unique and numbered 1..n per agency and day with
the sequence at n, two events per dossier whose hash chain the app's hashing reproduces, one outbox
row and one task row per acceptance. CPU is accounted per dossier (clients, gunicorn, the PostgreSQL
backends of the bench database, other processes), since the machine may be shared.

Where the API's time goes is measured afterwards in one Django process on the same database (test
client, no HTTP): queries per request by kind, wall/CPU/database time inside the main functions,
how long the daily sequence row stays locked, PostgreSQL's CPU by query kind (its backend's /proc
ticks) and the planning/execution times of the SELECTs.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import hmac
import http.client
import importlib
import json
import math
import multiprocessing
import os
import re
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from bench.common import print_table, write_result
from bench.server import CpuMeter, database_recreate, gunicorn, server_env

NAME = "intake"
TARGET_PER_SEC = 250.0
ROOT = Path(__file__).resolve().parent.parent
DATABASE = "motcua_bench_intake"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PROCEDURE, UNIT, OFFICER = "1.001612", "24688", "bench-desk-24688"
SUBMIT_PATH = "/api/v1/dossiers"
VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
GENESIS = "0" * 64
NO_RUN_AFTER = datetime(9999, 1, 1, tzinfo=UTC)  # what django-tasks-db stores for "run at once"
MARKER = "BENCH-RESULT "
INTAKE_TABLES = "dossiers_event, interop_outboxmessage, dossiers_dossier, dossiers_dailysequence, "
INTAKE_TABLES += "django_tasks_database_dbtaskresult"
# Functions timed by the in-process probe: (module where callers look the name up, name, top level).
SECTIONS = (
    ("motcua.api.auth", "user_for_token", True),
    ("motcua.dossiers.actions", "dossier_submit", True),
    ("motcua.dossiers.actions.intake", "calendar_for_province", False),
    ("motcua.dossiers.actions.intake", "sequence_next", False),
    ("motcua.dossiers.actions.intake", "event_append", False),
    ("motcua.dossiers.selectors", "dossier_get", True),
    ("motcua.dossiers.actions", "dossier_accept", True),
    ("motcua.dossiers.actions.common", "calendar_for_province", False),
    ("motcua.dossiers.actions.common", "event_append", False),
    ("motcua.interop.receivers", "applicant_notify", False),
    ("motcua.api.dossiers", "dossier_body", True),
    ("motcua.api.dossiers", "calendar_for_province", False),
    ("motcua.dossiers.selectors", "dossier_events", False),
    ("motcua.dossiers.selectors", "dossier_steps", False),
)
# Every intake of an agency and day waits for this row lock: it bounds one agency's intake rate.
LOCK_HELD = "(daily sequence row locked: sequence_next → commit)"


def applicant(index: int) -> dict[str, str]:
    name, national_id = f"Nguyễn Văn Thử {index}", f"068190{index % 1_000_000:06d}"
    return {"name": name, "national_id": national_id, "phone": "0912345678", "email": "", "address": ""}


def submission(index: int) -> dict[str, Any]:
    return {"procedure": PROCEDURE, "competent_unit": UNIT, "channel": 2, "applicant": applicant(index)}


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)] if ordered else 0.0


def latencies(milliseconds: Sequence[float]) -> dict[str, float]:
    return {f"p{round(q * 100)}_ms": percentile(milliseconds, q) for q in (0.5, 0.95, 0.99)}


# --- verification (pure: fed by psycopg in the bench, by the ORM in the smoke test) -----------------


def event_hash(
    *, code: str, seq: int, kind: str, actor_id: int | None, at: datetime, data: Any, prev_hash: str
) -> str:
    """`motcua.dossiers.events.event_hash` without Django (the smoke test checks they agree): an
    HMAC-SHA256 under the chain key, from MOTCUA_CHAIN_KEY as the application reads it."""
    payload = [code, seq, kind, actor_id, at.astimezone(UTC).isoformat(), data, prev_hash]
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    key = os.environ.get("MOTCUA_CHAIN_KEY", "motcua-demo-chain-key-not-for-production")
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


def code_problems(codes: Iterable[str], sequences: Iterable[tuple[str, date, int]] = ()) -> list[str]:
    """Duplicates, and per agency and day any numbering other than 1..n with the sequence at n."""
    codes = list(codes)
    problems = [f"duplicate code {code}" for code, seen in Counter(codes).items() if seen > 1]
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for code in codes:
        agency, day, number = code.rsplit("-", 2)
        numbers[agency, day].append(int(number))
    for (agency, day), issued in sorted(numbers.items()):
        if sorted(issued) != list(range(1, len(issued) + 1)):
            missing = sorted(set(range(1, max(issued) + 1)) - set(issued))[:10]
            problems.append(f"{agency} {day}: numbers not 1..{len(issued)} (missing {missing})")
    for agency, day_value, last in sequences:
        if last != len(numbers.get((agency, f"{day_value:%y%m%d}"), [])):
            problems.append(f"{agency} {day_value}: sequence at {last}")
    return problems


# (code, seq, kind, actor_id, at, data, prev_hash, hash)
EventRow = tuple[str, int, str, int | None, datetime, Any, str, str]


def chain_problems(events: Iterable[EventRow], kinds: Sequence[str] = ("submitted", "accepted")) -> list[str]:
    """Each dossier has exactly `kinds` as events 1..n, each hashed over the previous one's hash."""
    by_code: dict[str, list[EventRow]] = defaultdict(list)
    for row in events:
        by_code[row[0]].append(row)
    problems = []
    for code, rows in sorted(by_code.items()):
        rows.sort(key=lambda row: row[1])
        if [(row[1], row[2]) for row in rows] != list(enumerate(kinds, 1)):
            problems.append(f"{code}: events {[(row[1], row[2]) for row in rows]}")
            continue
        prev = GENESIS
        for _code, seq, kind, actor_id, at, data, prev_hash, digest in rows:
            expected = event_hash(
                code=code, seq=seq, kind=kind, actor_id=actor_id, at=at, data=data, prev_hash=prev
            )
            if prev_hash != prev or digest != expected:
                problems.append(f"{code}: chain broken at event {seq}")
                break
            prev = digest
    return problems


@dataclass
class Stored:
    """What the database holds after a run."""

    dossiers: Sequence[tuple[str, str]]  # (code, status)
    events: Sequence[EventRow]
    sequences: Sequence[tuple[str, date, int]]
    outbox: int
    tasks: int


def verify(stored: Stored, *, answered: Sequence[str], accepted: int, tasks: bool = True) -> dict[str, Any]:
    """Compare the stored rows with the answers (`answered`: the codes of the 201s)."""
    codes = [code for code, _status in stored.dossiers]
    statuses = Counter(status for _code, status in stored.dossiers)
    numbering = code_problems(codes, stored.sequences)
    problems = numbering + chain_problems(stored.events)[:20]
    if sorted(codes) != sorted(answered):
        problems.append(f"{len(codes)} dossiers stored, {len(answered)} answered 201")
    if statuses != Counter({"accepted": accepted}):
        problems.append(f"statuses {dict(statuses)}, {accepted} acceptances answered 200")
    if stored.outbox != accepted or (tasks and stored.tasks != accepted):
        problems.append(f"{stored.outbox} outbox rows, {stored.tasks} tasks for {accepted} acceptances")
    return {
        "dossiers": len(codes),
        "accepted": statuses["accepted"],
        "events": len(stored.events),
        "outbox": stored.outbox,
        "tasks": stored.tasks,
        "gap_free": not numbering,
        "problems": problems[:20],
        "ok": not problems,
    }


# --- the raw writer (portable SQL: psycopg in the bench, Django's cursor in the smoke test) ----------

SEQUENCE_SQL = (
    "INSERT INTO dossiers_dailysequence (agency_code, day, last) VALUES (%s, %s, 1) "
    "ON CONFLICT (agency_code, day) DO UPDATE SET last = dossiers_dailysequence.last + 1 RETURNING last"
)
DOSSIER_SQL = (
    "INSERT INTO dossiers_dossier (code, procedure_id, process_version_id, receiving_unit_id, "
    "competent_unit_id, channel, status, applicant_name, applicant_national_id, applicant_phone, "
    "applicant_email, applicant_address, received_at, decision_due_at, legal_unit, restarts, "
    "result_kind, resume_status, time_variant_reason, version) "
    "VALUES (%s, %s, %s, %s, %s, 2, 'new', %s, %s, %s, %s, %s, %s, %s, '', 0, '', '', '', 1) RETURNING id"
)
EVENT_SQL = (
    "INSERT INTO dossiers_event (dossier_id, seq, kind, actor_id, at, data, prev_hash, hash) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
)
ACCEPT_SQL = (
    "UPDATE dossiers_dossier SET status = 'accepted', version = version + 1, accepted_at = %s, "
    "legal_amount = %s, legal_unit = %s, clock_started_at = %s, due_at = %s, original_due_at = %s "
    "WHERE id = %s AND version = 1 AND status = 'new'"
)
OUTBOX_SQL = (
    "INSERT INTO interop_outboxmessage (channel, recipient, subject, body, dossier_id, event_kind, "
    "created_at, status, attempts, next_attempt_at, last_error) "
    "VALUES ('sms', %s, '', %s, %s, 'accepted', %s, 'pending', 0, %s, '') RETURNING id"
)
TASK_SQL = (
    "INSERT INTO django_tasks_database_dbtaskresult (id, status, args_kwargs, priority, task_path, "
    "queue_name, backend_name, run_after, enqueued_at, exception_class_path, traceback, worker_ids) "
    "VALUES (%s, 'READY', %s, 0, 'motcua.interop.tasks.deliver_message', 'default', 'default', %s, %s, "
    "'', '', '[]')"
)
RAW_IDS_SQL = (
    "SELECT p.id, v.id, u.id, u.agency_code, p.time_amount, p.time_unit FROM catalog_procedure p "
    "JOIN catalog_processversion v ON v.procedure_id = p.id AND v.current, units_unit u "
    "WHERE p.code = %s AND u.code = %s"
)


@dataclass(frozen=True)
class RawIds:
    """The catalogue and unit rows a raw intake refers to, read once."""

    procedure_id: int
    process_version_id: int
    unit_id: int
    agency_code: str
    time_amount: int
    time_unit: str
    officer_id: int


def raw_ids(cursor: Any, officer_id: int) -> RawIds:
    cursor.execute(RAW_IDS_SQL, [PROCEDURE, UNIT])
    procedure_id, version_id, unit_id, agency_code, amount, unit = cursor.fetchone()
    return RawIds(procedure_id, version_id, unit_id, agency_code, amount, unit, officer_id)


def raw_intake(
    cursor: Any,
    atomic: Callable[[], AbstractContextManager[Any]],
    ids: RawIds,
    index: int,
    *,
    adapt: Callable[[datetime], Any] = lambda value: value,
) -> tuple[str, float, float]:
    """Write one dossier's submission and acceptance; return its code and both durations in ms.
    `adapt` turns aware datetimes into what the driver stores (naive UTC text for SQLite)."""
    person = applicant(index)
    began = time.perf_counter()
    now = datetime.now(UTC)
    day = now.astimezone(VIETNAM_TZ).date()
    submitted_data = {"channel": 2, "files": []}
    with atomic():
        cursor.execute(SEQUENCE_SQL, [ids.agency_code, day])
        code = f"{ids.agency_code}-{day:%y%m%d}-{int(cursor.fetchone()[0]):04d}"
        unit = ids.unit_id
        person_values = [person[key] for key in ("name", "national_id", "phone", "email", "address")]
        due_decision = adapt(now + timedelta(hours=8))
        cursor.execute(
            DOSSIER_SQL,
            [
                code,
                ids.procedure_id,
                ids.process_version_id,
                unit,
                unit,
                *person_values,
                adapt(now),
                due_decision,
            ],
        )
        dossier_id = int(cursor.fetchone()[0])
        first = event_hash(
            code=code, seq=1, kind="submitted", actor_id=None, at=now, data=submitted_data, prev_hash=GENESIS
        )
        event = [dossier_id, 1, "submitted", None, adapt(now), json.dumps(submitted_data), GENESIS, first]
        cursor.execute(EVENT_SQL, event)
    submitted = time.perf_counter()

    at = datetime.now(UTC)
    due_day = at.astimezone(VIETNAM_TZ).date() + timedelta(days=ids.time_amount)
    due = datetime.combine(due_day, clock_time(17, 30), tzinfo=VIETNAM_TZ)
    data = {"due_at": due.isoformat()}
    second = event_hash(
        code=code, seq=2, kind="accepted", actor_id=ids.officer_id, at=at, data=data, prev_hash=first
    )
    sms = f"Hồ sơ {code} đã được tiếp nhận. Hẹn trả kết quả: {due:%H:%M %d/%m/%Y}."
    when = adapt(at)
    with atomic():
        cursor.execute(
            ACCEPT_SQL, [when, ids.time_amount, ids.time_unit, when, adapt(due), adapt(due), dossier_id]
        )
        if cursor.rowcount != 1:
            raise RuntimeError(f"{code} was not accepted")
        event = [dossier_id, 2, "accepted", ids.officer_id, when, json.dumps(data), first, second]
        cursor.execute(EVENT_SQL, event)
        cursor.execute(OUTBOX_SQL, [person["phone"], sms, dossier_id, when, when])
        message_id = int(cursor.fetchone()[0])
    task_args = json.dumps({"args": [message_id], "kwargs": {}})
    cursor.execute(TASK_SQL, [uuid.uuid4().hex, task_args, adapt(NO_RUN_AFTER), adapt(datetime.now(UTC))])
    return code, (submitted - began) * 1000, (time.perf_counter() - submitted) * 1000


# --- inside Django: the preparing and probing subprocesses, and the smoke test ---------------------


def officer_create(username: str = OFFICER) -> tuple[int, str]:
    """A receiving officer of commune 24688, and a fresh API token of theirs."""
    import secrets

    from motcua.accounts.actions import membership_grant, official_ensure
    from motcua.accounts.roles import Role
    from motcua.accounts.tokens import token_issue
    from motcua.units.models import Unit

    user = official_ensure(
        actor=None, username=username, full_name="Cán bộ một cửa", password=secrets.token_hex()
    )
    membership_grant(actor=None, user=user, unit=Unit.objects.get(code=UNIT), role=Role.RECEIVING_OFFICER)
    return user.pk, token_issue(actor=None, user=user, name="bench")


def query_kind(sql: str) -> str:
    """What a query does and to which table: "INSERT dossiers_event", "SELECT units_unit", "BEGIN"."""
    verb = (sql.split(None, 1) or ["?"])[0].upper()
    found = re.search(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', sql, re.IGNORECASE)
    return f"{verb} {found.group(1)}" if found and verb in {"SELECT", "INSERT", "UPDATE", "DELETE"} else verb


@contextmanager
def recording() -> Iterator[list[tuple[str, Any]]]:
    """The (sql, params) of every query run while inside (not BEGIN and COMMIT)."""
    from django.db import connection

    queries: list[tuple[str, Any]] = []

    def record(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield queries


@contextmanager
def timed_sections() -> Iterator[dict[str, list[float]]]:
    """Time the `SECTIONS` functions while inside: label → [calls, wall s, CPU s, DB s, queries], the
    database part being the time of the queries run while the function was on the stack."""
    from django.db import connection
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- the API modules import in the URLconf's order
    stats: dict[str, list[float]] = {LOCK_HELD: [0, 0.0, 0.0, 0.0, 0]}
    active: list[str] = []
    locked: list[float] = []
    patched: list[tuple[Any, str, Any]] = []

    def timed(function: Callable[..., Any], label: str) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            record, wall, cpu = stats[label], time.perf_counter(), time.process_time()
            active.append(label)
            if label.endswith(".sequence_next"):
                locked.append(wall)
            try:
                return function(*args, **kwargs)
            finally:
                active.pop()
                record[0] += 1
                record[1] += time.perf_counter() - wall
                record[2] += time.process_time() - cpu
                if label.endswith(".dossier_submit") and locked:  # its transaction has committed
                    held = stats[LOCK_HELD]
                    held[0], held[1] = held[0] + 1, held[1] + time.perf_counter() - locked.pop()

        return wrapper

    def on_query(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            for label in {*active, "(all queries)"}:
                stats[label][3] += time.perf_counter() - began
                stats[label][4] += 1

    stats["(all queries)"] = [0, 0.0, 0.0, 0.0, 0]
    for module_name, name, _top in SECTIONS:
        module = importlib.import_module(module_name)
        original = getattr(module, name, None)
        if callable(original):  # a renamed function is simply not timed
            label = f"{module_name.removeprefix('motcua.')}.{name}"
            stats[label] = [0, 0.0, 0.0, 0.0, 0]
            patched.append((module, name, original))
            setattr(module, name, timed(original, label))
    try:
        with connection.execute_wrapper(on_query):
            yield stats
    finally:
        for module, name, original in patched:
            setattr(module, name, original)


@dataclass
class Calls:
    """What one kind of request did over a run."""

    statuses: Counter[str] = field(default_factory=Counter)
    query_counts: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    ms: float = 0.0

    def summary(self) -> dict[str, Any]:
        done = sum(self.statuses.values()) or 1
        return {
            "statuses": dict(self.statuses),
            "queries_per_request": sorted(self.query_counts),
            "queries_by_kind": {kind: round(n / done, 2) for kind, n in self.kinds.most_common()},
            "mean_ms": self.ms / done,
        }


def inprocess_run(*, count: int, token: str, first_index: int = 0, sections: bool = False) -> dict[str, Any]:
    """Submit and accept `count` dossiers through Django's test client in this process (no HTTP):
    statuses, codes, queries per request by kind, time per request; with `sections`, where it went."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, officer = Client(), {"Authorization": f"Bearer {token}"}
    calls = {"submit": Calls(), "accept": Calls()}
    codes: list[str] = []

    def call(name: str, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
        record = calls[name]
        connection.queries_log.clear()  # it keeps 9,000 queries, and then the capture sees none
        with CaptureQueriesContext(connection) as captured:  # BEGIN and COMMIT included
            began = time.perf_counter()
            response = client.post(path, json.dumps(body), content_type="application/json", headers=headers)
            record.ms += (time.perf_counter() - began) * 1000
        record.statuses[str(response.status_code)] += 1
        record.query_counts[len(captured.captured_queries)] += 1
        record.kinds.update(query_kind(q["sql"]) for q in captured.captured_queries)
        return response

    timing: AbstractContextManager[dict[str, list[float]]] = timed_sections() if sections else nullcontext({})
    with timing as stats:
        began, cpu = time.perf_counter(), time.process_time()
        for index in range(first_index, first_index + count):
            answer = call("submit", SUBMIT_PATH, submission(index), {})
            if answer.status_code == 201:
                codes.append(answer.json()["code"])
                call("accept", f"{SUBMIT_PATH}/{codes[-1]}/actions/accept", {}, officer)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    pairs = max(1, len(codes))
    result: dict[str, Any] = {
        "pairs": len(codes),
        "codes": codes,
        "pairs_per_sec_one_process": len(codes) / seconds,
        "wall_ms_per_pair": seconds * 1000 / pairs,
        "cpu_ms_per_pair": cpu * 1000 / pairs,
        "submit": calls["submit"].summary(),
        "accept": calls["accept"].summary(),
    }
    if sections:
        timed = {
            label: {
                "calls_per_pair": calls_ / pairs,
                "wall_ms": wall * 1000 / pairs,
                "cpu_ms": cpu_ * 1000 / pairs,
                "db_ms": db * 1000 / pairs,
                "queries": queries / pairs,
            }
            for label, (calls_, wall, cpu_, db, queries) in stats.items()
        }
        top = [f"{module.removeprefix('motcua.')}.{name}" for module, name, is_top in SECTIONS if is_top]
        rest = seconds * 1000 / pairs - sum(timed[label]["wall_ms"] for label in top if label in timed)
        result["sections_per_pair"] = {**timed, "(the rest: Django, ninja, middleware)": {"wall_ms": rest}}
    return result


def explain_selects(*, token: str, index: int) -> dict[str, Any]:
    """PostgreSQL's planning and execution time of every SELECT of one submit+accept pair."""
    from django.db import connection

    with recording() as queries:
        inprocess_run(count=1, token=token, first_index=index)
    plans = []
    with connection.cursor() as cursor:
        for sql, params in queries:
            if sql.lstrip().upper().startswith("SELECT"):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0]
                plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
                plans.append((query_kind(sql), plan["Planning Time"], plan["Execution Time"]))
    slowest = sorted(plans, key=lambda p: -p[1])[:5]
    return {
        "selects_per_pair": len(plans),
        "planning_ms_per_pair": round(sum(p[1] for p in plans), 2),
        "execution_ms_per_pair": round(sum(p[2] for p in plans), 2),
        "most_planning": [{"query": k, "planning_ms": p, "execution_ms": e} for k, p, e in slowest],
    }


def prepare_inside(_argument: dict[str, Any]) -> dict[str, Any]:
    """Migrate, load the units and the catalogue, create the officer (in a Django subprocess)."""
    from django.core.management import call_command

    from motcua.catalog.actions import catalog_seed
    from motcua.units.actions import units_load

    call_command("migrate", interactive=False, verbosity=0)
    units_load()
    catalog_seed()
    officer_id, token = officer_create()
    return {"officer_id": officer_id, "token": token}


def postgres_cpu(*, count: int, token: str, first_index: int) -> dict[str, Any]:
    """PostgreSQL CPU per dossier, by query kind: this connection's backend read in /proc around
    every query (10 ms ticks: meaningful over a few hundred dossiers; zeros where /proc is absent)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")

    def ticks() -> int:
        fields = stat.read_text().rsplit(")", 1)[1].split() if stat.exists() else [0] * 13
        return int(fields[11]) + int(fields[12])

    spent: Counter[str] = Counter()

    def on_query(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        before = ticks()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[query_kind(sql)] += ticks() - before

    began = ticks()
    with connection.execute_wrapper(on_query):
        inprocess_run(count=count, token=token, first_index=first_index)
    per = 1000 / os.sysconf("SC_CLK_TCK") / count
    by_kind = {kind: round(n * per, 2) for kind, n in spent.most_common() if n}
    return {"cpu_ms_per_pair": round((ticks() - began) * per, 2), "cpu_ms_per_pair_by_query": by_kind}


def probe_inside(argument: dict[str, Any]) -> dict[str, Any]:
    """Where the API's time goes (in a Django subprocess): a warm-up, a timed run, PostgreSQL's
    CPU by query and its plans. One connection throughout, so that its backend can be watched."""
    from django.db import connection

    connection.settings_dict["CONN_MAX_AGE"] = None
    count, token = argument["count"], argument["token"]
    inprocess_run(count=3, token=token, first_index=900_000)
    result = inprocess_run(count=count, token=token, first_index=0, sections=True)
    result.pop("codes")
    result["postgresql"] = postgres_cpu(count=count, token=token, first_index=count)
    result["postgresql"] |= prepared_statements()
    result["postgresql"] |= explain_selects(token=token, index=900_100)
    return result


def prepared_statements() -> dict[str, Any]:
    """The statements psycopg prepared on this connection (server-side binding with a prepare
    threshold) and how often PostgreSQL reused a generic plan rather than planning afresh."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) "
            "FROM pg_prepared_statements"
        )
        prepared, generic, custom = cursor.fetchone()
    return {"prepared_statements": prepared, "generic_plans": generic, "custom_plans": custom}


def run_in_django(function: str, argument: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    """`bench.bench_intake.<function>(argument)` in a fresh Django process; return its answer."""
    script = (
        "import json, os, sys\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'motcua.settings')\n"
        "import django\n"
        "django.setup()\n"
        "from bench import bench_intake\n"
        f"print({MARKER!r} + json.dumps(bench_intake.{function}(json.loads(sys.argv[1])), default=str))\n"
    )
    command = [sys.executable, "-c", script, json.dumps(argument)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(MARKER):
            answer: dict[str, Any] = json.loads(line.removeprefix(MARKER))
            return answer
    raise RuntimeError(
        f"{function} failed (exit {done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-4000:]}"
    )


# --- PostgreSQL, gunicorn, CPU accounting -----------------------------------------------------------


def tables_reset(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {INTAKE_TABLES} RESTART IDENTITY CASCADE")


def stored_rows(url: str) -> Stored:
    import psycopg

    with psycopg.connect(url) as conn:

        def rows(query: str) -> list[Any]:
            return conn.execute(query).fetchall()

        return Stored(
            dossiers=rows("SELECT code, status FROM dossiers_dossier"),
            events=rows(
                "SELECT d.code, e.seq, e.kind, e.actor_id, e.at, e.data, e.prev_hash, e.hash "
                "FROM dossiers_event e JOIN dossiers_dossier d ON d.id = e.dossier_id"
            ),
            sequences=rows("SELECT agency_code, day, last FROM dossiers_dailysequence"),
            outbox=rows("SELECT count(*) FROM interop_outboxmessage")[0][0],
            tasks=rows("SELECT count(*) FROM django_tasks_database_dbtaskresult")[0][0],
        )


# --- clients: separate processes (spawned, so they share nothing with this one) ---------------------


@dataclass
class ClientResult:
    submit_ms: list[float] = field(default_factory=list)
    accept_ms: list[float] = field(default_factory=list)
    submits: Counter[int] = field(default_factory=Counter)
    accepts: Counter[int] = field(default_factory=Counter)
    codes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0


class HttpIntake:
    """A client of the API: submit anonymously, then accept as the officer."""

    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.json = {"Content-Type": "application/json"}
        self.officer = {**self.json, "Authorization": f"Bearer {token}"}

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        try:
            self.conn.request("POST", path, body, headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            raise

    def one(self, index: int, result: ClientResult) -> None:
        began = time.perf_counter()
        status, answer = self.post(SUBMIT_PATH, json.dumps(submission(index)).encode(), self.json)
        submitted = time.perf_counter()
        result.submits[status] += 1
        result.submit_ms.append((submitted - began) * 1000)
        if status != 201:
            result.errors.append(f"submit {status}: {answer[:200]!r}")
            return
        code = json.loads(answer)["code"]
        result.codes.append(code)
        status, answer = self.post(f"{SUBMIT_PATH}/{code}/actions/accept", b"{}", self.officer)
        result.accepts[status] += 1
        result.accept_ms.append((time.perf_counter() - submitted) * 1000)
        if status != 200:
            result.errors.append(f"accept {code} {status}: {answer[:200]!r}")


class RawIntake:
    """A client of the ceiling: its own psycopg connection, autocommit outside its transactions."""

    def __init__(self, url: str, ids: RawIds) -> None:
        import psycopg

        self.conn = psycopg.connect(url, autocommit=True)
        self.cursor, self.ids = self.conn.cursor(), ids

    def one(self, index: int, result: ClientResult) -> None:
        code, submit_ms, accept_ms = raw_intake(self.cursor, self.conn.transaction, self.ids, index)
        result.submits[201] += 1
        result.accepts[200] += 1
        result.codes.append(code)
        result.submit_ms.append(submit_ms)
        result.accept_ms.append(accept_ms)


def client_main(kind: str, target: Any, indices: list[int], warmup: list[int], sync: Any, out: Any) -> None:
    """A client process: warm up, wait for the start, write its share, report, and keep its
    connection (and so its PostgreSQL backend's CPU count) until the parent has read the CPU."""
    ready, go, done = sync
    client = HttpIntake(*target) if kind == "api" else RawIntake(*target)
    result, failures = ClientResult(), 0
    for index in warmup:
        try:
            client.one(index, ClientResult())
        except Exception as exc:
            result.errors.append(f"warm-up: {type(exc).__name__}: {exc}")
    if isinstance(client, HttpIntake):
        client.conn.close()  # reconnect after the pause: the server may have closed the idle connection
    ready.wait(timeout=300)
    go.wait(timeout=300)
    cpu = time.process_time()
    for index in indices:
        try:
            client.one(index, result)
            failures = 0
        except Exception as exc:
            result.errors.append(f"{type(exc).__name__}: {exc}")
            failures += 1
            if failures >= 20:
                break
    result.cpu_seconds = time.process_time() - cpu
    result.errors = result.errors[:10]
    out.put(result)
    done.wait(timeout=600)
    client.conn.close()


def run_clients(
    kind: str,
    target: tuple[Any, ...],
    *,
    dossiers: int,
    clients: int,
    warmup: int,
    url: str,
    server: int | None,
) -> tuple[float, list[ClientResult], dict[str, float]]:
    """`clients` processes warm up, wait while the intake tables are emptied, then write `dossiers`
    dossiers between them. Returns the wall seconds, their results and the CPU used meanwhile."""
    ctx = multiprocessing.get_context("spawn")
    ready, go, done, out = ctx.Barrier(clients + 1), ctx.Event(), ctx.Event(), ctx.Queue()
    processes = []
    for c in range(clients):
        warm = [10_000_000 + c * warmup + w for w in range(warmup)]  # indices the run never uses
        args = (kind, target, list(range(c, dossiers, clients)), warm, (ready, go, done), out)
        processes.append(ctx.Process(target=client_main, args=args, daemon=True))
    for process in processes:
        process.start()
    database = urlsplit(url).path.lstrip("/")
    results: list[ClientResult] = []
    try:
        ready.wait(timeout=300)
        tables_reset(url)
        meter, began = CpuMeter(server, database), time.perf_counter()
        meter.start()
        go.set()
        while len(results) < clients:
            try:
                results.append(out.get(timeout=1))
            except Exception:  # queue.Empty: stop waiting once no client is left
                if not any(p.is_alive() for p in processes) and out.empty():
                    break
        seconds, cpu = time.perf_counter() - began, meter.stop()
    finally:
        done.set()
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
    cpu["clients"] = sum(r.cpu_seconds for r in results)
    return seconds, results, cpu


def summarise(
    label: str, seconds: float, results: list[ClientResult], cpu: dict[str, float], check: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A table row, and the details for the JSON."""
    pairs = sum(r.accepts[200] for r in results)
    submit = latencies([ms for r in results for ms in r.submit_ms])
    accept = latencies([ms for r in results for ms in r.accept_ms])
    row = {"path": label, "dossiers": pairs, "seconds": round(seconds, 1), "per_sec": pairs / seconds}
    row |= {f"submit_{k}": v for k, v in submit.items()} | {f"accept_{k}": v for k, v in accept.items()}
    row["verified"] = "ok" if check["ok"] else "FAILED"
    own = cpu["clients"] + cpu["gunicorn"] + cpu["postgres"]
    cpu["others"] = cpu["machine"] - own
    capacity = seconds * (os.cpu_count() or 1)
    details = {
        "submit_latency": submit,
        "accept_latency": accept,
        "submit_statuses": dict(sum((r.submits for r in results), Counter())),
        "accept_statuses": dict(sum((r.accepts for r in results), Counter())),
        "errors": [e for r in results for e in r.errors][:10],
        "cpu_ms_per_dossier": {
            k: round(v * 1000 / max(1, pairs), 2) for k, v in cpu.items() if k != "machine"
        },
        "machine_busy_percent": round(100 * cpu["machine"] / capacity, 1),
        # What the machine could do if this run had it to itself: its cores over the CPU time one
        # dossier costs in the clients, gunicorn and PostgreSQL (robust to neighbours' load).
        "cpu_bound_per_sec": round((os.cpu_count() or 1) * pairs / (own or 1), 1),
        # Other processes on the machine (other users' tests…) took this share of it: the figures
        # of a run where it is high measure the neighbours as much as motcua.
        "others_percent": round(100 * cpu["others"] / capacity, 1),
        "verification": check,
    }
    return row, details


def report(rows: list[dict[str, Any]], details: dict[str, Any], probe: dict[str, Any]) -> None:
    print_table(rows)
    for label, detail in details.items():
        estimate = detail["cpu_bound_per_sec"]
        print(f"{label}: CPU ms per dossier {detail['cpu_ms_per_dossier']}; alone: ~{estimate}/s")
        if detail["others_percent"] > 10:
            print(f"  WARNING: other processes used {detail['others_percent']}% of the machine meanwhile")
    pg, submit, accept = probe["postgresql"], probe["submit"], probe["accept"]
    top = ", ".join(f"{kind} {ms}" for kind, ms in list(pg["cpu_ms_per_pair_by_query"].items())[:4])
    print(
        f"\nIn one Django process without HTTP: {probe['pairs_per_sec_one_process']:.0f} dossiers/s, "
        f"{probe['cpu_ms_per_pair']:.1f} ms CPU per dossier. Queries per request: submit "
        f"{submit['queries_per_request']}, accept {accept['queries_per_request']}. PostgreSQL CPU per "
        f"dossier: {pg['cpu_ms_per_pair']} ms (most: {top}); {pg['prepared_statements']} statements "
        f"prepared, {pg['generic_plans']} runs on a generic plan, {pg['custom_plans']} planned afresh; its "
        f"{pg['selects_per_pair']} SELECTs, unprepared, plan in {pg['planning_ms_per_pair']} ms, execute in "
        f"{pg['execution_ms_per_pair']} ms. By function:"
    )
    sections = probe["sections_per_pair"].items()
    print_table([{"function": label, **{k: round(v, 2) for k, v in s.items()}} for label, s in sections])


def measure(kind: str, label: str, url: str, target: tuple[Any, ...], args: argparse.Namespace) -> Any:
    """One measured run (`kind` "api" with a gunicorn of worker class `target[1]`, or "raw"),
    verified; returns its table row and details."""
    serving = (
        gunicorn(url, worker_class=target[1], workers=args.workers, threads=args.threads)
        if kind == "api"
        else nullcontext((0, 0))
    )
    with serving as (port, pid):
        seconds, results, cpu = run_clients(
            kind,
            (port, target[0]) if kind == "api" else target,
            dossiers=args.dossiers,
            clients=args.clients,
            warmup=args.warmup,
            url=url,
            server=pid or None,
        )
    answered = [code for r in results for code in r.codes]
    check = verify(stored_rows(url), answered=answered, accepted=sum(r.accepts[200] for r in results))
    return summarise(label, seconds, results, cpu, check)


def main(argv: Sequence[str] | None = None, *, results_dir: Path | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a few hundred dossiers, gthread only")
    parser.add_argument("--dossiers", type=int, default=None, help="dossiers per measured run (5000)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent client processes")
    parser.add_argument("--worker-class", choices=("sync", "gthread", "both"), default=None)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--warmup", type=int, default=2, help="untimed dossiers per client and run")
    parser.add_argument("--probe-dossiers", type=int, default=None, help="dossiers of the in-process probe")
    parser.add_argument("--admin-url", default=os.environ.get("BENCH_PG_ADMIN_URL", ADMIN_URL))
    args = parser.parse_args(argv)
    args.dossiers = args.dossiers or (200 if args.quick else 5000)
    chosen = args.worker_class or ("gthread" if args.quick else "both")
    classes = ("gthread", "sync") if chosen == "both" else (chosen,)
    load = os.getloadavg()

    url, version = database_recreate(args.admin_url, DATABASE)
    env, began = server_env(url), time.perf_counter()
    prepared = run_in_django("prepare_inside", {}, env)
    print(f"{DATABASE} prepared in {time.perf_counter() - began:.1f} s on {version.split(' on ')[0]}")
    import psycopg

    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        ids = raw_ids(cursor, prepared["officer_id"])
    runs = [("api", f"API gunicorn {name}", (prepared["token"], name)) for name in classes]
    measured = [measure(kind, label, url, target, args) for kind, label, target in runs]
    measured.append(measure("raw", "raw psycopg (ceiling)", url, (url, ids), args))
    rows, details = [row for row, _ in measured], {row["path"]: detail for row, detail in measured}
    with psycopg.connect(url) as conn:
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    tables_reset(url)
    probe_count = args.probe_dossiers or (20 if args.quick else 200)
    probe = run_in_django("probe_inside", {"count": probe_count, "token": prepared["token"]}, env)

    best = max(rows[:-1], key=lambda row: row["per_sec"])
    ratio = best["per_sec"] / rows[-1]["per_sec"] if rows[-1]["per_sec"] else 0.0
    met = best["per_sec"] >= TARGET_PER_SEC
    report(rows, details, probe)
    print(
        f"best API ({best['path']}): {best['per_sec']:.0f} dossiers/s = {ratio:.0%} of the raw ceiling "
        f"({rows[-1]['per_sec']:.0f}/s); target {TARGET_PER_SEC:.0f}/s {'met' if met else 'NOT met'}"
    )
    payload: dict[str, Any] = {
        "quick": args.quick,
        "database": version,
        "data": {
            "dossiers_per_run": args.dossiers,
            "database_mb_after_runs": round(int(size[0]) / 1e6, 1) if size else None,
            "reference_data": "all units (3,695) with lineage, the seeded catalogue",
            "procedure": PROCEDURE,
            "competent_unit": UNIT,
        },
        "setup": {
            "clients": f"{args.clients} processes, one keep-alive http.client connection each",
            "gunicorn": f"{args.workers} workers; gthread with {args.threads} threads each; sync",
            "settings": "MOTCUA_ENV unset (development), DEBUG=0, AXES_ENABLED=0",
            "warmup_per_client": args.warmup,
            "load_average_before": load,
        },
        "runs": rows,
        "details": details,
        "best_api": best["path"],
        "api_per_sec": best["per_sec"],
        "ceiling_per_sec": rows[-1]["per_sec"],
        "ratio": ratio,
        "target_per_sec": TARGET_PER_SEC,
        "target_met": met,
        "in_process_probe": probe,
    }
    path = write_result(NAME, payload, results_dir=results_dir)
    print(f"written: {path}")
    return payload


if __name__ == "__main__":
    main()
