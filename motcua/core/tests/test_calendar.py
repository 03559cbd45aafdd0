"""The working calendar: each rule with exact instants, each fact of the holiday data it relies on.

November 2026 is the running example: Fri 20, Sat 21, Sun 22, Mon 23, Tue 24 (Vietnam Cultural
Day, a holiday from 2026), Wed 25, Thu 26, Fri 27, Sat 28.
"""

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.utils import translation

from motcua.core.calendar import (
    DEFAULT_OFFICE_HOURS,
    MAX_WORKING_DAYS,
    SAME_DAY_CUTOFF,
    VIETNAM_TZ,
    DayOverride,
    DayStatus,
    ExplanationLine,
    OfficeHours,
    WorkingCalendar,
    vietnam_calendar,
)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM_TZ)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    # Reasons and explanations are asserted in the English source strings.
    with translation.override("en"):
        yield


@pytest.fixture
def cal() -> WorkingCalendar:
    return vietnam_calendar()


# -- office hours -------------------------------------------------------------------------------


def test_default_office_hours() -> None:
    assert DEFAULT_OFFICE_HOURS.opens == time(7, 30)
    assert DEFAULT_OFFICE_HOURS.closes == time(17, 30)
    assert DEFAULT_OFFICE_HOURS.hours_per_day == 8
    assert time(15, 0) == SAME_DAY_CUTOFF


def test_office_hours_must_be_in_order() -> None:
    with pytest.raises(ValueError, match="morning_start < morning_end"):
        OfficeHours(time(7, 30), time(13, 30), time(11, 30), time(17, 30))


def test_office_hours_are_wall_clock_times() -> None:
    with pytest.raises(ValueError, match="without tzinfo"):
        OfficeHours(time(7, 30, tzinfo=UTC), time(11, 30), time(13, 30), time(17, 30))


def test_office_hours_per_province() -> None:
    hours = OfficeHours(time(7, 0), time(11, 30), time(13, 0), time(16, 30))
    assert hours.hours_per_day == 8
    cal = WorkingCalendar(office_hours=hours, first_year=2026, last_year=2026)
    assert cal.due_after_working_days(at(2026, 11, 20, 10), 1).due == at(2026, 11, 23, 16, 30)
    assert cal.due_after_working_hours(at(2026, 11, 23, 11), 1).due == at(2026, 11, 23, 13, 30)


# -- facts of the holiday data (holidays 0.109) ---------------------------------------------------


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2026, 11, 24), DayStatus(False, "Vietnam Cultural Day")),
        (date(2026, 8, 22), DayStatus(True, "Working Saturday (swap for 31/08/2026)")),
        (date(2026, 8, 31), DayStatus(False, "Day off (substituted from 08/22/2026)")),
        (date(2026, 9, 1), DayStatus(False, "National Day")),
        (date(2026, 9, 2), DayStatus(False, "National Day")),
        (date(2025, 4, 26), DayStatus(True, "Working Saturday (swap for 02/05/2025)")),
        (date(2025, 5, 2), DayStatus(False, "Day off (substituted from 04/26/2025)")),
        (date(2026, 4, 26), DayStatus(False, "Hung Kings' Commemoration Day")),
        (date(2026, 4, 27), DayStatus(False, "Hung Kings' Commemoration Day (observed)")),
        (date(2026, 11, 21), DayStatus(False, "Saturday")),
        (date(2026, 11, 22), DayStatus(False, "Sunday")),
        (date(2026, 11, 23), DayStatus(True, "Monday")),
    ],
)
def test_day_status(cal: WorkingCalendar, day: date, status: DayStatus) -> None:
    assert cal.day_status(day) == status
    assert cal.is_working_day(day) is status.working


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 2, 16), "Lunar New Year's Eve"),
        (date(2026, 2, 17), "Lunar New Year"),
        (date(2026, 2, 18), "Second Day of Lunar New Year"),
        (date(2026, 2, 19), "Third Day of Lunar New Year"),
        (date(2026, 2, 20), "Fourth Day of Lunar New Year"),
    ],
)
def test_tet_2026_is_monday_16_to_friday_20_february(cal: WorkingCalendar, day: date, name: str) -> None:
    assert cal.day_status(day) == DayStatus(False, name)


