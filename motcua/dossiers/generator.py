"""Bulk generation of realistic dossiers with their whole history, for demos, load tests and the
dashboards: `manage.py generate_dossiers --province 68 --years 1`.

Every dossier is what the actions (`motcua/dossiers/actions/`) would have left behind: the same
fields at each state, one event per transition with the action's data, chained with `event_hash`,
due times from the province's calendar, codes numbered gap-free per receiving agency and day, and
the daily sequences written so that real intake continues the numbering. Supplement, Extension and
Rating rows exist where the events say so. Not generated: attachments (`files` is empty in every
event), outbox messages (nobody is told about a past year), and whatever listens to
`event_recorded` — aggregates are to be rebuilt from the events afterwards.

Volume. The residents of a commune-level unit hand in `RATE_PER_1000` = 35 dossiers a year per
1,000 inhabitants; a unit whose population is unknown (empty or 0) counts as `DEFAULT_POPULATION`
of its kind. `dossiers=` sets the total instead, shared out the same way. Each dossier falls on a
working day (Mondays busier, Fridays quieter) at an office-hours instant, and is drawn thus:
- procedure: commune procedures by `PROCEDURE_WEIGHTS` (certification and civil status make up
  about four in five); `DEPARTMENT_SHARE` go to a department's procedures (`DEPARTMENT_WEIGHTS`);
- channel: every unit has its own online share in `ONLINE_RANGE`, moved by the procedure's online
  level. Online dossiers are received by the competent unit; the others at the applicant's own
  commune desk or (`CROSS_COMMUNE_SHARE`) another commune's, and transferred when needed;
- fate (`FATES`): late, late after an extension, supplement at reception or in processing (the
  clock then restarts), unanswered supplement, refusal at reception or at the decision, withdrawal,
  stop; the rest are settled in time. Results are returned, and many are rated.
Each life is laid out in office time and cut at `until`: the dossiers of the last days stay in
whatever state they had reached, so every open state is present. The officials acting in the events
are generated too: a receiving officer, a leader and two handlers per unit (`gen.<unit code>.*`,
without a usable password), created on first use with their memberships.

Reproducible: the output depends only on the seed, the options and the reference data (units,
catalogue, calendar, staff accounts). Each province and week draws from its own random stream, so
`batch` and `jobs` change only the speed, and the dossiers of province 68 in an all-provinces run by
population are those of a run for province 68 alone (same codes, times and states).

Bulk path: rows are built in plain Python (in `jobs` forked processes if asked) and written one
transaction per batch, by `executemany` on SQLite and `COPY` on PostgreSQL, with dossier ids
reserved first (from the sequence on PostgreSQL, under the write lock on SQLite). An interrupted run
leaves whole dossiers with matching sequences. The days generated are in the past, so live intake
does not compete for their numbers, but a SQLite database is locked for each batch's write.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import time as clock_time
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from operator import itemgetter
from typing import Any, Final, NamedTuple

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Field, Model
from django.dispatch import Signal

from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Role
from motcua.catalog.models import Procedure, ProcessVersion
from motcua.core.calendar import VIETNAM_TZ, DayOverride, OfficeHours, WorkingCalendar, vietnam_calendar
from motcua.core.text import fold
from motcua.dossiers.actions.intake import ONLINE_DECISION_HOURS
from motcua.dossiers.actions.reception import SUPPLEMENT_ANSWER_DAYS
from motcua.dossiers.events import GENESIS, event_hash
from motcua.dossiers.models import DailySequence, Dossier, Event, Extension, Rating, Supplement
from motcua.dossiers.sequence import dossier_code
from motcua.dossiers.states import Channel, ResultKind, Status
from motcua.units.models import Province, Unit

RATE_PER_1000: Final = 35.0
DEFAULT_POPULATION: Final[dict[str, int]] = {
    Unit.Kind.WARD: 35_000,
    Unit.Kind.COMMUNE: 25_000,
    Unit.Kind.SPECIAL_ZONE: 10_000,
}
DEFAULT_SEED: Final = 20250701
DEFAULT_BATCH: Final = 5000
DEPARTMENT_SHARE: Final = 0.03
CROSS_COMMUNE_SHARE: Final = 0.04
POST_SHARE: Final = 0.08  # of the dossiers not sent online
ONLINE_RANGE: Final = (0.66, 0.86)
ONLINE_SHIFT: Final[dict[str, float]] = {
    Procedure.OnlineLevel.FULL: 0.06,
    Procedure.OnlineLevel.PARTIAL: -0.06,
}
HANDLERS_PER_UNIT: Final = 2
# The indexes of millions of rows must stay in memory while they grow: the connection's page cache
# is raised to this while generating (SQLite's default is 2 MiB).
SQLITE_CACHE_KIB: Final = 512 * 1024
RATING_SHARE: Final = 0.6
# Shares of all dossiers; the others are settled early or on time.
FATES: Final = {
    "late": 0.02,
    "late_extended": 0.01,
    "reception_supplement": 0.03,
    "processing_supplement": 0.015,
    "reception_supplement_expired": 0.003,
    "processing_supplement_expired": 0.002,
    "refused": 0.01,
    "refused_on_decision": 0.005,
    "withdrawn": 0.01,
    "stopped": 0.003,
}
# Fates whose story needs a legal time of several days (an extension, a restart).
MULTI_DAY_FATES: Final = frozenset(
    {"late_extended", "processing_supplement", "processing_supplement_expired"}
)
PROCEDURE_WEIGHTS: Final = {
    "2.000815": 30.0,  # chứng thực bản sao từ bản chính
    "1.001193": 12.0,  # khai sinh
    "2.000884": 8.0,  # chứng thực chữ ký
    "2.000635": 8.0,  # bản sao trích lục hộ tịch
    "1.004873": 6.0,  # xác nhận tình trạng hôn nhân
    "1.000656": 4.0,  # khai tử
    "2.001035": 4.0,  # chứng thực giao dịch
    "1.000894": 3.0,  # kết hôn
    "3.000722": 3.0,  # liên thông khai sinh, thường trú (replaces 2.000986)
    "1.013978": 3.0,  # đăng ký đất đai lần đầu
    "1.004859": 2.0,  # cải chính hộ tịch
    "1.001612": 2.0,  # thành lập hộ kinh doanh
    "1.001776": 2.0,  # trợ cấp xã hội hàng tháng
    "1.013225": 1.5,  # giấy phép xây dựng nhà ở
}
DEPARTMENT_WEIGHTS: Final = {"1.013831": 10.0, "1.012786": 4.0, "2.001610": 3.0, "1.013236": 1.0}
DEFAULT_WEIGHT: Final = 0.5

# What a JSONField stores, without `json.dumps`' per-call set-up: millions of calls.
_json: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_H: Final = 3600  # positions and durations are seconds of office time
_NEW, _ACCEPTED, _PROCESSING = Status.NEW.value, Status.ACCEPTED.value, Status.PROCESSING.value
_SUPPLEMENT, _PENDING = Status.SUPPLEMENT_REQUESTED.value, Status.PENDING_APPROVAL.value
_NOT_ACCEPTED, _WITHDRAWN, _STOPPED = Status.NOT_ACCEPTED.value, Status.WITHDRAWN.value, Status.STOPPED.value
_PROCESSED, _RETURNED = Status.PROCESSED.value, Status.RETURNED.value
_ONLINE, _IN_PERSON, _POST = Channel.ONLINE.value, Channel.IN_PERSON.value, Channel.POST.value
_GRANTED, _REFUSED = ResultKind.GRANTED.value, ResultKind.REFUSED.value
_RECEPTION, _IN_PROCESSING = Supplement.Stage.RECEPTION.value, Supplement.Stage.PROCESSING.value
_FULL = Procedure.OnlineLevel.FULL.value


def _words(text: str) -> list[str]:
    return text.split()


# Columns as written, in model field names; rows carry them in this order.
DOSSIER_FIELDS: Final = _words(
    "id code procedure process_version receiving_unit competent_unit channel status applicant_name "
    "applicant_national_id applicant_phone applicant_email applicant_address idempotency_key created_by "
    "applicant_user handler received_at decision_due_at accepted_at legal_amount legal_unit "
    "clock_started_at restarts due_at original_due_at transferred_at resolved_at result_kind returned_via "
    "finished_at resume_status version time_variant_reason"
)
EVENT_FIELDS: Final = _words("dossier seq kind actor at data prev_hash hash")
SUPPLEMENT_FIELDS: Final = _words(
    "dossier stage items requested_by requested_at answer_by provided_at closed_at previous_due_at "
    "previous_original_due_at"
)
EXTENSION_FIELDS: Final = _words("dossier by at reason previous_due_at new_due_at")
RATING_FIELDS: Final = _words("dossier score dislike comment at")
# In a row without its id.
_STATUS, _CHANNEL = DOSSIER_FIELDS.index("status") - 1, DOSSIER_FIELDS.index("channel") - 1


# Sent after a generation, once its rows are committed, with `provinces` (their codes), `first` and
# `until` (the days generated, `until` excluded) and `report`. The bulk path sends no
# `event_recorded`: apps above dossiers that keep aggregates rebuild them from the events here.
dossiers_generated = Signal()


@dataclass(frozen=True)
class GenerateProgress:
    batch: int
    dossiers: int
    total: int
    events: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.dossiers / self.seconds if self.seconds else 0.0

    @property
    def eta(self) -> float:
        return (self.total - self.dossiers) / self.rate if self.rate else 0.0


Progress = Callable[[GenerateProgress], None]


@dataclass
class GenerateReport:
    seed: int
    until: date
    provinces: list[int]
    dossiers: int = 0
    events: int = 0
    supplements: int = 0
    extensions: int = 0
    ratings: int = 0
    staff_created: int = 0
    seconds: float = 0.0
    by_status: Counter[str] = field(default_factory=Counter)
    by_channel: Counter[int] = field(default_factory=Counter)

    @property
    def online_share(self) -> float:
        return self.by_channel[_ONLINE] / self.dossiers if self.dossiers else 0.0


def _quiet(progress: GenerateProgress) -> None:
    return None


def dossiers_generate(
    *,
    provinces: Iterable[Province],
    until: date,
    years: float = 1.0,
    dossiers: int | None = None,
    seed: int = DEFAULT_SEED,
    batch: int = DEFAULT_BATCH,
    jobs: int | None = None,
    progress: Progress = _quiet,
) -> GenerateReport:
    """Generate the dossiers received on the working days of the `years` before `until` (not
    included) in the provinces: about `RATE_PER_1000` a year per 1,000 inhabitants, or `dossiers`.
    `jobs` processes build the rows: by default 2 on PostgreSQL, whose server does the writing in a
    process of its own, and 1 on SQLite, where the writing in this process is the bottleneck and
    sending rows between processes only adds to it."""
    if jobs is None:
        jobs = 2 if connection.vendor == "postgresql" and (os.cpu_count() or 1) > 1 else 1
    if years <= 0 or batch <= 0 or jobs <= 0 or (dossiers is not None and dossiers < 0):
        raise ValueError("years, batch and jobs must be positive, dossiers zero or more.")
    began = clock_time.perf_counter()
    first = until - timedelta(days=round(365.25 * years))
    contexts = [_context(p, first, until, seed) for p in sorted(provinces, key=lambda p: p.code)]
    report = GenerateReport(seed=seed, until=until, provinces=[c.code for c in contexts])
    report.staff_created = sum(c.staff_created for c in contexts)
    if dossiers is None:  # each province on its own, so that its dossiers do not depend on the others
        volumes = [round(c.volume * years) for c in contexts]
    else:
        volumes = _allocate(dossiers, [c.volume for c in contexts])
    chunks = [
        (index, chunk)
        for index, (context, volume) in enumerate(zip(contexts, volumes, strict=True))
        for chunk in _plan(context, volume, seed)
    ]
    total = sum(chunk.size for _index, chunk in chunks)
    writer = _Writer(batch)

    def written(parts: list[_Rows]) -> None:
        for part in parts:
            _count(report, part)
        report.seconds = clock_time.perf_counter() - began
        progress(GenerateProgress(writer.batches, report.dossiers, total, report.events, report.seconds))

    try:
        for rows in _generated(contexts, chunks, writer.vendor, jobs):
            for parts in writer.add(rows):
                written(parts)
        if writer.pending:
            written(writer.flush())
    finally:
        writer.close()
    report.seconds = clock_time.perf_counter() - began
    dossiers_generated.send(
        sender=Dossier, provinces=report.provinces, first=first, until=until, report=report
    )
    return report


def _generated(
    contexts: list[_Context], chunks: list[tuple[int, _Chunk]], vendor: str, jobs: int
) -> Iterator[_Rows]:
    """The rows of every chunk, in order; built by `jobs` forked workers, a few chunks ahead."""
    tasks = [(index, chunk, vendor) for index, chunk in chunks]
    if jobs == 1 or len(tasks) < 2:
        _worker_init(contexts)
        yield from map(_worker_run, tasks)
        return
    # The forked workers never touch the database and leave by `os._exit`, so the parent's open
    # connection is safe with them; still, close it unless a transaction holds it open.
    if not connection.in_atomic_block:
        connection.close()
    with multiprocessing.get_context("fork").Pool(jobs, _worker_init, (contexts,)) as pool:
        pending: deque[Any] = deque()
        for task in tasks:
            pending.append(pool.apply_async(_worker_run, (task,)))
            if len(pending) > 2 * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _count(report: GenerateReport, rows: _Rows) -> None:
    report.dossiers += len(rows.dossiers)
    report.events += len(rows.events)
    report.supplements += len(rows.supplements)
    report.extensions += len(rows.extensions)
    report.ratings += len(rows.ratings)
    report.by_status.update(row[_STATUS] for row in rows.dossiers)
    report.by_channel.update(row[_CHANNEL] for row in rows.dossiers)


def _allocate(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights` into whole numbers (largest remainders)."""
    whole = sum(weights)
    if not whole:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    shares = [int(x) for x in exact]
    for i in sorted(range(len(weights)), key=lambda i: (shares[i] - exact[i], i))[: total - sum(shares)]:
        shares[i] += 1
    return shares


