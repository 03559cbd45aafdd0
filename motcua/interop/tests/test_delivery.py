import logging
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from motcua.accounts.models import User
from motcua.dossiers.actions import dossier_accept
from motcua.dossiers.models import Dossier
from motcua.interop.models import OutboxMessage
from motcua.interop.tasks import LEASE, deliver_due_messages, deliver_message, outbox_deliver
from motcua.interop.tests.conftest import at

pytestmark = pytest.mark.django_db

SMS_TEXT = "Hồ sơ 000.60.20.H36-261119-0001 đã được tiếp nhận. Hẹn trả kết quả lúc 17:30 25/11/2026."


class FailingSender:
    def send(self, to: str, text: str) -> None:
        raise ConnectionError("gateway down")


def message(channel: str) -> OutboxMessage:
    return OutboxMessage.objects.get(channel=channel)


@pytest.fixture
def accepted(officer: User, dossier: Dossier, frozen: time_machine.Traveller) -> Dossier:
    """Accepted at 10:00: an e-mail and an SMS wait in the outbox (their enqueue never commits)."""
    frozen.move_to(at(2026, 11, 19, 10, 0))
    return dossier_accept(actor=officer, dossier=dossier)


@pytest.fixture
def database_tasks(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def immediate_tasks(settings: Settings) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
    }


@pytest.fixture
def failing_sms(settings: Settings) -> None:
    settings.MOTCUA_SMS_SENDER = "motcua.interop.tests.test_delivery.FailingSender"


def test_an_email_is_sent_once_with_the_exact_subject(
    accepted: Dossier, mailoutbox: list[EmailMessage]
) -> None:
    email = message("email")
    assert outbox_deliver(email.pk) == "sent"
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert (sent.subject, sent.to, sent.from_email) == (
        "Hồ sơ 000.60.20.H36-261119-0001 đã được tiếp nhận",
        ["lan@example.vn"],
        "motcua@localhost",
    )
    assert sent.body == email.body
    assert sent.extra_headers == {"Auto-Submitted": "auto-generated"}
    email.refresh_from_db()
    assert (email.status, email.attempts, email.sent_at, email.last_error) == (
        "sent",
        1,
        at(2026, 11, 19, 10, 0),
        "",
    )


def test_an_sms_goes_through_the_configured_sender(
    accepted: Dossier, caplog: pytest.LogCaptureFixture
) -> None:
    sms = message("sms")
    with caplog.at_level(logging.INFO, logger="motcua.sms"):
        assert outbox_deliver(sms.pk) == "sent"
    assert [r for r in caplog.record_tuples if r[0] == "motcua.sms"] == [
        ("motcua.sms", logging.INFO, f"SMS to 0912345678: {SMS_TEXT}")
    ]
    assert OutboxMessage.objects.get(pk=sms.pk).status == "sent"


def test_delivering_twice_sends_once(accepted: Dossier, mailoutbox: list[EmailMessage]) -> None:
    email = message("email")
    assert deliver_message.call(email.pk) == "sent"
    assert deliver_message.call(email.pk) == "skipped"
    assert outbox_deliver(email.pk) == "skipped"
    assert len(mailoutbox) == 1
    assert OutboxMessage.objects.get(pk=email.pk).attempts == 1


def test_after_commit_the_worker_delivers_every_message(
    officer: User,
    dossier: Dossier,
    immediate_tasks: None,
    mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        dossier_accept(actor=officer, dossier=dossier)
        assert mailoutbox == []  # nothing leaves before the commit
    assert list(OutboxMessage.objects.order_by("pk").values_list("channel", "status", "attempts")) == [
        ("email", "sent", 1),
        ("sms", "sent", 1),
    ]
    assert [m.subject for m in mailoutbox] == ["Hồ sơ 000.60.20.H36-261119-0001 đã được tiếp nhận"]


def test_a_failed_sms_is_retried_a_minute_later_by_a_deferred_task(
    accepted: Dossier, failing_sms: None, database_tasks: None, django_capture_on_commit_callbacks: Any
) -> None:
    sms = message("sms")
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_deliver(sms.pk) == "retrying"
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.next_attempt_at, sms.last_error, sms.sent_at) == (
        "pending",
        1,
        at(2026, 11, 19, 10, 1),
        "ConnectionError: gateway down",
        None,
    )
    retry = DBTaskResult.objects.get()
    assert (retry.task_path, retry.run_after, retry.args_kwargs) == (
        "motcua.interop.tasks.deliver_message",
        at(2026, 11, 19, 10, 1),
        {"args": [sms.pk], "kwargs": {}},
    )
    assert outbox_deliver(sms.pk) == "skipped"  # not due yet
    assert OutboxMessage.objects.get(pk=sms.pk).attempts == 1


def test_after_six_failures_the_message_is_given_up(
    accepted: Dossier, failing_sms: None, immediate_tasks: None, frozen: time_machine.Traveller
) -> None:
    sms = message("sms")
    outcomes, waits = [], []
    for _ in range(6):
        before = timezone.now()
        outcomes.append(outbox_deliver(sms.pk))
        sms.refresh_from_db()
        if sms.status == "pending":
            waits.append(sms.next_attempt_at - before)
            frozen.move_to(sms.next_attempt_at)
    assert outcomes == ["retrying"] * 5 + ["failed"]
    assert waits == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=12),
    ]
    assert (sms.status, sms.attempts, sms.last_error) == ("failed", 6, "ConnectionError: gateway down")
    assert outbox_deliver(sms.pk) == "skipped"
    assert list(OutboxMessage.objects.filter(status="failed")) == [sms]


def test_the_sweep_delivers_due_messages_and_takes_over_from_a_dead_worker(
    accepted: Dossier, mailoutbox: list[EmailMessage], frozen: time_machine.Traveller
) -> None:
    # A worker claimed the SMS at 10:00 and died: its lease runs until 10:10.
    OutboxMessage.objects.filter(channel="sms").update(next_attempt_at=at(2026, 11, 19, 10, 0) + LEASE)
    assert deliver_due_messages() == 1
    assert len(mailoutbox) == 1
    frozen.move_to(at(2026, 11, 19, 10, 9))
    assert deliver_due_messages() == 0
    frozen.move_to(at(2026, 11, 19, 10, 10))
    assert deliver_due_messages() == 1
    assert deliver_due_messages() == 0
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
