"""Import of a staff list from Excel: the preview shows each row's errors, and the import writes
every row or nothing."""

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from motcua.core.errors import InvalidInput, NotFound
from motcua.staff.actions import staff_import
from motcua.staff.importing import plan_import, template_workbook
from motcua.staff.models import Assignment, Official, StaffEvent
from motcua.staff.tests.conftest import Org
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
HEADER = ["Mã", "Họ tên", "Chuyên ngành", "Trình độ", "Văn bằng", "Vị trí", "Loại", "Từ ngày"]


def workbook(*rows: list[Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    ["KN-10", "Hoàng Văn Em", "it", 3, "Kỹ sư CNTT", "CNTT", "main", "01/08/2025"],
    ["KN-11", "Vũ Thị Giang", "cadastral", "3", "", "DC", "chính", date(2025, 9, 1)],
    ["KN-02", "Trần Thị Bình", "justice", 3, "", "CNTT", "kiêm nhiệm", "2025-10-01"],
    ["KN-01", "Nguyễn Văn An", "cadastral", 3, "", "DC", "main", "01/07/2025"],  # already held: skipped
]


def test_a_good_list_is_imported_whole_and_again_adds_nothing(org: Org, people: People) -> None:
    assert people.leader.user is not None
    made = staff_import(actor=people.leader.user, unit=org.dc.unit, content=workbook(*GOOD))
    assert made == 3
    added = Assignment.objects.filter(
        official__staff_code__in=["KN-10", "KN-11", "KN-02"], position__code__in=["CNTT", "DC"]
    )
    assert sorted((a.official.staff_code, a.position.code, a.kind, a.start) for a in added) == [
        ("KN-02", "CNTT", "concurrent", date(2025, 10, 1)),
        ("KN-10", "CNTT", "main", date(2025, 8, 1)),
        ("KN-11", "DC", "main", date(2025, 9, 1)),
    ]
    assert StaffEvent.objects.filter(kind="imported").get().data == {"rows": 4, "assigned": 3}
    assert staff_import(actor=people.leader.user, unit=org.dc.unit, content=workbook(*GOOD)) == 0
    assert Official.objects.count() == 6


def test_one_bad_row_and_nothing_is_imported_with_each_rows_errors(org: Org, people: People) -> None:
    bad = [
        *GOOD[:2],
        ["", "Không Mã", "nghề lạ", 9, "", "XX", "phụ", "31/02/2025"],
        ["KN-20", "Đặng Văn Hai", "office", 3, "", "VP", "main", "01/07/2025"],
        ["KN-20", "Đặng Văn Hai", "office", 3, "", "TP", "main", "01/07/2025"],
        ["KN-03", "Lê Văn Chi", "justice", 4, "", "DC", "main", "01/07/2026"],
    ]
    before = (Official.objects.count(), Assignment.objects.count())
    with translation.override("en"):
        plan = plan_import(org.dc.unit, workbook(*bad))
        errors = {r.number: r.errors for r in plan.rows if r.errors}
        assert errors == {
            4: [
                "The staff code is missing.",
                "Unknown field of training “nghề lạ”.",
                "The training level must be a number from 0 to 4.",
                "The unit has no position “XX”.",
                "Say “main” or “concurrent”.",
                "The start date must be written dd/mm/yyyy.",
            ],
            6: ["A second main position for this official (see row 5)."],
            7: [
                "This official already has the main position “Tư pháp - hộ tịch” in Xã Krông Nô: transfer them."  # noqa: E501
            ],
        }
        assert people.leader.user is not None
        with pytest.raises(InvalidInput) as refused:
            staff_import(actor=people.leader.user, unit=org.dc.unit, content=workbook(*bad))
        assert str(refused.value.message) == "3 rows have errors: nothing was imported."
    assert (Official.objects.count(), Assignment.objects.count()) == before


def test_a_file_that_is_not_a_workbook_is_refused(org: Org) -> None:
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        plan_import(org.dc.unit, b"%PDF-1.4 not excel")
    with translation.override("en"):
        assert str(refused.value.message) == "This is not an Excel workbook (.xlsx)."


def test_another_commune_cannot_import_into_krong_no(org: Org, people: People) -> None:
    assert people.cujut_leader.user is not None and people.handler.user is not None
    with pytest.raises(NotFound):
        staff_import(actor=people.cujut_leader.user, unit=org.dc.unit, content=workbook(*GOOD))
    with pytest.raises(NotFound):  # a handler of the unit does not manage its staff
        staff_import(actor=people.handler.user, unit=org.dc.unit, content=workbook(*GOOD))
    assert Assignment.objects.count() == 4


def test_the_template_reads_back_as_one_row(org: Org) -> None:
    plan = plan_import(org.dc.unit, template_workbook())
    assert [(r.staff_code, r.position_code, r.kind, r.start, r.errors) for r in plan.rows] == [
        ("CB-0001", "DC", "main", date(2025, 7, 1), [])
    ]
