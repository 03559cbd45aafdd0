"""Review M3 (tracking secrets guessed) and M7 (officials rating as the citizen), as the attack pass
reproduced them: on the portal's pages and the API."""

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from motcua.dossiers import actions
from motcua.dossiers.models import Dossier, Event, Rating
from motcua.dossiers.states import Channel
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    """Pages and API answers in English, as the assertions read them."""
    settings.LANGUAGE_CODE = "en"


VN = ZoneInfo("Asia/Ho_Chi_Minh")
# The applicant's phone ends in 5678 and the ID number in 1234: the two right secrets.
WRONG = ["0000", "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010"]


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=VN)


@pytest.fixture(autouse=True)
def fresh_budgets(settings: Any) -> Iterator[None]:
    settings.MOTCUA_TRACKING_PER_MINUTE = 100
    settings.MOTCUA_TRACKING_FAILURES_PER_DOSSIER = 10
    settings.MOTCUA_TRACKING_LOCK_MINUTES = 60
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


def _counter(people: People, *, online: bool = False) -> Dossier:
    """Received at the Krông Nô desk (no citizen account), or online from the citizen's account."""
    assert people.desk.user is not None and people.citizen.user is not None
    return actions.dossier_submit(
        actor=people.citizen.user if online else people.desk.user,
        procedure_code="2.000815",
        competent_unit_code="24688",
        applicant=APPLICANT,
        channel=Channel.ONLINE if online else Channel.IN_PERSON,
        receiving_unit_code=None if online else "24688",
        now=at(25, 9),
    )


def _returned(people: People, *, online: bool = False) -> Dossier:
    desk, leader, handler = people.desk.user, people.leader.user, people.handler.user
    assert desk and leader and handler
    dossier = _counter(people, online=online)
    actions.dossier_accept(actor=desk, dossier=dossier, now=at(25, 9))
    actions.dossier_assign(actor=leader, dossier=dossier, handler=handler, now=at(25, 10))
    actions.dossier_propose(actor=handler, dossier=dossier, proposal="refused", now=at(25, 11))
    actions.dossier_decide(
        actor=leader, dossier=dossier, result="refused", reason="Thiếu bản chính", now=at(26, 9)
    )
    return actions.dossier_return(actor=desk, dossier=dossier, via=Channel.IN_PERSON, now=at(26, 10))


def _web(code: str, secret: str, address: str) -> int:
    client = Client(REMOTE_ADDR=address)
    return client.post("/track/", {"code": code, "secret": secret}).status_code


def _api(code: str, secret: str, address: str) -> Any:
    client = Client(REMOTE_ADDR=address)
    return client.post(
        f"/api/v1/track/{code}", json.dumps({"secret": secret}), content_type="application/json"
    )


def test_m3_guessing_one_dossier_from_many_addresses_is_refused_after_the_limit(people: People) -> None:
    dossier = _counter(people)
    other = _counter(people)
    # Ten wrong guesses, each from its own address, half on the portal and half on the API.
    answers = [
        (_web if i % 2 else lambda c, s, a: _api(c, s, a).status_code)(dossier.code, secret, f"10.0.0.{i}")
        for i, secret in enumerate(WRONG[:10])
    ]
    assert answers == [404] * 10
    # The eleventh try is refused from a fresh address, the right secret included, on both channels.
    assert _web(dossier.code, "5678", "10.0.1.1") == 429
    refused = _api(dossier.code, "5678", "10.0.1.2")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert "Its tracking is paused for 60 minutes" in refused.json()["error"]["message"]
    # Another dossier is not affected.
    assert _api(other.code, "5678", "10.0.1.3").status_code == 200


def test_m3_the_dossier_limit_ends_after_its_window(people: People, settings: Any) -> None:
    import time_machine

    dossier = _counter(people)
    with time_machine.travel(at(27, 9), tick=False) as frozen:
        for i, secret in enumerate(WRONG[:10]):
            assert _api(dossier.code, secret, f"10.0.2.{i}").status_code == 404
        assert _api(dossier.code, "1234", "10.0.3.1").status_code == 429
        frozen.shift(61 * 60)
        assert _api(dossier.code, "1234", "10.0.3.1").status_code == 200


def test_m3_the_secret_never_goes_in_the_address(people: People) -> None:
    dossier = _counter(people)
    client = Client()
    in_url = client.get(f"/api/v1/track/{dossier.code}", {"secret": "5678"})
    assert in_url.status_code == 422
    assert in_url.json()["error"]["field"] == "secret"
    assert "never in the address" in in_url.json()["error"]["message"]
    by_header = client.get(f"/api/v1/track/{dossier.code}", headers={"X-Tracking-Secret": "5678"})
    assert (by_header.status_code, by_header.json()["code"]) == (200, dossier.code)
    assert _api(dossier.code, "1234", "127.0.0.1").json()["code"] == dossier.code
    missing = client.get(f"/api/v1/track/{dossier.code}")
    assert (missing.status_code, missing.json()["error"]["field"]) == (422, "secret")


def test_m7_a_signed_in_official_cannot_rate_as_the_citizen_even_with_the_secret(people: People) -> None:
    dossier = _returned(people)
    assert people.desk.user is not None
    official = Client()
    official.force_login(people.desk.user)
    page = official.post(f"/track/{dossier.code}/rate/", {"secret": "5678", "score": "5"})
    assert page.status_code == 403
    assert "An official cannot rate it, even with the tracking secret." in page.content.decode()
    # The API, with the official's token and the secret the official read on the dossier.
    response = people.desk.act(dossier.code, "rate", {"score": 5, "secret": "5678"})
    assert response.status_code == 404
    assert not Rating.objects.filter(dossier=dossier).exists()
    assert not Event.objects.filter(dossier=dossier, kind="rated").exists()


def test_m7_the_applicant_still_rates_with_the_secret_and_is_counted_as_the_applicant(people: People) -> None:
    dossier = _returned(people)
    response = Client().post(f"/track/{dossier.code}/rate/", {"secret": "5678", "score": "4"})
    assert response.status_code == 200
    assert Rating.objects.get(dossier=dossier).score == 4
    assert Event.objects.get(dossier=dossier, kind="rated").actor_id is None


def test_m7_a_dossier_of_a_citizen_account_is_rated_from_that_account_only(people: People) -> None:
    dossier = _returned(people, online=True)
    anonymous = Client().post(f"/track/{dossier.code}/rate/", {"secret": "5678", "score": "5"})
    assert anonymous.status_code == 403
    assert "rate it after signing in to that account" in anonymous.content.decode()
    assert people.public.act(dossier.code, "rate", {"score": 5, "secret": "5678"}).status_code == 404
    assert not Rating.objects.filter(dossier=dossier).exists()
    # The owner rates, and the rating is recorded as theirs.
    assert people.citizen.act(dossier.code, "rate", {"score": 5}).status_code == 200
    assert Event.objects.get(dossier=dossier, kind="rated").actor_id == people.citizen.user.pk  # type: ignore[union-attr]
