import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import ApiToken, User
from motcua.accounts.tests.conftest import World
from motcua.accounts.tests.factories import DEMO_PASSWORD
from motcua.accounts.tokens import token_issue, user_for_token

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(world: World) -> None:
    assert world.handler.password.startswith("argon2$")
    assert world.handler.check_password(DEMO_PASSWORD) is True


def test_login_lands_on_the_desk(world: World, client: Client) -> None:
    response = client.post(reverse("web:login"), {"username": "xuly", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:desk")
    desk = client.get(reverse("web:desk"))
    assert "Xã Krông Nô" in desk.content.decode()


def test_wrong_password_says_so_and_keeps_the_username(world: World, client: Client) -> None:
    response = client.post(reverse("web:login"), {"username": "xuly", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="xuly"' in html
    assert 'role="alert"' in html


def test_lockout_after_five_failures(world: World, client: Client) -> None:
    for _ in range(5):
        client.post(reverse("web:login"), {"username": "xuly", "password": "wrong"})
    response = client.post(reverse("web:login"), {"username": "xuly", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "15" in response.content.decode()
    # Another username from the same address is not locked out.
    other = client.post(reverse("web:login"), {"username": "lanhdao", "password": DEMO_PASSWORD})
    assert other.status_code == 302


def test_desk_requires_login(client: Client) -> None:
    response = client.get(reverse("web:desk"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_token_is_stored_only_as_digest(world: World) -> None:
    raw = token_issue(actor=None, user=world.handler, name="test")
    token = ApiToken.objects.get(user=world.handler)
    assert raw.startswith("mc_")
    assert raw not in (token.digest, token.prefix)
    assert token.prefix == raw[:10]
    assert user_for_token(raw) == world.handler
    assert user_for_token(raw + "x") is None


def test_revoked_token_and_inactive_user_are_refused(world: World) -> None:
    raw = token_issue(actor=None, user=world.handler)
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00+07:00")
    assert user_for_token(raw) is None
    raw2 = token_issue(actor=None, user=world.leader)
    User.objects.filter(pk=world.leader.pk).update(is_active=False)
    assert user_for_token(raw2) is None


def test_issue_token_command(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("issue_token", "xuly")
    raw = capsys.readouterr().out.strip()
    assert user_for_token(raw) == world.handler
