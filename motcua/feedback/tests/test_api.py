"""The feedback API: citizens send and rate, officials list, read, answer and pass on; scoped."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.feedback.models import Feedback
from motcua.testing.personas import PDF, People, file_json

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
BODY = {
    "subject": "unit",
    "unit_code": "24688",
    "title": "Desk closed early",
    "text": "Closed at 16:00 on Monday.",
    "name": "Nguyễn Thị Lan",
    "phone": "0912345678",
}


@time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=VN), tick=False)
def test_art_8_1_d_the_public_sends_and_the_handler_answers_through_the_api(people: People) -> None:
    sent = people.public.post("/feedback", {**BODY, "files": [file_json("scan.pdf", PDF)]})
    assert sent.status_code == 201
    body = sent.json()
    assert (body["status"], body["unit_code"], body["due_at"]) == (
        "received",
        "24688",
        "2026-12-15T17:30:00+07:00",
    )
    item = Feedback.objects.get()
    assert item.attachments.count() == 1
    [row] = people.handler.get("/feedback").json()
    assert (row["id"], row["overdue"], row["phone"]) == (item.pk, False, "0912345678")
    assert people.cujut_handler.get("/feedback").json() == []
    assert people.cujut_handler.get(f"/feedback/{item.pk}").status_code == 404
    assert people.cujut_handler.post(f"/feedback/{item.pk}/answer", {"answer": "x"}).status_code == 404
    answered = people.handler.post(f"/feedback/{item.pk}/answer", {"answer": "Opens until 17:30."})
    assert answered.status_code == 200
    assert [e["kind"] for e in answered.json()["events"]] == ["received", "answered", "told"]
    rated = people.public.post(f"/feedback/mine/{item.token}/rate", {"satisfied": False})
    assert (rated.status_code, rated.json()["status"], rated.json()["satisfied"]) == (200, "closed", False)
    assert people.public.post(f"/feedback/mine/{item.token}/rate", {"satisfied": True}).status_code == 409
    public = people.public.get("/feedback/public", unit="24688").json()
    assert [(p["title"], p["answer"]) for p in public] == [("Desk closed early", "Opens until 17:30.")]
    assert "name" not in public[0] and "phone" not in public[0]


def test_a_complaint_is_refused_with_its_code(people: People) -> None:
    response = people.public.post("/feedback", {**BODY, "nature": "complaint"})
    assert (response.status_code, response.json()["error"]["code"]) == (422, "other_regime")
    assert Feedback.objects.count() == 0


def test_listing_needs_a_token_and_the_citizen_sees_only_their_own(people: People) -> None:
    assert people.public.get("/feedback").status_code == 401
    people.citizen.post("/feedback", {**BODY, "name": "", "phone": ""})
    people.public.post("/feedback", BODY)
    assert [r["title"] for r in people.citizen.get("/feedback").json()] == ["Desk closed early"]
    assert people.other_citizen.get("/feedback").json() == []
    assert people.handler.get("/feedback", state="later").status_code == 422
