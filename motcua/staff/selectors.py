"""Reads on staff, scoped by unit: a unit the official may not see does not exist for them; the
province monitor sees every unit of the province."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import units_where
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.errors import NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Status
from motcua.staff.models import Assignment, Official, Position, StaffEvent
from motcua.units.models import Unit

# A dossier is on someone's desk from acceptance until its result is ready.
ON_DESK = (
    Status.ACCEPTED,
    Status.PROCESSING,
    Status.PENDING_APPROVAL,
    Status.SUPPLEMENT_REQUESTED,
    Status.FINANCIAL_OBLIGATION,
)
# The window of settled dossiers counted in a workload.
SETTLED_WINDOW_DAYS = 30


def staff_units(user: User | AnonymousUser) -> QuerySet[Unit]:
    """The units whose staff the user may see (their own; every unit for the province monitor)."""
    return units_where(user, Permission.VIEW_UNIT_DATA).order_by("kind", "name")


def staff_unit_get(user: User | AnonymousUser, code: str) -> Unit:
    unit = staff_units(user).select_related("province").filter(code=code).first()
    if unit is None:
        raise NotFound(_("No unit of yours has this code."))
    return unit


@dataclass
class Holder:
    assignment: Assignment
    official: Official
    fits: bool


@dataclass
class PositionView:
    position: Position
    holders: list[Holder] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return len(self.holders)

    @property
    def main_holders(self) -> int:
        return sum(1 for h in self.holders if h.assignment.kind == Assignment.Kind.MAIN)

    @property
    def vacant(self) -> bool:
        return not self.holders

    @property
    def short(self) -> int:
        return max(self.position.headcount - self.filled, 0)

    @property
    def over(self) -> int:
        return max(self.filled - self.position.headcount, 0)

    @property
    def mismatches(self) -> int:
        return sum(1 for h in self.holders if not h.fits)


def _held_on(on: date) -> Q:
    return Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on))


def unit_positions(unit: Unit, *, on: date) -> list[PositionView]:
    """The unit's positions in organisation order with who holds them on `on`: two queries."""
    views = {
        p.pk: PositionView(p)
        for p in Position.objects.filter(unit=unit)
        .select_related("division")
        .order_by("division__order", "division__name", "code")
    }
    assignments = (
        Assignment.objects.filter(_held_on(on), position__unit=unit)
        .select_related("official")
        .order_by("kind", "official__full_name")
    )
    for a in assignments:
        view = views[a.position_id]
        view.holders.append(Holder(a, a.official, a.official.fits(view.position)))
    return list(views.values())


@dataclass
class UnitGaps:
    unit: Unit
    positions: int = 0
    headcount: int = 0
    filled: int = 0
    vacant: int = 0
    over: int = 0
    mismatches: int = 0
    short: int = 0


def province_gaps(user: User | AnonymousUser, *, on: date, sector: str = "") -> list[UnitGaps]:
    """Per visible unit that has positions: headcount, people in post, positions without anyone,
    positions over headcount, people whose qualification does not fit, places short. `sector`
    narrows to one field ("where are we short of cadastral officers?"). Three queries."""
    units = {u.pk: u for u in staff_units(user)}
    positions = Position.objects.filter(unit_id__in=list(units))
    if sector:
        positions = positions.filter(sector=sector)
    by_position = {p.pk: p for p in positions}
    filled: dict[int, int] = defaultdict(int)
    misfits: dict[int, int] = defaultdict(int)
    for a in Assignment.objects.filter(_held_on(on), position_id__in=list(by_position)).select_related(
        "official"
    ):
        filled[a.position_id] += 1
        if not a.official.fits(by_position[a.position_id]):
            misfits[a.position_id] += 1
    rows: dict[int, UnitGaps] = {}
    for p in by_position.values():
        row = rows.setdefault(p.unit_id, UnitGaps(units[p.unit_id]))
        n = filled[p.pk]
        row.positions += 1
        row.headcount += p.headcount
        row.filled += n
        row.vacant += n == 0
        row.over += n > p.headcount
        row.mismatches += misfits[p.pk]
        row.short += max(p.headcount - n, 0)
    return sorted(rows.values(), key=lambda r: (-r.short, -r.vacant, r.unit.name))


@dataclass
class Load:
    official: Official
    positions: list[str]
    on_desk: int = 0
    overdue: int = 0
    settled: int = 0


def unit_workload(unit: Unit, *, now: datetime, on: date) -> tuple[list[Load], dict[int, int]]:
    """Dossiers on each official's desk in the unit (those whose account handles them), the
    overdue among them, and those settled in the last 30 days; and per position, the dossiers on
    the desks of its holders. Three queries."""
    held = list(
        Assignment.objects.filter(_held_on(on), position__unit=unit).select_related("official", "position")
    )
    user_ids = {a.official.user_id for a in held if a.official.user_id}
    counts = (
        Dossier.objects.filter(competent_unit=unit, handler_id__in=sorted(user_ids))
        .values("handler_id")
        .annotate(
            on_desk=Count("pk", filter=Q(status__in=ON_DESK)),
            overdue=Count("pk", filter=Q(status__in=ON_DESK, due_at__lt=now)),
            settled=Count("pk", filter=Q(resolved_at__gte=now - timedelta(days=SETTLED_WINDOW_DAYS))),
        )
        .order_by()
    )
    by_user = {row["handler_id"]: row for row in counts}
    loads: dict[int, Load] = {}
    per_position: dict[int, int] = defaultdict(int)
    for a in held:
        load = loads.setdefault(a.official_id, Load(a.official, []))
        load.positions.append(a.position.title)
        row = by_user.get(a.official.user_id) if a.official.user_id else None
        if row is not None:
            load.on_desk, load.overdue, load.settled = row["on_desk"], row["overdue"], row["settled"]
            per_position[a.position_id] += row["on_desk"]
    ordered = sorted(loads.values(), key=lambda ld: (-ld.on_desk, ld.official.full_name))
    return ordered, dict(per_position)


def official_get(user: User | AnonymousUser, pk: int) -> Official:
    """An official whose history the user may see: one who holds or held a position in a unit of theirs."""
    units = staff_units(user)
    official = Official.objects.filter(pk=pk, assignments__unit__in=units).distinct().first()
    if official is None:
        raise NotFound(_("No official of yours has this number."))
    return official


def official_history(official: Official) -> list[Assignment]:
    return list(official.assignments.select_related("position", "unit").order_by("-start", "-pk"))


def unit_events(unit: Unit, limit: int = 20) -> list[StaffEvent]:
    return list(
        StaffEvent.objects.filter(unit=unit)
        .select_related("official", "actor")
        .order_by("-at", "-pk")[:limit]
    )


def assignment_get(user: User | AnonymousUser, pk: int) -> Assignment:
    found = (
        Assignment.objects.filter(pk=pk, unit__in=staff_units(user))
        .select_related("official", "unit")
        .first()
    )
    if found is None:
        raise NotFound(_("No assignment of yours has this number."))
    return found


def positions_managed(user: User | AnonymousUser) -> list[Position]:
    """Positions of the units whose staff the user may change, for the transfer form."""
    from motcua.staff.actions import MANAGE_PERMISSIONS

    unit_ids: set[int] = set()
    for permission in MANAGE_PERMISSIONS:
        unit_ids.update(units_where(user, permission).values_list("pk", flat=True))
    return list(
        Position.objects.filter(unit_id__in=sorted(unit_ids))
        .select_related("unit")
        .order_by("unit__name", "code")
    )
