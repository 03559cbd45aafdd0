"""Reconciliation with the national portal (Decree 118 Art.27.2.d; the 766 sync indicator)."""

from collections.abc import Iterator
from datetime import date

import httpx
import pytest
import time_machine
from pytest_django.fixtures import Settings

from motcua.accounts.models import User
from motcua.dossiers.actions import dossier_accept
from motcua.dossiers.models import Dossier
from motcua.interop.fakes.national_portal import create
from motcua.interop.models import OutboxMessage
from motcua.interop.portal import CHANNEL
from motcua.interop.reconcile import portal_reconcile, sync_rates
from motcua.interop.tasks import deliver_due_messages
from motcua.interop.tests.conftest import at
from motcua.interop.tests.fakes_support import control, serving

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 19)


@pytest.fixture
def portal(settings: Settings) -> Iterator[str]:
    with serving(create()) as url:
        settings.NATIONAL_PORTAL_SYNC = True
        settings.MOTCUA_ENDPOINTS = {
            "national_portal": {
                **settings.MOTCUA_ENDPOINTS["national_portal"],
                "base_url": url,
                "token_url": f"{url}/lgsp/token",
                "retries": 0,
            }
        }
        yield url


def test_a_lost_message_is_found_by_the_counts_and_sent_again(
    portal: str, officer: User, dossier: Dossier, frozen: time_machine.Traveller
) -> None:
    control(portal, action="lose", count=1)  # the portal answers success and keeps nothing
    assert deliver_due_messages() == 1
    assert httpx.get(f"{portal}/_state").json()["dossiers"] == {}
    assert sync_rates(DAY, DAY) == [
        {"unit": "000.60.20.H36", "ours": 1, "synced": 1, "theirs": 0, "rate": 0.0}
    ]

    result = portal_reconcile(days=1, today=DAY)
    assert (result.differing_days, result.resent) == (1, 1)
    assert portal_reconcile(days=1, today=DAY).resent == 0  # already waiting: not written twice
    assert deliver_due_messages() == 1
    assert httpx.get(f"{portal}/_state").json()["history"] == [[dossier.code, 1, "1"]]
    assert portal_reconcile(days=1, today=DAY).differing_days == 0


def test_when_the_counts_agree_no_list_is_fetched_and_nothing_is_sent(
    portal: str, officer: User, dossier: Dossier, frozen: time_machine.Traveller
) -> None:
    deliver_due_messages()
    frozen.move_to(at(2026, 11, 19, 10, 0))
    dossier_accept(actor=officer, dossier=dossier)
    # The acceptance's message is lost on our side (given up): counts agree, the list shows it stale.
    OutboxMessage.objects.filter(channel=CHANNEL, version=2).update(status=OutboxMessage.Status.FAILED)
    control(portal, action="clear")
    counts_equal = portal_reconcile(days=1, today=DAY)
    assert (counts_equal.differing_days, counts_equal.resent) == (0, 0)