def test_tet_2026_is_framed_by_working_days(cal: WorkingCalendar) -> None:
    assert cal.is_working_day(date(2026, 2, 13))
    assert [cal.is_working_day(date(2026, 2, d)) for d in range(14, 23)] == [False] * 9
    assert cal.is_working_day(date(2026, 2, 23))


def test_holiday_names_follow_the_active_language(cal: WorkingCalendar) -> None:
    with translation.override("vi"):
        assert cal.day_status(date(2026, 11, 24)).reason == "Ngày Văn hóa Việt Nam"


def test_the_library_says_the_same_thing() -> None:
    source = holidays.country_holidays("VN", years=2026, language="en_US")
    assert source[date(2026, 11, 24)] == "Vietnam Cultural Day"
    assert date(2026, 8, 22) in source.weekend_workdays


def test_next_working_day_is_strictly_after(cal: WorkingCalendar) -> None:
    assert cal.next_working_day(date(2026, 11, 20)) == date(2026, 11, 23)
    assert cal.next_working_day(date(2026, 11, 23)) == date(2026, 11, 25)
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert cal.next_working_day(date(2026, 8, 21)) == date(2026, 8, 22)


# -- N working days ---------------------------------------------------------------------------------


def test_three_working_days_skip_the_weekend_and_the_cultural_day(cal: WorkingCalendar) -> None:
    due = cal.due_after_working_days(at(2026, 11, 20, 10), 3)
    assert due.due == at(2026, 11, 26, 17, 30)
    assert (due.start, due.amount, due.unit) == (at(2026, 11, 20, 10), 3, "days")


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # The acceptance day is never counted, even when accepted before opening.
        (at(2026, 11, 20, 7), 1, at(2026, 11, 23, 17, 30)),
        (at(2026, 11, 23, 7), 1, at(2026, 11, 25, 17, 30)),
        # Accepted on a non-working day: the first working day after it counts as day 1.
        (at(2026, 11, 22, 10), 1, at(2026, 11, 23, 17, 30)),
        (at(2026, 11, 24, 10), 1, at(2026, 11, 25, 17, 30)),
        # Tết 2026.
        (at(2026, 2, 12, 14), 2, at(2026, 2, 23, 17, 30)),
        # The working Saturday of 22 August 2026 counts; its swapped Monday and National Day do not.
        (at(2026, 8, 21, 9), 1, at(2026, 8, 22, 17, 30)),
        (at(2026, 8, 28, 9), 1, at(2026, 9, 3, 17, 30)),
        (at(2025, 4, 25, 9), 1, at(2025, 4, 26, 17, 30)),
        (at(2025, 4, 29, 9), 2, at(2025, 5, 6, 17, 30)),
        # Across the new year.
        (at(2026, 12, 30, 9), 2, at(2027, 1, 4, 17, 30)),
    ],
)
def test_working_days(cal: WorkingCalendar, start: datetime, days: int, expected: datetime) -> None:
    assert cal.due_after_working_days(start, days).due == expected


def test_zero_days_is_the_close_of_the_acceptance_working_day(cal: WorkingCalendar) -> None:
    assert cal.due_after_working_days(at(2026, 11, 20, 16), 0).due == at(2026, 11, 20, 17, 30)
    # The rule as stated: even accepted after closing, a 0-day period ends at that day's close.
    assert cal.due_after_working_days(at(2026, 11, 20, 18), 0).due == at(2026, 11, 20, 17, 30)


def test_zero_days_on_a_non_working_day_is_the_close_of_the_next_one(cal: WorkingCalendar) -> None:
    assert cal.due_after_working_days(at(2026, 11, 21, 10), 0).due == at(2026, 11, 23, 17, 30)
    assert cal.due_after_working_days(at(2026, 11, 24, 10), 0).due == at(2026, 11, 25, 17, 30)


def test_start_in_another_timezone_is_read_as_vietnam_time(cal: WorkingCalendar) -> None:
    # 18:00 UTC on Friday is 01:00 on Saturday in Hanoi: accepted on a non-working day.
    start = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    due = cal.due_after_working_days(start, 1)
    assert due.due == at(2026, 11, 23, 17, 30)
    assert due.start is start
    assert cal.due_after_working_days(datetime(2026, 11, 20, 16, 59, tzinfo=UTC), 1).due == at(
        2026, 11, 23, 17, 30
    )
    assert cal.due_after_working_days(datetime(2026, 11, 20, 17, 0, tzinfo=UTC), 0).due == at(
        2026, 11, 23, 17, 30
    )


