"""The dossier page: only the actions this user may take now, each asking for what it needs, the
stale-version message, refusals that change nothing, and the leader's workload with reassignment."""

import re
from collections.abc import Iterator

import pytest
import time_machine
from pytest_django import DjangoAssertNumQueries

from motcua.dossiers import actions
from motcua.dossiers.models import Dossier, Extension
from motcua.dossiers.states import Status
from motcua.testing.personas import People, Persona
from motcua.web.tests.test_desk_pages import NOW, at, browser, online, processing, user_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def buttons(html: str) -> list[str]:
    """The submit buttons of the actions column, by their text."""
    column = html[html.index('id="actions-title"') :]
    return re.findall(r'<button type="submit"[^>]*>([^<]+)</button>', column)


def test_the_desk_sees_the_reception_actions_and_the_handler_none(people: People, frozen: object) -> None:
    dossier = online(people, at(23, 14))
    desk = browser(people.desk, "en").get(f"/desk/dossiers/{dossier.code}/").content.decode()
    handler = browser(people.handler, "en").get(f"/desk/dossiers/{dossier.code}/").content.decode()

    assert buttons(desk) == ["Accept", "Request supplement", "Refuse", "Withdraw", "Stop"]
    assert buttons(handler) == []
    assert "Nothing for you to do on this dossier now." in handler
    assert "Nguyễn Thị Lan" in desk and "068190001234" in desk
    assert "Dossier received" in desk  # the history


def test_the_assigned_handler_and_the_leader_see_their_own_actions(people: People, frozen: object) -> None:
    dossier = processing(people, at(23, 9))

    def seen_by(persona: Persona) -> list[str]:
        return buttons(browser(persona, "en").get(f"/desk/dossiers/{dossier.code}/").content.decode())

    handler, other_handler, leader = seen_by(people.handler), seen_by(people.handler2), seen_by(people.leader)

    assert handler == [
        "Request supplement",
        "Save the appraisal",
        "Submit to the leader",
        "Move the appointment",
    ]
    assert other_handler == []
    # Art.21: the leader no longer stops a dossier alone.
    assert leader == ["Request supplement", "Assign", "Move the appointment"]


def test_accepting_starts_the_clock_shown_on_the_page(people: People, frozen: object) -> None:
    dossier = online(people, at(23, 14))
    client = browser(people.desk)

    response = client.post(f"/desk/dossiers/{dossier.code}/accept/", {"version": dossier.version})

    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.status, dossier.due_at) == (Status.ACCEPTED, at(30, 17, 30))
    html = client.get(response["Location"]).content.decode()
    assert "Đã tiếp nhận; bắt đầu tính thời hạn" in html
    assert "17:30 30/11/2026" in html
    assert 'href="/desk/dossiers/' + dossier.code + '/receipt/"' in html


def test_a_stale_version_says_someone_else_changed_the_dossier_and_changes_nothing(
    people: People, frozen: object
) -> None:
    dossier = online(people, at(23, 14))
    seen = dossier.version
    actions.supplement_request(actor=user_of(people.director), dossier=dossier, items=["Tờ khai"])

    response = browser(people.desk).post(f"/desk/dossiers/{dossier.code}/accept/", {"version": seen})

    assert response.status_code == 409
    html = response.content.decode()
    assert (
        '<div class="error-summary" role="alert">'
        "<p>Hồ sơ vừa được người khác thay đổi. Hãy tải lại và thử lại.</p>" in html
    )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.version) == (Status.SUPPLEMENT_REQUESTED, seen + 1)


