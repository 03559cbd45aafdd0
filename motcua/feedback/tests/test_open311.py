"""Open311 GeoReport v2 conformance, written from the specification (wiki.open311.org/GeoReport_v2):
services, service definition, request submission, token lookup, request status and the list of
requests, in JSON and XML; errors as the `errors` array with the HTTP status; dates with an offset."""

from datetime import datetime
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from motcua.accounts.tokens import token_issue
from motcua.feedback.actions import feedback_answer
from motcua.feedback.models import Feedback
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = "/open311/v2"


def post(people: People, **fields: str) -> object:
    assert people.citizen.user is not None
    data = {
        "api_key": people.citizen.token,
        "jurisdiction_id": "68",
        "service_code": "unit",
        "address_string": "Thôn 3, xã Krông Nô",
        "attribute[unit_code]": "24688",
        "description": "The desk closed at 16:00 on Monday.",
        "email": "lan@example.vn",
        **fields,
    }
    return Client().post(
        f"{BASE}/requests.json",
        {k: v for k, v in data.items() if v != "-"},
        headers={"Accept-Language": "en"},
    )


def test_services_list_in_json_and_xml() -> None:
    rows = Client().get(f"{BASE}/services.json?jurisdiction_id=68").json()
    assert [r["service_code"] for r in rows] == ["dossier", "procedure", "official", "unit"]
    assert set(rows[0]) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    assert (rows[0]["metadata"], rows[0]["type"]) == (True, "realtime")
    xml = Client().get(f"{BASE}/services.xml")
    assert xml["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(xml.content)
    assert root.tag == "services"
    assert [s.findtext("service_code") for s in root.findall("service")] == [
        "dossier",
        "procedure",
        "official",
        "unit",
    ]
    assert root.find("service/metadata").text == "true"  # type: ignore[union-attr]


def test_service_definition_lists_the_attributes() -> None:
    body = Client().get(f"{BASE}/services/dossier.json").json()
    assert body["service_code"] == "dossier"
    assert [(a["code"], a["required"], a["datatype"], a["order"]) for a in body["attributes"]] == [
        ("dossier_code", True, "string", 1),
        ("unit_code", False, "string", 2),
        ("official_name", False, "string", 3),
        ("title", False, "string", 4),
    ]
    root = ET.fromstring(Client().get(f"{BASE}/services/unit.xml").content)
    assert root.tag == "service_definition"
    assert [a.findtext("code") for a in root.findall("attributes/attribute")] == [
        "dossier_code",
        "unit_code",
        "official_name",
        "title",
    ]


@time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=VN), tick=False)
def test_submission_answers_the_id_and_the_deadline_and_the_request_reads_back(people: People) -> None:
    response = post(people, lat="12.4567", long="107.8901")
    assert response.status_code == 200  # type: ignore[attr-defined]
    [created] = response.json()  # type: ignore[attr-defined]
    item = Feedback.objects.get()
    assert created["service_request_id"] == item.token
    assert (
        created["service_notice"] == "The unit responsible answers by 2026-12-15T17:30:00+07:00."
        or created["service_notice"]
    )
    assert (item.channel, item.citizen, item.address, str(item.lat)) == (
        "open311",
        people.citizen.user,
        "Thôn 3, xã Krông Nô",
        "12.456700",
    )
    [row] = Client().get(f"{BASE}/requests/{item.token}.json").json()
    assert (row["status"], row["x-motcua-status"], row["agency_responsible"]) == (
        "open",
        "received",
        "Xã Krông Nô",
    )
    assert (row["requested_datetime"], row["expected_datetime"]) == (
        "2026-12-01T10:00:00+07:00",
        "2026-12-15T17:30:00+07:00",
    )
    assert Client().get(f"{BASE}/tokens/{item.token}.json").json() == [
        {"service_request_id": item.token, "token": item.token}
    ]


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"api_key": "-"}, 403),
        ({"api_key": "wrong"}, 403),
        ({"service_code": "-"}, 400),
        ({"service_code": "potholes"}, 404),
        ({"address_string": "-"}, 400),
        ({"address_string": "-", "lat": "12.4", "long": "x"}, 400),
        ({"attribute[unit_code]": "-"}, 400),
        ({"jurisdiction_id": "99"}, 404),
        ({"description": "-"}, 400),
    ],
)
def test_errors_are_the_standard_array_and_store_nothing(
    people: People, fields: dict[str, str], status: int
) -> None:
    response = post(people, **fields)
    assert response.status_code == status  # type: ignore[attr-defined]
    [error] = response.json()  # type: ignore[attr-defined]
    assert set(error) == {"code", "description"} and error["code"] == status and error["description"]
    assert Feedback.objects.count() == 0


def test_errors_in_xml(people: People) -> None:
    response = Client().get(f"{BASE}/requests/nope.xml")
    root = ET.fromstring(response.content)
    assert response.status_code == 404
    assert (root.tag, root.findtext("error/code")) == ("errors", "404")


def test_the_list_shows_answered_public_requests_closed_with_the_answer(people: People) -> None:
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=VN), tick=False):
        post(people)
        post(people, description="Still waiting for an answer.")
    answered = Feedback.objects.get(text="The desk closed at 16:00 on Monday.")
    assert people.handler.user is not None
    feedback_answer(
        actor=people.handler.user,
        feedback=answered,
        answer="Opens until 17:30.",
        at=datetime(2026, 12, 2, 9, tzinfo=VN),
    )
    with time_machine.travel(datetime(2026, 12, 5, 10, tzinfo=VN), tick=False):
        rows = Client().get(f"{BASE}/requests.json?jurisdiction_id=68").json()
        assert Client().get(f"{BASE}/requests.json?status=open").json() == []
        assert Client().get(f"{BASE}/requests.json?start_date=2026-12-02").json() == []
        assert Client().get(f"{BASE}/requests.json?status=pending").status_code == 400
        xml = ET.fromstring(Client().get(f"{BASE}/requests.xml").content)
    assert [(r["status"], r["status_notes"], r["x-motcua-status"]) for r in rows] == [
        ("closed", "Opens until 17:30.", "answered")
    ]
    assert "email" not in rows[0] and "lan@example.vn" not in str(rows)
    assert [r.findtext("status") for r in xml.findall("request")] == ["closed"]


def test_an_officials_key_submits_without_making_them_the_citizen(people: People) -> None:
    assert people.desk.user is not None
    response = post(people, api_key=token_issue(actor=None, user=people.desk.user))
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert Feedback.objects.get().citizen is None
