"""Security review M8 (anonymous submission throttled per address) and L8 (idempotency keys of
anonymous callers scoped per caller)."""

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.testing.personas import APPLICANT, People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
BODY = {"procedure": "1.001612", "competent_unit": "24688", "applicant": APPLICANT}


@pytest.fixture(autouse=True)
def setup(settings: Any) -> Iterator[None]:
    settings.MOTCUA_THROTTLE_EXEMPT = []
    settings.MOTCUA_SUBMISSIONS_PER_HOUR = 3
    cache.clear()
    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=VN), tick=False):
        yield
    cache.clear()


def submit(address: str, *, token: str = "", key: str = "", body: dict[str, Any] | None = None) -> Any:
    headers = {"Accept-Language": "en"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if key:
        headers["Idempotency-Key"] = key
    return Client().post(
        "/api/v1/dossiers",
        json.dumps(body or BODY),
        content_type="application/json",
        headers=headers,
        REMOTE_ADDR=address,
    )


def test_m8_anonymous_submissions_are_throttled_per_address(people: People) -> None:
    assert [submit("203.0.113.5").status_code for _ in range(4)] == [201, 201, 201, 429]
    refused = submit("203.0.113.5")
    assert refused.json()["error"] == {
        "code": "too_many_requests",
        "message": "Too many dossiers submitted from your address. Wait an hour and try again.",
        "field": None,
    }
    assert Dossier.objects.count() == 3
    # Another address has its own budget; an officer recording counter dossiers is not throttled.
    assert submit("198.51.100.9").status_code == 201
    counter = dict(BODY, channel=1, receiving_unit="24688")
    assert [submit("203.0.113.5", token=people.desk.token, body=counter).status_code for _ in range(2)] == [
        201,
        201,
    ]


def test_m8_a_forged_token_does_not_escape_the_throttle(people: People) -> None:
    for _ in range(3):
        submit("203.0.113.5")
    assert submit("203.0.113.5", token="mc_forged").status_code == 429


def test_m8_the_portal_submission_is_throttled_too(people: People, settings: Any) -> None:
    settings.MOTCUA_SUBMISSIONS_PER_HOUR = 0
    response = Client().post("/submit/1.001612/", {}, REMOTE_ADDR="203.0.113.5", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many dossiers submitted from your address" in response.content.decode()


def test_l8_anonymous_callers_do_not_share_idempotency_keys(people: People) -> None:
    first = submit("203.0.113.5", key="k1")
    assert first.status_code == 201
    # The same key and body from another caller is a new request, not the first caller's answer …
    other = submit("198.51.100.9", key="k1")
    assert other.status_code == 201
    assert other.json()["code"] != first.json()["code"]
    # … and a different body with that key is not refused as "already used" (no probing, no squatting).
    changed = submit("198.51.100.9", key="k2", body=dict(BODY, applicant=dict(APPLICANT, name="Khác")))
    assert changed.status_code == 201
    # The first caller's retry still gets its own answer.
    again = submit("203.0.113.5", key="k1")
    assert again.json()["code"] == first.json()["code"]
    assert Dossier.objects.count() == 3


def test_m1e_a_multipart_request_with_an_idempotency_key_is_not_read_whole_into_memory(
    people: People,
) -> None:
    from io import BytesIO

    pdf = BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    pdf.name = "don.pdf"
    data = {"data": json.dumps(BODY), "files": pdf}
    first = Client().post(
        "/api/v1/dossiers", data, headers={"Idempotency-Key": "m1"}, REMOTE_ADDR="203.0.113.5"
    )
    assert first.status_code == 201, first.content
    pdf.seek(0)
    again = Client().post(
        "/api/v1/dossiers", data, headers={"Idempotency-Key": "m1"}, REMOTE_ADDR="203.0.113.5"
    )
    assert again.json()["code"] == first.json()["code"]
    assert Dossier.objects.count() == 1
