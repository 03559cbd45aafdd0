"""The registry and payment fakes as their own processes (one set per test worker), reset before
each test, with the endpoints of the settings pointed at them."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from motcua.interop.fakes.launcher import FakeProcess

FAKE_NAMES = ("population_db", "business_registry", "tax", "paygov", "civil_status", "data_store")


@pytest.fixture(scope="session")
def fake_processes() -> Iterator[dict[str, FakeProcess]]:
    processes: dict[str, FakeProcess] = {}
    try:
        for name in FAKE_NAMES:
            process = FakeProcess(name)
            process.start()
            processes[name] = process
        yield processes
    finally:
        for process in processes.values():
            process.stop()


@pytest.fixture
def fakes(fake_processes: dict[str, FakeProcess], settings: Any) -> dict[str, str]:
    """The base URL of each fake, emptied of earlier tests' data; one try per call, so a test of a
    registry that is down does not wait for retries."""
    endpoints = dict(settings.MOTCUA_ENDPOINTS)
    urls = {}
    for name, process in fake_processes.items():
        httpx.post(f"{process.url}/_reset").raise_for_status()
        endpoints[name] = {
            **endpoints[name],
            "base_url": process.url,
            "retries": 0,
            "read_timeout": 5.0,
            "breaker_failures": 50,
        }
        urls[name] = process.url
    settings.MOTCUA_ENDPOINTS = endpoints
    return urls


def control(url: str, **order: object) -> None:
    httpx.post(f"{url}/_control", json=order).raise_for_status()
