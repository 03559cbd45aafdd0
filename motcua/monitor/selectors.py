"""Reads of the monitor, scoped to the acting user: figures, the 766 index and rankings read the
counter tables (whole months from the monthly table, the days of a partial month from the daily
one); "in progress" and "overdue now" read the open-dossier snapshot. A unit or province the user
may not watch does not exist for them."""

from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import can, grants_for, scope_where
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.catalog.models import Field, Procedure
from motcua.core.calendar import VIETNAM_TZ
from motcua.core.errors import InvalidInput, NotFound
from motcua.dossiers.states import CLOCK_RUNNING, Status
from motcua.monitor.actions import procedure_facts
from motcua.monitor.counting import COUNTERS
from motcua.monitor.index import IndexScore, Weights, index_score, ranks, weights_current
from motcua.monitor.models import DailyCounter, MonthlyCounter, OpenDossier
from motcua.units.models import Province, Unit

Actor = User | AnonymousUser
MAX_PERIOD_DAYS: Final = 5 * 366
PERIOD_KINDS: Final = ("month", "quarter", "year", "custom")
HOURS_PER_DAY: Final = 8
ZERO: Final[dict[str, int]] = dict.fromkeys(COUNTERS, 0)


# -- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included
    kind: str = "custom"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same kind just before: the previous month, quarter or year, or as
        many days before a custom period."""
        if self.kind == "custom":
            return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))
        return period_of(self.kind, self.start - timedelta(days=1))

    def label(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    @property
    def end_moment(self) -> datetime:
        """The first moment after the period (midnight ending its last day, Vietnam time)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, VIETNAM_TZ)


