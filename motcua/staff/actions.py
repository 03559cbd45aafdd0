"""Writes on staff: each one transaction, each writing its `StaffEvent`. Who may change a unit's
staff: its centre director or leader (they assign its dossiers too) and whoever manages the unit."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import can
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.staff.importing import plan_import
from motcua.staff.models import Assignment, Division, Level, Official, Position, Sector, StaffEvent
from motcua.units.models import Unit

MANAGE_PERMISSIONS = (Permission.MANAGE_UNIT, Permission.ASSIGN_DOSSIER)


def may_manage(user: User | None, unit: Unit) -> bool:
    return user is not None and any(can(user, p, unit) for p in MANAGE_PERMISSIONS)


def _event(
    unit: Unit, kind: str, actor: User | None, at: datetime, official: Official | None = None, **data: Any
) -> None:
    StaffEvent.objects.create(unit=unit, official=official, kind=kind, actor=actor, at=at, data=data)


def _check_manage(actor: User | None, unit: Unit) -> None:
    if actor is not None and not may_manage(actor, unit):
        raise NotFound(_("No unit of yours has this code."))


@transaction.atomic
def division_ensure(*, actor: User | None, unit: Unit, name: str, kind: str, order: int = 0) -> Division:
    """The unit's office or division of this name, created if missing (seeding and imports)."""
    _check_manage(actor, unit)
    division, _created = Division.objects.get_or_create(
        unit=unit, name=name.strip(), defaults={"kind": kind, "order": order}
    )
    return division


@transaction.atomic
def position_ensure(
    *,
    actor: User | None,
    division: Division,
    code: str,
    title: str,
    sector: str,
    level: int = Level.BACHELOR,
    qualification: str = "",
    headcount: int = 1,
) -> Position:
    """The division's position with this code, created or brought up to date."""
    _check_manage(actor, division.unit)
    position = Position.objects.filter(unit=division.unit, code=code).first() or Position(
        unit=division.unit, code=code
    )
    position.division = division
    position.title = title
    position.sector = sector
    position.level = level
    position.qualification = qualification
    position.headcount = headcount
    position.full_clean()
    position.save()
    return position


def _open_main(official: Official) -> Assignment | None:
    return (
        Assignment.objects.select_for_update()
        .select_related("position", "unit")
        .filter(official=official, kind=Assignment.Kind.MAIN, end__isnull=True)
        .first()
    )


@transaction.atomic
def assignment_start(
    *,
    actor: User | None,
    official: Official,
    position: Position,
    kind: str,
    start: date,
    note: str = "",
    at: datetime | None = None,
) -> Assignment:
    """Give an official a position. A second main position is refused: transfer them instead."""
    at = at or timezone.now()
    _check_manage(actor, position.unit)
    if kind not in Assignment.Kind.values:
        raise InvalidInput(_("Choose main or concurrent."), field="kind")
    if kind == Assignment.Kind.MAIN and _open_main(official) is not None:
        raise Conflict(
            _("This official already has a main position: transfer them instead."), code="has_main"
        )
    if Assignment.objects.filter(official=official, position=position, end__isnull=True).exists():
        raise Conflict(_("This official already holds this position."), code="already_held")
    assignment = Assignment(
        official=official, position=position, unit=position.unit, kind=kind, start=start, note=note[:300]
    )
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as error:  # a concurrent assignment won the race
        raise Conflict(_("This official already holds this position."), code="already_held") from error
    _event(
        position.unit,
        StaffEvent.Kind.ASSIGNED,
        actor,
        at,
        official,
        position=position.code,
        assignment_kind=kind,
        start=start.isoformat(),
    )
    return assignment


@transaction.atomic
def assignment_end(
    *, actor: User | None, assignment: Assignment, end: date, at: datetime | None = None
) -> Assignment:
    """End an assignment on `end` (kept in the history)."""
    at = at or timezone.now()
    locked = Assignment.objects.select_for_update().select_related("unit").get(pk=assignment.pk)
    _check_manage(actor, locked.unit)
    if locked.end is not None:
        raise Conflict(_("This assignment has already ended."))
    if end < locked.start:
        raise InvalidInput(_("The end cannot be before the start."), field="end")
    locked.end = end
    locked.save(update_fields=["end"])
    _event(
        locked.unit,
        StaffEvent.Kind.ENDED,
        actor,
        at,
        locked.official,
        assignment=locked.pk,
        end=end.isoformat(),
    )
    return locked


