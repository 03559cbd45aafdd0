"""Delivery of outbox messages by the background worker.

A delivery claims its message with a conditional UPDATE (pending and due → leased), so two workers,
or a task and the periodic sweep, never send the same message at the same time, and a message
already sent is never sent again. A failure is recorded on the message and retried with backoff;
after `MAX_ATTEMPTS` failures the message is given up ("failed") and waits for an administrator.
A worker that dies while sending leaves its lease to expire, and the sweep delivers the message then:
delivery is at least once.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Final

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from motcua.interop.models import OutboxMessage
from motcua.interop.sms import sms_sender

logger = logging.getLogger("motcua.outbox")

# Wait after the 1st, 2nd, … failed attempt; the attempt after the last wait is the final one.
BACKOFF: Final = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS: Final = len(BACKOFF) + 1
# How long a claimed message is left to the worker sending it before another may try.
LEASE: Final = timedelta(minutes=10)
_ERROR_MAX_CHARS: Final = 2000
_SWEEP_BATCH: Final = 200

# Outcomes of one delivery.
SENT: Final = "sent"
RETRYING: Final = "retrying"
GIVEN_UP: Final = "failed"
SKIPPED: Final = "skipped"  # not pending, not due yet, held by another worker, or gone
MERGED: Final = "merged"  # a later message of the same dossier carries its state
POSTPONED: Final = "postponed"  # the endpoint's circuit is open: tried again when it closes


# How a channel sends one message: raises on failure (see `outbox_deliver` for what counts).
Sender = Callable[[OutboxMessage], None]
_CHANNELS: dict[str, Sender] = {}


class Superseded(Exception):
    """Raised by a sender when a later message of the same dossier carries its latest state: the
    message is marked merged, not sent and not failed."""


def register_channel(name: str, sender: Sender) -> None:
    """Make `sender` deliver the outbox messages of `channel=name`. Apps register their channels in
    their `ready()`; registering a name again replaces its sender."""
    _CHANNELS[name] = sender


def _send_email(message: OutboxMessage) -> None:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Auto-Submitted": "auto-generated"},
    )
    if email.send(fail_silently=False) != 1:
        raise RuntimeError("the e-mail backend did not send the message")


def _send_sms(message: OutboxMessage) -> None:
    sms_sender().send(message.recipient, message.body)


register_channel(OutboxMessage.Channel.EMAIL, _send_email)
register_channel(OutboxMessage.Channel.SMS, _send_sms)


def _send(message: OutboxMessage) -> None:
    try:
        sender = _CHANNELS[message.channel]
    except KeyError:
        raise ValueError(f"unknown channel {message.channel!r}") from None
    sender(message)


def lease() -> timedelta:
    """How long a claimed message is left to the worker sending it."""
    seconds = getattr(settings, "MOTCUA_OUTBOX_LEASE_SECONDS", 0)
    return timedelta(seconds=seconds) if seconds else LEASE


def _backoff() -> tuple[timedelta, ...]:
    configured = getattr(settings, "MOTCUA_OUTBOX_BACKOFF", None)
    if configured:
        return tuple(timedelta(seconds=seconds) for seconds in configured)
    return BACKOFF


def enqueue_delivery(message_id: int, *, run_after: datetime | None = None) -> None:
    """Queue the delivery once the current transaction commits (at once outside a transaction).
    A deferred retry needs a backend that supports `run_after`; without one, the periodic sweep
    delivers the message when it is due. An enqueue that fails is logged, not raised: the message
    is still pending, and the sweep is the safety net."""
    deliver = deliver_message
    if run_after is not None:
        if not deliver.get_backend().supports_defer:
            return
        deliver = deliver.using(run_after=run_after)
    transaction.on_commit(partial(deliver.enqueue, message_id), robust=True)


def outbox_deliver(message_id: int) -> str:
    """Send one message if it is pending and due; record the outcome. Safe to run twice."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + lease())
    if not claimed:
        return SKIPPED
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _send(message)
    except Superseded as exc:
        OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.PENDING).update(
            status=OutboxMessage.Status.MERGED, last_error=str(exc)[:_ERROR_MAX_CHARS]
        )
        return MERGED
    except Exception as exc:
        return _record_failure(message, exc)
    OutboxMessage.objects.filter(pk=message_id).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    logger.info("Outbox message %s sent by %s to %s", message_id, message.channel, message.recipient)
    return SENT


def _record_failure(message: OutboxMessage, exc: Exception) -> str:
    now = timezone.now()
    error = f"{type(exc).__name__}: {exc}"[:_ERROR_MAX_CHARS]
    held = OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.PENDING)
    retry_at = getattr(exc, "retry_at", None)
    if isinstance(retry_at, datetime):
        # The endpoint's circuit is open: nothing was attempted, so no attempt is counted and a long
        # outage gives no message up; it is tried again when the circuit lets calls through.
        held.update(last_error=error, next_attempt_at=retry_at)
        enqueue_delivery(message.pk, run_after=retry_at)
        return POSTPONED
    attempts = message.attempts + 1
    backoff = _backoff()
    # A permanent refusal (the other side said the message is wrong) is not retried.
    if attempts >= len(backoff) + 1 or getattr(exc, "permanent", False):
        held.update(
            status=OutboxMessage.Status.FAILED, attempts=attempts, last_error=error, next_attempt_at=now
        )
        logger.error(
            "Outbox message %s to %s given up after %s attempts: %s",
            message.pk,
            message.recipient,
            attempts,
            error,
        )
        return GIVEN_UP
    next_attempt_at = now + backoff[attempts - 1]
    held.update(attempts=attempts, last_error=error, next_attempt_at=next_attempt_at)
    logger.warning(
        "Outbox message %s to %s failed (attempt %s), next attempt at %s: %s",
        message.pk,
        message.recipient,
        attempts,
        next_attempt_at.isoformat(),
        error,
    )
    enqueue_delivery(message.pk, run_after=next_attempt_at)
    return RETRYING


def deliver_due_messages() -> int:
    """Deliver every pending message whose time has come: the safety net behind the per-message
    tasks (a lost enqueue, a backend without deferred tasks, a worker that died). Returns how many
    messages were sent."""
    now = timezone.now()
    outcomes = {SENT: 0, RETRYING: 0, GIVEN_UP: 0, SKIPPED: 0, MERGED: 0, POSTPONED: 0}
    last_pk = 0
    while True:
        batch = list(
            OutboxMessage.objects.filter(
                status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now, pk__gt=last_pk
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:_SWEEP_BATCH]
        )
        if not batch:
            break
        for message_id in batch:
            outcomes[outbox_deliver(message_id)] += 1
        last_pk = batch[-1]
    if any(outcomes.values()):
        logger.info(
            "Outbox sweep: %s sent, %s to retry, %s given up, %s skipped",
            outcomes[SENT],
            outcomes[RETRYING],
            outcomes[GIVEN_UP],
            outcomes[SKIPPED],
        )
    return outcomes[SENT]


@task()
def deliver_message(message_id: int) -> str:
    """Deliver one outbox message (see `outbox_deliver`)."""
    return outbox_deliver(message_id)


@task()
def deliver_due_messages_task() -> int:
    """The sweep as a task, for deployments that schedule tasks rather than run `run_periodic`."""
    return deliver_due_messages()
