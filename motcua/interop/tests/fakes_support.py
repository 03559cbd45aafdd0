"""A fake served in a thread of the test process, for unit tests of the HTTP client and the fakes base
(the integration tests run fakes as separate processes)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from motcua.interop.fakes.base import FakeService


@contextmanager
def serving(service: FakeService) -> Iterator[str]:
    server = service.serve(0)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        service.stop()


def control(url: str, **order: object) -> None:
    httpx.post(f"{url}/_control", json=order).raise_for_status()


def echo_service(data_dir: Path | None = None) -> FakeService:
    """Answers every POST /echo with its body and counts it in the store."""

    class Echo(FakeService):
        def reset_store(self) -> None:
            self.store = {"seen": []}

    service = Echo("echo", data_dir=data_dir)
    service.enable_tokens(path="/token", clients={"me": "secret"}, lifetime=60)

    @service.route("POST", "/echo")
    def echo(request):
        with service.lock:
            service.store["seen"].append(request.json)
        service.changed()
        return 200, {"error_code": "0", "echo": request.json}

    @service.route("POST", "/private", auth=True)
    def private(request):
        return 200, {"error_code": "0"}

    @service.route("POST", "/sync", schema="dvcqg_dongbo_hoso")
    def sync(request):
        return 200, {"error_code": "0"}

    return service
