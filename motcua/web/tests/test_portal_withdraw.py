"""The applicant withdraws or stops their online dossier from the tracking page (Decree 118 Art.21.2)."""

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client

from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel, Status
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
SECRET = APPLICANT.phone[-4:]


@pytest.fixture(autouse=True)
def fresh_budget() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client() -> Client:
    return Client(headers={"Accept-Language": "en"})


def online() -> Dossier:
    return actions.dossier_submit(
        actor=None,
        procedure_code="1.001612",
        competent_unit_code="24688",
        applicant=APPLICANT,
        now=datetime(2026, 11, 25, 9, tzinfo=VN),
    )


def test_art_21_2_the_tracking_page_offers_and_records_the_withdrawal(client: Client) -> None:
    dossier = online()
    page = client.post("/track/", {"code": dossier.code, "secret": SECRET})
    assert page.status_code == 200
    assert "Withdraw or stop your dossier" in page.content.decode()
    done = client.post(
        f"/track/{dossier.code}/end/", {"secret": SECRET, "action": "withdraw", "reason": "Không cần nữa"}
    )
    assert done.status_code == 200
    assert "Your request has been recorded" in done.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN
    event = dossier.events.last()
    assert event is not None and event.data == {
        "reason": "Không cần nữa",
        "request": {"via": "online", "date": event.data["request"]["date"], "reference": ""},
    }


def test_art_21_2_a_reason_is_required_and_nothing_changes_without_it(client: Client) -> None:
    dossier = online()
    refused = client.post(f"/track/{dossier.code}/end/", {"secret": SECRET, "action": "stop", "reason": ""})
    assert refused.status_code == 422
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW


def test_art_21_2_a_wrong_secret_or_an_official_changes_nothing(client: Client, people: People) -> None:
    dossier = online()
    wrong = client.post(f"/track/{dossier.code}/end/", {"secret": "0000", "action": "stop", "reason": "Dừng"})
    assert wrong.status_code == 404
    assert people.desk.user is not None
    client.force_login(people.desk.user)
    official = client.post(
        f"/track/{dossier.code}/end/", {"secret": SECRET, "action": "stop", "reason": "Dừng"}
    )
    assert official.status_code == 403
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW


def test_a_paper_dossier_is_not_offered_for_withdrawal_online(client: Client, people: People) -> None:
    assert people.desk.user is not None
    dossier = actions.dossier_submit(
        actor=people.desk.user,
        procedure_code="1.001612",
        competent_unit_code="24688",
        applicant=APPLICANT,
        channel=Channel.IN_PERSON,
        receiving_unit_code="24688",
        now=datetime(2026, 11, 25, 9, tzinfo=VN),
    )
    page = client.post("/track/", {"code": dossier.code, "secret": SECRET})
    assert "Withdraw or stop your dossier" not in page.content.decode()
    refused = client.post(
        f"/track/{dossier.code}/end/", {"secret": SECRET, "action": "stop", "reason": "Dừng"}
    )
    assert refused.status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW
