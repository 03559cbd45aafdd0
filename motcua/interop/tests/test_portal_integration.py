"""The national portal sync end to end: the app (gunicorn), the worker (`manage.py db_worker`), the
periodic jobs (`manage.py run_periodic`) and the fake national portal, each its own process, talking
over real HTTP on free 127.0.0.1 ports, on a copy of the test database (a SQLite file, or a new
PostgreSQL database when the suite runs on PostgreSQL). Decree 118 Art.27.2.d; Art.15, 40.7-8 for the
inbound channel. The processes are started once for the module and all stopped at its end."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from motcua.interop.fakes.launcher import FakeProcess

ROOT = Path(__file__).resolve().parents[3]
UNIT = "24688"
PROCEDURE = "1.001612"
WAIT = 20.0


# The tests themselves use no database; the mark makes pytest-django create the suite's test database,
# which the stack copies.
pytestmark = pytest.mark.django_db

PREPARE = """
import django, sys
django.setup()
from motcua.accounts.actions import membership_grant, official_ensure
from motcua.accounts.roles import Role
from motcua.accounts.tokens import token_issue
from motcua.units.models import Unit
user = official_ensure(actor=None, username="it.desk", full_name="Cán bộ một cửa", password="x" * 20)
membership_grant(actor=None, user=user, unit=Unit.objects.get(code="24688"), role=Role.RECEIVING_OFFICER)
print(token_issue(actor=None, user=user, name="integration"))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Stack:
    env: dict[str, str]
    app: str
    portal: str
    token: str
    fake: FakeProcess
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    logs: Path = Path()
    database_url: str = ""

    def start(self, name: str, *command: str) -> None:
        log = (self.logs / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            [sys.executable, *command], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )

    def start_worker(self) -> None:
        self.start(
            "worker", "manage.py", "db_worker", "--no-reload", "--interval", "0.1", "--no-startup-delay"
        )

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name)
        process.send_signal(sig)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def sql(self, query: str, *params: str) -> list[tuple[Any, ...]]:
        """Read the stack's database directly (the processes write it; the test only looks)."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as conn:
                return list(conn.execute(query.replace("?", "%s"), params).fetchall())
        with sqlite3.connect(self.logs / "motcua.sqlite3", timeout=10) as db:
            return list(db.execute(query, params))

    def outbox(self, code: str) -> list[tuple[int, str]]:
        return [
            (version, status)
            for version, status in self.sql(
                "SELECT o.version, o.status FROM interop_outboxmessage o JOIN dossiers_dossier d "
                "ON d.id = o.dossier_id WHERE o.channel = 'national_portal' AND d.code = ? ORDER BY o.id",
                code,
            )
        ]

    def reconcile(self) -> list[int]:
        done = subprocess.run(
            [sys.executable, "manage.py", "portal_reconcile", "--days", "1"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            check=True,
        )
        return [int(n) for n in done.stdout.decode().split()[-2:]]

    def officer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def submit(self, name: str) -> str:
        body = {
            "procedure": PROCEDURE,
            "competent_unit": UNIT,
            "channel": 2,
            "applicant": {"name": name, "national_id": "068190001234", "phone": "0912345678"},
        }
        answer = httpx.post(f"{self.app}/api/v1/dossiers", json=body, timeout=10)
        assert answer.status_code == 201, answer.text
        return str(answer.json()["code"])

    def act(self, code: str, action: str, body: dict[str, Any] | None = None) -> None:
        answer = httpx.post(
            f"{self.app}/api/v1/dossiers/{code}/actions/{action}",
            json=body or {},
            headers=self.officer(),
            timeout=10,
        )
        assert answer.status_code == 200, answer.text

    def held(self) -> dict[str, Any]:
        state: dict[str, Any] = httpx.get(f"{self.portal}/_state", timeout=5).json()
        return state

    def control(self, **order: Any) -> None:
        httpx.post(f"{self.portal}/_control", json=order, timeout=5).raise_for_status()


def eventually(check: Callable[[], Any], timeout: float = WAIT) -> Any:
    """Wait until `check()` is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            assert value, "not reached in time"
            return value
        time.sleep(0.2)