def test_a_refusal_without_reason_is_named_beside_the_field(people: People, frozen: object) -> None:
    dossier = online(people, at(23, 14))
    response = browser(people.desk).post(
        f"/desk/dossiers/{dossier.code}/refuse/", {"version": dossier.version, "reason": "  "}
    )
    assert response.status_code == 422
    assert '<p class="error field-error" id="refuse-reason-error">Nêu lý do từ chối hồ sơ.</p>' in (
        response.content.decode()
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW


def test_a_supplement_request_lists_each_missing_item(people: People, frozen: object) -> None:
    dossier = online(people, at(23, 14))
    browser(people.desk).post(
        f"/desk/dossiers/{dossier.code}/request_supplement/",
        {"version": dossier.version, "items": "Tờ khai có chữ ký\nBản sao CCCD"},
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT_REQUESTED
    assert dossier.supplements.get().items == ["Tờ khai có chữ ký", "Bản sao CCCD"]


def test_an_action_the_user_may_not_take_is_not_found_and_changes_nothing(
    people: People, frozen: object
) -> None:
    dossier = online(people, at(23, 14))
    for persona in (people.handler, people.cujut_desk):
        response = browser(persona).post(
            f"/desk/dossiers/{dossier.code}/accept/", {"version": dossier.version}
        )
        assert response.status_code == 404
    assert (
        browser(people.desk).post(f"/desk/dossiers/{dossier.code}/launch/", {"version": 1}).status_code == 404
    )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.version, dossier.events.count()) == (Status.NEW, 1, 1)


def test_an_extension_asks_for_the_new_time_and_the_reason(people: People, frozen: object) -> None:
    dossier = processing(people, at(23, 9))  # due Friday 27/11 17:30
    client = browser(people.handler)
    url = f"/desk/dossiers/{dossier.code}/extend/"

    missing = client.post(url, {"version": dossier.version, "new_due_at": "", "reason": "Chờ xác minh"})
    assert missing.status_code == 422
    assert 'id="extend-new_due_at-error"' in missing.content.decode()

    done = client.post(
        url, {"version": dossier.version, "new_due_at": "2026-12-02T16:00", "reason": "Chờ xác minh"}
    )
    assert done.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.due_at, dossier.original_due_at) == (at(2, 16).replace(month=12), at(27, 17, 30))
    assert Extension.objects.get(dossier=dossier).reason == "Chờ xác minh"
    html = client.get(f"/desk/dossiers/{dossier.code}/").content.decode()
    assert "Move the appointment" not in buttons(html)  # only once


def test_the_dossier_page_reads_a_bounded_number_of_queries(
    people: People, frozen: object, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    dossier = processing(people, at(23, 9))
    client = browser(people.leader)
    client.get(f"/desk/dossiers/{dossier.code}/")
    # 23, the payment notice (code 6), and the procedure's periods in force (the supplement window).
    with django_assert_num_queries(25):
        client.get(f"/desk/dossiers/{dossier.code}/")


def test_the_leader_sees_the_workload_per_handler_and_reassigns(
    people: People, frozen: object, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    first = processing(people, at(23, 9))
    processing(people, at(10, 9), national_id="068190002222")  # overdue
    processing(people, at(23, 9), handler=people.handler2, national_id="068190003333")
    client = browser(people.leader)

    html = client.get("/desk/workload/").content.decode()
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>', html)
    assert rows == [("Lê Thị Xử", "2", "0", "0"), ("Phạm Văn Hai", "1", "0", "0")]
    assert '<span class="late">1</span>' in html

    response = client.post(
        f"/desk/dossiers/{first.code}/assign/",
        {"version": first.version, "handler": "xuly2", "next": "/desk/workload/"},
    )
    assert (response.status_code, response["Location"]) == (302, "/desk/workload/")
    first.refresh_from_db()
    assert first.handler == people.handler2.user

    # Pinned: it does not grow with the number of dossiers.
    with django_assert_num_queries(10):
        client.get("/desk/workload/")
    for i in range(5):
        processing(people, at(23, 10), national_id=f"06819300{i:04d}")
    with django_assert_num_queries(10):
        client.get("/desk/workload/")


def test_only_those_who_assign_see_the_workload_or_reassign(people: People, frozen: object) -> None:
    dossier = processing(people, at(23, 9))
    assert browser(people.handler).get("/desk/workload/").status_code == 404
    assert browser(people.cujut_leader).get("/desk/workload/").status_code == 200  # their own commune
    response = browser(people.handler).post(
        f"/desk/dossiers/{dossier.code}/assign/", {"version": dossier.version, "handler": "xuly2"}
    )
    assert response.status_code == 404
    assert Dossier.objects.get(pk=dossier.pk).handler == people.handler.user
