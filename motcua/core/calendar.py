"""The working calendar: working days, office hours and due instants (Vietnam, Decree 118/2025).

Working days are Monday–Friday less the public holidays and government swaps that the `holidays`
package knows for Vietnam, plus per-province overrides passed in as data. Every date question is
answered from a table precomputed for a range of years (a sorted array of working-day ordinals),
so a due date is one `bisect`, not a walk over the days in between. The table grows on demand.

Pure Python: no ORM, no database. Human-readable strings are translated only when asked for
(`DayStatus`, `Due.explanation()`), so importing or computing due dates needs no Django settings.
"""

from __future__ import annotations

import operator
import threading
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Any, Final, Literal, NamedTuple
from zoneinfo import ZoneInfo

import holidays
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language, gettext

VIETNAM_TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")
SAME_DAY_CUTOFF: Final = time(15, 0)

# The longest period a procedure may set, in working days (about 14 years).
MAX_WORKING_DAYS: Final = 3650
# Vietnam's civil service moved to a five-day week in October 1999 (Decree 188/1999), and the
# lunisolar tables of `holidays` end in 2100: outside these years the rules here do not hold.
MIN_YEAR: Final = 2000
MAX_YEAR: Final = 2100


class OutsideCalendar(ValueError):
    """A date outside MIN_YEAR–MAX_YEAR: bad input where a new date is computed (the API answers 422)."""


Unit = Literal["days", "hours", "same_day"]
UNITS: Final[frozenset[str]] = frozenset({"days", "hours", "same_day"})

_US_PER_HOUR: Final = 3_600_000_000
_US_PER_MINUTE: Final = 60_000_000

# Kinds of note kept for days whose status is not plain "weekday works, weekend rests".
_HOLIDAY: Final = 0
_SWAP: Final = 1
_OVERRIDE: Final = 2


