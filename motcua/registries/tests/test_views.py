"""The desk's lookup endpoint behind id_lookup.js, and the API's: officials who receive or process
dossiers only, a person only with consent, answers with the differences and a clear message."""

import json

import pytest
from django.test import Client
from django.utils import translation

from motcua.registries.models import RegistryLookup
from motcua.testing.personas import APPLICANT, People, Persona

pytestmark = pytest.mark.django_db
URL = "/desk/registries/lookup/"


def logged_in(persona: Persona) -> Client:
    client = Client()
    assert persona.user is not None
    client.force_login(persona.user)
    return client


def test_the_desk_types_an_id_number_and_gets_the_applicant(people: People, fakes: dict[str, str]) -> None:
    client = logged_in(people.desk)
    labels = client.get(URL, headers={"accept-language": "en"}).json()["labels"]
    assert labels["button"] == "Look up in the population database"
    with translation.override("en"):
        answer = client.post(
            URL,
            {
                "registry": "population",
                "subject": APPLICANT["national_id"],
                "consent": "at_desk",
                "purpose": "Counter reception",
                "typed_name": "Nguyễn Thị Lan",
                "typed_address": "Thôn 9, xã Khác",
            },
        )
    assert answer.status_code == 200
    body = answer.json()
    assert (body["outcome"], body["differences"]) == ("found", ["address"])
    assert body["record"]["name"] == "Nguyễn Thị Lan"
    assert body["lookup"] == RegistryLookup.objects.get().pk


def test_without_consent_the_desk_gets_a_clear_error_and_nothing_is_looked_up(
    people: People, fakes: dict[str, str]
) -> None:
    body = {"registry": "population", "subject": APPLICANT["national_id"], "purpose": "x"}
    answer = logged_in(people.desk).post(URL, body)
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "consent"
    assert not RegistryLookup.objects.exists()


def test_citizens_and_strangers_do_not_reach_the_lookup(people: People, fakes: dict[str, str]) -> None:
    body = {"registry": "population", "subject": APPLICANT["national_id"], "purpose": "x"}
    body["consent"] = "at_desk"
    assert Client().post(URL, body).status_code == 302  # to the login page
    assert logged_in(people.citizen).post(URL, body).status_code == 404
    assert logged_in(people.monitor).post(URL, body).status_code == 404
    assert not RegistryLookup.objects.exists()


def test_the_api_looks_a_business_up_for_an_official_only(people: People, fakes: dict[str, str]) -> None:
    body = {"registry": "business", "subject": "6400123456", "purpose": "Thay đổi đăng ký"}
    answer = people.handler.post("/registries/lookups", body)
    assert answer.status_code == 200
    found = answer.json()
    assert (found["outcome"], found["record"]["name"], found["record"]["active"]) == (
        "found", "CÔNG TY TNHH CÀ PHÊ KRÔNG NÔ", True,
    )  # fmt: skip
    assert people.public.post("/registries/lookups", body).status_code == 401
    assert people.citizen.post("/registries/lookups", body).status_code == 404
    assert RegistryLookup.objects.count() == 1
    assert json.loads(json.dumps(found))["from_cache"] is False
