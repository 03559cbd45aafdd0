"""The staff pages: the unit page with its gaps, the province overview, the import with its
preview; scoped (another commune's official gets 404) with pinned query counts."""

import base64
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from motcua.staff.models import Assignment
from motcua.staff.tests.conftest import Org
from motcua.staff.tests.test_importing import GOOD, workbook
from motcua.testing.personas import People, Persona

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=VN), tick=False) as traveller:
        yield traveller


def browser(persona: Persona) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    assert persona.user is not None
    client.force_login(persona.user)
    return client


def figure(html: str, name: str) -> int:
    found = re.search(rf'data-figure="{name}">(\d+)<', html)
    assert found is not None
    return int(found.group(1))


def test_the_leader_sees_the_positions_with_their_gaps(org: Org, people: People) -> None:
    response = browser(people.leader).get("/desk/staff/")
    assert response.status_code == 302 and response["Location"] == "/desk/staff/u/24688/"
    html = browser(people.leader).get("/desk/staff/u/24688/").content.decode()
    figures = {n: figure(html, n) for n in ("filled", "headcount", "vacant", "over", "mismatches")}
    assert figures == {"filled": 4, "headcount": 5, "vacant": 1, "over": 1, "mismatches": 1}
    assert re.findall(r'data-gap="(\w+)"', html) == ["vacant", "over", "short"]
    assert "Import a staff list" in html


def test_the_unit_page_in_a_fixed_number_of_queries(
    org: Org, people: People, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = browser(people.leader)
    client.get("/desk/staff/u/24688/")
    with django_assert_max_num_queries(14):
        client.get("/desk/staff/u/24688/")


def test_another_commune_gets_404_on_every_page_of_krong_no(org: Org, people: People) -> None:
    client = browser(people.cujut_leader)
    for path in (
        "/desk/staff/u/24688/",
        "/desk/staff/u/24688/import/",
        f"/desk/staff/officials/{org.an.pk}/",
    ):
        assert client.get(path).status_code == 404, path
    assignment = Assignment.objects.filter(official=org.an).get()
    assert client.post(f"/desk/staff/assignments/{assignment.pk}/end/").status_code == 404
    assert Assignment.objects.filter(end__isnull=True).count() == 4


def test_the_handler_sees_the_page_but_may_not_import(org: Org, people: People) -> None:
    client = browser(people.handler)
    assert "Import a staff list" not in client.get("/desk/staff/u/24688/").content.decode()
    assert client.get("/desk/staff/u/24688/import/").status_code == 404


def test_the_province_monitor_sees_every_unit_with_the_cadastral_shortage(org: Org, people: People) -> None:
    html = browser(people.monitor).get("/desk/staff/province/?sector=cadastral").content.decode()
    assert re.findall(r'data-unit="(\d+)"', html) == ["24640", "24688"]
    assert 'data-total="short">4<' in html
    assert browser(people.monitor).get("/desk/staff/u/24688/").status_code == 200


def test_import_preview_then_confirm(org: Org, people: People) -> None:
    client = browser(people.leader)
    preview = client.post(
        "/desk/staff/u/24688/import/", {"file": SimpleUploadedFile("list.xlsx", workbook(*GOOD))}
    )
    html = preview.content.decode()
    assert preview.status_code == 200
    assert re.findall(r'data-row="(\d+)"', html) == ["2", "3", "4", "5"]
    assert "Import 3 assignments" in html
    assert Assignment.objects.count() == 4  # the preview writes nothing
    content = re.search(r'name="content" value="([^"]+)"', html)
    assert content is not None
    done = client.post("/desk/staff/u/24688/import/", {"content": content.group(1)})
    assert done.status_code == 302
    assert Assignment.objects.count() == 7


def test_import_preview_with_errors_offers_no_confirmation(org: Org, people: People) -> None:
    bad = [["KN-30", "Tên", "it", 3, "", "NOPE", "main", "01/07/2025"]]
    preview = browser(people.leader).post(
        "/desk/staff/u/24688/import/", {"file": SimpleUploadedFile("list.xlsx", workbook(*bad))}
    )
    html = preview.content.decode()
    assert preview.status_code == 422
    assert "The unit has no position “NOPE”." in html
    assert 'name="content"' not in html
    # A forged confirmation of the bad file is refused just the same.
    forged = browser(people.leader).post(
        "/desk/staff/u/24688/import/", {"content": base64.b64encode(workbook(*bad)).decode()}
    )
    assert forged.status_code == 422
    assert Assignment.objects.count() == 4


def test_the_template_downloads(people: People) -> None:
    response = browser(people.leader).get("/desk/staff/import-template.xlsx")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_the_leader_transfers_an_official_and_the_history_stays(org: Org, people: People) -> None:
    client = browser(people.leader)
    page = client.get(f"/desk/staff/officials/{org.dung.pk}/").content.decode()
    assert "Transfer or add a concurrent position" in page
    response = client.post(
        f"/desk/staff/officials/{org.dung.pk}/move/",
        {"position": str(org.tp.pk), "kind": "main", "start": "01/12/2026", "note": "QĐ 45"},
    )
    assert response.status_code == 302
    history = sorted(
        (a.position.code, a.start.isoformat(), a.end.isoformat() if a.end else None)
        for a in Assignment.objects.filter(official=org.dung)
    )
    assert history == [("TP", "2026-12-01", None), ("VP", "2025-07-01", "2026-11-30")]
    # Positions of another commune are not offered: a forged choice is refused, nothing changes.
    forged = client.post(
        f"/desk/staff/officials/{org.dung.pk}/move/",
        {"position": str(org.cujut_dc.pk), "kind": "concurrent", "start": "01/12/2026"},
    )
    assert forged.status_code == 422
    assert Assignment.objects.filter(official=org.dung).count() == 2
    assert (
        "Transfer or add"
        not in browser(people.handler).get(f"/desk/staff/officials/{org.dung.pk}/").content.decode()
    )


def test_the_province_gaps_as_excel(org: Org, people: People) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    response = browser(people.monitor).get("/desk/staff/province/?sector=cadastral&format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="staff-gaps-20261125.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert rows == [
        ["24640", "Xã Cư Jút", 1, 3, 0, 3, 1, 0, 0],
        ["24688", "Xã Krông Nô", 1, 2, 1, 1, 0, 0, 0],
    ]