# -- a province: units, procedures, staff, calendar -------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    id: int
    code: str
    agency: str
    name: str
    population: int


@dataclass(frozen=True, slots=True)
class _Procedure:
    id: int
    version: int
    code: str
    amount: int
    unit: str
    online_level: str
    field: str


@dataclass(frozen=True, slots=True)
class _Staff:
    desk: int
    leader: int
    handlers: tuple[tuple[int, str, str], ...]  # id, username, full name


@dataclass
class _Context:
    """What the dossiers of one province are drawn from: plain data, sent to the workers."""

    code: int
    first: date
    until: date
    overrides: tuple[DayOverride, ...]
    hours: OfficeHours
    communes: list[_Unit]
    procedures: list[_Procedure]
    weights: list[float]  # cumulative, for `procedures`
    multi_day: list[_Procedure]
    multi_day_weights: list[float]
    department_procedures: list[_Procedure]
    department_weights: list[float]
    department_of: dict[int, _Unit]  # by procedure id
    staff: dict[int, _Staff]  # by unit id
    sequences: dict[tuple[str, date], int]  # numbers already issued
    online: dict[int, float]  # each commune's base online share
    staff_created: int = 0

    @property
    def volume(self) -> float:
        """Dossiers a year."""
        return sum(u.population for u in self.communes) * RATE_PER_1000 / 1000

    def calendar(self) -> WorkingCalendar:
        return vietnam_calendar(overrides=self.overrides, office_hours=self.hours)


