"""A token's last use is written at most once a minute, without even trying within the minute."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine

from motcua.accounts.models import ApiToken
from motcua.accounts.tests.conftest import World
from motcua.accounts.tokens import token_issue, user_for_token
from motcua.core.calendar import VIETNAM_TZ

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=VIETNAM_TZ)


def last_used(raw: str) -> datetime | None:
    return ApiToken.objects.get(prefix=raw[:10]).last_used_at


def test_the_first_use_is_recorded_and_uses_within_the_minute_read_only(
    world: World, django_assert_num_queries: Callable[..., Any]
) -> None:
    raw = token_issue(actor=None, user=world.handler)
    assert last_used(raw) is None
    with time_machine.travel(NOON, tick=False):
        with django_assert_num_queries(2):  # the token with its user, the write of its use
            assert user_for_token(raw) == world.handler
        assert last_used(raw) == NOON
    with time_machine.travel(NOON + timedelta(seconds=59), tick=False):
        with django_assert_num_queries(1):  # the token with its user only
            assert user_for_token(raw) == world.handler
        assert last_used(raw) == NOON


def test_a_use_after_the_minute_is_recorded(world: World) -> None:
    raw = token_issue(actor=None, user=world.handler)
    with time_machine.travel(NOON, tick=False):
        user_for_token(raw)
    with time_machine.travel(NOON + timedelta(minutes=1, seconds=1), tick=False):
        assert user_for_token(raw) == world.handler
    assert last_used(raw) == NOON + timedelta(minutes=1, seconds=1)


def test_a_refused_token_records_no_use(world: World) -> None:
    raw = token_issue(actor=None, user=world.handler)
    ApiToken.objects.update(revoked_at=NOON)
    with time_machine.travel(NOON, tick=False):
        assert user_for_token(raw) is None
    assert last_used(raw) is None