def period_of(kind: str, day: date) -> Period:
    """The month, quarter or year that contains `day`."""
    if kind == "month":
        start = day.replace(day=1)
        return Period(start, day.replace(day=monthrange(day.year, day.month)[1]), kind)
    if kind == "quarter":
        first = 3 * ((day.month - 1) // 3) + 1
        start = date(day.year, first, 1)
        return Period(start, date(day.year, first + 2, monthrange(day.year, first + 2)[1]), kind)
    if kind == "year":
        return Period(date(day.year, 1, 1), date(day.year, 12, 31), kind)
    raise InvalidInput(
        _("Unknown period “%(kind)s”. Choose one of: %(kinds)s.")
        % {"kind": kind, "kinds": ", ".join(PERIOD_KINDS)},
        field="period",
    )


def _day(value: str | date | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": value}, field=name
        ) from None


def period_parse(*, kind: str = "", start: str | date | None, end: str | date | None, today: date) -> Period:
    """A period from a request: `kind` month/quarter/year around `start` (today by default), or the
    custom days `start`..`end`. The end before the start or more than 5 years is bad input."""
    first, last = _day(start, "from"), _day(end, "to")
    if not kind:
        kind = "custom" if first and last else "month"
    if kind != "custom":
        return period_of(kind, first or today)
    if first is None or last is None:
        raise InvalidInput(_("A custom period needs both a start and an end date."), field="from")
    if last < first:
        raise InvalidInput(_("The end of the period is before its start."), field="to")
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise InvalidInput(_("A period may not be longer than 5 years."), field="to")
    return Period(first, last, "custom")


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_end(month: date) -> date:
    return _next_month(month) - timedelta(days=1)


@dataclass(frozen=True)
class Plan:
    """How a period is read: the months summed from the monthly table, plus the days added from
    the daily table, minus the days taken off it."""

    months: tuple[date, ...]
    add: tuple[tuple[date, date], ...]
    take: tuple[tuple[date, date], ...]


def read_plan(period: Period) -> Plan:
    """Whole months come from the monthly table, a few thousand rows a province-year. A partial
    month is read from the daily table (one row per unit, procedure and day: the large one), or as
    its month less the days outside the period when those are fewer, so that no partial month costs
    more than 15 days of daily rows. A rolling year ending yesterday thus reads its last month
    whole, less a few days that mostly have not happened yet."""
    months: list[date] = []
    add: list[tuple[date, date]] = []
    take: list[tuple[date, date]] = []
    month = period.start.replace(day=1)
    while month <= period.end:
        low, high, last = max(period.start, month), min(period.end, _month_end(month)), _month_end(month)
        inside = (high - low).days + 1
        if inside == last.day:
            months.append(month)
        elif inside <= last.day - inside:
            add.append((low, high))
        else:
            months.append(month)
            if month < low:
                take.append((month, low - timedelta(days=1)))
            if high < last:
                take.append((high + timedelta(days=1), last))
        month = _next_month(month)
    return Plan(tuple(months), tuple(add), tuple(take))


# -- counter sums -----------------------------------------------------------------------------

# Aliased: an annotation may not take the name of a model field.
_SUMS: Final = {f"t_{name}": Sum(name) for name in COUNTERS}
_TOTALS: Final = tuple(_SUMS)


def _untotal(row: dict[str, Any]) -> dict[str, int]:
    return {name[2:]: row[name] or 0 for name in _TOTALS}


def _days(ranges: Iterable[tuple[date, date]]) -> Q:
    days = Q()
    for low, high in ranges:
        days |= Q(day__gte=low, day__lte=high)
    return days


def counter_sums(
    *, period: Period, units: Q, by: str = "unit_id", field_id: int | None = None
) -> dict[Any, dict[str, int]]:
    """Counters summed over the period, grouped by `by` (a path from the counter row, such as
    `unit_id`, `unit__province_id` or `field_id`), for the counter rows matching `units` (a Q on
    `unit`), of one field when `field_id` is given. The sums are made by the database: one row per
    group comes back."""
    plan = read_plan(period)
    out: dict[Any, dict[str, int]] = {}

    def add(rows: Iterable[dict[str, Any]], key: str, sign: int = 1) -> None:
        for row in rows:
            total = out.setdefault(row[key], dict(ZERO))
            for name in _TOTALS:
                total[name[2:]] += sign * (row[name] or 0)

    if plan.months:
        monthly = MonthlyCounter.objects.filter(units, month__in=plan.months)
        if field_id is not None:
            monthly = monthly.filter(field_id=field_id)
        add(monthly.values(by).annotate(**_SUMS).order_by(), by)
    daily_by = "procedure__field_id" if by == "field_id" else by
    for ranges, sign in ((plan.add, 1), (plan.take, -1)):
        if not ranges:
            continue
        daily = DailyCounter.objects.filter(units).filter(_days(ranges))
        if field_id is not None:
            daily = daily.filter(procedure__field_id=field_id)
        add(daily.values(daily_by).annotate(**_SUMS).order_by(), daily_by, sign)
    return out


@dataclass(frozen=True)
class OpenNow:
    in_progress: int = 0
    overdue: int = 0
    waiting: int = 0  # at the desk, not yet accepted
    # For the 766 progress indicator (2.1): dossiers accepted before the end of the period and not
    # ended yet, and of them those late when judged at the end of the period (or now, for a period
    # not over yet); the same for the previous period when asked.
    handled: int = 0
    handled_late: int = 0
    previous_handled: int = 0
    previous_late: int = 0


def _late_at(moment: datetime) -> Q:
    """An open dossier judged at `moment` (766: 2.1): late after its original due time; one waiting
    for the applicant's supplement is judged at the time of the request; more than one supplement
    request is late."""
    waiting = Q(status=Status.SUPPLEMENT_REQUESTED)
    return (
        Q(supplements__gt=1)
        | (waiting & Q(supplement_at__gt=F("original_due_at")))
        | (~waiting & Q(original_due_at__lt=moment))
    )


def open_now(
    *,
    units: Q,
    now: datetime,
    by: str = "unit_id",
    field_id: int | None = None,
    period: Period | None = None,
    previous: Period | None = None,
) -> dict[Any, OpenNow]:
    """The snapshot of open dossiers, counted in one query: in progress, overdue and waiting now,
    and for the progress indicator of `period` (and `previous`) those handled and late at its end."""
    running = Q(status__in=CLOCK_RUNNING)
    snapshot = OpenDossier.objects.filter(units)
    if field_id is not None:
        snapshot = snapshot.filter(procedure__field_id=field_id)
    counts: dict[str, Any] = {
        "in_progress": Count("pk", filter=Q(accepted=True)),
        "overdue": Count("pk", filter=running & Q(due_at__lt=now)),
        "waiting": Count("pk", filter=Q(accepted=False)),
    }
    for prefix, span in (("", period), ("previous_", previous)):
        if span is None:
            continue
        end = span.end_moment
        inside = Q(accepted=True, accepted_at__lt=end)
        counts[f"{prefix}handled"] = Count("pk", filter=inside)
        counts[f"{prefix}{'late' if prefix else 'handled_late'}"] = Count(
            "pk", filter=inside & _late_at(min(now, end))
        )
    rows = snapshot.values(by).annotate(**counts).order_by()
    return {r[by]: OpenNow(**{name: r[name] for name in counts}) for r in rows}


def _progress(sums: Mapping[str, int], opened: OpenNow | None, previous: bool = False) -> dict[str, int]:
    """The counters with what the snapshot adds to the progress indicator."""
    out = dict(sums)
    if opened is not None:
        out["open_handled"] = opened.previous_handled if previous else opened.handled
        out["open_late"] = opened.previous_late if previous else opened.handled_late
    return out


def catalogue_counts(*, kind: str, department: str = "", field_id: int | None = None) -> dict[str, int]:
    """The procedures a unit of `kind` settles (all of them for a province, `kind` ""), those
    offered online and those published with all their parts (766: 1.3, 3.1). From the catalogue
    kept in memory: no query once it is loaded."""
    found = [
        p for p in procedure_facts().values() if p.active and (field_id is None or p.field_id == field_id)
    ]
    if kind in Unit.COMMUNE_LEVEL:
        found = [p for p in found if p.level == Procedure.Level.COMMUNE]
    elif kind == Unit.Kind.DEPARTMENT:
        found = [p for p in found if p.level == Procedure.Level.DEPARTMENT and p.department == department]
    elif kind:
        found = []
    return {
        "procedures": len(found),
        "procedures_online": sum(1 for p in found if p.online),
        "procedures_complete": sum(1 for p in found if p.complete),
    }


def unit_department(code: str) -> str:
    """The sector of a department's unit code ("68.STP" → "STP")."""
    return code.split(".", 1)[1] if "." in code else ""


# -- figures ----------------------------------------------------------------------------------


def _rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Figures:
    sums: Mapping[str, int]
    open: OpenNow = field(default_factory=OpenNow)

    def __getattr__(self, name: str) -> int:
        if name in COUNTERS:
            return self.sums[name]
        raise AttributeError(name)

    @property
    def received(self) -> int:
        s = self.sums
        return s["received_in_person"] + s["received_online"] + s["received_post"]

    @property
    def resolved(self) -> int:
        s = self.sums
        return s["resolved_early"] + s["resolved_on_time"] + s["resolved_late"]

    @property
    def online_share(self) -> Decimal | None:
        return _rate(self.sums["received_online"], self.received)

    @property
    def timely_rate(self) -> Decimal | None:
        return _rate(self.sums["resolved_early"] + self.sums["resolved_on_time"], self.resolved)

    @property
    def early_rate(self) -> Decimal | None:
        return _rate(self.sums["resolved_early"], self.resolved)

    @property
    def late(self) -> int:
        return self.sums["resolved_late"]

    @property
    def handled(self) -> int:
        """Dossiers handled in the period (766: 2.1): ended after acceptance, or in progress."""
        s = self.sums
        return self.resolved + s["ended_in_time"] + s["ended_late"] + self.open.handled

    @property
    def handled_late(self) -> int:
        return self.sums["resolved_late"] + self.sums["ended_late"] + self.open.handled_late

    @property
    def progress_rate(self) -> Decimal | None:
        """Handled on time, per cent of the dossiers handled (766: 2.1)."""
        return _rate(self.handled - self.handled_late, self.handled)

    @property
    def refusals(self) -> int:
        return self.sums["not_accepted"] + self.sums["result_refused"]

    @property
    def average_days(self) -> Decimal | None:
        """Average processing time in working days (8 working hours a day)."""
        if not self.resolved:
            return None
        days = Decimal(self.sums["processing_minutes"]) / 60 / HOURS_PER_DAY / self.resolved
        return days.quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def average_score(self) -> Decimal | None:
        if not self.sums["rating_scored"]:
            return None
        return (Decimal(self.sums["rating_score_sum"]) / self.sums["rating_scored"]).quantize(
            Decimal("0.01"), ROUND_HALF_UP
        )

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """Ratings that were not a dislike, per cent of ratings."""
        ratings = self.sums["ratings"]
        return _rate(ratings - self.sums["dislikes"], ratings)


def figures_of(sums: Mapping[str, int] | None, open_: OpenNow | None = None) -> Figures:
    return Figures(sums or dict(ZERO), open_ or OpenNow())


# -- who may watch what -----------------------------------------------------------------------


def _province_not_found(code: object) -> NotFound:
    return NotFound(_("There is no province with code %(code)s.") % {"code": code}, field="province")


def _unit_not_found(code: object) -> NotFound:
    return NotFound(_("There is no unit with code %(code)s.") % {"code": code}, field="unit")


def is_monitor(actor: Actor) -> bool:
    """Holds the province monitor's permission somewhere: may see the national ranking."""
    if actor.is_authenticated and actor.is_active and actor.is_superuser:
        return True
    return any(Permission.MONITOR_PROVINCE in g.permissions for g in grants_for(actor))


def watched_provinces(actor: Actor) -> QuerySet[Province]:
    scope = scope_where(actor, Permission.MONITOR_PROVINCE)
    if scope.everything:
        return Province.objects.all()
    return Province.objects.filter(pk__in=sorted(scope.province_ids))


def province_for(actor: Actor, code: int | str | None) -> Province:
    """The province the actor monitors: `code`, or their own when they watch exactly one."""
    provinces = watched_provinces(actor)
    if code in (None, ""):
        found = list(provinces[:2])
        if len(found) == 1:
            return found[0]
        raise _province_not_found("")
    try:
        number = int(str(code))
    except ValueError:
        raise _province_not_found(code) from None
    province = provinces.filter(code=number).first()
    if province is None:
        raise _province_not_found(code)
    return province


def may_watch_unit(actor: Actor, unit: Unit) -> bool:
    """Province monitors watch every unit of their province; a unit's leader and the director of
    its centre watch their own unit."""
    return can(actor, Permission.MONITOR_PROVINCE, unit) or can(actor, Permission.ASSIGN_DOSSIER, unit)


def unit_for(actor: Actor, code: str) -> Unit:
    unit = Unit.objects.select_related("province").filter(code=code).first()
    if unit is None or not may_watch_unit(actor, unit):
        raise _unit_not_found(code)
    return unit


def watched_units(actor: Actor) -> list[Unit]:
    """The units whose page the actor may open, outside the provinces they monitor."""
    ids = {g.unit_id for g in grants_for(actor) if Permission.ASSIGN_DOSSIER in g.permissions}
    return list(Unit.objects.filter(pk__in=sorted(ids)).select_related("province").order_by("code"))


# -- rankings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    unit: "UnitRef"
    figures: Figures
    score: IndexScore
    rank: int | None  # None: no dossier in the period, listed apart
    out_of: int  # the units ranked in the province
    previous_total: Decimal | None

    @property
    def empty(self) -> bool:
        return self.rank is None

    @property
    def trend(self) -> Decimal | None:
        if self.previous_total is None or self.score.total is None:
            return None
        return self.score.total - self.previous_total


def _scores(
    sums: Mapping[Any, Mapping[str, int]],
    opened: Mapping[Any, OpenNow],
    catalogue: Mapping[Any, Mapping[str, int]],
    keys: Iterable[Any],
    weights: Weights,
    previous: bool = False,
) -> dict[Any, IndexScore]:
    out = {}
    for key in keys:
        facts = _progress(sums.get(key) or ZERO, opened.get(key), previous)
        facts.update(catalogue[key])
        out[key] = index_score(facts, weights)
    return out


def _catalogue_of(units: Iterable["UnitRef"], field_id: int | None) -> dict[int, dict[str, int]]:
    """The catalogue's counts of each unit, computed once per kind of unit."""
    by_kind: dict[tuple[str, str], dict[str, int]] = {}
    out = {}
    for unit in units:
        key = (unit.kind, unit_department(unit.code) if unit.kind == Unit.Kind.DEPARTMENT else "")
        if key not in by_kind:
            by_kind[key] = catalogue_counts(kind=key[0], department=key[1], field_id=field_id)
        out[unit.pk] = by_kind[key]
    return out


def _rank_order(row: "UnitRow") -> tuple[int, int, str]:
    """Ranked units first, by rank; then the units with no dossier in the period."""
    return (0, row.rank, row.unit.code) if row.rank is not None else (1, 0, row.unit.code)


def units_ranked(
    *,
    units: list["UnitRef"],
    period: Period,
    now: datetime,
    weights: Weights | None = None,
    trend: bool = True,
    field: Field | None = None,
    everywhere: bool = False,
) -> list[UnitRow]:
    """Every unit with its figures, index and rank within its own province, best first, then the
    units with no dossier in the period (listed apart, never ranked); of one field's procedures
    when `field` is given. The database sums the counters per unit (one row per unit comes back),
    the index is scored with integers: no step grows with the dossiers."""
    weights = weights or weights_current()
    # The unit ids themselves, not a join on the province: the daily table's index leads with the
    # unit, and a list of ids lets the database walk it unit by unit over the few days it needs.
    # (`everywhere`: the units are all of them, and no filter at all reads the least.)
    where = Q() if everywhere else Q(unit_id__in=sorted(u.pk for u in units))
    field_id = field.pk if field else None
    sums = counter_sums(period=period, units=where, field_id=field_id)
    before = period.previous()
    previous = counter_sums(period=before, units=where, field_id=field_id) if trend else {}
    opened = open_now(
        units=where, now=now, field_id=field_id, period=period, previous=before if trend else None
    )
    catalogue = _catalogue_of(units, field_id)
    ids = [u.pk for u in units]
    scores = _scores(sums, opened, catalogue, ids, weights)
    earlier = _scores(previous, opened, catalogue, ids, weights, previous=True) if trend else {}
    by_province: dict[int, dict[str, Decimal | None]] = {}
    for unit in units:
        by_province.setdefault(unit.province_id, {})[unit.code] = scores[unit.pk].total
    rank_of = {code: r for group in by_province.values() for code, r in ranks(group).items()}
    ranked_in = {
        province: sum(1 for total in totals.values() if total is not None)
        for province, totals in by_province.items()
    }
    rows = [
        UnitRow(
            u,
            figures_of(sums.get(u.pk), opened.get(u.pk)),
            scores[u.pk],
            rank_of.get(u.code),
            ranked_in[u.province_id],
            earlier[u.pk].total if trend else None,
        )
        for u in units
    ]
    rows.sort(key=lambda r: (r.unit.province_id, *_rank_order(r)))
    return rows


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit as a ranking shows it. Rankings hold thousands of units: plain values built from
    one narrow query, not model instances (which cost several times more each to build)."""

    pk: int
    code: str
    name: str
    kind: str
    province: Province

    @property
    def province_id(self) -> int:
        return self.province.pk

    @property
    def is_commune_level(self) -> bool:
        return self.kind in Unit.COMMUNE_LEVEL

    def __str__(self) -> str:
        return self.name


def _commune_units(units: QuerySet[Unit], provinces: Iterable[Province]) -> list[UnitRef]:
    """The commune-level units of `units`, each with its province taken from `provinces`."""
    by_pk = {p.pk: p for p in provinces}
    rows = (
        units.filter(kind__in=Unit.COMMUNE_LEVEL)
        .order_by("code")
        .values_list("pk", "code", "name", "kind", "province_id")
    )
    return [UnitRef(pk, code, name, kind, by_pk[province]) for pk, code, name, kind, province in rows]


def ranked_units_of(province: Province) -> list[UnitRef]:
    """The units ranked against each other: the commune-level units of the province."""
    return _commune_units(Unit.objects.filter(province=province), [province])


def field_for(code: str | None) -> Field | None:
    """The field (lĩnh vực) the figures are limited to, by its code; None for all fields."""
    if code in (None, ""):
        return None
    found = Field.objects.filter(code=code).first()
    if found is None:
        raise NotFound(_("There is no field with code %(code)s.") % {"code": code}, field="field")
    return found


def fields_all() -> list[Field]:
    return list(Field.objects.order_by("name"))


SORTS: Final = {
    "rank": _rank_order,
    "name": lambda r: (r.unit.name, r.unit.code),
    "received": lambda r: (-r.figures.received, r.unit.code),
    "online": lambda r: (-(r.figures.online_share or -1), r.unit.code),
    "timely": lambda r: (-(r.figures.timely_rate or -1), r.unit.code),
    "late": lambda r: (-r.figures.late, r.unit.code),
    "overdue": lambda r: (-r.figures.open.overdue, r.unit.code),
    "trend": lambda r: (-(r.trend or 0), r.unit.code),
}


def province_overview(
    *,
    actor: Actor,
    province_code: int | str | None,
    period: Period,
    now: datetime,
    sort: str = "rank",
    field: Field | None = None,
) -> tuple[Province, Figures, list[UnitRow]]:
    province = province_for(actor, province_code)
    rows = units_ranked(units=ranked_units_of(province), period=period, now=now, field=field)
    order = SORTS.get(sort, SORTS["rank"])
    # The units with no dossier in the period stay apart, after the others, whatever the order.
    rows.sort(key=lambda r: (r.empty, order(r)))
    total = dict(ZERO)
    opened = dict.fromkeys(("in_progress", "overdue", "waiting", "handled", "handled_late"), 0)
    for row in rows:
        for name in COUNTERS:
            total[name] += row.figures.sums[name]
        for name in opened:
            opened[name] += getattr(row.figures.open, name)
    return province, figures_of(total, OpenNow(**opened)), rows


@dataclass(frozen=True)
class ProvinceRow:
    province: Province
    figures: Figures
    score: IndexScore
    rank: int | None  # None: no dossier in the period, listed apart

    @property
    def empty(self) -> bool:
        return self.rank is None


def provinces_ranked(
    *, actor: Actor, period: Period, now: datetime, field: Field | None = None
) -> list[ProvinceRow]:
    """Every province of the country scored on the sums of all its units; any monitor may see it.
    A province with no dossier in the period is listed after the others, unranked."""
    if not is_monitor(actor):
        raise NotFound(_("This page is not available to you."))
    weights = weights_current()
    provinces = list(Province.objects.order_by("code"))
    field_id = field.pk if field else None
    sums = counter_sums(period=period, units=Q(), by="unit__province_id", field_id=field_id)
    opened = open_now(units=Q(), now=now, by="unit__province_id", field_id=field_id, period=period)
    everything = catalogue_counts(kind="", field_id=field_id)
    catalogue = {p.pk: everything for p in provinces}
    scores = _scores(sums, opened, catalogue, [p.pk for p in provinces], weights)
    rank_of = ranks({str(p.pk): scores[p.pk].total for p in provinces})
    rows = [
        ProvinceRow(p, figures_of(sums.get(p.pk), opened.get(p.pk)), scores[p.pk], rank_of.get(str(p.pk)))
        for p in provinces
    ]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.province.code))
    return rows


def all_units_ranked(*, period: Period, now: datetime, field: Field | None = None) -> list[UnitRow]:
    """The 3,321 commune-level units of the country, each ranked in its province (for the national
    view and the bench). Not scoped: callers check the actor."""
    units = _commune_units(Unit.objects.all(), Province.objects.all())
    return units_ranked(units=units, period=period, now=now, trend=False, field=field, everywhere=True)


def national_ranking(
    *, actor: Actor, period: Period, now: datetime, field: Field | None = None
) -> list[UnitRow]:
    """`all_units_ranked` for a province monitor (any monitor may compare with the country)."""
    if not is_monitor(actor):
        raise NotFound(_("This page is not available to you."))
    return all_units_ranked(period=period, now=now, field=field)


@dataclass(frozen=True)
class UnitReport:
    unit: Unit
    row: UnitRow | None  # None for a unit that is not ranked (a department)
    figures: Figures
    score: IndexScore
    months: list[tuple[date, Figures]]


def unit_overview(
    *, actor: Actor, code: str, period: Period, now: datetime, field: Field | None = None
) -> UnitReport:
    """One unit's figures, index with its rank in the province, and the monthly series of the
    twelve months up to the end of the period (for the charts); of one field when given."""
    unit = unit_for(actor, code)
    weights = weights_current()
    row = None
    if unit.is_commune_level:
        rows = units_ranked(
            units=ranked_units_of(unit.province), period=period, now=now, weights=weights, field=field
        )
        row = next(r for r in rows if r.unit.pk == unit.pk)
        figures, score = row.figures, row.score
    else:
        where = Q(unit_id=unit.pk)
        field_id = field.pk if field else None
        opened = open_now(units=where, now=now, field_id=field_id, period=period).get(unit.pk)
        figures = figures_of(counter_sums(period=period, units=where, field_id=field_id).get(unit.pk), opened)
        facts = _progress(figures.sums, opened)
        facts.update(
            catalogue_counts(kind=unit.kind, department=unit_department(unit.code), field_id=field_id)
        )
        score = index_score(facts, weights)
    return UnitReport(unit, row, figures, score, monthly_series(unit=unit, end=period.end, field=field))


def monthly_series(
    *, unit: Unit, end: date, months: int = 12, field: Field | None = None
) -> list[tuple[date, Figures]]:
    last = end.replace(day=1)
    first = last
    for _i in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    rows = MonthlyCounter.objects.filter(unit=unit, month__gte=first, month__lte=last)
    if field is not None:
        rows = rows.filter(field=field)
    by_month = {r["month"]: _untotal(dict(r)) for r in rows.values("month").annotate(**_SUMS).order_by()}
    series = []
    month = first
    while month <= last:
        series.append((month, figures_of(by_month.get(month))))
        month = _next_month(month)
    return series
