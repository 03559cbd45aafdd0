"""The staff gaps as an Excel workbook for the periodic meeting: the same rows as the page."""

from datetime import date
from io import BytesIO

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.staff.selectors import UnitGaps


def gaps_workbook(rows: list[UnitGaps], *, on: date, sector_label: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = gettext("Staff gaps")[:31]
    sheet.append([gettext("Staff gaps across units"), on.strftime("%d/%m/%Y"), sector_label])
    sheet["A1"].font = Font(bold=True)
    header = [
        gettext("Unit code"),
        gettext("Unit"),
        gettext("Positions"),
        gettext("Headcount"),
        gettext("In post"),
        gettext("Places short"),
        gettext("Without anyone"),
        gettext("Over headcount"),
        gettext("Qualification does not match"),
    ]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in rows:
        sheet.append(
            [
                r.unit.code,
                r.unit.name,
                r.positions,
                r.headcount,
                r.filled,
                r.short,
                r.vacant,
                r.over,
                r.mismatches,
            ]
        )
    sheet.column_dimensions["B"].width = 32
    out = BytesIO()
    book.save(out)
    return out.getvalue()
