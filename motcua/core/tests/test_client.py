"""The client address behind a reverse proxy (security review H1, M3, M8): the proxy's header is
believed only from a trusted proxy, and only its right-most entry, the one the proxy wrote."""

from typing import Any

import pytest

from motcua.core.client import client_address


@pytest.fixture(autouse=True)
def proxy(settings: Any) -> None:
    settings.MOTCUA_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.2"]


def test_the_right_most_forwarded_address_from_a_trusted_proxy() -> None:
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"}
    assert client_address(meta) == "203.0.113.9"


def test_the_header_of_an_untrusted_peer_is_ignored() -> None:
    assert (
        client_address({"REMOTE_ADDR": "198.51.100.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}) == "198.51.100.1"
    )


@pytest.mark.parametrize("value", ["", "not-an-address", "1.2.3.4, <script>", " , "])
def test_a_missing_or_malformed_header_falls_back_to_the_peer(value: str) -> None:
    assert client_address({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": value}) == "10.0.0.2"


def test_x_real_ip_and_ipv6(settings: Any) -> None:
    settings.MOTCUA_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_address({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_REAL_IP": "2001:db8::7"}) == "2001:db8::7"


def test_without_a_configured_header_the_peer_is_the_client(settings: Any) -> None:
    settings.MOTCUA_CLIENT_IP_HEADER = ""
    assert client_address({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}) == "10.0.0.2"