def _cumulative(procedures: list[_Procedure], weights: dict[str, float]) -> list[float]:
    return list(accumulate(weights.get(p.code, DEFAULT_WEIGHT) for p in procedures))


def _context(province: Province, first: date, until: date, seed: int) -> _Context:
    units = list(Unit.objects.filter(province=province).order_by("code"))
    communes = [
        _Unit(u.pk, u.code, u.agency_code, u.name, u.population or DEFAULT_POPULATION[u.kind])
        for u in units
        if u.kind in Unit.COMMUNE_LEVEL
    ]
    by_code = {u.code: u for u in units}
    versions = dict(ProcessVersion.objects.filter(current=True).values_list("procedure_id", "pk"))
    commune_procedures: list[_Procedure] = []
    department_procedures: list[_Procedure] = []
    department_of: dict[int, _Unit] = {}
    for p in Procedure.objects.filter(active=True, pk__in=versions).select_related("field").order_by("code"):
        item = _Procedure(
            p.pk, versions[p.pk], p.code, p.time_amount, p.time_unit, p.online_level, p.field.code
        )
        if p.level == Procedure.Level.COMMUNE:
            commune_procedures.append(item)
        elif (unit := by_code.get(f"{province.code:02d}.{p.department}")) is not None:
            department_procedures.append(item)
            department_of[p.pk] = _Unit(unit.pk, unit.code, unit.agency_code, unit.name, 0)
    multi_day = [p for p in commune_procedures if p.unit == "days" and p.amount >= 3]
    served = communes + list({u.id: u for u in department_of.values()}.values())
    staff, created = _staff(served, seed)
    agencies = [u.agency for u in served]
    rng = random.Random(f"{seed}:{province.code}:online")
    return _Context(
        code=province.code,
        first=first,
        until=until,
        overrides=tuple(
            DayOverride(day=o.day, working=o.working, reason=o.reason)
            for o in province.calendar_overrides.order_by("day")
        ),
        hours=OfficeHours(
            province.morning_start, province.morning_end, province.afternoon_start, province.afternoon_end
        ),
        communes=communes,
        procedures=commune_procedures,
        weights=_cumulative(commune_procedures, PROCEDURE_WEIGHTS),
        multi_day=multi_day,
        multi_day_weights=_cumulative(multi_day, PROCEDURE_WEIGHTS),
        department_procedures=department_procedures,
        department_weights=_cumulative(department_procedures, DEPARTMENT_WEIGHTS),
        department_of=department_of,
        staff=staff,
        sequences={
            (s.agency_code, s.day): s.last
            for s in DailySequence.objects.filter(agency_code__in=agencies, day__gte=first, day__lt=until)
        },
        online={u.id: rng.uniform(*ONLINE_RANGE) for u in communes},
        staff_created=created,
    )


def _staff(units: list[_Unit], seed: int) -> tuple[dict[int, _Staff], int]:
    """A receiving officer, a leader and `HANDLERS_PER_UNIT` handlers for each unit, created on
    first use as `gen.<unit code>.<role>` accounts without a usable password, and reused."""
    roles = [("tiepnhan", Role.RECEIVING_OFFICER), ("lanhdao", Role.UNIT_LEADER)]
    roles += [(f"xuly{n}", Role.HANDLER) for n in range(1, HANDLERS_PER_UNIT + 1)]
    wanted = {f"gen.{unit.code}.{suffix}": (unit, role) for unit in units for suffix, role in roles}
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    missing = [name for name in wanted if name not in existing]
    if missing:
        password = make_password(None)
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    username=name,
                    kind=User.Kind.OFFICIAL,
                    full_name=_person(random.Random(f"{seed}:{name}"))[0],
                    password=password,
                )
                for name in missing
            )
            Membership.objects.bulk_create(
                [
                    Membership(user=user, unit_id=wanted[user.username][0].id, role=wanted[user.username][1])
                    for user in users
                ]
            )
    accounts = {
        name: (pk, full)
        for name, pk, full in User.objects.filter(username__in=wanted).values_list(
            "username", "pk", "full_name"
        )
    }
    staff = {}
    for unit in units:
        handlers = tuple(
            (accounts[name][0], name, accounts[name][1])
            for name in (f"gen.{unit.code}.xuly{n}" for n in range(1, HANDLERS_PER_UNIT + 1))
        )
        staff[unit.id] = _Staff(
            accounts[f"gen.{unit.code}.tiepnhan"][0], accounts[f"gen.{unit.code}.lanhdao"][0], handlers
        )
    return staff, len(missing)


