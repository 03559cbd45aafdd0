"""The proposal pages: the commune files with an attachment, the province assigns, the department
answers, the commune reopens; the dashboard's exact figures in a pinned number of queries; 404 for
another commune."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from motcua.proposals import actions, selectors
from motcua.proposals.models import Proposal
from motcua.proposals.tests.test_actions import assigned, filed, u
from motcua.testing.personas import PDF, People, Persona
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def browser(persona: Persona) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(u(persona))
    return client


@time_machine.travel(datetime(2026, 12, 2, 9, tzinfo=VN), tick=False)
def test_the_whole_journey_through_the_pages(people: People) -> None:
    leader = browser(people.leader)
    form = leader.get("/desk/proposals/new/").content.decode()
    assert '<option value="24688">' in form
    response = leader.post(
        "/desk/proposals/new/",
        {
            "unit": "24688",
            "category": "certificates",
            "title": "Chữ ký số cho Phó Chủ tịch",
            "text": "Chưa được cấp chứng thư số.",
            "attachments": SimpleUploadedFile("cv.pdf", PDF),
        },
    )
    item = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/desk/proposals/{item.pk}/"
    monitor = browser(people.monitor)
    page = monitor.get(f"/desk/proposals/{item.pk}/").content.decode()
    assert "Assign to a department" in page and "Send the answer" not in page
    assert (
        monitor.post(
            f"/desk/proposals/{item.pk}/assign/", {"department": "68.STC", "working_days": "3", "note": ""}
        ).status_code
        == 302
    )
    item.refresh_from_db()
    # Wednesday 2/12 + 3 working days: Thursday 3, Friday 4, Monday 7 December.
    assert item.due_at == datetime(2026, 12, 7, 17, 30, tzinfo=VN)
    stc = browser(people.stc_handler)
    assert "Send the answer" in stc.get(f"/desk/proposals/{item.pk}/").content.decode()
    assert stc.post(f"/desk/proposals/{item.pk}/answer/", {"answer": "Sẽ cấp trong tuần."}).status_code == 302
    bad = leader.post(f"/desk/proposals/{item.pk}/reopen/", {"reason": ""})
    assert bad.status_code == 422
    assert leader.post(f"/desk/proposals/{item.pk}/reopen/", {"reason": "Chưa nhận được."}).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.reopened) == ("assigned", 1)
    html = leader.get(f"/desk/proposals/{item.pk}/").content.decode()
    assert re.findall(r'data-event="(\w+)"', html) == ["filed", "assigned", "answered", "reopened"]
    attachment = item.attachments.get()
    download = leader.get(f"/desk/proposals/{item.pk}/files/{attachment.pk}/")
    assert download.status_code == 200 and download.content == PDF


def test_another_commune_gets_404_and_cannot_act(people: People) -> None:
    item = assigned(people)
    cujut = browser(people.cujut_leader)
    assert cujut.get(f"/desk/proposals/{item.pk}/").status_code == 404
    assert cujut.post(f"/desk/proposals/{item.pk}/answer/", {"answer": "x"}).status_code == 404
    assert cujut.get(f"/desk/proposals/{item.pk}/files/{item.attachments.get().pk}/").status_code == 404
    assert re.findall(r'data-proposal="(\d+)"', cujut.get("/desk/proposals/list/all/").content.decode()) == []
    listed = browser(people.leader).get("/desk/proposals/list/all/").content.decode()
    assert re.findall(r'data-proposal="(\d+)"', listed) == [str(item.pk)]
    # A handler of the commune sees it but may not file one.
    assert browser(people.handler).get(f"/desk/proposals/{item.pk}/").status_code == 200
    assert browser(people.handler).get("/desk/proposals/new/").status_code == 404


@time_machine.travel(datetime(2026, 12, 21, 9, tzinfo=VN), tick=False)
def test_the_dashboard_figures(people: People, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    """Open by department and age, past the deadline, answered late, reopened, waiting."""
    overdue = assigned(people)  # due 9/12: past the deadline on 21/12; filed 20 days ago
    filed(people, unit="24640", title="Kinh phí")  # not assigned; 20 days old
    late = assigned(people, days=1)  # due 3/12
    late = actions.proposal_answer(
        actor=u(people.stc_handler), proposal=late, answer="Đã xử lý.", at=datetime(2026, 12, 4, 9, tzinfo=VN)
    )
    actions.proposal_reopen(
        actor=u(people.leader), proposal=late, reason="Chưa xong.", at=datetime(2026, 12, 18, 9, tzinfo=VN)
    )
    user = u(people.monitor)
    selectors.visible_proposals(user).count()  # grants read once per user
    with django_assert_num_queries(3):
        board = selectors.dashboard(user, now=datetime(2026, 12, 21, 9, tzinfo=VN))
    assert (board.open, board.overdue, board.answered_late, board.reopened, board.waiting_for_commune) == (
        3,
        1,
        1,
        1,
        0,
    )
    assert [(r.department.code if r.department else None, r.open, r.overdue, r.ages) for r in board.rows] == [
        (None, 1, 0, {"week": 0, "month": 1, "quarter": 0, "older": 0}),
        ("68.STC", 2, 1, {"week": 0, "month": 2, "quarter": 0, "older": 0}),
    ]
    assert overdue.pk != late.pk
    html = browser(people.monitor).get("/desk/proposals/dashboard/").content.decode()
    figures = dict(re.findall(r'data-figure="(\w+)">(\d+)<', html))
    assert figures == {"open": "3", "overdue": "1", "answered_late": "1", "reopened": "1", "waiting": "0"}
    # The commune sees only its own in the same dashboard.
    own = selectors.dashboard(u(people.cujut_leader), now=datetime(2026, 12, 21, 9, tzinfo=VN))
    assert (own.open, [r.department for r in own.rows]) == (1, [None])
    assert Unit.objects.filter(code="68.STC").exists()


def test_the_lists_and_dashboard_in_a_fixed_number_of_queries(
    people: People, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """Ten proposals or one: the same number of queries."""
    client = browser(people.monitor)
    assigned(people)
    client.get("/desk/proposals/list/all/")
    with django_assert_max_num_queries(13) as few:
        client.get("/desk/proposals/list/all/")
        client.get("/desk/proposals/dashboard/")
    for n in range(9):
        filed(people, title=f"Đề xuất {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/desk/proposals/list/all/")
        client.get("/desk/proposals/dashboard/")


@time_machine.travel(datetime(2026, 12, 21, 9, tzinfo=VN), tick=False)
def test_the_dashboard_as_excel(people: People) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    assigned(people)
    filed(people, unit="24640", title="Kinh phí")
    response = browser(people.monitor).get("/desk/proposals/dashboard/?format=xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    by_department, listing = book.worksheets
    assert [list(r) for r in by_department.iter_rows(min_row=2, max_row=3, values_only=True)] == [
        ["Not assigned yet", 1, 0, 0, 1, 0, 0],
        ["Sở Tài chính tỉnh Lâm Đồng", 1, 1, 0, 1, 0, 0],
    ]
    assert sorted(r[2] for r in listing.iter_rows(min_row=2, values_only=True)) == [
        "Kinh phí",
        "Phần mềm một cửa chậm",
    ]
    assert browser(people.cujut_leader).get("/desk/proposals/dashboard/?format=xlsx").status_code == 200
