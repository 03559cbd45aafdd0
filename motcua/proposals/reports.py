"""The proposals dashboard as an Excel workbook for the periodic meeting: open proposals by
department and age, then every visible proposal with its deadline and state."""

from io import BytesIO

from django.db.models import QuerySet
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.proposals.models import Proposal
from motcua.proposals.selectors import Dashboard


def _bold(row: tuple[object, ...]) -> None:
    for cell in row:
        cell.font = Font(bold=True)  # type: ignore[attr-defined]


def dashboard_workbook(board: Dashboard, items: QuerySet[Proposal]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = gettext("By department")[:31]
    sheet.append(
        [
            gettext("Department"),
            gettext("Open"),
            gettext("Past the deadline"),
            gettext("Up to 7 days"),
            gettext("8 to 30 days"),
            gettext("31 to 90 days"),
            gettext("Over 90 days"),
        ]
    )
    _bold(sheet[1])
    for r in board.rows:
        name = r.department.name if r.department else gettext("Not assigned yet")
        sheet.append(
            [name, r.open, r.overdue, r.ages["week"], r.ages["month"], r.ages["quarter"], r.ages["older"]]
        )
    sheet.append([])
    for label, value in (
        (gettext("answered late"), board.answered_late),
        (gettext("reopened"), board.reopened),
        (gettext("answered, waiting for the commune"), board.waiting_for_commune),
    ):
        sheet.append([label, value])
    sheet.column_dimensions["A"].width = 36
    listing = book.create_sheet(gettext("Proposals")[:31])
    listing.append(
        [
            gettext("Commune"),
            gettext("Category"),
            gettext("Title"),
            gettext("Filed"),
            gettext("Department in charge"),
            gettext("Answer due by"),
            gettext("Status"),
            gettext("times reopened"),
        ]
    )
    _bold(listing[1])
    for p in items.select_related("unit", "department"):
        listing.append(
            [
                p.unit.name,
                p.get_category_display(),
                p.title,
                p.filed_at.strftime("%d/%m/%Y"),
                p.department.name if p.department else "",
                p.due_at.strftime("%d/%m/%Y %H:%M") if p.due_at else "",
                p.get_status_display(),
                p.reopened,
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