def _wait_http(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def _copy_test_database(var: Path) -> str:
    """The suite's test database, migrated and holding the units and the catalogue, copied whole for
    the processes of this module (migrating afresh takes half a minute): SQLite's backup API into a
    file, or on PostgreSQL a new database made from the test database as its template. Returns the
    DATABASE_URL of the copy ("" for the SQLite file under `var`)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(var / "motcua.sqlite3")
        with destination:
            connection.connection.backup(destination)
        destination.close()
        return ""
    import psycopg
    from psycopg import sql

    params = connection.settings_dict
    source = params["NAME"]
    copy = f"{source}_portal_it"
    admin = _pg_url(params, "postgres")
    connection.close()  # a template must have no session
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(copy)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(copy), sql.Identifier(source))
        )
    return _pg_url(params, copy)


def _pg_url(params: dict[str, Any], name: str) -> str:
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def _drop_copy(url: str) -> None:
    if not url:
        return
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None, django_db_blocker: Any
) -> Iterator[Stack]:
    var = tmp_path_factory.mktemp("portal-it")
    with django_db_blocker.unblock():
        database_url = _copy_test_database(var)
    fake = FakeProcess("national_portal", data_dir=var / "fakes")
    portal = fake.start()
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "DATABASE_URL": database_url,
        "MOTCUA_VAR_DIR": str(var),
        "LOG_LEVEL": "WARNING",
        "AXES_ENABLED": "false",
        "MOTCUA_SUBMISSIONS_PER_HOUR": "10000",
        "NATIONAL_PORTAL_SYNC": "true",
        "NATIONAL_PORTAL_INBOUND": "true",
        "NATIONAL_PORTAL_URL": portal,
        "NATIONAL_PORTAL_TOKEN_URL": f"{portal}/lgsp/token",
        "NATIONAL_PORTAL_RETRIES": "0",
        "NATIONAL_PORTAL_READ_TIMEOUT_MS": "8000",
        "NATIONAL_PORTAL_BREAKER_FAILURES": "3",
        "NATIONAL_PORTAL_BREAKER_RESET_SECONDS": "1",
        "MOTCUA_OUTBOX_BACKOFF": "1,1,1,1,1,1,1,1,1,1",
        "MOTCUA_OUTBOX_LEASE_SECONDS": "3",
    }
    prepared = subprocess.run(
        [sys.executable, "-c", PREPARE], cwd=ROOT, env=env, capture_output=True, check=False
    )
    assert prepared.returncode == 0, prepared.stderr.decode()[-3000:]
    port = free_port()
    stack = Stack(
        env=env,
        app=f"http://127.0.0.1:{port}",
        portal=portal,
        token=prepared.stdout.decode().strip().splitlines()[-1],
        fake=fake,
        logs=var,
        database_url=database_url,
    )
    try:
        stack.start(
            "app",
            "-m",
            "gunicorn",
            "motcua.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
        )
        stack.start_worker()
        stack.start("periodic", "manage.py", "run_periodic", "--interval", "1")
        _wait_http(f"{stack.app}/")
        yield stack
    finally:
        for name in list(stack.processes):
            stack.stop(name)
        fake.stop()
        _drop_copy(database_url)


def _today() -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()


def history_of(stack: Stack, code: str) -> list[list[Any]]:
    return [entry for entry in stack.held()["history"] if entry[0] == code]


def test_a_dossiers_whole_life_arrives_in_order(stack: Stack) -> None:
    code = stack.submit("Nguyễn Thị Lan")
    eventually(lambda: history_of(stack, code))
    stack.act(code, "accept")
    eventually(lambda: stack.held()["dossiers"][code]["TrangThaiHoSo"] == "2")
    stack.act(
        code,
        "stop",
        {
            "reason": "Người nộp đề nghị dừng giải quyết",
            "request_date": _today(),
            "request_reference": "01/ĐN",
        },
    )
    eventually(lambda: stack.held()["dossiers"][code]["TrangThaiHoSo"] == "8")
    statuses = [status for _code, _version, status in history_of(stack, code)]
    versions = [version for _code, version, _status in history_of(stack, code)]
    # Each state arrived, in order; states that waited together may have been coalesced.
    assert versions == sorted(versions)
    assert statuses[-1] == "8"
    assert [s for s in ["1", "2", "8"] if s in statuses] == sorted(set(statuses), key=statuses.index)
    assert {status for _version, status in stack.outbox(code)} <= {"sent", "merged"}


def test_an_outage_then_the_portals_return_delivers_everything_once(stack: Stack) -> None:
    stack.control(action="fail", status=503, count=1000)
    codes = [stack.submit(f"Người nộp {index}") for index in range(5)]
    time.sleep(2)  # failures pile up; the circuit opens
    assert not any(code in stack.held()["dossiers"] for code in codes)
    stack.control(action="clear")
    eventually(lambda: all(code in stack.held()["dossiers"] for code in codes))
    for code in codes:
        assert history_of(stack, code) == [[code, 1, "1"]]
    eventually(lambda: all(stack.outbox(code) == [(1, "sent")] for code in codes))


def test_a_worker_killed_mid_delivery_loses_nothing_and_repeats_no_effect(stack: Stack) -> None:
    stack.control(action="slow", ms=2500, count=1)
    code = stack.submit("Lê Văn Cường")
    time.sleep(1.2)  # the worker has taken the message and waits on the slow portal
    stack.stop("worker", signal.SIGKILL)
    stack.start_worker()
    # The fake finishes the first delivery; after the lease the message is sent again and ignored.
    eventually(lambda: stack.outbox(code) == [(1, "sent")])
    assert history_of(stack, code) == [[code, 1, "1"]]


def test_an_inbound_dossier_sent_twice_is_one_dossier(stack: Stack) -> None:
    filing = {
        "MaHoSo": "G22.99.09-IT-0001",
        "MaTTHC": PROCEDURE,
        "MaDonViXuLy": UNIT,
        "ChuHoSo": "Phạm Thị Dung",
        "SoGiayToChuHoSo": "068190009999",
        "SoDienThoai": "0911222333",
        "NgayNopHoSo": "20261205080000",
    }
    stack.control(action="lose", count=1)  # the first acknowledgement is answered and forgotten
    httpx.post(f"{stack.portal}/_file", json=filing).raise_for_status()
    httpx.post(f"{stack.portal}/_file", json=filing).raise_for_status()
    eventually(lambda: stack.held()["inbound"]["G22.99.09-IT-0001"]["acknowledged"])
    inbound = stack.sql(
        "SELECT i.national_code, d.code, d.channel, d.status, u.code FROM interop_inbounddossier i "
        "JOIN dossiers_dossier d ON d.id = i.dossier_id JOIN units_unit u ON u.id = d.competent_unit_id"
    )
    assert len(inbound) == 1
    national, local, channel, status, unit = inbound[0]
    assert (national, channel, status, unit) == ("G22.99.09-IT-0001", 2, "new", UNIT)
    # The dossier received is itself synchronised back with its own code.
    eventually(lambda: local in stack.held()["dossiers"])


def test_a_gap_is_closed_by_reconciliation(stack: Stack) -> None:
    stack.control(action="lose", count=1)  # answered success, kept nothing
    code = stack.submit("Võ Thị Én")
    eventually(lambda: stack.outbox(code) == [(1, "sent")])
    assert code not in stack.held()["dossiers"]
    assert stack.reconcile() == [1, 1]  # one unit and day differs; one dossier sent again
    eventually(lambda: code in stack.held()["dossiers"])
    assert history_of(stack, code) == [[code, 1, "1"]]
