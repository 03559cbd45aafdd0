"""A programme as an Excel workbook for the periodic meeting: its tasks with their five clears and
state, and its targets with their latest figure and progress."""

from io import BytesIO

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.programmes.models import Programme, Task
from motcua.programmes.selectors import TargetView


def programme_workbook(
    programme: Programme, tasks: list[tuple[Task, bool]], targets: list[TargetView]
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = gettext("Tasks")[:31]
    sheet.append([f"{programme.number} — {programme.title}", programme.unit.name])
    sheet["A1"].font = Font(bold=True)
    sheet.append(
        [
            gettext("The work"),
            gettext("Person in charge"),
            gettext("Lead unit"),
            gettext("Coordinating units"),
            gettext("Deadline"),
            gettext("Expected result"),
            gettext("Status"),
            gettext("overdue"),
        ]
    )
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for task, late in tasks:
        sheet.append(
            [
                task.work,
                task.person,
                task.lead,
                task.coordinating,
                task.deadline.strftime("%d/%m/%Y"),
                task.expected_result,
                task.get_status_display(),
                "x" if late else "",
            ]
        )
    sheet.column_dimensions["A"].width = 48
    figures = book.create_sheet(gettext("Targets")[:31])
    figures.append(
        [
            gettext("Indicator"),
            gettext("Unit of measure"),
            gettext("Baseline"),
            gettext("Target value"),
            gettext("By"),
            gettext("Latest figure"),
            gettext("Progress"),
            gettext("at risk"),
        ]
    )
    for cell in figures[1]:
        cell.font = Font(bold=True)
    for v in targets:
        figures.append(
            [
                v.target.indicator,
                v.target.measure,
                float(v.target.baseline),
                float(v.target.target),
                v.target.due.strftime("%d/%m/%Y"),
                float(v.value) if v.value is not None else None,
                v.percent,
                "x" if v.at_risk else "",
            ]
        )
    figures.column_dimensions["A"].width = 40
    out = BytesIO()
    book.save(out)
    return out.getvalue()
