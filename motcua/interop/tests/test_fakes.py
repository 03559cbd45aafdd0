import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from motcua.interop.fakes import FAKES
from motcua.interop.fakes.launcher import FakeProcess
from motcua.interop.tests.fakes_support import control, echo_service, serving


def test_every_registered_fake_builds() -> None:
    from motcua.interop.fakes.__main__ import build

    for name in FAKES:
        assert build(name, None).name == name


def test_a_message_against_its_schema_is_refused_with_the_errors() -> None:
    with serving(echo_service()) as url:
        answer = httpx.post(f"{url}/sync", json={"madonvi": "H36", "isUpdating": "Maybe", "data": []})
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        "data: [] should be non-empty",
        "isUpdating: 'Maybe' is not one of ['True', 'False']",
    ]


def test_control_rules_apply_to_the_next_messages_in_order() -> None:
    service = echo_service()
    with serving(service) as url:
        control(url, action="fail", status=502, count=1)
        control(url, action="lose", count=1)
        control(url, action="duplicate", count=1)
        assert httpx.post(f"{url}/echo", json={"n": 1}).status_code == 502
        assert httpx.post(f"{url}/echo", json={"n": 2}).json() == {"error_code": "0"}  # answered, not kept
        assert httpx.post(f"{url}/echo", json={"n": 3}).status_code == 200  # handled twice
        assert httpx.post(f"{url}/echo", json={"n": 4}).status_code == 200
        control(url, action="drop", count=1)
        with pytest.raises(httpx.TransportError):
            httpx.post(f"{url}/echo", json={"n": 5})
        state = httpx.get(f"{url}/_state").json()
    assert state["seen"] == [{"n": 3}, {"n": 3}, {"n": 4}]
    assert state["received"] == 3  # the failed and the dropped messages never reached the service


def test_routes_with_auth_need_a_token_from_the_token_endpoint() -> None:
    with serving(echo_service()) as url:
        assert httpx.post(f"{url}/private", json={}).status_code == 401
        refused = httpx.post(
            f"{url}/token",
            data={"grant_type": "client_credentials", "client_id": "me", "client_secret": "no"},
        )
        assert refused.status_code == 401
        token = httpx.post(
            f"{url}/token",
            data={"grant_type": "client_credentials", "client_id": "me", "client_secret": "secret"},
        ).json()
        assert token["expires_in"] == 60
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        assert httpx.post(f"{url}/private", json={}, headers=headers).status_code == 200
        control(url, action="expire_tokens")
        assert httpx.post(f"{url}/private", json={}, headers=headers).status_code == 401


def test_the_store_is_kept_in_its_json_file_across_restarts(tmp_path: Path) -> None:
    with serving(echo_service(tmp_path)) as url:
        httpx.post(f"{url}/echo", json={"kept": True})
    assert json.loads((tmp_path / "echo.json").read_text()) == {"seen": [{"kept": True}]}
    service = echo_service(tmp_path)
    assert service.store == {"seen": [{"kept": True}]}


def test_a_fake_runs_as_its_own_process_and_stops_on_sigterm(tmp_path: Path) -> None:
    fake = FakeProcess("national_portal", data_dir=tmp_path)
    url = fake.start()
    try:
        assert httpx.get(f"{url}/_health").json() == {"name": "national_portal", "ok": True}
    finally:
        fake.stop()
    assert fake.process is not None and fake.process.returncode == 0
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/_health")


def test_a_fake_stops_by_itself_when_its_parent_dies(tmp_path: Path) -> None:
    # A parent that starts a fake and is then killed: the orphaned fake notices and exits.
    script = (
        "from motcua.interop.fakes.launcher import FakeProcess; import os, sys, time; "
        "f = FakeProcess('national_portal'); f.start(); "
        "print(f.process.pid, f.url, flush=True); time.sleep(60)"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child_pid, url = parent.stdout.readline().split()
    assert httpx.get(f"{url}/_health").status_code == 200
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(int(child_pid), 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(int(child_pid), signal.SIGKILL)
        pytest.fail("the fake outlived its parent")


def test_run_fakes_serves_each_fake_on_its_endpoint_port(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "NATIONAL_PORTAL_URL": f"http://127.0.0.1:{port}", "MOTCUA_VAR_DIR": str(tmp_path)}
    command = subprocess.Popen(
        [sys.executable, "manage.py", "run_fakes", "national_portal"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[3],
    )
    try:
        assert command.stdout is not None
        assert command.stdout.readline().strip() == f"national_portal: http://127.0.0.1:{port}"
        assert httpx.get(f"http://127.0.0.1:{port}/_health").status_code == 200
    finally:
        command.send_signal(signal.SIGINT)
        assert command.wait(10) == 0
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/_health")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
