"""Tracking by code and secret on the portal, and rating a returned dossier."""

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from motcua.dossiers import actions
from motcua.dossiers.models import Dossier, Event, Rating
from motcua.dossiers.states import Channel, Status
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN)


@pytest.fixture(autouse=True)
def fresh_budget() -> Iterator[None]:
    """The tracking budget lives in the cache: each test starts with a full one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client() -> Client:
    return Client(headers={"Accept-Language": "en"})


def online(people: People, procedure: str = "2.000815") -> Dossier:
    return actions.dossier_submit(
        actor=None, procedure_code=procedure, competent_unit_code="24688", applicant=APPLICANT, now=at(25, 9)
    )


def returned(people: People) -> Dossier:
    assert people.desk.user and people.leader.user and people.handler.user
    dossier = online(people)
    actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(25, 9))
    actions.dossier_assign(actor=people.leader.user, dossier=dossier, now=at(25, 9))
    actions.dossier_propose(actor=people.handler.user, dossier=dossier, proposal="refused", now=at(25, 10))
    actions.dossier_decide(
        actor=people.leader.user,
        dossier=dossier,
        result="refused",
        reason="Bản chính bị tẩy xóa",
        now=at(25, 11),
    )
    return actions.dossier_return(
        actor=people.desk.user, dossier=dossier, via=Channel.IN_PERSON, now=at(25, 14)
    )


def track(client: Client, code: str, secret: str) -> Any:
    return client.post("/track/", {"code": code, "secret": secret})


def test_the_form_takes_the_code_from_a_link(client: Client) -> None:
    html = client.get("/track/", {"code": "000.60.20.H36-261125-0001"}).content.decode()
    assert 'name="code" value="000.60.20.H36-261125-0001"' in html
    assert 'type="text" name="secret"' in html


def test_a_new_dossier_is_explained_in_plain_words(
    client: Client, people: People, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    dossier = online(people)
    # The dossier with its procedure and units, its supplements, its rating, the header's province.
    with django_assert_num_queries(4):
        response = track(client, dossier.code, "5678")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="status">The one-stop desk has received your dossier and is checking it.</h2>' in html
    assert "within 8 working hours" in html
    assert "Appointment for the result" not in html


def test_the_id_number_digits_are_a_secret_too(client: Client, people: People) -> None:
    dossier = online(people)
    assert track(client, dossier.code, "1234").status_code == 200


def test_an_accepted_dossier_shows_the_appointment(client: Client, people: People) -> None:
    assert people.desk.user is not None
    dossier = online(people, procedure="1.001612")
    accepted = actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(25, 9))
    assert accepted.due_at is not None
    html = track(client, dossier.code, "5678").content.decode()
    assert "Your dossier has been accepted and is being settled." in html
    local = accepted.due_at.astimezone(VN).strftime("%H:%M, %d/%m/%Y")
    assert f"<dt>Appointment for the result</dt><dd><strong>{local}</strong></dd>" in html


def test_a_supplement_request_lists_what_to_bring_and_by_when(client: Client, people: People) -> None:
    assert people.desk.user is not None
    dossier = online(people)
    actions.supplement_request(
        actor=people.desk.user, dossier=dossier, items=["Tờ khai có chữ ký", "Bản sao CCCD"], now=at(25, 10)
    )
    html = track(client, dossier.code, "5678").content.decode()
    assert "Your dossier is incomplete: the desk has asked for more documents." in html
    assert '<ul class="supplement-items"><li>Tờ khai có chữ ký</li><li>Bản sao CCCD</li></ul>' in html
    # At reception nothing closes the dossier (Art.17 provides no closure): the date is only asked for.
    assert "Please hand them in by 10/12/2026. The desk decides on your dossier once they arrive." in html


def test_a_wrong_secret_and_an_unknown_code_answer_alike(client: Client, people: People) -> None:
    dossier = online(people)
    wrong = track(client, dossier.code, "0000")
    unknown = track(client, "000.60.20.H36-261125-9999", "5678")
    assert wrong.status_code == unknown.status_code == 404
    message = "No dossier matches this code and these 4 digits."
    assert message in wrong.content.decode()
    assert message in unknown.content.decode()
    assert "Nguyễn Thị Lan" not in wrong.content.decode()
    # The input is kept.
    assert f'name="code" value="{dossier.code}"' in wrong.content.decode()


def test_a_secret_that_is_not_4_digits_is_named_beside_its_field(client: Client) -> None:
    html = track(client, "000.60.20.H36-261125-0001", "12a4").content.decode()
    assert re.search(
        r'id="id_secret_error">Enter the last 4 digits of the applicant&#x27;s phone number or personal ID '
        r"number.</p>",
        html,
    )


def test_tracking_shares_the_api_budget_per_client_address(
    client: Client, people: People, settings: Any
) -> None:
    settings.MOTCUA_TRACKING_PER_MINUTE = 3
    dossier = online(people)
    assert (
        client.get(f"/api/v1/track/{dossier.code}", headers={"X-Tracking-Secret": "5678"}).status_code == 200
    )
    assert track(client, dossier.code, "0000").status_code == 404
    assert track(client, dossier.code, "5678").status_code == 200
    refused = track(client, dossier.code, "5678")
    assert refused.status_code == 429
    assert "Too many tracking requests. Wait a minute and try again." in refused.content.decode()
    assert (
        client.get(f"/api/v1/track/{dossier.code}", headers={"X-Tracking-Secret": "5678"}).status_code == 429
    )


def test_a_returned_dossier_offers_the_rating_and_records_it_once(client: Client, people: People) -> None:
    dossier = returned(people)
    html = track(client, dossier.code, "5678").content.decode()
    assert "The result has been returned to you." in html
    assert f'action="/track/{dossier.code}/rate/"' in html
    response = client.post(
        f"/track/{dossier.code}/rate/", {"secret": "5678", "score": "4", "comment": " Nhanh "}
    )
    assert response.status_code == 200
    assert "Thank you. Your rating has been recorded." in response.content.decode()
    rating = Rating.objects.get(dossier=dossier)
    assert (rating.score, rating.dislike, rating.comment) == (4, False, "Nhanh")
    assert Event.objects.filter(dossier=dossier, kind="rated").count() == 1
    # Tracked again: no second form.
    again = track(client, dossier.code, "5678").content.decode()
    assert f'action="/track/{dossier.code}/rate/"' not in again
    assert "This dossier has been rated. Thank you." in again
    assert "Nothing: the dossier is closed." in again


def test_a_second_rating_is_refused_and_changes_nothing(client: Client, people: People) -> None:
    dossier = returned(people)
    client.post(f"/track/{dossier.code}/rate/", {"secret": "5678", "score": "dislike"})
    second = client.post(f"/track/{dossier.code}/rate/", {"secret": "5678", "score": "5"})
    assert second.status_code == 409
    assert "This dossier has already been rated." in second.content.decode()
    assert f'action="/track/{dossier.code}/rate/"' not in second.content.decode()
    rating = Rating.objects.get(dossier=dossier)
    assert (rating.score, rating.dislike) == (None, True)


def test_a_rating_without_a_score_is_named_and_changes_nothing(client: Client, people: People) -> None:
    dossier = returned(people)
    response = client.post(f"/track/{dossier.code}/rate/", {"secret": "5678", "comment": "Tốt"})
    html = response.content.decode()
    assert response.status_code == 422
    assert '<p class="field-error" id="score-error">Choose a score.</p>' in html
    assert ">\nTốt</textarea>" in html
    assert not Rating.objects.filter(dossier=dossier).exists()


def test_rating_needs_the_secret(client: Client, people: People) -> None:
    dossier = returned(people)
    response = client.post(f"/track/{dossier.code}/rate/", {"secret": "0000", "score": "5"})
    assert response.status_code == 404
    assert not Rating.objects.filter(dossier=dossier).exists()


def test_a_dossier_not_yet_returned_cannot_be_rated(client: Client, people: People) -> None:
    dossier = online(people)
    response = client.post(f"/track/{dossier.code}/rate/", {"secret": "5678", "score": "5"})
    assert response.status_code == 409
    assert '<p class="error-summary" role="alert">' in response.content.decode()
    assert not Rating.objects.filter(dossier=dossier).exists()
    assert Dossier.objects.get(pk=dossier.pk).status == Status.NEW
