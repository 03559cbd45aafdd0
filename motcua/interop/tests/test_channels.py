from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from motcua.interop.actions import outbox_add
from motcua.interop.http import EndpointDown, EndpointRejected
from motcua.interop.models import OutboxMessage
from motcua.interop.tasks import (
    _CHANNELS,
    GIVEN_UP,
    MERGED,
    POSTPONED,
    RETRYING,
    SENT,
    Superseded,
    outbox_deliver,
    register_channel,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent() -> Iterator[list[OutboxMessage]]:
    """A channel "test" whose sender keeps what it was given."""
    kept: list[OutboxMessage] = []
    register_channel("test", kept.append)
    yield kept
    _CHANNELS.pop("test", None)


def write(channel: str = "test") -> OutboxMessage:
    return outbox_add(channel=channel, recipient="someone", body="hello")


def test_a_registered_channel_delivers_its_messages(sent: list[OutboxMessage]) -> None:
    message = write()
    assert outbox_deliver(message.pk) == SENT
    assert [m.pk for m in sent] == [message.pk]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 1)


def test_an_unknown_channel_fails_and_is_retried() -> None:
    message = write("pigeon")
    assert outbox_deliver(message.pk) == RETRYING
    message.refresh_from_db()
    assert message.last_error == "ValueError: unknown channel 'pigeon'"


def failing(exc: Exception) -> None:
    def sender(message: OutboxMessage) -> None:
        raise exc

    register_channel("test", sender)


def test_a_superseded_message_is_merged_not_sent(sent: list[OutboxMessage]) -> None:
    message = write()
    failing(Superseded("message 7 carries version 4"))
    assert outbox_deliver(message.pk) == MERGED
    message.refresh_from_db()
    assert (message.status, message.attempts, message.sent_at) == (OutboxMessage.Status.MERGED, 0, None)


def test_a_permanent_refusal_is_given_up_at_once(sent: list[OutboxMessage]) -> None:
    message = write()
    failing(EndpointRejected("national_portal", 400, '{"message": "invalid message"}'))
    assert outbox_deliver(message.pk) == GIVEN_UP
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 1
    assert message.last_error.startswith("EndpointRejected: national_portal: HTTP 400")


def test_an_open_circuit_postpones_without_counting_an_attempt(sent: list[OutboxMessage]) -> None:
    message = write()
    reopen = timezone.now() + timedelta(seconds=30)
    failing(EndpointDown("national_portal", "circuit open", retry_at=reopen))
    assert outbox_deliver(message.pk) == POSTPONED
    message.refresh_from_db()
    assert (message.status, message.attempts, message.next_attempt_at) == (
        OutboxMessage.Status.PENDING,
        0,
        reopen,
    )


def test_backoff_comes_from_settings(sent: list[OutboxMessage], settings) -> None:
    settings.MOTCUA_OUTBOX_BACKOFF = [2, 4]
    message = write()
    failing(EndpointDown("national_portal", "HTTP 503"))
    with time_machine.travel(timezone.now(), tick=False):
        start = timezone.now()
        assert outbox_deliver(message.pk) == RETRYING
        message.refresh_from_db()
        assert message.next_attempt_at == start + timedelta(seconds=2)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=start)
    assert outbox_deliver(message.pk) == RETRYING
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=start)
    assert outbox_deliver(message.pk) == GIVEN_UP  # two waits, then the third attempt is the last