@transaction.atomic
def official_transfer(
    *,
    actor: User | None,
    official: Official,
    position: Position,
    start: date,
    note: str = "",
    at: datetime | None = None,
) -> Assignment:
    """Move an official's main position to another position, possibly of another unit or sector:
    the old main assignment ends the day before `start`; concurrent positions of the old unit end
    too. Both units' managers see it in their history."""
    at = at or timezone.now()
    _check_manage(actor, position.unit)
    current = _open_main(official)
    if current is None:
        raise Conflict(_("This official has no main position to transfer from."), code="no_main")
    if current.position_id == position.pk:
        raise InvalidInput(_("The official already holds this position."), field="position")
    if start <= current.start:
        raise InvalidInput(_("The transfer must start after the current position began."), field="start")
    ending = start.fromordinal(start.toordinal() - 1)
    leaving = list(
        Assignment.objects.select_for_update().filter(official=official, unit=current.unit, end__isnull=True)
    )
    for held in leaving:
        held.end = ending
        held.save(update_fields=["end"])
    new = Assignment(
        official=official,
        position=position,
        unit=position.unit,
        kind=Assignment.Kind.MAIN,
        start=start,
        note=note[:300],
    )
    new.save()
    data = {
        "from_unit": current.unit.code,
        "from_position": current.position.code,
        "to_unit": position.unit.code,
        "to_position": position.code,
        "start": start.isoformat(),
    }
    _event(current.unit, StaffEvent.Kind.TRANSFERRED, actor, at, official, **data)
    if position.unit_id != current.unit_id:
        _event(position.unit, StaffEvent.Kind.TRANSFERRED, actor, at, official, **data)
    return new


@dataclass(frozen=True)
class OfficialData:
    staff_code: str
    full_name: str
    sector: str
    level: int
    qualification: str = ""


@transaction.atomic
def official_ensure(*, actor: User | None, data: OfficialData, user: User | None = None) -> Official:
    """The official with this staff code, created or with their record brought up to date."""
    if data.sector not in Sector.values:
        raise InvalidInput(_("Unknown field of training."), field="sector")
    official = Official.objects.filter(staff_code=data.staff_code).first() or Official(
        staff_code=data.staff_code
    )
    official.full_name = data.full_name
    official.sector = data.sector
    official.level = data.level
    official.qualification = data.qualification
    if user is not None:
        official.user = user
    official.full_clean(exclude=["user"])
    official.save()
    return official


@transaction.atomic
def staff_import(*, actor: User | None, unit: Unit, content: bytes, at: datetime | None = None) -> int:
    """Import a staff list into the unit: every row, or nothing when any row has an error.
    Rows whose official already holds that position are skipped, so importing twice adds nothing.
    Returns the number of assignments made."""
    at = at or timezone.now()
    _check_manage(actor, unit)
    plan = plan_import(unit, content)
    if plan.errors:
        raise InvalidInput(
            _("%(count)s rows have errors: nothing was imported.") % {"count": plan.errors},
            field="file",
            code="rows",
        )
    positions = {p.code: p for p in Position.objects.filter(unit=unit)}
    made = 0
    for row in plan.to_assign:
        assert row.start is not None
        # A known official's record is theirs to keep: another unit's list does not rewrite it.
        official = Official.objects.filter(staff_code=row.staff_code).first() or official_ensure(
            actor=actor,
            data=OfficialData(row.staff_code, row.full_name, row.sector, row.level, row.qualification),
        )
        assignment_start(
            actor=actor,
            official=official,
            position=positions[row.position_code],
            kind=row.kind,
            start=row.start,
            at=at,
        )
        made += 1
    _event(unit, StaffEvent.Kind.IMPORTED, actor, at, None, rows=len(plan.rows), assigned=made)
    return made
