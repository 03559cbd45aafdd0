from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.test import Client
from pytest_django.fixtures import Settings

from motcua.accounts.models import User
from motcua.accounts.tests.factories import UserFactory
from motcua.core.errors import PermissionDenied
from motcua.dossiers.actions import dossier_accept
from motcua.dossiers.models import Dossier
from motcua.interop.actions import outbox_retry
from motcua.interop.models import OutboxMessage

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/interop/outboxmessage/"


@pytest.fixture
def given_up(officer: User, dossier: Dossier) -> OutboxMessage:
    """The acceptance e-mail, given up after six failed attempts."""
    dossier_accept(actor=officer, dossier=dossier)
    OutboxMessage.objects.filter(channel="sms").update(status="sent", attempts=1)
    OutboxMessage.objects.filter(channel="email").update(
        status="failed", attempts=6, last_error="SMTPServerDisconnected: Connection unexpectedly closed"
    )
    return OutboxMessage.objects.get(channel="email")


@pytest.fixture
def admin_client_(db: None) -> Client:
    client = Client()
    client.force_login(UserFactory.create(username="tinh.quantri", is_staff=True, is_superuser=True))
    return client


def test_failed_deliveries_are_found_by_filtering_on_status(
    given_up: OutboxMessage, admin_client_: Client
) -> None:
    response = admin_client_.get(CHANGELIST, {"status__exact": "failed"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [given_up]
    assert "000.60.20.H36-261119-0001" in response.content.decode()
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in response.content.decode()
    found = admin_client_.get(CHANGELIST, {"q": "000.60.20.H36-261119-0001"})
    assert len(found.context["cl"].result_list) == 2


def test_retry_now_sends_a_given_up_message_again(
    given_up: OutboxMessage,
    admin_client_: Client,
    settings: Settings,
    mailoutbox: list[EmailMessage],
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
    }
    sms = OutboxMessage.objects.get(channel="sms")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            CHANGELIST, {"action": "retry_now", "_selected_action": [given_up.pk, sms.pk]}
        )
    assert response.status_code == 302
    given_up.refresh_from_db()
    assert (given_up.status, given_up.attempts) == ("sent", 7)
    assert [m.subject for m in mailoutbox] == ["Hồ sơ 000.60.20.H36-261119-0001 đã được tiếp nhận"]
    assert OutboxMessage.objects.get(pk=sms.pk).attempts == 1  # a sent message is not sent again


def test_only_administrators_may_retry(given_up: OutboxMessage, officer: User) -> None:
    with pytest.raises(PermissionDenied):
        outbox_retry(actor=officer, message_ids=[given_up.pk])
    assert OutboxMessage.objects.get(pk=given_up.pk).status == "failed"


def test_messages_are_not_added_or_deleted_by_hand(given_up: OutboxMessage, admin_client_: Client) -> None:
    assert admin_client_.get(CHANGELIST + "add/").status_code == 403
    assert admin_client_.get(f"{CHANGELIST}{given_up.pk}/delete/").status_code == 403


def test_an_operator_closes_an_endpoints_circuit(admin_client_: Client) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from motcua.interop.models import EndpointCircuit

    circuit = EndpointCircuit.objects.create(
        name="national_portal",
        failures=5,
        open_until=timezone.now() + timedelta(seconds=30),
        last_error="HTTP 503",
        changed_at=timezone.now(),
    )
    listing = admin_client_.get("/admin/interop/endpointcircuit/")
    assert listing.status_code == 200
    assert "national_portal" in listing.content.decode()
    answer = admin_client_.post(
        "/admin/interop/endpointcircuit/", {"action": "close_circuit", "_selected_action": [circuit.pk]}
    )
    assert answer.status_code == 302
    circuit.refresh_from_db()
    assert (circuit.failures, circuit.open_until) == (0, None)


def test_the_dossiers_received_from_the_portal_are_listed_with_both_codes(
    admin_client_: Client, dossier: Dossier
) -> None:
    from django.utils import timezone

    from motcua.interop.models import InboundDossier

    InboundDossier.objects.create(
        national_code="G22.99.09-261119-0001", dossier=dossier, received_at=timezone.now()
    )
    page = admin_client_.get("/admin/interop/inbounddossier/").content.decode()
    assert "G22.99.09-261119-0001" in page
    assert dossier.code in page
