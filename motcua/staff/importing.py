"""Reading a staff list from Excel: one row per assignment, checked against the unit's positions
before anything is written. The preview and the import read the file the same way, so what the
preview shows is exactly what the import does (or refuses to do)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import Any
from zipfile import BadZipFile

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook

from motcua.core.errors import InvalidInput
from motcua.staff.models import Assignment, Level, Official, Position, Sector
from motcua.units.models import Unit

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# The columns, in order; the first row of the sheet is the header and is not read.
COLUMNS = (
    _("Staff code"),
    _("Full name"),
    _("Field of training (code)"),
    _("Training level (0-4)"),
    _("Qualification"),
    _("Position code"),
    _("Main or concurrent (main/concurrent)"),
    _("From (dd/mm/yyyy)"),
)
# Vietnamese words accepted for the kind of assignment, besides the codes.
KIND_WORDS = {
    "main": Assignment.Kind.MAIN,
    "chính": Assignment.Kind.MAIN,
    "chinh": Assignment.Kind.MAIN,
    "concurrent": Assignment.Kind.CONCURRENT,
    "kiêm nhiệm": Assignment.Kind.CONCURRENT,
    "kiem nhiem": Assignment.Kind.CONCURRENT,
}


@dataclass
class ImportRow:
    number: int  # the row number in the sheet, as the user sees it
    staff_code: str = ""
    full_name: str = ""
    sector: str = ""
    level: int = 0
    qualification: str = ""
    position_code: str = ""
    position_title: str = ""
    kind: str = ""
    start: date | None = None
    errors: list[str] = field(default_factory=list)
    # "new" official, "known" official with a new assignment, "held" already assigned (skipped).
    status: str = "new"


@dataclass
class ImportPlan:
    rows: list[ImportRow]

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def to_assign(self) -> list[ImportRow]:
        return [r for r in self.rows if r.status != "held"]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def read_rows(content: bytes) -> list[tuple[int, tuple[Any, ...]]]:
    if len(content) > MAX_BYTES:
        raise InvalidInput(_("The file is larger than 2 MB."), field="file")
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as error:
        raise InvalidInput(_("This is not an Excel workbook (.xlsx)."), field="file") from error
    sheet = workbook.worksheets[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if not any(_text(v) for v in values):
            continue
        rows.append((number, tuple(values) + (None,) * (len(COLUMNS) - len(values))))
        if len(rows) > MAX_ROWS:
            raise InvalidInput(
                _("The file has more than %(count)s rows.") % {"count": MAX_ROWS}, field="file"
            )
    workbook.close()
    if not rows:
        raise InvalidInput(_("The file has no rows under its header."), field="file")
    return rows


def _row(number: int, values: tuple[Any, ...], positions: dict[str, Position]) -> ImportRow:
    row = ImportRow(number=number)
    row.staff_code = _text(values[0])[:32]
    row.full_name = _text(values[1])[:200]
    row.sector = _text(values[2]).lower()
    level = _text(values[3])
    row.qualification = _text(values[4])[:300]
    row.position_code = _text(values[5])
    kind = _text(values[6]).lower()
    row.kind = KIND_WORDS.get(kind, "")
    row.start = _date(values[7])
    if not row.staff_code:
        row.errors.append(gettext("The staff code is missing."))
    if not row.full_name:
        row.errors.append(gettext("The full name is missing."))
    if row.sector not in Sector.values:
        row.errors.append(gettext("Unknown field of training “%(value)s”.") % {"value": row.sector})
    if level.isdigit() and int(level) in Level.values:
        row.level = int(level)
    else:
        row.errors.append(gettext("The training level must be a number from 0 to 4."))
    position = positions.get(row.position_code)
    if position is None:
        row.errors.append(gettext("The unit has no position “%(code)s”.") % {"code": row.position_code})
    else:
        row.position_title = position.title
    if not row.kind:
        row.errors.append(gettext("Say “main” or “concurrent”."))
    if row.start is None:
        row.errors.append(gettext("The start date must be written dd/mm/yyyy."))
    return row


def plan_import(unit: Unit, content: bytes) -> ImportPlan:
    """Every row of the file, checked: against the unit's positions, the officials already known
    (a main position elsewhere must be a transfer), and the other rows of the file."""
    positions = {p.code: p for p in Position.objects.filter(unit=unit)}
    rows = [_row(n, v, positions) for n, v in read_rows(content)]
    codes = {r.staff_code for r in rows if r.staff_code}
    known = {o.staff_code: o for o in Official.objects.filter(staff_code__in=codes)}
    open_assignments = Assignment.objects.filter(
        official__staff_code__in=codes, end__isnull=True
    ).select_related("official", "position", "unit")
    held: dict[str, list[Assignment]] = {}
    for a in open_assignments:
        held.setdefault(a.official.staff_code, []).append(a)
    seen_main: dict[str, int] = {}
    seen_pair: dict[tuple[str, str], int] = {}
    for row in rows:
        pair = (row.staff_code, row.position_code)
        if pair in seen_pair:
            row.errors.append(
                gettext("Same official and position as row %(row)s.") % {"row": seen_pair[pair]}
            )
        seen_pair.setdefault(pair, row.number)
        current = held.get(row.staff_code, [])
        if any(a.position.code == row.position_code and a.unit_id == unit.pk for a in current):
            row.status = "held"
            continue
        row.status = "known" if row.staff_code in known else "new"
        if row.kind != Assignment.Kind.MAIN:
            continue
        if row.staff_code in seen_main:
            row.errors.append(
                gettext("A second main position for this official (see row %(row)s).")
                % {"row": seen_main[row.staff_code]}
            )
        seen_main.setdefault(row.staff_code, row.number)
        main = next((a for a in current if a.kind == Assignment.Kind.MAIN), None)
        if main is not None:
            row.errors.append(
                gettext(
                    "This official already has the main position “%(position)s” in %(unit)s: transfer them."
                )
                % {"position": main.position.title, "unit": main.unit.name}
            )
    return ImportPlan(rows=rows)


def template_workbook() -> bytes:
    """An empty staff list with its header and one example row."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = gettext("Staff")
    sheet.append([str(c) for c in COLUMNS])
    sheet.append(
        ["CB-0001", "Nguyễn Văn A", "cadastral", 3, "Cử nhân Quản lý đất đai", "DC", "main", "01/07/2025"]
    )
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
