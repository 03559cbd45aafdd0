"""The journeys of issue 3 through the HTTP API, with the clock frozen so every due time is pinned.
2026-11-24 is a holiday (Ngày Văn hóa Việt Nam); offices work 7:30–11:30 and 13:30–17:30."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.dossiers.models import Dossier, Event
from motcua.testing.personas import APPLICANT, JPEG, PDF, PNG, People, Persona, file_json

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


def submit(by: Persona, **overrides: Any) -> dict[str, Any]:
    body = {"procedure": "1.001612", "competent_unit": "24688", "applicant": APPLICANT, **overrides}
    return ok(by.post("/dossiers", body), 201)


def kinds(dossier: dict[str, Any]) -> list[str]:
    return [event["kind"] for event in dossier["events"]]


def test_online_submission_to_rating(people: People, clock: Any) -> None:
    created = submit(people.citizen, files=[file_json("don-dang-ky.pdf", PDF), file_json("cccd.jpg", JPEG)])
    code = created["code"]
    assert code == "000.60.20.H36-261125-0001"
    assert (created["status"], created["national_status"], created["channel"]) == ("new", 1, 2)
    # Online: the desk must decide within 8 working hours, by 09:00 the next working day.
    assert created["decision_due_at"] == "2026-11-26T09:00:00+07:00"
    assert created["working_hours_left"] == "8"
    assert [(a["name"], a["content_type"]) for a in created["attachments"]] == [
        ("don-dang-ky.pdf", "application/pdf"),
        ("cccd.jpg", "image/jpeg"),
    ]

    clock.move_to(at(25, 14))
    accepted = ok(people.desk.act(code, "accept"))
    # 3 working days after Wednesday: Thursday, Friday, Monday; due at the close of Monday.
    assert (accepted["status"], accepted["national_status"]) == ("accepted", 2)
    assert accepted["due_at"] == accepted["original_due_at"] == "2026-11-30T17:30:00+07:00"
    assert accepted["accepted_at"] == "2026-11-25T14:00:00+07:00"

    clock.move_to(at(25, 15))
    assigned = ok(people.leader.act(code, "assign", {"handler": "xuly"}))
    assert (assigned["status"], assigned["national_status"], assigned["handler"]) == ("processing", 4, "xuly")

    clock.move_to(at(26, 10))
    ok(people.handler.act(code, "appraise", {"opinion": "Hồ sơ đầy đủ, đủ điều kiện cấp."}))
    proposed = ok(people.handler.act(code, "propose", {"proposal": "granted"}))
    assert (proposed["status"], proposed["national_status"]) == ("pending_approval", 4)

    clock.move_to(at(27, 8))
    decided = ok(
        people.leader.act(code, "decide", {"result": "granted", "files": [file_json("gcn-hkd.pdf", PDF)]})
    )
    assert (decided["status"], decided["national_status"]) == ("processed", 9)
    assert decided["resolved_at"] == "2026-11-27T08:00:00+07:00"
    assert decided["timeliness"] == "early"

    clock.move_to(at(27, 9))
    returned = ok(people.desk.act(code, "return", {"via": 1}))
    assert (returned["status"], returned["national_status"]) == ("returned", 10)
    assert returned["returned_at"] == "2026-11-27T09:00:00+07:00"

    rated = ok(people.citizen.act(code, "rate", {"score": 5, "comment": "Nhanh, chu đáo"}))
    assert rated["status"] == "returned"

    final = ok(people.citizen.get(f"/dossiers/{code}"))
    assert kinds(final) == [
        "submitted",
        "accepted",
        "assigned",
        "appraised",
        "proposed",
        "resolved",
        "returned",
        "rated",
    ]
    assert final["rating"] == {
        "score": 5,
        "dislike": False,
        "comment": "Nhanh, chu đáo",
        "at": "2026-11-27T09:00:00+07:00",
    }
    assert [a["kind"] for a in final["attachments"]] == ["component", "component", "result"]
    # The process control sheet: each hand-over with its own step deadline (shares 10/65/25 %).
    sheet = [
        (row["step"], row["giver"], row["receiver"], row["due"], row["timeliness"])
        for row in final["control_sheet"]
    ]
    assert sheet == [
        ("Tiếp nhận", "Nguyễn Thị Lan", "Trần Văn Tiếp", None, None),
        # Step 1, 10 % of 27.5 working hours from 14:00 Wednesday: 16:45.
        ("Tiếp nhận, kiểm tra hồ sơ", "Hoàng Văn Đạo", "Lê Thị Xử", "2026-11-25T16:45:00+07:00", "on_time"),
        # Step 2, 65 %: 17.875 hours from the assignment at 15:00 Wednesday.
        (
            "Thẩm định, xử lý hồ sơ",
            "Lê Thị Xử",
            "Lãnh đạo Xã Krông Nô",
            "2026-11-27T16:52:30+07:00",
            "early",
        ),
        # Step 3, 25 %: 6.875 hours from the proposal at 10:00 Thursday.
        (
            "Phê duyệt, ký kết quả",
            "Hoàng Văn Đạo",
            "Bộ phận Một cửa Xã Krông Nô",
            "2026-11-27T08:52:30+07:00",
            "on_time",
        ),
        ("Trả kết quả", "Trần Văn Tiếp", "Nguyễn Thị Lan", None, None),
    ]
    assert final["timeliness"] == "early"


def test_a_retry_with_the_same_idempotency_key_creates_nothing_new(people: People, clock: Any) -> None:
    body = {"procedure": "1.001612", "competent_unit": "24688", "applicant": APPLICANT}
    first = people.public.post("/dossiers", body, key="portal-5b1c")
    again = people.public.post("/dossiers", body, key="portal-5b1c")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert Dossier.objects.count() == 1

    code = first.json()["code"]
    accepted = people.desk.act(code, "accept", key="desk-1")
    replay = people.desk.act(code, "accept", key="desk-1")
    assert (accepted.status_code, replay.status_code) == (200, 200)
    assert replay.json() == accepted.json()
    assert Event.objects.filter(dossier__code=code).count() == 2

    reused = people.desk.act(code, "refuse", {"reason": "x"}, key="desk-1")
    assert reused.status_code == 422
    assert reused.json()["error"]["field"] == "Idempotency-Key"


def counter(by: Persona, unit: str, **overrides: Any) -> dict[str, Any]:
    return submit(by, channel=1, receiving_unit=unit, **overrides)


def test_a_supplement_during_processing_restarts_the_legal_time(people: People, clock: Any) -> None:
    code = counter(people.desk, "24688")["code"]
    ok(people.desk.act(code, "accept"))
    assigned = ok(people.leader.act(code, "assign"))
    assert assigned["handler"] == "xuly"  # nobody has open dossiers: the longest-serving handler

    clock.move_to(at(26, 10))
    items = ["Bản sao hợp đồng thuê địa điểm kinh doanh", "Văn bản ủy quyền cho người nộp hồ sơ"]
    asked = ok(people.handler.act(code, "request_supplement", {"items": items}))
    assert (asked["status"], asked["national_status"]) == ("supplement_requested", 5)
    assert asked["supplements"][0]["items"] == items
    # Art.19.5, Civil Code 147-148: 15 days, the day of the notice not counted, to the end of Fri 11/12.
    assert asked["supplements"][0]["answer_by"] == "2026-12-11T23:59:59+07:00"
    # While the applicant completes the dossier the handler cannot move it on.
    assert people.handler.act(code, "propose", {"proposal": "granted"}).status_code == 409

    clock.move_to(at(7, 9, month=12))
    completed = ok(people.desk.act(code, "provide_supplement", {"files": [file_json("hop-dong.png", PNG)]}))
    # Restart from zero (not a pause): 3 working days after Monday 7 December.
    assert (completed["status"], completed["restarts"]) == ("processing", 1)
    assert completed["clock_started_at"] == "2026-12-07T09:00:00+07:00"
    assert completed["due_at"] == completed["original_due_at"] == "2026-12-10T17:30:00+07:00"
    assert completed["supplements"][0]["provided_at"] == "2026-12-07T09:00:00+07:00"
    assert completed["supplements"][0]["previous_due_at"] == "2026-11-30T17:30:00+07:00"
    assert completed["supplements"][0]["previous_original_due_at"] == "2026-11-30T17:30:00+07:00"
    assert completed["attachments"][-1]["kind"] == "supplement"


def test_a_supplement_after_three_working_days_is_refused(people: People, clock: Any) -> None:
    code = counter(people.desk, "24688")["code"]
    ok(people.desk.act(code, "accept"))
    ok(people.leader.act(code, "assign"))
    # Accepted Wed 25/11: Thu 26, Fri 27, Mon 30 are the 3 working days (Civil Code Art.147: the day
    # of acceptance not counted); the window ends at the end of Monday.
    clock.move_to(at(30, 17, 45))
    assert "request_supplement" in ok(people.handler.get(f"/dossiers/{code}"))["available_actions"]
    clock.move_to(at(1, 9, month=12))
    assert "request_supplement" not in ok(people.handler.get(f"/dossiers/{code}"))["available_actions"]
    late = people.handler.act(code, "request_supplement", {"items": ["Giấy ủy quyền"]})
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "supplement_window"
    assert ok(people.handler.get(f"/dossiers/{code}"))["status"] == "processing"


def test_a_late_dossier_with_an_apology_is_still_judged_against_the_original_time(
    people: People, clock: Any
) -> None:
    code = counter(people.desk, "24688")["code"]
    ok(people.desk.act(code, "accept"))
    ok(people.leader.act(code, "assign", {"handler": "xuly2"}))
    new_time = "2026-12-03T17:30:00+07:00"
    reason = "Cần xác minh địa điểm kinh doanh với Công an xã"

    clock.move_to(at(30, 9))  # 6.5 working hours before the due time: too late to move it
    too_late = people.handler2.act(code, "extend", {"new_due_at": new_time, "reason": reason})
    assert too_late.status_code == 409
    assert too_late.json()["error"]["message"] == (
        "Chỉ được hẹn lại trước thời hạn ít nhất một ngày làm việc (17:30 30/11/2026)."
    )

    clock.move_to(at(27, 16))
    extended = ok(people.handler2.act(code, "extend", {"new_due_at": new_time, "reason": reason}))
    assert extended["due_at"] == new_time
    assert extended["original_due_at"] == "2026-11-30T17:30:00+07:00"
    assert extended["extension"] == {
        "reason": reason,
        "at": "2026-11-27T16:00:00+07:00",
        "previous_due_at": "2026-11-30T17:30:00+07:00",
        "new_due_at": new_time,
    }
    again = people.leader.act(code, "extend", {"new_due_at": "2026-12-04T17:30:00+07:00", "reason": reason})
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "Ngày hẹn đã được dời một lần; không thể dời lần nữa."

    clock.move_to(at(2, 10, month=12))
    ok(people.handler2.act(code, "propose", {"proposal": "granted"}))
    decided = ok(
        people.leader.act(code, "decide", {"result": "granted", "files": [file_json("kq.pdf", PDF)]})
    )
    assert decided["timeliness"] == "late"  # within the new appointment, late against the original


def test_a_refusal_at_reception(people: People, clock: Any) -> None:
    code = submit(people.citizen)["code"]
    no_reason = people.desk.act(code, "refuse", {"reason": "  "})
    assert no_reason.status_code == 422
    assert no_reason.json()["error"]["field"] == "reason"
    refused = ok(people.desk.act(code, "refuse", {"reason": "Hồ sơ không thuộc thẩm quyền giải quyết"}))
    assert (refused["status"], refused["national_status"]) == ("not_accepted", 3)
    assert refused["finished_at"] == "2026-11-25T09:00:00+07:00"
    after = people.desk.act(code, "accept")
    assert after.status_code == 409
    assert (
        after.json()["error"]["message"] == "Không thể thực hiện: hồ sơ đang ở trạng thái “Không tiếp nhận”."
    )
    assert kinds(ok(people.desk.get(f"/dossiers/{code}"))) == ["submitted", "refused"]


def test_a_withdrawal_on_the_applicants_request(people: People, clock: Any) -> None:
    code = submit(people.citizen)["code"]
    ok(people.desk.act(code, "accept"))
    ok(people.leader.act(code, "assign"))
    request = {"request_date": "2026-11-25", "request_reference": "Đơn ngày 25/11"}
    withdrawn = ok(
        people.desk.act(code, "withdraw", {"reason": "Công dân xin rút hồ sơ để bổ sung vốn", **request})
    )
    assert (withdrawn["status"], withdrawn["national_status"]) == ("withdrawn", 7)
    # Judged like any other dossier (the national 766 formula): withdrawn before its due time.
    assert withdrawn["timeliness"] == "on_time"
    assert people.handler.act(code, "propose", {"proposal": "granted"}).status_code == 409


def test_a_stop_on_request(people: People, clock: Any) -> None:
    code = submit(people.citizen)["code"]
    ok(people.desk.act(code, "accept"))
    # Art.21: only on the applicant's request; the unit leader cannot stop it alone.
    assert people.leader.act(code, "stop", {"reason": "Đơn vị tự dừng"}).status_code == 404
    request = {"request_date": "2026-11-25", "request_reference": "Đơn số 7"}
    stopped = ok(people.desk.act(code, "stop", {"reason": "Công dân đề nghị dừng giải quyết", **request}))
    assert (stopped["status"], stopped["national_status"]) == ("stopped", 8)


def test_a_boundary_free_dossier_received_in_one_commune_for_another(people: People, clock: Any) -> None:
    created = counter(people.cujut_desk, "24640")
    code = created["code"]
    assert code == "000.60.20.H36-261125-0001"  # Art.28.2.a: the competent Krông Nô
    assert (created["receiving_unit"]["code"], created["competent_unit"]["code"]) == ("24640", "24688")
    ok(people.cujut_desk.act(code, "accept"))
    early = people.leader.act(code, "assign")
    assert early.status_code == 409
    assert early.json()["error"]["message"] == "Bộ phận tiếp nhận chưa chuyển hồ sơ đến đơn vị này."

    sent = ok(people.cujut_desk.act(code, "transfer"))
    assert sent["transferred_at"] == "2026-11-25T09:00:00+07:00"
    # Received before 15:00: the paper goes the same working day.
    assert sent["events"][-1]["data"] == {"to": "24688", "paper_by": "2026-11-25T17:30:00+07:00"}
    ok(people.leader.act(code, "assign"))
    ok(people.handler.act(code, "propose", {"proposal": "granted"}))
    ok(people.leader.act(code, "decide", {"result": "granted", "files": [file_json("kq.pdf", PDF)]}))
    # The result goes back to the desk that received it.
    assert people.desk.act(code, "return", {"via": 1}).status_code == 404
    returned = ok(people.cujut_desk.act(code, "return", {"via": 3}))
    assert (returned["status"], returned["returned_via"]) == ("returned", 3)


def test_a_commune_dossier_for_a_province_department_is_transferred(people: People, clock: Any) -> None:
    code = counter(people.desk, "24688", procedure="2.001610", competent_unit="68.STC")["code"]
    ok(people.desk.act(code, "accept"))
    clock.move_to(at(25, 16))
    sent = ok(people.desk.act(code, "transfer"))
    # Commune desk to a department: the paper within one working day of reception at 09:00,
    # whenever the transfer happens (Art.20.1.a).
    assert sent["events"][-1]["data"] == {"to": "68.STC", "paper_by": "2026-11-26T09:00:00+07:00"}
    assigned = ok(people.stc_leader.act(code, "assign"))
    assert assigned["handler"] == "stc_xuly"
    ok(people.stc_handler.act(code, "appraise", {"opinion": "Đủ điều kiện đăng ký doanh nghiệp"}))
    ok(people.stc_handler.act(code, "propose", {"proposal": "granted"}))
    ok(people.stc_leader.act(code, "decide", {"result": "granted", "files": [file_json("gcn-dn.pdf", PDF)]}))
    returned = ok(people.desk.act(code, "return", {"via": 2}))
    assert (returned["status"], returned["competent_unit"]["code"]) == ("returned", "68.STC")


def test_two_officers_acting_at_once_one_succeeds_the_other_reloads(people: People, clock: Any) -> None:
    created = submit(people.citizen)
    code, version = created["code"], created["version"]
    ok(people.desk.act(code, "accept", {"expected_version": version}))
    stale = people.director.act(code, "refuse", {"reason": "Thiếu giấy tờ", "expected_version": version})
    assert stale.status_code == 409
    assert stale.json()["error"] == {
        "code": "stale",
        "message": "Hồ sơ vừa được người khác thay đổi. Hãy tải lại và thử lại.",
        "field": None,
    }
    assert ok(people.desk.get(f"/dossiers/{code}"))["status"] == "accepted"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"applicant": {**APPLICANT, "national_id": "06819000123"}}, "applicant.national_id"),
        ({"applicant": {**APPLICANT, "phone": "12345"}}, "applicant.phone"),
        ({"applicant": {**APPLICANT, "name": " "}}, "applicant.name"),
        ({"procedure": "9.999999"}, "procedure"),
        ({"competent_unit": "99999"}, "competent_unit"),
        ({"competent_unit": "68.STC"}, "competent_unit"),  # a department does not settle commune procedures
        ({"files": [file_json("don.pdf", b"not really a PDF")]}, "files[0]"),
        ({"files": [file_json("scan.pdf", PDF + b"0" * (10 * 1024 * 1024))]}, "files[0]"),
        ({"channel": 5}, "channel"),
    ],
)
def test_bad_input_is_named_and_stores_nothing(
    people: People, clock: Any, change: dict[str, Any], field: str
) -> None:
    body = {"procedure": "1.001612", "competent_unit": "24688", "applicant": APPLICANT, **change}
    response = people.citizen.post("/dossiers", body)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == field
    assert Dossier.objects.count() == 0


def test_a_missing_field_is_named(people: People, clock: Any) -> None:
    response = people.citizen.post("/dossiers", {"procedure": "1.001612", "competent_unit": "24688"})
    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "invalid",
        "message": "Trường “applicant” là bắt buộc.",
        "field": "applicant",
        "problems": [{"field": "applicant", "message": "Trường “applicant” là bắt buộc."}],
    }