def test_the_longest_period_runs_past_the_precomputed_years(cal: WorkingCalendar) -> None:
    start = at(2026, 1, 1, 9)
    due = cal.due_after_working_days(start, MAX_WORKING_DAYS)
    source = holidays.country_holidays("VN", years=range(2026, 2042))
    day, counted = start.date(), 0
    while counted < MAX_WORKING_DAYS:
        day += timedelta(days=1)
        counted += source.is_working_day(day)
    assert due.due == datetime.combine(day, time(17, 30), VIETNAM_TZ)
    assert due.due == at(2040, 8, 31, 17, 30)


def test_a_narrow_calendar_grows_both_ways() -> None:
    cal = WorkingCalendar(first_year=2026, last_year=2026)
    assert cal.due_after_working_days(at(2026, 12, 30, 9), 2).due == at(2027, 1, 4, 17, 30)
    assert cal.due_after_working_days(at(2021, 3, 5, 9), 1).due == at(2021, 3, 8, 17, 30)
    assert not cal.is_working_day(date(2030, 9, 2))


def test_years_without_holiday_data_are_refused() -> None:
    cal = WorkingCalendar(first_year=2026, last_year=2026)
    with pytest.raises(ValueError, match="2000–2100"):
        cal.is_working_day(date(2101, 1, 3))
    with pytest.raises(ValueError, match="after 2100"):
        cal.due_after_working_days(at(2095, 1, 3, 9), MAX_WORKING_DAYS)
    with pytest.raises(ValueError, match="2000–2100"):
        WorkingCalendar(first_year=1999)


@pytest.mark.parametrize("days", [-1, MAX_WORKING_DAYS + 1])
def test_working_days_out_of_bounds(cal: WorkingCalendar, days: int) -> None:
    with pytest.raises(ValueError, match="0–3650"):
        cal.due_after_working_days(at(2026, 11, 20, 10), days)


def test_working_days_must_be_whole(cal: WorkingCalendar) -> None:
    with pytest.raises(TypeError):
        cal.due_after_working_days(at(2026, 11, 20, 10), 1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "call",
    [
        lambda cal, start: cal.due_after_working_days(start, 1),
        lambda cal, start: cal.due_after_working_hours(start, 1),
        lambda cal, start: cal.due_same_day(start),
        lambda cal, start: cal.working_hours_between(start, at(2026, 11, 23)),
        lambda cal, start: cal.working_days_between(at(2026, 11, 23), start),
        lambda cal, start: cal.is_working_day(start),
    ],
)
def test_naive_datetimes_are_refused(cal: WorkingCalendar, call) -> None:
    with pytest.raises(ValueError, match=r"Naive datetime 2026-11-20T10:00:00: .* timezone-aware"):
        call(cal, datetime(2026, 11, 20, 10, 0))


# -- same day -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(2026, 11, 20, 6), at(2026, 11, 20, 17, 30)),
        (at(2026, 11, 20, 14, 59), at(2026, 11, 20, 17, 30)),
        (at(2026, 11, 20, 15, 0), at(2026, 11, 23, 17, 30)),
        (at(2026, 11, 20, 19), at(2026, 11, 23, 17, 30)),
        (at(2026, 11, 21, 9), at(2026, 11, 23, 17, 30)),
        (at(2026, 11, 23, 15, 30), at(2026, 11, 25, 17, 30)),
        (at(2026, 8, 22, 10), at(2026, 8, 22, 17, 30)),
    ],
)
def test_same_day(cal: WorkingCalendar, start: datetime, expected: datetime) -> None:
    due = cal.due_same_day(start)
    assert (due.due, due.unit) == (expected, "same_day")


