from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from pytest_django.fixtures import Settings

from motcua.interop.http import EndpointDown, EndpointRejected, circuit_reset, endpoint
from motcua.interop.models import EndpointCircuit
from motcua.interop.tests.fakes_support import control, echo_service, serving

pytestmark = pytest.mark.django_db


@pytest.fixture
def echo_url(settings: Settings) -> Iterator[str]:
    with serving(echo_service()) as url:
        settings.MOTCUA_ENDPOINTS = {
            **settings.MOTCUA_ENDPOINTS,
            "echo": {
                "base_url": url,
                "token_url": f"{url}/token",
                "client_id": "me",
                "client_secret": "secret",
                "connect_timeout": 1.0,
                "read_timeout": 0.5,
                "retries": 2,
                "retry_backoff": 0.01,
                "breaker_failures": 2,
                "breaker_reset": 30,
            },
        }
        yield url


def test_post_json_returns_the_answer(echo_url: str) -> None:
    response = endpoint("echo").post_json("/echo", {"a": 1})
    assert response.json() == {"error_code": "0", "echo": {"a": 1}}


def test_a_5xx_is_retried_and_the_call_succeeds(echo_url: str) -> None:
    control(echo_url, action="fail", status=503, count=2)
    response = endpoint("echo").post_json("/echo", {"n": 1})
    assert response.status_code == 200
    assert EndpointCircuit.objects.filter(name="echo").count() == 0  # no failed call was recorded


def test_a_dropped_connection_is_retried(echo_url: str) -> None:
    control(echo_url, action="drop", count=1)
    assert endpoint("echo").post_json("/echo", {"n": 2}).status_code == 200


def test_a_slow_answer_times_out_and_is_retried(echo_url: str) -> None:
    control(echo_url, action="slow", ms=800, count=1)
    assert endpoint("echo").post_json("/echo", {"n": 3}).status_code == 200


def test_a_4xx_is_rejected_at_once_as_permanent(echo_url: str) -> None:
    with pytest.raises(EndpointRejected) as caught:
        endpoint("echo").post_json("/sync", {"madonvi": "x"})
    assert caught.value.status == 400
    assert caught.value.permanent is True
    assert caught.value.json()["message"] == "invalid message"
    assert "(root): 'isUpdating' is a required property" in caught.value.json()["errors"]


def test_throttling_is_not_permanent(echo_url: str) -> None:
    control(echo_url, action="fail", status=429, count=1)
    with pytest.raises(EndpointRejected) as caught:
        endpoint("echo").post_json("/echo", {})
    assert caught.value.permanent is False


def test_an_expired_token_is_fetched_again_once(echo_url: str) -> None:
    assert endpoint("echo").post_json("/private", {}).status_code == 200
    control(echo_url, action="expire_tokens")
    assert endpoint("echo").post_json("/private", {}).status_code == 200


def test_the_circuit_opens_after_failed_calls_and_fails_fast(echo_url: str) -> None:
    control(echo_url, action="fail", status=500, count=6)  # two calls of three tries each
    for _ in range(2):
        with pytest.raises(EndpointDown):
            endpoint("echo").post_json("/echo", {})
    circuit = EndpointCircuit.objects.get(name="echo")
    assert circuit.failures == 2
    assert circuit.last_error.startswith("HTTP 500")
    assert circuit.open_until is not None
    # Open: the next call fails at once, without reaching the fake, and says when to come back.
    with pytest.raises(EndpointDown) as caught:
        endpoint("echo").post_json("/echo", {"never": "sent"})
    assert caught.value.retry_at == circuit.open_until
    # After the reset time one trial call goes through; its success closes the circuit.
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        assert endpoint("echo").post_json("/echo", {"back": True}).status_code == 200
    circuit.refresh_from_db()
    assert (circuit.failures, circuit.open_until) == (0, None)


def test_an_unreachable_endpoint_is_down(settings: Settings) -> None:
    settings.MOTCUA_ENDPOINTS = {
        "nowhere": {
            "base_url": "http://127.0.0.1:9",
            "retries": 1,
            "retry_backoff": 0.01,
            "breaker_failures": 1,
        }
    }
    with pytest.raises(EndpointDown) as caught:
        endpoint("nowhere").get_json("/x")
    assert caught.value.retry_at is None
    assert "ConnectError" in caught.value.reason
    circuit_reset("nowhere")
    assert EndpointCircuit.objects.get(name="nowhere").open_until is None


def test_an_unknown_endpoint_is_a_clear_error() -> None:
    with pytest.raises(LookupError, match="no endpoint 'missing'"):
        endpoint("missing")
