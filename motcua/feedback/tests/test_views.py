"""The feedback pages: the citizen's form from the tracking page, their item and rating, the public
list, the desk's queue and item page, scoped to the official's unit."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation

from motcua.accounts.models import User
from motcua.feedback.models import Feedback
from motcua.testing.personas import PDF, People, Persona

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
FORM = {
    "nature": "feedback",
    "subject": "unit",
    "unit_code": "24688",
    "title": "Desk closed early",
    "text": "Closed at 16:00 on Monday.",
    "name": "Nguyễn Thị Lan",
    "phone": "0912345678",
    "publish": "on",
}


def logged_in(persona: Persona) -> Client:
    client = Client()
    assert persona.user is not None
    client.force_login(persona.user)
    return client


def send(client: Client, **extra: object) -> Any:
    return client.post("/feedback/new/", {**FORM, **extra}, headers={"Accept-Language": "en"})


@time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=VN), tick=False)
def test_art_8_1_d_a_citizen_without_account_sends_feedback_and_reads_the_deadline() -> None:
    client = Client()
    response = send(client, attachments=SimpleUploadedFile("scan.pdf", PDF))
    item = Feedback.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/feedback/t/{item.token}/"
    assert (item.channel, item.citizen, item.attachments.count()) == ("portal", None, 1)
    with translation.override("en"):
        page = client.get(response["Location"], headers={"Accept-Language": "en"})
    assert "17:30, 15/12/2026" in page.content.decode()


def test_the_tracking_page_link_prefills_the_dossier_and_marks_the_channel() -> None:
    page = Client().get("/feedback/new/?dossier=ABC-1")
    assert 'value="ABC-1"' in page.content.decode()
    assert 'name="from" value="tracking"' in page.content.decode()


def test_a_complaint_is_pointed_elsewhere_and_nothing_is_stored() -> None:
    response = send(Client(), nature="complaint")
    assert response.status_code == 422
    assert "Law on Complaints (2011)" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_a_file_that_is_not_a_pdf_or_image_is_refused() -> None:
    response = send(Client(), attachments=SimpleUploadedFile("x.pdf", b"MZ\x90\x00"))
    assert response.status_code == 422
    assert Feedback.objects.count() == 0


@override_settings(MOTCUA_FEEDBACK_PER_HOUR=2)
def test_anonymous_submission_is_throttled_per_address() -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert [send(client).status_code for _ in range(3)] == [302, 302, 429]
    assert Feedback.objects.count() == 2


def test_a_citizen_with_an_account_is_not_throttled_and_owns_the_item(people: People) -> None:
    with override_settings(MOTCUA_FEEDBACK_PER_HOUR=0):
        response = send(logged_in(people.citizen), name="", phone="")
    assert response.status_code == 302
    assert Feedback.objects.get().citizen == people.citizen.user


def test_the_desk_answers_and_the_citizen_rates(people: People) -> None:
    citizen = Client()
    location = send(citizen)["Location"]
    item = Feedback.objects.get()
    handler = logged_in(people.handler)
    queue = handler.get("/desk/feedback/list/open/")
    assert "Desk closed early" in queue.content.decode()
    assert (
        handler.post(
            f"/desk/feedback/{item.pk}/answer/", {"answer": "Opens until 17:30 now.", "publish": "on"}
        ).status_code
        == 302
    )
    assert citizen.post(f"{location}rate/", {"satisfied": "yes"}).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.satisfied, item.answered_by) == ("closed", True, people.handler.user)
    public = Client().get("/feedback/?unit=24688").content.decode()
    assert "Opens until 17:30 now." in public
    assert "0912345678" not in public and "Nguyễn Thị Lan" not in public


def test_an_official_of_another_commune_finds_nothing(people: People) -> None:
    send(Client())
    item = Feedback.objects.get()
    other = logged_in(people.cujut_handler)
    assert other.get(f"/desk/feedback/{item.pk}/").status_code == 404
    assert other.post(f"/desk/feedback/{item.pk}/answer/", {"answer": "x"}).status_code == 404
    assert "Desk closed early" not in other.get("/desk/feedback/list/open/").content.decode()
    assert logged_in(people.citizen).get(f"/desk/feedback/{item.pk}/").status_code == 404
    assert logged_in(people.handler).get(f"/desk/feedback/{item.pk}/").status_code == 200
    item.refresh_from_db()
    assert item.status == "received"


def test_the_desk_records_feedback_for_a_citizen(people: People) -> None:
    response = logged_in(people.desk).post("/desk/feedback/new/", {**FORM, "phone": ""})
    item = Feedback.objects.get()
    assert response.status_code == 302
    assert (item.channel, item.events.get().actor) == ("desk", people.desk.user)


def test_the_overdue_warning_on_the_desk(people: People) -> None:
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=VN), tick=False):
        send(Client())
    with time_machine.travel(datetime(2026, 12, 16, 8, tzinfo=VN), tick=False), translation.override("en"):
        page = logged_in(people.handler).get(
            "/desk/feedback/list/overdue/", headers={"Accept-Language": "en"}
        )
    assert "1 item is past its deadline." in page.content.decode()


def test_a_wrong_token_is_not_found() -> None:
    assert Client().get("/feedback/t/nope/").status_code == 404
    assert Client().post("/feedback/t/nope/rate/", {"satisfied": "yes"}).status_code == 404


_ = User


def test_the_desk_queue_reads_a_fixed_number_of_queries(people: People) -> None:
    """The count does not grow with the items listed (the session and access checks around it
    are the site's, counted in the desk's own pinned tests)."""
    for i in range(3):
        send(Client(REMOTE_ADDR=f"203.0.113.{i}"), title=f"Item {i}")
    send(Client(), unit_code="24640")  # another commune's: not read
    client = logged_in(people.handler)
    client.get("/desk/feedback/list/open/")
    with CaptureQueriesContext(connection) as three:
        page = client.get("/desk/feedback/list/open/")
    assert [f"Item {i}" in page.content.decode() for i in range(3)] == [True, True, True]
    for i in range(3, 6):
        send(Client(REMOTE_ADDR=f"203.0.113.{i}"), title=f"Item {i}")
    with CaptureQueriesContext(connection) as six:
        client.get("/desk/feedback/list/open/")
    assert len(six.captured_queries) == len(three.captured_queries)
    feedback_reads = [q for q in six.captured_queries if '"feedback_feedback"' in q["sql"]]
    assert len(feedback_reads) == 3  # the page's count, its rows, the overdue count


def test_the_desk_passes_an_item_to_the_responsible_unit(people: People) -> None:
    send(Client())
    item = Feedback.objects.get()
    desk = logged_in(people.desk)
    refused = desk.post(f"/desk/feedback/{item.pk}/reassign/", {"unit_code": "99999", "note": "x"})
    assert refused.status_code == 422
    moved = desk.post(
        f"/desk/feedback/{item.pk}/reassign/", {"unit_code": "24640", "note": "Cư Jút's matter."}
    )
    assert moved.status_code == 302
    item.refresh_from_db()
    assert item.unit.code == "24640"
    assert logged_in(people.cujut_handler).get(f"/desk/feedback/{item.pk}/").status_code == 200
    assert desk.get(f"/desk/feedback/{item.pk}/").status_code == 404


def test_the_form_in_arabic_reads_right_to_left() -> None:
    page = Client().get("/feedback/new/", headers={"Accept-Language": "ar"}).content.decode()
    assert 'dir="rtl"' in page


def test_nothing_is_published_without_the_citizens_and_the_officials_consent(people: People) -> None:
    send(Client(REMOTE_ADDR="203.0.113.1"), title="Private", publish="")
    send(Client(REMOTE_ADDR="203.0.113.2"), title="Kept back")
    send(Client(REMOTE_ADDR="203.0.113.3"), title="Published")
    handler = logged_in(people.handler)
    for item in Feedback.objects.all():
        publish = {} if item.title == "Kept back" else {"publish": "on"}
        assert (
            handler.post(f"/desk/feedback/{item.pk}/answer/", {"answer": "Done.", **publish}).status_code
            == 302
        )
    public = Client().get("/feedback/").content.decode()
    assert ("Published" in public, "Private" in public, "Kept back" in public) == (True, False, False)
