"""Servers for the benchmarks: a scratch PostgreSQL database, motcua under gunicorn on a free local
port, and the CPU its processes and the database's backends use."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def database_recreate(admin_url: str, name: str) -> tuple[str, str]:
    """Drop and create `name` (as bin/pgdb does); its URL and the server's version. Fails clearly
    when PostgreSQL cannot be reached."""
    import psycopg
    from psycopg import sql

    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            row = conn.execute("SELECT version()").fetchone()
    except psycopg.OperationalError as exc:
        raise SystemExit(
            f"PostgreSQL is not reachable at {admin_url}: {str(exc).strip()}\n"
            "This bench needs PostgreSQL: start it, or give its admin URL with --admin-url."
        ) from None
    return urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}")), str(row[0] if row else "?")


class CpuMeter:
    """CPU seconds (Linux /proc) used between `start` and `stop` by the gunicorn master and workers,
    by the PostgreSQL backends of `database`, and by the whole machine. /proc is read every half
    second, so a backend that ends meanwhile (Django recycles connections every minute) still counts."""

    def __init__(self, server_pid: int | None, database: str) -> None:
        self.server_pid, self.database = server_pid, database
        self.first: dict[int, float] = {}
        self.last: dict[int, tuple[str, float]] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _scan(self) -> dict[int, tuple[str, float]]:
        found = {}
        for entry in Path("/proc").iterdir():
            try:
                comm, rest = (entry / "stat").read_text().rsplit(")", 1)
                fields, pid = rest.split(), int(entry.name)
                used = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
                if self.server_pid and self.server_pid in (pid, int(fields[1])):
                    found[pid] = ("gunicorn", used)
                elif comm.endswith("(postgres") and f" {self.database} " in (entry / "cmdline").read_text():
                    found[pid] = ("postgres", used)
            except (OSError, ValueError, IndexError):
                continue
        return found

    @staticmethod
    def _machine() -> float:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")

    def _watch(self) -> None:
        while not self.stopping.wait(0.5):
            self.last.update(self._scan())

    def start(self) -> None:
        self.last = self._scan()
        self.first = {pid: used for pid, (_group, used) in self.last.items()}
        self.machine = self._machine()
        self.thread.start()

    def stop(self) -> dict[str, float]:
        self.stopping.set()
        self.thread.join()
        self.last.update(self._scan())
        used = {"gunicorn": 0.0, "postgres": 0.0, "machine": self._machine() - self.machine}
        for pid, (group, seconds) in self.last.items():
            used[group] += seconds - self.first.get(pid, 0.0)
        return used


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "MOTCUA_ENV"}
    env.update(DATABASE_URL=url, AXES_ENABLED="0", DEBUG="0", LOG_LEVEL="WARNING")
    return env


@contextmanager
def gunicorn(
    url: str, *, worker_class: str, workers: int, threads: int, extra_env: dict[str, str] | None = None
) -> Iterator[tuple[int, int]]:
    """Serve motcua on a free port: yields (port, master pid). Always stopped on the way out:
    SIGTERM, then SIGKILL to the process group it was started in."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "motcua.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--worker-class", worker_class]
    command += ["--threads", str(threads)] if worker_class == "gthread" else []  # sync would become gthread
    command += ["--timeout", "60", "--graceful-timeout", "5", "--keep-alive", "10", "--no-control-socket"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**server_env(url), **(extra_env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 30
            while process.poll() is None and time.monotonic() < deadline:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    conn.request("GET", "/api/v1/openapi.json")
                    conn.getresponse().read()
                    conn.close()
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                log.seek(0)
                raise RuntimeError(f"gunicorn did not answer on port {port}:\n{log.read()[-3000:].decode()}")
            yield port, process.pid
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=5)
