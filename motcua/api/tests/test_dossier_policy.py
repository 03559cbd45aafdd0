"""The policy through the API: `available_actions` on the dossier body, the conditional legal time
at acceptance, and the applicant's own withdrawal and stop (Decree 118 Art.17.3, 21)."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.dossiers.models import Dossier
from motcua.testing.personas import APPLICANT, People, Persona

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VN)


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(at(25, 9), tick=False) as traveller:
        yield traveller


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.content.decode()
    body: dict[str, Any] = response.json()
    return body


def submit(by: Persona, procedure: str = "1.001612") -> dict[str, Any]:
    body = {"procedure": procedure, "competent_unit": "24688", "applicant": APPLICANT}
    return ok(by.post("/dossiers", body), 201)


def test_the_dossier_lists_the_actions_the_caller_may_take_now(people: People, clock: Any) -> None:
    code = submit(people.citizen)["code"]
    assert ok(people.citizen.get(f"/dossiers/{code}"))["available_actions"] == ["withdraw", "stop"]
    assert ok(people.desk.get(f"/dossiers/{code}"))["available_actions"] == [
        "accept",
        "request_supplement",
        "refuse",
        "withdraw",
        "stop",
    ]
    # The leader sees the dossier but may not stop it alone (Art.21).
    assert ok(people.leader.get(f"/dossiers/{code}"))["available_actions"] == []
    accepted = ok(people.desk.act(code, "accept"))
    assert accepted["available_actions"] == ["withdraw", "stop"]
    leader = ok(people.leader.get(f"/dossiers/{code}"))["available_actions"]
    assert leader == ["request_supplement", "assign", "extend"]


def test_art_17_3_the_desk_accepts_with_a_conditional_legal_time(people: People, clock: Any) -> None:
    """Marital-status certificate needing verification: 23 calendar days from Wed 25/11, so Fri 18/12."""
    code = submit(people.citizen, "1.004873")["code"]
    refused = people.desk.act(code, "accept", {"time_variant": "khong_co"})
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "time_variant"
    missing = people.desk.act(code, "accept", {"time_variant": "xac_minh"})
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "time_variant_reason"
    accepted = ok(
        people.desk.act(
            code, "accept", {"time_variant": "xac_minh", "time_variant_reason": "Cư trú nhiều nơi"}
        )
    )
    assert (accepted["time_variant"], accepted["time_variant_reason"]) == ("xac_minh", "Cư trú nhiều nơi")
    assert accepted["due_at"] == "2026-12-18T17:30:00+07:00"


def test_art_21_2_the_applicant_withdraws_with_the_tracking_secret(people: People, clock: Any) -> None:
    code = submit(people.public)["code"]
    tracked = ok(people.public.post(f"/track/{code}", {"secret": APPLICANT["phone"][-4:]}))
    assert tracked["may_withdraw"] is True
    wrong = people.public.post(f"/track/{code}/withdraw", {"secret": "0000", "reason": "Không cần nữa"})
    assert wrong.status_code == 404
    done = ok(
        people.public.post(
            f"/track/{code}/withdraw", {"secret": APPLICANT["phone"][-4:], "reason": "Không cần"}
        )
    )
    assert (done["status"], done["national_status"], done["may_withdraw"]) == ("withdrawn", 7, False)
    event = Dossier.objects.get(code=code).events.last()
    assert event is not None and event.data["request"]["via"] == "online"


def test_art_21_an_official_with_the_secret_does_not_stop_for_the_applicant(
    people: People, clock: Any
) -> None:
    code = submit(people.public)["code"]
    refused = people.desk.post(f"/track/{code}/stop", {"secret": APPLICANT["phone"][-4:], "reason": "Dừng"})
    assert refused.status_code == 404
    assert Dossier.objects.get(code=code).status == "new"


def test_art_21_the_desk_stops_with_the_written_request(people: People, clock: Any) -> None:
    code = submit(people.citizen)["code"]
    missing = people.desk.act(code, "stop", {"reason": "Theo đơn"})
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "request_reference"
    stopped = ok(
        people.desk.act(
            code, "stop", {"reason": "Theo đơn", "request_date": "2026-11-25", "request_reference": "Đơn 4"}
        )
    )
    assert (stopped["status"], stopped["national_status"]) == ("stopped", 8)
    assert stopped["events"][-1]["data"]["request"] == {
        "via": "desk",
        "date": "2026-11-25",
        "reference": "Đơn 4",
    }