# -- N working hours ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (at(2026, 11, 23, 10), 1, at(2026, 11, 23, 11)),
        # Landing exactly on a session end stays there.
        (at(2026, 11, 23, 10), Decimal("1.5"), at(2026, 11, 23, 11, 30)),
        (at(2026, 11, 20, 13, 30), 4, at(2026, 11, 20, 17, 30)),
        (at(2026, 11, 23, 7, 30), 8, at(2026, 11, 23, 17, 30)),
        (at(2026, 11, 23, 11, 15), Decimal("0.25"), at(2026, 11, 23, 11, 30)),
        # Across lunch.
        (at(2026, 11, 23, 10), 2, at(2026, 11, 23, 14)),
        (at(2026, 11, 23, 12), 1, at(2026, 11, 23, 14, 30)),
        (at(2026, 11, 23, 11, 30), Decimal("0.5"), at(2026, 11, 23, 14)),
        # Before opening, after closing.
        (at(2026, 11, 20, 6), 4, at(2026, 11, 20, 11, 30)),
        (at(2026, 11, 20, 18), 1, at(2026, 11, 23, 8, 30)),
        # Across the weekend.
        (at(2026, 11, 20, 16, 30), 2, at(2026, 11, 23, 8, 30)),
        (at(2026, 11, 21, 10), 8, at(2026, 11, 23, 17, 30)),
        # Across the holiday: the 8 working hours an online dossier may wait for acceptance.
        (at(2026, 11, 23, 16, 30), 8, at(2026, 11, 25, 16, 30)),
        (at(2026, 11, 20, 10), 8, at(2026, 11, 23, 10)),
        (at(2026, 11, 20, 10), 40, at(2026, 11, 30, 10)),
        # Zero hours: the instant counting would start from.
        (at(2026, 11, 23, 12), 0, at(2026, 11, 23, 13, 30)),
        (at(2026, 11, 23, 9, 15), 0, at(2026, 11, 23, 9, 15)),
    ],
)
def test_working_hours(
    cal: WorkingCalendar, start: datetime, hours: int | Decimal, expected: datetime
) -> None:
    due = cal.due_after_working_hours(start, hours)
    assert (due.due, due.amount, due.unit) == (expected, hours, "hours")


def test_working_hours_cannot_be_negative(cal: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="zero or more"):
        cal.due_after_working_hours(at(2026, 11, 23, 10), -1)
    with pytest.raises(ValueError, match="zero or more"):
        cal.due_after_working_hours(at(2026, 11, 23, 10), Decimal("-0.5"))


def test_working_hours_between(cal: WorkingCalendar) -> None:
    # Friday 5.5 + Monday 8 + (Tuesday a holiday) + Wednesday 1.5.
    assert cal.working_hours_between(at(2026, 11, 20, 10), at(2026, 11, 25, 9)) == 15
    assert cal.working_hours_between(at(2026, 11, 25, 9), at(2026, 11, 20, 10)) == -15
    assert cal.working_hours_between(at(2026, 11, 23, 11, 45), at(2026, 11, 23, 13, 15)) == 0
    assert cal.working_hours_between(at(2026, 11, 21, 8), at(2026, 11, 22, 16)) == 0
    assert cal.working_hours_between(at(2026, 11, 23, 10), at(2026, 11, 23, 14, 30)) == Decimal("2.5")


def test_working_days_between(cal: WorkingCalendar) -> None:
    assert cal.working_days_between(at(2026, 11, 20, 7, 30), at(2026, 11, 25, 7, 30)) == 2
    assert cal.working_days_between(at(2026, 11, 23, 10), at(2026, 11, 23, 14, 30)) == Decimal("0.3125")
    assert cal.working_days_between(at(2026, 11, 26, 17, 30), at(2026, 11, 20, 17, 30)) == -3


# -- the dispatcher -------------------------------------------------------------------------------


def test_due_dispatches_on_the_unit(cal: WorkingCalendar) -> None:
    start = at(2026, 11, 20, 10)
    assert cal.due(start, 3, "days") == cal.due_after_working_days(start, 3)
    assert cal.due(start, 8, "hours") == cal.due_after_working_hours(start, 8)
    assert cal.due(start, 0, "same_day") == cal.due_same_day(start)
    assert cal.due(start, 1, "same_day").due == at(2026, 11, 20, 17, 30)


def test_due_refuses_unknown_units_and_odd_same_day_amounts(cal: WorkingCalendar) -> None:
    with pytest.raises(ValueError, match="Unknown time unit 'weeks'"):
        cal.due(at(2026, 11, 20, 10), 1, "weeks")
    with pytest.raises(ValueError, match="same-day"):
        cal.due(at(2026, 11, 20, 10), 2, "same_day")


def test_due_is_frozen(cal: WorkingCalendar) -> None:
    due = cal.due_after_working_days(at(2026, 11, 20, 10), 3)
    with pytest.raises(AttributeError):
        due.due = at(2026, 11, 27, 17, 30)  # type: ignore[misc]


