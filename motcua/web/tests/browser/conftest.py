"""Browser tests: Debian's Chromium, driven by Playwright, against a real server in another process.

Each test process (each xdist worker) prepares its own database in a temporary folder (SQLite, or a
PostgreSQL database of its own when DATABASE_URL names PostgreSQL), fills it with the units, the
catalogue and the demo officials through the management commands, and serves it with gunicorn on
a free port of 127.0.0.1. The server dies with the test process: it is in its own process group,
killed at the end of the session, and asks the kernel for SIGTERM when its parent dies."""

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from motcua.web.tests.browser.support import PYTHON, ROOT, Pages, Site

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: end-to-end test in Chromium against a server in another process (slow)"
    )


def screenshots_dir() -> Path:
    return Path(os.environ.get("MOTCUA_SCREENSHOTS") or ROOT / "var" / "screenshots").resolve()


# --- the server -------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:
    """Runs in the child before exec: the kernel sends SIGTERM when the test process ends, even
    by SIGKILL, so no server outlives its tests."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _database(env: dict[str, str]) -> Callable[[], None]:
    """Point the server at a database of its own; return what removes it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return lambda: None
    parts = urlsplit(url)
    name = f"motcua_browser_{_worker()}_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    subprocess.run([PYTHON, "bin/pgdb", "create", admin, name], cwd=ROOT, check=True)
    env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))

    def drop() -> None:
        subprocess.run([PYTHON, "bin/pgdb", "drop", admin, name], cwd=ROOT, check=False)

    return drop


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"The server stopped at start-up:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"The server did not answer within 60 s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    var_dir = tmp_path_factory.mktemp(f"browser-site-{_worker()}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "MOTCUA_VAR_DIR": str(var_dir),
        "MOTCUA_ENV": "development",
        "DEBUG": "true",  # static files from the apps' folders through WhiteNoise, no collectstatic
        "MOTCUA_TRACKING_PER_MINUTE": "1000",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    drop = _database(env)
    port = _free_port()
    log = var_dir / "server.log"
    prepared = Site(url=f"http://127.0.0.1:{port}", env=env, var_dir=var_dir, log=log)
    process: subprocess.Popen[bytes] | None = None
    try:
        for command in (
            ["migrate", "--noinput"],
            ["load_units"],
            ["seed_catalog"],
            ["seed_demo", "--no-history"],
        ):
            prepared.manage(*command, timeout=300)
        with log.open("wb") as out:
            process = subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "motcua.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--threads",
                    "4",
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "2",
                ],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )
        _wait_until_up(prepared.url, process, log)
        yield prepared
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        drop()


# --- the browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Chromium is not installed: the browser tests need Debian's `chromium` package "
            "(bin/test installs it when run as root; otherwise `apt-get install chromium`). "
            "See DEVELOPERS.md.",
            pytrace=False,
        )
    chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def pages(browser: Browser, site: Site) -> Iterator[Pages]:
    opened = Pages(browser, site)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    folder = screenshots_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # Recorded as a warning so that the folder is named in the summary of an xdist run too.
    warnings.warn(f"browser test screenshots are written to {folder}", UserWarning, stacklevel=1)
    return folder


@pytest.fixture
def shoot(shots: Path) -> Callable[[Page, str], Path]:
    def take(page: Page, name: str) -> Path:
        path = shots / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