# -- planning: how many dossiers each commune's residents hand in on each day -----------------------


@dataclass(frozen=True)
class _Chunk:
    """One week of a province: per working day, (commune index, dossiers) pairs."""

    key: str
    days: tuple[tuple[date, tuple[tuple[int, int], ...]], ...]
    size: int


def _plan(context: _Context, volume: int, seed: int) -> list[_Chunk]:
    calendar = context.calendar()
    days = [
        day
        for day in (context.first + timedelta(days=n) for n in range((context.until - context.first).days))
        if calendar.is_working_day(day)
    ]
    if not days or not volume:
        return []
    weights = list(accumulate({0: 1.15, 4: 0.95}.get(day.weekday(), 1.0) for day in days))
    rng = random.Random(f"{seed}:{context.code}:days")
    cells: list[Counter[int]] = [Counter() for _day in days]
    for unit, count in enumerate(_allocate(volume, [u.population for u in context.communes])):
        for index in rng.choices(range(len(days)), cum_weights=weights, k=count):
            cells[index][unit] += 1
    weeks: dict[tuple[int, int], list[tuple[date, tuple[tuple[int, int], ...]]]] = defaultdict(list)
    for day, cell in zip(days, cells, strict=True):
        if cell:
            weeks[day.isocalendar()[:2]].append((day, tuple(sorted(cell.items()))))
    return [
        _Chunk(
            f"{seed}:{context.code}:{year}-W{week:02d}",
            tuple(items),
            sum(n for _d, c in items for _u, n in c),
        )
        for (year, week), items in sorted(weeks.items())
    ]


# -- the rows of one chunk, built without the database -----------------------------------------------