# -- overrides ----------------------------------------------------------------------------------

STORM = DayOverride(date(2026, 11, 25), working=False, reason="Day off for storm recovery")
MAKE_UP = DayOverride(date(2026, 11, 28), working=True, reason="Working Saturday set by the province")


def test_an_extra_day_off() -> None:
    cal = vietnam_calendar(overrides=[STORM])
    assert cal.day_status(date(2026, 11, 25)) == DayStatus(False, "Day off for storm recovery")
    # 23 counts 1, 24 holiday, 25 storm, 26 counts 2, 27 counts 3.
    assert cal.due_after_working_days(at(2026, 11, 20, 10), 3).due == at(2026, 11, 27, 17, 30)
    assert vietnam_calendar().due_after_working_days(at(2026, 11, 20, 10), 3).due == at(2026, 11, 26, 17, 30)


def test_an_extra_working_saturday() -> None:
    cal = vietnam_calendar(overrides=[STORM, MAKE_UP])
    assert cal.day_status(date(2026, 11, 28)) == DayStatus(True, "Working Saturday set by the province")
    # 23 counts 1, 24 holiday, 25 storm, 26 counts 2, 27 counts 3, Saturday 28 counts 4.
    assert cal.due_after_working_days(at(2026, 11, 20, 10), 4).due == at(2026, 11, 28, 17, 30)
    assert cal.due_after_working_hours(at(2026, 11, 27, 16, 30), 2).due == at(2026, 11, 28, 8, 30)
    assert cal.next_working_day(date(2026, 11, 27)) == date(2026, 11, 28)


def test_an_override_can_reopen_a_holiday() -> None:
    reopened = DayOverride(date(2026, 11, 24), working=True, reason="Province works on 24 November")
    cal = WorkingCalendar(overrides=[reopened], first_year=2026, last_year=2026)
    assert cal.due_after_working_days(at(2026, 11, 20, 10), 3).due == at(2026, 11, 25, 17, 30)


def test_overrides_outside_the_first_range_apply_once_it_grows() -> None:
    later = DayOverride(date(2030, 3, 6), working=False, reason="Provincial day off")
    cal = WorkingCalendar(overrides=[later], first_year=2026, last_year=2026)
    assert cal.due_after_working_days(at(2030, 3, 5, 9), 1).due == at(2030, 3, 7, 17, 30)


def test_contradictory_overrides_are_refused() -> None:
    with pytest.raises(ValueError, match="Contradictory overrides for 2026-11-25"):
        WorkingCalendar(overrides=[STORM, dataclasses.replace(STORM, working=True)])


def test_calendars_are_shared_per_overrides_and_hours() -> None:
    assert vietnam_calendar() is vietnam_calendar()
    assert vietnam_calendar(overrides=[STORM, MAKE_UP]) is vietnam_calendar(overrides=(MAKE_UP, STORM))
    assert vietnam_calendar(overrides=[STORM]) is not vietnam_calendar()
    other_hours = OfficeHours(time(7), time(11), time(13), time(17))
    assert vietnam_calendar(office_hours=other_hours) is not vietnam_calendar()


def test_another_timezone_for_the_calendar() -> None:
    # The calendar's own zone decides which day an instant falls on.
    bangkok = ZoneInfo("Asia/Bangkok")
    cal = WorkingCalendar(first_year=2026, last_year=2026, tz=bangkok)
    due = cal.due_after_working_days(at(2026, 11, 20, 10), 1)
    assert due.due == datetime(2026, 11, 23, 17, 30, tzinfo=bangkok)


# -- explanations -------------------------------------------------------------------------------


def test_due_builds_no_explanation(cal: WorkingCalendar) -> None:
    with mock.patch.object(WorkingCalendar, "explain") as explain:
        cal.due_after_working_days(at(2026, 11, 20, 10), 3)
        cal.due_after_working_hours(at(2026, 11, 20, 10), 3)
        cal.due_same_day(at(2026, 11, 20, 10))
    explain.assert_not_called()