def _us_of_day(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """Two office sessions a day, as local wall-clock times (a province may set its own)."""

    morning_start: time
    morning_end: time
    afternoon_start: time
    afternoon_end: time

    def __post_init__(self) -> None:
        times = (self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end)
        if any(t.tzinfo is not None for t in times):
            raise ValueError("Office hours are local wall-clock times: give times without tzinfo.")
        if not (times[0] < times[1] <= times[2] < times[3]):
            raise ValueError(
                "Office hours must run morning_start < morning_end <= afternoon_start < afternoon_end, "
                f"got {', '.join(t.isoformat() for t in times)}."
            )

    @property
    def opens(self) -> time:
        return self.morning_start

    @property
    def closes(self) -> time:
        return self.afternoon_end

    @property
    def morning_us(self) -> int:
        return _us_of_day(self.morning_end) - _us_of_day(self.morning_start)

    @property
    def day_us(self) -> int:
        """Office time in one working day, in microseconds."""
        return self.morning_us + _us_of_day(self.afternoon_end) - _us_of_day(self.afternoon_start)

    @property
    def hours_per_day(self) -> Decimal:
        return Decimal(self.day_us) / _US_PER_HOUR


DEFAULT_OFFICE_HOURS: Final = OfficeHours(time(7, 30), time(11, 30), time(13, 30), time(17, 30))


@dataclass(frozen=True, slots=True)
class DayOverride:
    """A province's own decision about one day: an extra day off, or an extra working day."""

    day: date
    working: bool
    reason: str


@dataclass(frozen=True, slots=True)
class DayStatus:
    working: bool
    reason: str


@dataclass(frozen=True, slots=True)
class ExplanationLine:
    day: date
    what: str

    def text(self) -> str:
        return f"{self.day.isoformat()} {WEEKDAYS[self.day.weekday()]}: {self.what}"


class Due(NamedTuple):
    """A computed due instant. Cheap to build (a tuple: the due-time hot path creates hundreds of
    thousands a second, and a frozen dataclass's __init__ alone cost more than the arithmetic);
    the explanation is only worked out when asked for."""

    start: datetime
    due: datetime
    amount: int | Decimal
    unit: str
    calendar: WorkingCalendar

    def __repr__(self) -> str:
        return f"Due(start={self.start!r}, due={self.due!r}, amount={self.amount!r}, unit={self.unit!r})"

    def explanation(self) -> list[ExplanationLine]:
        return self.calendar.explain(self)

    def explanation_text(self) -> str:
        return "\n".join(line.text() for line in self.explanation())


class _Table:
    """Working days of a closed range of years, with everything the hot paths read."""

    __slots__ = (
        "after",
        "closes",
        "first_year",
        "index",
        "last_year",
        "max_ordinal",
        "min_ordinal",
        "notes",
        "ordinals",
    )

    def __init__(
        self,
        first_year: int,
        last_year: int,
        ordinals: list[int],
        notes: dict[int, tuple[int, str]],
        closes: list[datetime],
    ) -> None:
        self.first_year = first_year
        self.last_year = last_year
        self.min_ordinal = date(first_year, 1, 1).toordinal()
        self.max_ordinal = date(last_year, 12, 31).toordinal()
        self.ordinals = ordinals
        self.index = {o: i for i, o in enumerate(ordinals)}
        self.notes = notes
        self.closes = closes
        # after[d] = index of the first working day strictly after day min_ordinal + d: one list
        # read instead of a binary search on the due-time hot path.
        self.after = [bisect_right(ordinals, o) for o in range(self.min_ordinal, self.max_ordinal + 1)]


def _swapped_days_off(calendar: holidays.HolidayBase) -> dict[date, date]:
    """Working weekend day → the day off it pays for, from the package's substitution data."""
    swaps: dict[date, date] = {}
    specials: dict[int, Any] = getattr(calendar, "special_public_holidays", {}) or {}
    for year, entries in specials.items():
        # The package stores one entry as a bare tuple and several as a tuple of tuples.
        for entry in entries if entries and isinstance(entries[0], tuple) else (entries,):
            if len(entry) >= 4:
                from_year = entry[4] if len(entry) == 5 else year
                swaps[date(from_year, entry[2], entry[3])] = date(year, entry[0], entry[1])
    return swaps


class WorkingCalendar:
    """Working days and office hours of one province. Immutable once built; safe to share."""

    def __init__(
        self,
        *,
        overrides: Iterable[DayOverride] = (),
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        first_year: int = 2020,
        last_year: int = 2035,
        tz: tzinfo = VIETNAM_TZ,
    ) -> None:
        self._check_years(first_year, last_year)
        self.office_hours = office_hours
        self.tz = tz
        self.overrides: dict[date, DayOverride] = {}
        for override in overrides:
            known = self.overrides.get(override.day)
            if known is not None and known.working != override.working:
                raise ValueError(
                    f"Contradictory overrides for {override.day.isoformat()}: {known} and {override}."
                )
            self.overrides[override.day] = override
        hours = office_hours
        self._morning_start = _us_of_day(hours.morning_start)
        self._morning_end = _us_of_day(hours.morning_end)
        self._afternoon_start = _us_of_day(hours.afternoon_start)
        self._afternoon_end = _us_of_day(hours.afternoon_end)
        self._morning_us = hours.morning_us
        self._day_us = hours.day_us
        self._lock = threading.Lock()
        self._names: dict[str, holidays.HolidayBase] = {}
        self._table = self._build(first_year, last_year)

    # -- the precomputed table ----------------------------------------------------------------

    @staticmethod
    def _check_years(first_year: int, last_year: int) -> None:
        if not MIN_YEAR <= first_year <= last_year <= MAX_YEAR:
            raise OutsideCalendar(
                f"The working calendar covers years {MIN_YEAR}–{MAX_YEAR} (five-day week, holiday data); "
                f"asked for {first_year}–{last_year}."
            )

    def _build(self, first_year: int, last_year: int) -> _Table:
        source = holidays.country_holidays("VN", years=range(first_year, last_year + 1))
        swaps = _swapped_days_off(source)
        ordinals: list[int] = []
        notes: dict[int, tuple[int, str]] = {}
        day = date(first_year, 1, 1)
        end = date(last_year, 12, 31)
        one = timedelta(days=1)
        while day <= end:
            o = day.toordinal()
            override = self.overrides.get(day)
            if override is not None:
                working = override.working
                notes[o] = (_OVERRIDE, override.reason)
            else:
                working = source.is_working_day(day)
                if day in source:
                    notes[o] = (_HOLIDAY, "")
                elif working and day.weekday() >= 5:
                    swapped = swaps.get(day)
                    notes[o] = (_SWAP, swapped.isoformat() if swapped else "")
            if working:
                ordinals.append(o)
            day += one
        closes = [datetime.combine(date.fromordinal(o), self.office_hours.closes, self.tz) for o in ordinals]
        return _Table(first_year, last_year, ordinals, notes, closes)

    def _covering(self, ordinal: int) -> _Table:
        """The table, grown if needed so that it holds the given day."""
        table = self._table
        if table.min_ordinal <= ordinal <= table.max_ordinal:
            return table
        year = date.fromordinal(ordinal).year
        return self._grow(min(year, table.first_year), max(year, table.last_year))

    def _reaching(self, table: _Table, index: int) -> _Table:
        """The table, grown forwards until it holds the working day at `index` (indices stay put)."""
        while index >= len(table.ordinals):
            # About 245 working days a year; one spare year covers the next call too.
            missing_years = (index - len(table.ordinals)) // 240 + 2
            if table.last_year >= MAX_YEAR:
                raise OutsideCalendar(f"The due date falls after {MAX_YEAR}, beyond the holiday data.")
            table = self._grow(table.first_year, min(MAX_YEAR, table.last_year + missing_years))
        return table

    def _grow(self, first_year: int, last_year: int) -> _Table:
        self._check_years(first_year, last_year)
        with self._lock:
            table = self._table
            if table.first_year <= first_year and last_year <= table.last_year:
                return table
            table = self._build(min(first_year, table.first_year), max(last_year, table.last_year))
            # One assignment: readers see the old table or the new one, never half of each.
            self._table = table
            return table

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is self.tz:
            return moment
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(
                f"Naive datetime {moment.isoformat()}: the working calendar needs timezone-aware datetimes."
            )
        return moment.astimezone(self.tz)

    def _local_day(self, day: date) -> date:
        return self._local(day).date() if isinstance(day, datetime) else day

    # -- days -----------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        ordinal = self._local_day(day).toordinal()
        return ordinal in self._covering(ordinal).index

    def day_status(self, day: date) -> DayStatus:
        day = self._local_day(day)
        ordinal = day.toordinal()
        table = self._covering(ordinal)
        working = ordinal in table.index
        note = table.notes.get(ordinal)
        weekday = str(WEEKDAYS[day.weekday()])
        if note is None:
            return DayStatus(working, weekday)
        kind, payload = note
        if kind == _OVERRIDE:
            return DayStatus(working, payload)
        if kind == _HOLIDAY:
            return DayStatus(working, self._holiday_name(day))
        if payload:
            swapped = date.fromisoformat(payload)
            reason = gettext("Working %(weekday)s (swap for %(day)s)") % {
                "weekday": weekday,
                "day": swapped.strftime("%d/%m/%Y"),
            }
        else:
            reason = gettext("Working %(weekday)s") % {"weekday": weekday}
        return DayStatus(working, reason)

    def _holiday_name(self, day: date) -> str:
        # The package translates its own names; Vietnamese and English are what it offers.
        language = "vi" if (get_language() or "").startswith("vi") else "en_US"
        source = self._names.get(language)
        if source is None:
            # Built on first use and left to fill in the years it is asked about.
            source = self._names[language] = holidays.country_holidays("VN", language=language)
        return str(source.get(day, ""))

    def next_working_day(self, day: date) -> date:
        ordinal = self._local_day(day).toordinal()
        table = self._covering(ordinal)
        index = bisect_right(table.ordinals, ordinal)
        table = self._reaching(table, index)
        return date.fromordinal(table.ordinals[index])

    # -- due instants ---------------------------------------------------------------------------

    def due_after_working_days(self, start: datetime, days: int) -> Due:
        """Close of office hours on the `days`-th working day after the day of `start`.

        Civil Code 2015 Art.147–148: the day of acceptance is not counted, whatever the hour.
        `days=0` means the close of the acceptance day, or of the next working day if it rests.
        """
        return Due(start, self.due_time_after_working_days(start, days), days, "days", self)

    def due_time_after_working_days(self, start: datetime, days: int) -> datetime:
        """The instant of `due_after_working_days` alone, for code that stores due times in bulk."""
        local = start if start.tzinfo is self.tz else self._local(start)
        if days.__class__ is not int:
            days = operator.index(days)
        if days < 0 or days > MAX_WORKING_DAYS:
            raise ValueError(f"A period in working days must be 0–{MAX_WORKING_DAYS}, got {days}.")
        ordinal = local.toordinal()
        table = self._table
        if not table.min_ordinal <= ordinal <= table.max_ordinal:
            table = self._covering(ordinal)
        index = table.after[ordinal - table.min_ordinal]
        if days:
            index += days - 1
        elif index and table.ordinals[index - 1] == ordinal:
            index -= 1
        if index >= len(table.ordinals):
            table = self._reaching(table, index)
        return table.closes[index]

    def due_same_day(self, start: datetime) -> Due:
        """Close of today if accepted on a working day before 15:00, else close of the next working day."""
        local = self._local(start)
        ordinal = local.toordinal()
        table = self._covering(ordinal)
        index = table.index.get(ordinal)
        if index is None or local.time() >= SAME_DAY_CUTOFF:
            index = bisect_right(table.ordinals, ordinal)
            table = self._reaching(table, index)
        return Due(start, table.closes[index], 0, "same_day", self)

    def due_after_working_hours(self, start: datetime, hours: int | Decimal) -> Due:
        """The instant the `hours`-th hour of office time is used up, counting from `start`.

        A due instant that lands exactly on the end of a session stays there (11:30 or 17:30).
        """
        amount = hours if isinstance(hours, Decimal) else Decimal(operator.index(hours))
        if amount < 0 or not amount.is_finite():
            raise ValueError(f"A period in working hours must be zero or more, got {hours}.")
        wanted = int((amount * _US_PER_HOUR).to_integral_value(ROUND_HALF_EVEN))
        local = self._local(start)
        table = self._covering(local.toordinal())
        position = self._position(table, local)
        if wanted:
            target = position + wanted
            # The day that holds the target; a target on a day boundary belongs to the earlier day.
            index = (target - 1) // self._day_us
            offset = target - index * self._day_us
            instant_at_end = True
        else:
            # Nothing to count: the instant counting would start from (13:30, not 11:30, at lunch).
            index, offset = divmod(position, self._day_us)
            instant_at_end = False
        table = self._reaching(table, index)
        return Due(start, self._instant(table, index, offset, at_end=instant_at_end), hours, "hours", self)

    def due(self, start: datetime, amount: int, unit: str) -> Due:
        """Dispatch on the unit a procedure states its time limit in."""
        if unit == "days":
            return self.due_after_working_days(start, amount)
        if unit == "hours":
            return self.due_after_working_hours(start, amount)
        if unit == "same_day":
            if amount not in (0, 1):
                raise ValueError(f"A same-day period has no amount other than 0 or 1, got {amount}.")
            return self.due_same_day(start)
        raise ValueError(f"Unknown time unit {unit!r}: expected one of {', '.join(sorted(UNITS))}.")

    # -- elapsed office time --------------------------------------------------------------------

    def working_hours_between(self, start: datetime, end: datetime) -> Decimal:
        """Office time from `start` to `end` in hours; negative if `end` is earlier."""
        return Decimal(self._elapsed_us(start, end)) / _US_PER_HOUR

    def working_days_between(self, start: datetime, end: datetime) -> Decimal:
        """Office time from `start` to `end` in working days (a full day of office hours is 1)."""
        return Decimal(self._elapsed_us(start, end)) / self._day_us

    def _elapsed_us(self, start: datetime, end: datetime) -> int:
        local_start, local_end = self._local(start), self._local(end)
        # A stored date beyond the holiday data (a due time in 2200, say) must not break the pages
        # that show it: the part outside the covered years counts as a five-day week, no holidays.
        extra = self._outside_us(local_end) - self._outside_us(local_start)
        local_start, local_end = self._inside(local_start), self._inside(local_end)
        self._covering(local_start.toordinal())
        table = self._covering(local_end.toordinal())
        return self._position(table, local_end) - self._position(table, local_start) + extra

    def _inside(self, local: datetime) -> datetime:
        if local.year > MAX_YEAR:
            return datetime.combine(date(MAX_YEAR, 12, 31), time.max, self.tz)
        if local.year < MIN_YEAR:
            return datetime.combine(date(MIN_YEAR, 1, 1), time.min, self.tz)
        return local

    def _outside_us(self, local: datetime) -> int:
        """Office time between the edge of the covered years and `local` (negative before MIN_YEAR)."""
        if local.year > MAX_YEAR:
            return _weekdays(date(MAX_YEAR + 1, 1, 1), local.date()) * self._day_us
        if local.year < MIN_YEAR:
            return -_weekdays(local.date(), date(MIN_YEAR, 1, 1)) * self._day_us
        return 0

    def _position(self, table: _Table, local: datetime) -> int:
        """Office microseconds from the start of the table up to `local`."""
        ordinal = local.toordinal()
        index = table.index.get(ordinal)
        if index is None:
            return bisect_right(table.ordinals, ordinal) * self._day_us
        now = _us_of_day(local.timetz())
        if now <= self._morning_start:
            offset = 0
        elif now < self._morning_end:
            offset = now - self._morning_start
        elif now <= self._afternoon_start:
            offset = self._morning_us
        elif now < self._afternoon_end:
            offset = self._morning_us + now - self._afternoon_start
        else:
            offset = self._day_us
        return index * self._day_us + offset

    def _instant(self, table: _Table, index: int, offset: int, *, at_end: bool) -> datetime:
        """The local instant `offset` office microseconds into the working day at `index`.

        At the lunch boundary the offset names two instants: 11:30 when time ends there
        (`at_end`), 13:30 when it starts there.
        """
        if offset < self._morning_us or (at_end and offset == self._morning_us):
            clock = self._morning_start + offset
        else:
            clock = self._afternoon_start + offset - self._morning_us
        midnight = datetime.combine(date.fromordinal(table.ordinals[index]), time(0), self.tz)
        return midnight + timedelta(microseconds=clock)

    # -- explanations ---------------------------------------------------------------------------

    def explain(self, due: Due) -> list[ExplanationLine]:
        """Day-by-day account of how `due` was reached, in the active language."""
        local_start = self._local(due.start)
        local_due = self._local(due.due)
        if due.unit == "hours":
            return self._explain_hours(local_start, local_due)
        first, last = local_start.date(), local_due.date()
        values = {"time": _hhmm(local_start.time()), "cutoff": _hhmm(SAME_DAY_CUTOFF)}
        if due.unit == "same_day":
            status = self.day_status(first)
            if not status.working:
                values["reason"] = status.reason
                what = gettext(
                    "accepted at %(time)s on a non-working day (%(reason)s): due the next working day"
                )
            elif local_start.time() >= SAME_DAY_CUTOFF:
                what = gettext(
                    "accepted at %(time)s, at or after the %(cutoff)s cut-off: due the next working day"
                )
            else:
                what = gettext("accepted at %(time)s, before the %(cutoff)s cut-off: due the same day")
            lines = [ExplanationLine(first, what % values), *self._skipped_between(first, last)]
        elif due.amount == 0:
            if self.is_working_day(first):
                what = gettext("accepted at %(time)s; a period of 0 working days ends this working day")
            else:
                what = gettext("accepted at %(time)s; a period of 0 working days ends the next working day")
            lines = [ExplanationLine(first, what % values), *self._skipped_between(first, last)]
        else:
            what = gettext("accepted at %(time)s; the period starts on the next working day")
            lines = [ExplanationLine(first, what % values), *self._counted_days(first, last, int(due.amount))]
        what = gettext("due at the close of office hours, %(time)s")
        lines.append(ExplanationLine(last, what % {"time": _hhmm(local_due.time())}))
        return lines

    def _skipped_between(self, after: date, until: date) -> list[ExplanationLine]:
        lines = []
        day = after + timedelta(days=1)
        while day < until:
            lines.append(ExplanationLine(day, _skipped(self.day_status(day))))
            day += timedelta(days=1)
        return lines

    def _counted_days(self, after: date, until: date, total: int) -> list[ExplanationLine]:
        lines = []
        counted = 0
        day = after + timedelta(days=1)
        while day <= until:
            status = self.day_status(day)
            if status.working:
                counted += 1
                values = {"n": counted, "total": total, "reason": status.reason}
                if day.weekday() >= 5:
                    what = gettext("counted as working day %(n)s of %(total)s (%(reason)s)") % values
                else:
                    what = gettext("counted as working day %(n)s of %(total)s") % values
                lines.append(ExplanationLine(day, what))
            else:
                lines.append(ExplanationLine(day, _skipped(status)))
            day += timedelta(days=1)
        return lines

    def _explain_hours(self, local_start: datetime, local_due: datetime) -> list[ExplanationLine]:
        table = self._covering(local_due.toordinal())
        start_position = self._position(table, local_start)
        due_position = self._position(table, local_due)
        total = _hours_text(due_position - start_position)
        what = gettext("accepted at %(time)s; %(total)s office hours to count")
        lines = [
            ExplanationLine(
                local_start.date(), what % {"time": local_start.strftime("%H:%M"), "total": total}
            )
        ]
        done = 0
        day = local_start.date()
        while day <= local_due.date():
            index = table.index.get(day.toordinal())
            if index is None:
                lines.append(ExplanationLine(day, _skipped(self.day_status(day))))
            else:
                day_start = index * self._day_us
                used = min(due_position, day_start + self._day_us) - max(start_position, day_start)
                if used > 0:
                    done += used
                    what = gettext("counted %(hours)s office hours (%(done)s of %(total)s)")
                    values = {"hours": _hours_text(used), "done": _hours_text(done), "total": total}
                    lines.append(ExplanationLine(day, what % values))
                elif day == local_start.date():
                    lines.append(ExplanationLine(day, gettext("no office time left on this day")))
            day += timedelta(days=1)
        what = gettext("due at %(time)s")
        lines.append(ExplanationLine(local_due.date(), what % {"time": _hhmm(local_due.time())}))
        return lines


def _weekdays(first: date, end: date) -> int:
    """Mondays to Fridays from `first` up to, not including, `end`."""
    days = (end - first).days
    weeks, rest = divmod(days, 7)
    start = first.weekday()
    return weeks * 5 + sum(1 for i in range(rest) if (start + i) % 7 < 5)


def _skipped(status: DayStatus) -> str:
    return gettext("skipped: %(reason)s") % {"reason": status.reason}


def _hhmm(t: time) -> str:
    return t.strftime("%H:%M")


def _hours_text(us: int) -> str:
    return format((Decimal(us) / _US_PER_HOUR).normalize(), "f")


@lru_cache(maxsize=64)
def _cached_calendar(overrides: tuple[DayOverride, ...], office_hours: OfficeHours) -> WorkingCalendar:
    return WorkingCalendar(overrides=overrides, office_hours=office_hours)


def vietnam_calendar(
    overrides: Iterable[DayOverride] = (), office_hours: OfficeHours = DEFAULT_OFFICE_HOURS
) -> WorkingCalendar:
    """A shared calendar for these overrides and hours: built once, reused by every caller."""
    key = tuple(sorted(set(overrides), key=lambda o: (o.day, o.working, o.reason)))
    return _cached_calendar(key, office_hours)
