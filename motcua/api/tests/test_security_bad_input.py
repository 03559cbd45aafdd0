"""Security review M1: bad input on any mutating endpoint answers a 4xx in the API's error shape,
never a 500 or a traceback. The endpoints are taken from the live OpenAPI document."""

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from motcua.api.schema import render_schema
from motcua.testing.personas import APPLICANT, People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _mutating_operations() -> list[str]:
    schema = json.loads(render_schema())
    return sorted(
        f"{method.upper()} {path}"
        for path, methods in schema["paths"].items()
        for method in methods
        if method in ("post", "put", "patch", "delete")
    )


OPERATIONS = _mutating_operations()

BAD_BODIES: dict[str, tuple[str, bytes]] = {
    "invalid_utf8": ("application/json", b'{"reason": "\xff\xfe\x89"}'),
    "nested_100k_deep": ("application/json", b"[" * 100_000 + b"]" * 100_000),
    "nested_objects_5k_deep": ("application/json", b'{"a":' * 5000 + b"1" + b"}" * 5000),
    "multipart_without_boundary": ("multipart/form-data", b"abc"),
    "multipart_header_never_ends": (
        "multipart/form-data; boundary=X",
        b"--X\r\n" + b"a" * 9000 + b"\r\n--X--\r\n",
    ),
    "integer_past_2_63": (
        "application/json",
        b'{"expected_version": 100000000000000000000000, "score": 100000000000000000000000,'
        b' "files": [{"name": "a.pdf", "content_base64": "JVBERi0xLjQK",'
        b' "component": 1000000000000000000000}]}',
    ),
    "year_9999": (
        "application/json",
        b'{"new_due_at": "9999-12-31T10:00:00+07:00", "reason": "x", "expected_version": 1}',
    ),
}


@pytest.fixture
def code(people: People) -> Iterator[str]:
    cache.clear()
    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=VN), tick=False):
        body = {"procedure": "1.001612", "competent_unit": "24688", "applicant": APPLICANT}
        response = people.public.post("/dossiers", body)
        assert response.status_code == 201, response.content
        yield str(response.json()["code"])
    cache.clear()


def _path(template: str, code: str) -> str:
    return (
        template.replace("{code}", code)
        .replace("{what}", "receipt")
        .replace("{item_id}", "1")
        .replace("{token}", "x" * 20)
    )


def assert_refused_in_shape(response: Any) -> dict[str, Any]:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body["error"]) >= {"code", "message", "field"}
    assert "Traceback" not in response.content.decode()
    return body


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("bad", sorted(BAD_BODIES))
def test_m1_bad_bodies_on_every_mutating_endpoint_get_a_4xx_in_the_error_shape(
    people: People, code: str, operation: str, bad: str
) -> None:
    method, template = operation.split(" ", 1)
    content_type, body = BAD_BODIES[bad]
    for who in (people.leader, people.public):
        headers = {"Authorization": f"Bearer {who.token}"} if who.token else {}
        response = Client().generic(
            method, _path(template, code), body, content_type=content_type, headers=headers
        )
        assert_refused_in_shape(response)


def test_m1_invalid_utf8_names_the_problem(people: People, code: str) -> None:
    response = Client().post(
        "/api/v1/dossiers", b"\xff", content_type="application/json", headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_m1_an_offset_past_2_63_is_refused(people: People) -> None:
    response = people.desk.get("/dossiers", offset=9223372036854775808)
    assert_refused_in_shape(response)


def test_m1_a_calendar_year_after_2100_is_refused(people: People) -> None:
    response = people.public.get(
        "/calendar/due", start="9999-12-31T10:00:00+07:00", amount=30, unit="days", province=68
    )
    body = assert_refused_in_shape(response)
    assert response.status_code == 422
    assert body["error"]["code"] == "invalid"


def test_m1_an_unexpected_error_answers_500_in_the_error_shape_without_a_traceback(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    from motcua.dossiers import selectors

    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(selectors, "dossier_get", broken)
    response = people.desk.get("/dossiers/68.24688-261125-0001")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "secret internal detail" not in response.content.decode()