def test_explanation_of_working_days(cal: WorkingCalendar) -> None:
    due = cal.due_after_working_days(at(2026, 11, 20, 10), 3)
    assert due.explanation() == [
        ExplanationLine(date(2026, 11, 20), "accepted at 10:00; the period starts on the next working day"),
        ExplanationLine(date(2026, 11, 21), "skipped: Saturday"),
        ExplanationLine(date(2026, 11, 22), "skipped: Sunday"),
        ExplanationLine(date(2026, 11, 23), "counted as working day 1 of 3"),
        ExplanationLine(date(2026, 11, 24), "skipped: Vietnam Cultural Day"),
        ExplanationLine(date(2026, 11, 25), "counted as working day 2 of 3"),
        ExplanationLine(date(2026, 11, 26), "counted as working day 3 of 3"),
        ExplanationLine(date(2026, 11, 26), "due at the close of office hours, 17:30"),
    ]
    assert due.explanation_text().splitlines()[4] == "2026-11-24 Tuesday: skipped: Vietnam Cultural Day"


def test_explanation_of_tet_and_a_working_saturday(cal: WorkingCalendar) -> None:
    tet = cal.due_after_working_days(at(2026, 2, 12, 14), 2).explanation()
    assert [line.what for line in tet[1:4]] == [
        "counted as working day 1 of 2",
        "skipped: Saturday",
        "skipped: Sunday",
    ]
    assert tet[5] == ExplanationLine(date(2026, 2, 17), "skipped: Lunar New Year")
    swap = cal.due_after_working_days(at(2026, 8, 21, 9), 1).explanation()
    assert swap[1] == ExplanationLine(
        date(2026, 8, 22), "counted as working day 1 of 1 (Working Saturday (swap for 31/08/2026))"
    )


def test_explanation_of_working_hours(cal: WorkingCalendar) -> None:
    due = cal.due_after_working_hours(at(2026, 11, 23, 16, 30), 8)
    assert due.explanation() == [
        ExplanationLine(date(2026, 11, 23), "accepted at 16:30; 8 office hours to count"),
        ExplanationLine(date(2026, 11, 23), "counted 1 office hours (1 of 8)"),
        ExplanationLine(date(2026, 11, 24), "skipped: Vietnam Cultural Day"),
        ExplanationLine(date(2026, 11, 25), "counted 7 office hours (8 of 8)"),
        ExplanationLine(date(2026, 11, 25), "due at 16:30"),
    ]
    late = cal.due_after_working_hours(at(2026, 11, 20, 18), Decimal("1.5")).explanation()
    assert [line.what for line in late[1:5]] == [
        "no office time left on this day",
        "skipped: Saturday",
        "skipped: Sunday",
        "counted 1.5 office hours (1.5 of 1.5)",
    ]


def test_explanation_of_same_day(cal: WorkingCalendar) -> None:
    before = cal.due_same_day(at(2026, 11, 20, 14, 59)).explanation()
    assert [line.what for line in before] == [
        "accepted at 14:59, before the 15:00 cut-off: due the same day",
        "due at the close of office hours, 17:30",
    ]
    after = cal.due_same_day(at(2026, 11, 20, 15)).explanation()
    assert after == [
        ExplanationLine(
            date(2026, 11, 20), "accepted at 15:00, at or after the 15:00 cut-off: due the next working day"
        ),
        ExplanationLine(date(2026, 11, 21), "skipped: Saturday"),
        ExplanationLine(date(2026, 11, 22), "skipped: Sunday"),
        ExplanationLine(date(2026, 11, 23), "due at the close of office hours, 17:30"),
    ]
    holiday = cal.due_same_day(at(2026, 11, 24, 9)).explanation()
    assert holiday[0].what == (
        "accepted at 09:00 on a non-working day (Vietnam Cultural Day): due the next working day"
    )


def test_explanation_of_zero_days(cal: WorkingCalendar) -> None:
    sunday = cal.due_after_working_days(at(2026, 11, 22, 10), 0).explanation()
    assert [line.what for line in sunday] == [
        "accepted at 10:00; a period of 0 working days ends the next working day",
        "due at the close of office hours, 17:30",
    ]
    assert sunday[1].day == date(2026, 11, 23)


def test_explanation_is_in_the_active_language(cal: WorkingCalendar) -> None:
    due = cal.due_after_working_days(at(2026, 11, 20, 10), 3)
    with translation.override("vi"):
        lines = due.explanation()
    assert lines[4].day == date(2026, 11, 24)
    assert lines[4].what.endswith("Ngày Văn hóa Việt Nam")
