"""Security review H1: a stranger must not be able to lock officials out."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from motcua.accounts.tests.conftest import World
from motcua.accounts.tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.7"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def login(client: Client, username: str, password: str, address: str, forwarded: str = "") -> int:
    extra = {"REMOTE_ADDR": address} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
    response = client.post(reverse("web:login"), {"username": username, "password": password}, **extra)  # type: ignore[arg-type]
    return int(response.status_code)


def test_h1_failures_from_a_stranger_do_not_lock_the_official_out(world: World) -> None:
    stranger = Client()
    assert [login(stranger, "xuly", f"wrong{i}", ATTACKER) for i in range(5)] == [200, 200, 200, 200, 429]
    # The stranger's address is locked for this username, even with the right password …
    assert login(stranger, "xuly", DEMO_PASSWORD, ATTACKER) == 429
    # … the official from the office logs in as usual.
    assert login(Client(), "xuly", DEMO_PASSWORD, OFFICE) == 302


def test_h1_the_admin_login_is_locked_by_username_and_address_too(world: World) -> None:
    stranger = Client()
    for i in range(5):
        stranger.post(
            reverse("admin:login"), {"username": "quantri", "password": f"x{i}"}, REMOTE_ADDR=ATTACKER
        )
    assert login(Client(), "quantri", DEMO_PASSWORD, OFFICE) == 302


def test_h1_guessing_many_usernames_from_one_address_is_throttled(
    world: World, settings: pytest.FixtureRequest
) -> None:
    settings.MOTCUA_LOGIN_FAILURES_PER_ADDRESS = 6  # type: ignore[attr-defined]
    stranger = Client()
    names = ["tiepnhan", "xuly", "lanhdao", "giamdoc", "giamsat", "quantri"]
    assert [login(stranger, name, "wrong", ATTACKER) for name in names] == [200] * 6
    # The address has used its budget: refused before any password is checked, whatever the name.
    response = stranger.post(
        reverse("web:login"), {"username": "tiepnhan_cujut", "password": DEMO_PASSWORD}, REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 429
    # No account was locked by it: every official logs in from the office.
    assert [login(Client(), name, DEMO_PASSWORD, OFFICE) for name in names] == [302] * 6


def test_h1_behind_the_proxy_the_client_address_comes_from_the_configured_header(
    world: World, settings: pytest.FixtureRequest
) -> None:
    settings.MOTCUA_CLIENT_IP_HEADER = "X-Forwarded-For"  # type: ignore[attr-defined]
    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.2"]  # type: ignore[attr-defined]
    via_proxy = Client()
    for i in range(5):
        login(via_proxy, "xuly", f"wrong{i}", "10.0.0.2", forwarded=ATTACKER)
    assert login(via_proxy, "xuly", DEMO_PASSWORD, "10.0.0.2", forwarded=ATTACKER) == 429
    # Another citizen behind the same proxy is another address.
    assert login(Client(), "xuly", DEMO_PASSWORD, "10.0.0.2", forwarded=OFFICE) == 302


def test_h1_the_header_is_ignored_from_a_peer_that_is_not_a_trusted_proxy(
    world: World, settings: pytest.FixtureRequest
) -> None:
    settings.MOTCUA_CLIENT_IP_HEADER = "X-Forwarded-For"  # type: ignore[attr-defined]
    settings.MOTCUA_TRUSTED_PROXIES = ["10.0.0.2"]  # type: ignore[attr-defined]
    stranger = Client()
    # Rotating a forged header does not give the stranger fresh addresses.
    for i in range(5):
        login(stranger, "xuly", "wrong", ATTACKER, forwarded=f"192.0.2.{i}")
    assert login(stranger, "xuly", DEMO_PASSWORD, ATTACKER, forwarded="192.0.2.99") == 429