@dataclass
class _Rows:
    """Rows without ids; events, supplements, extensions and ratings name their dossier by its
    index in `dossiers` (plus `offset` once cut into batches)."""

    dossiers: list[tuple[Any, ...]] = field(default_factory=list)
    numbers: list[tuple[str, date, int]] = field(default_factory=list)  # agency, day, number
    events: list[tuple[Any, ...]] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)  # where each dossier's events end
    supplements: list[tuple[Any, ...]] = field(default_factory=list)
    extensions: list[tuple[Any, ...]] = field(default_factory=list)
    ratings: list[tuple[Any, ...]] = field(default_factory=list)
    offset: int = 0

    def part(self, start: int, stop: int) -> _Rows:
        first = itemgetter(0)

        def between(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
            return rows[bisect_left(rows, start, key=first) : bisect_left(rows, stop, key=first)]

        stop = min(stop, len(self.dossiers))
        return _Rows(
            dossiers=self.dossiers[start:stop],
            numbers=self.numbers[start:stop],
            events=self.events[self.ends[start - 1] if start else 0 : self.ends[stop - 1] if stop else 0],
            supplements=between(self.supplements),
            extensions=between(self.extensions),
            ratings=between(self.ratings),
            offset=start,
        )


_WORKER: dict[str, Any] = {}


def _worker_init(contexts: list[_Context]) -> None:
    _WORKER["contexts"] = contexts
    _WORKER["clocks"] = {}


def _worker_run(task: tuple[int, _Chunk, str]) -> _Rows:
    index, chunk, vendor = task
    context = _WORKER["contexts"][index]
    clock = _WORKER["clocks"].get(index)
    if clock is None:
        clock = _WORKER["clocks"][index] = _Clock(context)
    return _Week(context, clock, chunk, sqlite=vendor == "sqlite").rows()


class _Clock:
    """Office time as a count of seconds since the first working day: `at` and `pos` convert."""

    def __init__(self, context: _Context) -> None:
        calendar = context.calendar()
        self.tz = calendar.tz
        hours = calendar.office_hours
        self.morning_start = _seconds(hours.morning_start)
        self.morning = _seconds(hours.morning_end) - self.morning_start
        self.afternoon_start = _seconds(hours.afternoon_start)
        self.day = self.morning + _seconds(hours.afternoon_end) - self.afternoon_start
        first = context.first - timedelta(days=7)
        # Far enough past `until` for the longest legal time, an extension and a late return.
        span = (context.until - first).days + 200
        days = [d for d in (first + timedelta(days=n) for n in range(span)) if calendar.is_working_day(d)]
        self.ordinals = [d.toordinal() for d in days]
        self.index = {ordinal: i for i, ordinal in enumerate(self.ordinals)}
        self.midnights = [datetime.combine(d, time(0), self.tz).astimezone(UTC) for d in days]
        # Building a timedelta costs more than the addition: one for every second of the day, once.
        self.seconds = [timedelta(seconds=s) for s in range(self.afternoon_start + self.day - self.morning)]

    def at(self, pos: int) -> datetime:
        index, offset = divmod(pos, self.day)
        if offset < self.morning:
            second = self.morning_start + offset
        else:
            second = self.afternoon_start + offset - self.morning
        return self.midnights[index] + self.seconds[second]

    def pos(self, moment: datetime) -> int:
        local = moment.astimezone(self.tz)
        ordinal = local.toordinal()
        index = self.index.get(ordinal)
        if index is None:
            return bisect_right(self.ordinals, ordinal) * self.day
        now = local.hour * 3600 + local.minute * 60 + local.second
        if now <= self.morning_start:
            offset = 0
        elif now < self.morning_start + self.morning:
            offset = now - self.morning_start
        elif now <= self.afternoon_start:
            offset = self.morning
        else:
            offset = min(self.morning + now - self.afternoon_start, self.day)
        return index * self.day + offset


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _sqlite_time(moment: datetime | None) -> str | None:
    """What Django stores in SQLite for an aware datetime: naive UTC text."""
    if moment is None:
        return None
    return (moment if moment.tzinfo is UTC else moment.astimezone(UTC)).isoformat(" ")[:-6]


def _as_is(moment: datetime | None) -> datetime | None:
    return moment


class _Intake(NamedTuple):
    pos: int
    home: _Unit
    receiving: _Unit
    competent: _Unit
    procedure: _Procedure
    channel: int
    fate: str


class _Step(NamedTuple):
    """A transition: its event (time, kind, actor, data), the status and the dossier fields it
    sets, and what it does to the supplement, extension or rating rows."""

    at: datetime
    kind: str
    actor: int | None
    data: dict[str, Any]
    status: str
    fields: dict[str, Any] | None = None
    effect: tuple[Any, ...] | None = None


class _Week:
    def __init__(self, context: _Context, clock: _Clock, chunk: _Chunk, *, sqlite: bool) -> None:
        self.c = context
        self.clock = clock
        self.chunk = chunk
        self.calendar = context.calendar()
        self.rng = random.Random(chunk.key)
        self.until = datetime.combine(context.until, time(0), VIETNAM_TZ).astimezone(UTC)
        self.db: Callable[[datetime | None], Any] = _sqlite_time if sqlite else _as_is
        self.out = _Rows()
        self.steps: list[_Step] = []
        self.stored: dict[int, Any] = {}
        self.fates = list(accumulate(FATES.values()))
        self.fate_names = list(FATES)

    def rows(self) -> _Rows:
        for day, cells in self.chunk.days:
            start = self.clock.index[day.toordinal()] * self.clock.day
            intakes = [self.intake(self.c.communes[u], start) for u, count in cells for _n in range(count)]
            intakes.sort(key=itemgetter(0))
            numbers: dict[str, int] = {}
            for x in intakes:
                agency = x.competent.agency  # Art.28.2.a: the competent agency's identifier
                number = numbers[agency] = numbers.get(agency, self.c.sequences.get((agency, day), 0)) + 1
                self.out.numbers.append((agency, day, number))
                self.life(x, dossier_code(agency_code=agency, day=day, number=number))
        return self.out

    def intake(self, home: _Unit, day_start: int) -> _Intake:
        """Who hands in what, where, how, and when on the day; and how it will end."""
        rng, c, clock = self.rng, self.c, self.clock
        index = bisect_right(self.fates, rng.random())
        fate = self.fate_names[index] if index < len(self.fate_names) else ""
        competent = home
        if c.department_procedures and rng.random() < DEPARTMENT_SHARE:
            procedure = rng.choices(c.department_procedures, cum_weights=c.department_weights)[0]
            competent = c.department_of[procedure.id]
        elif fate in MULTI_DAY_FATES and c.multi_day:
            procedure = rng.choices(c.multi_day, cum_weights=c.multi_day_weights)[0]
        else:
            procedure = rng.choices(c.procedures, cum_weights=c.weights)[0]
        receiving = competent
        if rng.random() < c.online[home.id] + ONLINE_SHIFT.get(procedure.online_level, 0.0):
            channel = _ONLINE
        else:
            channel = _POST if rng.random() < POST_SHARE else _IN_PERSON
            receiving = home
            if competent is home and len(c.communes) > 1 and rng.random() < CROSS_COMMUNE_SHARE:
                while receiving is home:
                    receiving = rng.choice(c.communes)
        if rng.random() < 0.6:  # 07:30–11:15, or 13:30–16:55
            offset = rng.randrange(clock.morning - 15 * 60)
        else:
            offset = clock.morning + rng.randrange(clock.day - clock.morning - 35 * 60)
        return _Intake(day_start + offset, home, receiving, competent, procedure, channel, fate)

    def hours(self, low: float, high: float) -> int:
        return int(self.rng.uniform(low, high) * _H)

    def decision_delay(self, channel: int) -> int:
        if channel == _IN_PERSON:
            return self.hours(0.05, 0.3)
        if channel == _POST:
            return self.hours(0.3, 4)
        roll = self.rng.random()  # online: decided within 8 working hours, a few later
        return (
            self.hours(0.1, 4) if roll < 0.85 else self.hours(4, 7.9) if roll < 0.97 else self.hours(8.1, 12)
        )

    def decision_due(self, arrived: datetime) -> datetime:
        return self.calendar.due_after_working_hours(arrived, ONLINE_DECISION_HOURS).due.astimezone(UTC)

    def processing_time(self, budget: int, *, late: bool) -> int:
        if late:
            return budget + self.hours(0.5, max(1.0, 0.5 * budget / _H))
        return max(int(0.3 * _H), int(budget * self.rng.triangular(0.08, 0.97, 0.35)))

    def go(
        self,
        at: datetime,
        kind: str,
        actor: int | None,
        data: dict[str, Any],
        status: str,
        fields: dict[str, Any] | None = None,
        effect: tuple[Any, ...] | None = None,
    ) -> None:
        self.steps.append(_Step(at, kind, actor, data, status, fields, effect))

    def life(self, x: _Intake, code: str) -> None:
        online = x.channel == _ONLINE
        desk = self.c.staff[x.receiving.id].desk
        received = self.clock.at(x.pos)
        self.steps = []
        self.go(received, "submitted", None if online else desk, {"channel": x.channel, "files": []}, _NEW)
        person = self.applicant(x.home)
        self.story(x, desk)
        self.record(
            x, code, person, self.decision_due(received) if online else None, None if online else desk
        )

    def story(self, x: _Intake, desk: int) -> None:
        """Everything that happens to the dossier after it arrives, whatever the date."""
        rng, clock, calendar, go = self.rng, self.clock, self.calendar, self.go
        procedure, fate, online = x.procedure, x.fate, x.channel == _ONLINE
        staff = self.c.staff[x.competent.id]
        leader = staff.leader
        handler, username, handler_name = rng.choice(staff.handlers)
        t = x.pos + self.decision_delay(x.channel)
        if fate == "withdrawn" and online and rng.random() < 0.5:
            at = clock.at(t)
            go(at, "withdrawn", desk, {"reason": rng.choice(_WITHDRAWALS)}, _WITHDRAWN, {"finished_at": at})
            return
        if fate.startswith("reception_supplement"):
            provided = self.supplement(t, desk, _RECEPTION, _NEW, procedure, expired=fate.endswith("expired"))
            if provided is None:
                return
            at = clock.at(provided)
            fields: dict[str, Any] = {"resume_status": ""}
            if online:
                fields["decision_due_at"] = self.decision_due(at)
            data: dict[str, Any] = {"note": rng.choice(_PROVIDED), "files": []}
            go(at, "supplement_provided", desk, data, _NEW, fields, ("provided", at, None, None))
            t = provided + self.decision_delay(x.channel)
        at = clock.at(t)
        if fate == "refused":
            fields = {"finished_at": at, "resume_status": ""}
            go(at, "refused", desk, {"reason": rng.choice(_REFUSALS)}, _NOT_ACCEPTED, fields)
            return
        due = calendar.due(at, procedure.amount, procedure.unit).due
        fields = {"accepted_at": at, "clock_started_at": at, "due_at": due, "original_due_at": due}
        fields.update(legal_amount=procedure.amount, legal_unit=procedure.unit)
        go(at, "accepted", desk, {"due_at": due.isoformat()}, _ACCEPTED, fields)
        start, due_pos = t, clock.pos(due)
        if x.receiving is not x.competent:
            t += self.hours(0.1, 1.5)
            at = clock.at(t)
            data = {"to": x.competent.code, "paper_by": calendar.due_same_day(at).due.isoformat()}
            go(at, "transferred", desk, data, _ACCEPTED, {"transferred_at": at})
        total = self.processing_time(due_pos - start, late=fate.startswith("late"))

        def step(share: float) -> int:
            """When the step ending at `share` of the processing time is done, after the last one."""
            return max(start + int(total * share), t + self.hours(0.03, 0.2))

        t = step(0.08)
        data = {"handler": username, "handler_name": handler_name, "auto": rng.random() < 0.5}
        go(clock.at(t), "assigned", leader, data, _PROCESSING, {"handler": handler})
        if fate.startswith("processing_supplement"):
            t += min(int(total * 0.1), 6 * _H)  # within 3 working days of acceptance (Art.19.5)
            expired = fate.endswith("expired")
            provided = self.supplement(t, handler, _IN_PROCESSING, _PROCESSING, procedure, expired=expired)
            if provided is None:
                return
            # The complete dossier restarts the legal time from zero.
            at = clock.at(provided)
            new_due = calendar.due(at, procedure.amount, procedure.unit).due
            fields = {"resume_status": "", "clock_started_at": at, "restarts": 1}
            fields.update(due_at=new_due, original_due_at=new_due)
            data = {"note": rng.choice(_PROVIDED), "files": [], "due_at": new_due.isoformat()}
            data["restarted"] = True
            go(at, "supplement_provided", desk, data, _PROCESSING, fields, ("provided", at, due, due))
            start = t = provided
            due, due_pos = new_due, clock.pos(new_due)
            total = self.processing_time(due_pos - start, late=False)
        if fate == "late_extended" and due_pos - (t + _H) >= clock.day:
            # The apology goes out at least one working day before the appointment (Art.19.6).
            t += self.hours(0.1, 1.0)
            at = clock.at(t)
            new_due = calendar.due_after_working_days(due, rng.randint(2, 5)).due
            reason = rng.choice(_DELAYS)
            previous = due.astimezone(UTC).isoformat()  # as read back from the database
            data = {"reason": reason, "previous_due_at": previous, "new_due_at": new_due.isoformat()}
            effect = ("extended", leader, at, reason, due, new_due)
            go(at, "extended", leader, data, _PROCESSING, {"due_at": new_due}, effect)
            room = clock.pos(new_due) - due_pos
            total = due_pos - start + self.hours(0.5, max(1.0, room / _H - 0.5))
        if fate in ("withdrawn", "stopped"):
            t = step(0.45)
            at = clock.at(t)
            if fate == "withdrawn":
                go(
                    at,
                    "withdrawn",
                    desk,
                    {"reason": rng.choice(_WITHDRAWALS)},
                    _WITHDRAWN,
                    {"finished_at": at},
                )
            else:
                fields = {"finished_at": at, "resume_status": ""}
                go(at, "stopped", leader, {"reason": rng.choice(_STOPS)}, _STOPPED, fields)
            return
        result = _REFUSED if fate == "refused_on_decision" else _GRANTED
        t = step(0.7)
        go(clock.at(t), "proposed", handler, {"proposal": result, "note": ""}, _PENDING)
        t = step(1.0)
        at = clock.at(t)
        data = {
            "result_kind": result,
            "reason": rng.choice(_DENIALS) if result == _REFUSED else "",
            "files": [],
        }
        go(at, "resolved", leader, data, _PROCESSED, {"resolved_at": at, "result_kind": result})
        self.hand_over(x, t, desk, refused=result == _REFUSED)

    def supplement(
        self, t: int, actor: int, stage: str, resume: str, procedure: _Procedure, *, expired: bool
    ) -> int | None:
        """Ask at office time `t` for everything missing; when it comes, if it does."""
        rng, clock = self.rng, self.clock
        at = clock.at(t)
        answer_by = at + timedelta(days=SUPPLEMENT_ANSWER_DAYS)
        items = rng.sample(_MISSING.get(procedure.field, []) + _MISSING["*"], k=rng.choice((1, 1, 2)))
        data = {"items": items, "stage": stage, "answer_by": answer_by.isoformat()}
        effect = ("asked", stage, items, actor, at, answer_by)
        self.go(at, "supplement_requested", actor, data, _SUPPLEMENT, {"resume_status": resume}, effect)
        if expired:  # the periodic job closes it once the 15 days have run out
            end = answer_by + timedelta(minutes=1)
            status = _NOT_ACCEPTED if stage == _RECEPTION else _STOPPED
            fields = {"finished_at": end, "resume_status": ""}
            self.go(
                end,
                "supplement_expired",
                None,
                {"requested_at": at.isoformat()},
                status,
                fields,
                ("closed", end),
            )
            return None
        # The papers come on a working day, mostly within a few days, always before the 15 days.
        day = t // clock.day
        pos = (day + 1 + min(int(rng.expovariate(1 / 2.5)), 8)) * clock.day + int(
            rng.uniform(0.05, 0.9) * clock.day
        )
        if clock.at(pos) >= answer_by:
            pos = (day + 1) * clock.day + int(rng.uniform(0.05, 0.5) * clock.day)
        return pos

    def hand_over(self, x: _Intake, t: int, desk: int, *, refused: bool) -> None:
        """The desk returns the result; many applicants then rate the service."""
        rng = self.rng
        if x.channel == _POST:
            via, t = _POST, t + self.hours(1, 8)
        elif x.channel == _ONLINE and (x.procedure.online_level == _FULL or rng.random() < 0.4):
            via, t = _ONLINE, t + self.hours(0.05, 1)
        else:  # back at the desk for the paper, mostly by the appointment
            via, t = _IN_PERSON, t + (self.hours(0.2, 12) if rng.random() < 0.95 else self.hours(16, 80))
        at = self.clock.at(t)
        self.go(at, "returned", desk, {"via": via}, _RETURNED, {"returned_via": via, "finished_at": at})
        if rng.random() >= (0.35 if refused else RATING_SHARE):
            return
        at = self.clock.at(t + self.hours(0.05, 16))
        score = rng.choices(_SCORES, cum_weights=_UNHAPPY_WEIGHTS if refused else _SCORE_WEIGHTS)[0]
        comment = ""
        if rng.random() < 0.25:
            comment = rng.choice(_COMPLAINTS if score is None or score <= 2 else _PRAISE)
        data = {"score": score, "dislike": score is None, "comment": comment}
        self.go(at, "rated", None, data, _RETURNED, None, ("rated", score, score is None, comment, at))

    def applicant(self, home: _Unit) -> tuple[str, str, str, str, str]:
        """Name, personal ID number, phone, e-mail and address of someone living in `home`."""
        rng = self.rng
        name, female = _person(rng)
        born = rng.randint(1950, 2006)
        century = 0 if born < 2000 else 2
        national_id = f"{self.c.code:03d}{century + female}{born % 100:02d}{rng.randrange(1_000_000):06d}"
        phone = f"09{rng.randrange(100_000_000):08d}"
        email = ""
        if rng.random() < 0.25:
            words = fold(name).split()
            email = f"{words[-1]}.{words[0]}{rng.randint(1, 999)}@example.com"
        return name, national_id, phone, email, f"{rng.choice(_PLACES)} {rng.randint(1, 18)}, {home.name}"

    def record(
        self,
        x: _Intake,
        code: str,
        person: tuple[str, str, str, str, str],
        decision_due: datetime | None,
        created_by: int | None,
    ) -> None:
        """The dossier as the steps taken before `until` left it, with its events and rows."""
        out, index, steps = self.out, len(self.out.dossiers), self.steps
        kept = len(steps)
        while kept > 1 and steps[kept - 1].at >= self.until:
            kept -= 1
        db, stored = self.db, self.stored
        stored.clear()

        def t(moment: datetime | None) -> Any:
            """A time as stored, converted once however many fields hold it."""
            if moment is None:
                return None
            value = stored.get(id(moment))
            if value is None:
                value = stored[id(moment)] = db(moment)
            return value

        f: dict[str, Any] = dict.fromkeys(_TIMES)
        f.update(decision_due_at=decision_due, legal_amount=None, legal_unit="", restarts=0, handler=None)
        f.update(result_kind="", returned_via=None, resume_status="")
        supplement: list[Any] | None = None
        prev = GENESIS
        for seq, (at, kind, actor, data, _status, fields, effect) in enumerate(steps[:kept], 1):
            if fields:
                f.update(fields)
            if effect is None:
                pass
            elif effect[0] == "asked":
                supplement = [index, effect[1], _json(effect[2]), effect[3], t(effect[4]), t(effect[5])]
                supplement += [None, None, None, None]
            elif effect[0] == "provided" and supplement is not None:
                supplement[6], supplement[8], supplement[9] = t(effect[1]), t(effect[2]), t(effect[3])
            elif effect[0] == "closed" and supplement is not None:
                supplement[7] = t(effect[1])
            elif effect[0] == "extended":
                out.extensions.append((index, effect[1], t(effect[2]), effect[3], t(effect[4]), t(effect[5])))
            elif effect[0] == "rated":
                out.ratings.append((index, *effect[1:4], t(effect[4])))
            digest = event_hash(
                code=code, seq=seq, kind=kind, actor_id=actor, at=at, data=data, prev_hash=prev
            )
            out.events.append((index, seq, kind, actor, t(at), _json(data), prev, digest))
            prev = digest
        if supplement is not None:
            out.supplements.append(tuple(supplement))
        out.ends.append(len(out.events))
        p, status = x.procedure, steps[kept - 1].status
        head = (code, p.id, p.version, x.receiving.id, x.competent.id, x.channel, status, *person)
        arrival = (None, created_by, None, f["handler"], t(steps[0].at), t(f["decision_due_at"]))
        run = (
            t(f["accepted_at"]),
            f["legal_amount"],
            f["legal_unit"],
            t(f["clock_started_at"]),
            f["restarts"],
        )
        dues = (t(f["due_at"]), t(f["original_due_at"]), t(f["transferred_at"]), t(f["resolved_at"]))
        end = (f["result_kind"], f["returned_via"], t(f["finished_at"]), f["resume_status"], kept)
        # No conditional legal time in the synthetic year: its reason column is empty.
        out.dossiers.append((*head, *arrival, *run, *dues, *end, ""))


_TIMES: Final = _words(
    "accepted_at clock_started_at due_at original_due_at transferred_at resolved_at finished_at"
)


# -- writing ------------------------------------------------------------------------------------------


class _Writer:
    """Writes rows in batches, one transaction each: `executemany` on SQLite, `COPY` on PostgreSQL."""

    def __init__(self, batch: int) -> None:
        self.batch = batch
        self.batches = 0
        self.vendor = connection.vendor
        if self.vendor not in ("sqlite", "postgresql"):
            raise NotImplementedError(f"Generating dossiers on {self.vendor} is not supported.")
        self.dossier_table = Dossier._meta.db_table
        self.cache: str | None = None
        self.pending: list[_Rows] = []
        self.waiting = 0  # dossiers in `pending`

    def pragma(self, name: str, value: str) -> str:
        """Set a pragma of this SQLite connection; return its former value."""
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA {name}")
            former = str(cursor.fetchone()[0])
            cursor.execute(f"PRAGMA {name} = {int(value)}")
        return former

    def close(self) -> None:
        if self.cache is not None:
            self.pragma("cache_size", self.cache)

    def add(self, rows: _Rows) -> Iterator[list[_Rows]]:
        """Take the rows of a chunk; write every batch they complete, and yield its parts."""
        start = 0
        while start < len(rows.dossiers):
            stop = min(len(rows.dossiers), start + self.batch - self.waiting)
            self.pending.append(rows.part(start, stop))
            self.waiting += stop - start
            start = stop
            if self.waiting >= self.batch:
                yield self.flush()

    def flush(self) -> list[_Rows]:
        """Write the waiting parts in one transaction; return them."""
        parts, self.pending, self.waiting = self.pending, [], 0
        if not parts:
            return parts
        if self.vendor == "sqlite" and self.cache is None:
            self.cache = self.pragma("cache_size", f"-{SQLITE_CACHE_KIB}")
        with transaction.atomic():
            if self.vendor == "postgresql":
                # Generated history can be generated again: no need to wait for each flush.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            # The sequences first: their upsert takes the write lock that `reserve` relies on.
            self.sequences([number for part in parts for number in part.numbers])
            ids = iter(self.reserve(sum(len(part.dossiers) for part in parts)))
            tables: dict[type[Model], tuple[list[str], list[tuple[Any, ...]]]] = {
                model: (names, [])
                for model, names in (
                    (Dossier, DOSSIER_FIELDS),
                    (Event, EVENT_FIELDS),
                    (Supplement, SUPPLEMENT_FIELDS),
                    (Extension, EXTENSION_FIELDS),
                    (Rating, RATING_FIELDS),
                )
            }
            for part in parts:
                own = [next(ids) for _row in part.dossiers]
                tables[Dossier][1].extend((pk, *row) for pk, row in zip(own, part.dossiers, strict=True))
                for model, items in (
                    (Event, part.events),
                    (Supplement, part.supplements),
                    (Extension, part.extensions),
                    (Rating, part.ratings),
                ):
                    tables[model][1].extend((own[row[0] - part.offset], *row[1:]) for row in items)
            for table, (names, rows) in tables.items():
                if rows:
                    self.insert(table, names, rows)
        self.batches += 1
        return parts

    def reserve(self, count: int) -> list[int]:
        """Ids for `count` new dossiers: drawn from the sequence (PostgreSQL), or past the highest
        ever issued, under the write lock the transaction already holds (SQLite)."""
        table = self.dossier_table
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                f"COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 0))",
                [table],
            )
            last = int(cursor.fetchone()[0])
        return list(range(last + 1, last + count + 1))

    def insert(self, model: type[Model], names: list[str], rows: list[tuple[Any, ...]]) -> None:
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(_column(model, name)) for name in names)
        if self.vendor == "sqlite":
            connection.ensure_connection()
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(names))})"
            connection.connection.executemany(sql, rows)
            return
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def sequences(self, numbers: list[tuple[str, date, int]]) -> None:
        """Raise each day's sequence to the highest number written, so that intake continues it."""
        last: dict[tuple[str, date], int] = {}
        for agency, day, number in numbers:
            if number > last.get((agency, day), 0):
                last[agency, day] = number
        adapt = connection.ops.adapt_datefield_value
        rows = [(agency, adapt(day), number) for (agency, day), number in last.items()]
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 1000):
                part = rows[start : start + 1000]
                cursor.execute(
                    "INSERT INTO dossiers_dailysequence (agency_code, day, last) VALUES "
                    + ", ".join(["(%s, %s, %s)"] * len(part))
                    + " ON CONFLICT (agency_code, day) DO UPDATE SET last = CASE "
                    "WHEN excluded.last > dossiers_dailysequence.last THEN excluded.last "
                    "ELSE dossiers_dailysequence.last END",
                    [value for row in part for value in row],
                )


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise TypeError(f"{model.__name__}.{name} is not a column.")
    return field.column


# -- names and texts -----------------------------------------------------------------------------------


def _person(rng: random.Random) -> tuple[str, bool]:
    """A Vietnamese full name, and whether she is a woman."""
    female = rng.random() < 0.52
    if rng.random() < 0.08:
        return (
            f"{'Ka' if female else 'K’'} {rng.choice(_MINORITY_GIVEN)} {rng.choice(_MINORITY_FAMILIES)}",
            female,
        )
    family = rng.choices(_FAMILIES, cum_weights=_FAMILY_WEIGHTS)[0]
    middle = rng.choice(_FEMALE_MIDDLE if female else _MALE_MIDDLE)
    given = rng.choice(_FEMALE_GIVEN if female else _MALE_GIVEN)
    return f"{family} {middle} {given}", female


_FAMILIES = _words("Nguyễn Trần Lê Phạm Hoàng Vũ Võ Phan Đặng Bùi Đỗ Hồ Ngô Dương Lý Trịnh Đinh Mai Cao")
_FAMILY_WEIGHTS = list(accumulate([38, 11, 9, 7, 5, 4, 4, 3, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1]))
_MALE_MIDDLE = _words("Văn Văn Đức Minh Quang Hữu Công Thanh Xuân")
_FEMALE_MIDDLE = _words("Thị Thị Thị Ngọc Thu Thanh Kim Mỹ")
_MALE_GIVEN = _words("Hùng Minh Nam Long Phúc Tài Sơn Quang Tuấn Dũng Hải Khoa Thắng Bình Trung Hiếu")
_FEMALE_GIVEN = _words("Hoa Lan Mai Thu Hằng Yến Ngọc Hạnh Vân Trang Linh Hương Nhung Thảo Phương Dung")
_MINORITY_FAMILIES = _words("Kơ Sa Liêng Ha Tơr Bon Đa Kră")
_MINORITY_GIVEN = _words("Brơi Điểu Sang Ju Blin Nhi Hương Mai Khiêm Lim")
_PLACES = ("Thôn", "Thôn", "Bon", "Tổ dân phố")
_MISSING: dict[str, list[str]] = {
    "*": [
        "Bản sao giấy tờ tùy thân còn hiệu lực của người yêu cầu",
        "Tờ khai chưa ghi đầy đủ thông tin và chưa ký",
        "Văn bản ủy quyền có chứng thực (người nộp thay)",
    ],
    "ho_tich": ["Giấy chứng sinh (bản chính)", "Giấy tờ chứng minh nơi cư trú"],
    "chung_thuc": ["Bản chính giấy tờ để đối chiếu", "Dự thảo hợp đồng có đủ chữ ký các bên"],
    "dat_dai": ["Sơ đồ thửa đất có xác nhận của trưởng thôn", "Giấy tờ về quyền sử dụng đất (bản sao)"],
    "ho_kinh_doanh": ["Hợp đồng thuê địa điểm kinh doanh"],
    "bao_tro_xa_hoi": ["Giấy xác nhận khuyết tật", "Danh sách có xác nhận của thôn"],
    "xay_dung": ["Bản vẽ thiết kế mặt bằng, mặt cắt"],
}
_PROVIDED = ["Công dân đã nộp bổ sung đầy đủ giấy tờ theo phiếu yêu cầu.", "Đã nhận giấy tờ bổ sung, hợp lệ."]
_REFUSALS = [
    "Giấy tờ xuất trình bị tẩy xóa, sửa chữa; không đủ căn cứ tiếp nhận.",
    "Người nộp không phải là người có quyền yêu cầu và không có văn bản ủy quyền.",
]
_WITHDRAWALS = ["Công dân xin rút hồ sơ để chuẩn bị lại và nộp sau.", "Công dân không còn nhu cầu."]
_STOPS = ["Người yêu cầu có đơn đề nghị dừng giải quyết hồ sơ."]
_DENIALS = ["Không đủ điều kiện theo quy định; kết quả xác minh không khớp thông tin kê khai."]
_DELAYS = [
    "Cần xác minh thêm thông tin tại cơ quan có liên quan. Thành thật xin lỗi ông/bà vì sự chậm trễ.",
    "Phải lấy ý kiến của cơ quan chuyên môn; xin lỗi ông/bà và hẹn lại ngày trả kết quả.",
]
_PRAISE = ["Cán bộ hướng dẫn tận tình.", "Giải quyết nhanh, đúng hẹn.", "Nộp trực tuyến rất thuận tiện."]
_COMPLAINTS = ["Phải chờ lâu.", "Trả kết quả trễ hẹn.", "Hướng dẫn chưa rõ, phải đi lại nhiều lần."]
_SCORES: list[int | None] = [5, 4, 3, 2, 1, None]  # None: a dislike
_SCORE_WEIGHTS = list(accumulate([56, 28, 9, 3, 1, 3]))
_UNHAPPY_WEIGHTS = list(accumulate([15, 30, 25, 12, 6, 12]))
