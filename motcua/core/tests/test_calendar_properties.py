"""Properties of the working calendar that must hold for any instant and any period."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import holidays
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.calendar import DEFAULT_OFFICE_HOURS, VIETNAM_TZ, vietnam_calendar

CAL = vietnam_calendar()
HOURS = DEFAULT_OFFICE_HOURS
# The reference the calendar must agree with: the package asked day by day, every year populated
# first (its weekend_workdays only lists the swaps of years it has populated).
REFERENCE = holidays.country_holidays("VN", years=range(2019, 2037))

instants = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2034, 12, 31, 23, 59),
    timezones=st.sampled_from([VIETNAM_TZ, UTC]),
)
periods = st.integers(min_value=0, max_value=400)
hour_amounts = st.integers(min_value=0, max_value=200) | st.decimals(
    min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False
)


def reference_working(day: date) -> bool:
    return (day.weekday() < 5 and day not in REFERENCE) or day in REFERENCE.weekend_workdays


def local(moment: datetime) -> datetime:
    return moment.astimezone(VIETNAM_TZ)


def in_office_hours(moment: datetime) -> bool:
    clock = local(moment).time()
    return HOURS.morning_start <= clock <= HOURS.morning_end or HOURS.afternoon_start <= clock <= HOURS.closes


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)))
def test_is_working_day_agrees_with_the_naive_reference(day: date) -> None:
    assert CAL.is_working_day(day) is reference_working(day)


@given(instants, st.integers(min_value=0, max_value=120))
def test_working_days_agree_with_a_day_by_day_walk(start: datetime, days: int) -> None:
    day = local(start).date()
    if days == 0:
        while not reference_working(day):
            day += timedelta(days=1)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if reference_working(day):
            counted += 1
    assert CAL.due_after_working_days(start, days).due == datetime.combine(day, time(17, 30), VIETNAM_TZ)


@given(instants, periods)
def test_a_period_of_days_ends_at_closing_on_a_working_day(start: datetime, days: int) -> None:
    due = local(CAL.due_after_working_days(start, days).due)
    assert CAL.is_working_day(due.date())
    assert due.timetz() == HOURS.closes.replace(tzinfo=VIETNAM_TZ)
    if days:
        assert due.date() > local(start).date()


@given(instants, st.integers(min_value=1, max_value=200), st.integers(min_value=0, max_value=200))
def test_periods_of_days_add_up(start: datetime, first: int, second: int) -> None:
    midway = CAL.due_after_working_days(start, first).due
    assert (
        CAL.due_after_working_days(midway, second).due
        == CAL.due_after_working_days(start, first + second).due
    )


@given(instants, periods, periods)
def test_more_days_never_end_earlier(start: datetime, a: int, b: int) -> None:
    shorter, longer = sorted((a, b))
    earlier = CAL.due_after_working_days(start, shorter).due
    later = CAL.due_after_working_days(start, longer).due
    assert earlier <= later
    if 1 <= shorter < longer:
        assert earlier < later


@given(instants, hour_amounts)
def test_a_period_of_hours_ends_in_office_hours_of_a_working_day(
    start: datetime, hours: int | Decimal
) -> None:
    due = CAL.due_after_working_hours(start, hours).due
    assert CAL.is_working_day(local(due).date())
    assert in_office_hours(due)
    if hours:
        assert due > start


@given(instants, hour_amounts)
def test_a_period_of_hours_is_exactly_that_much_office_time(start: datetime, hours: int | Decimal) -> None:
    due = CAL.due_after_working_hours(start, hours).due
    assert CAL.working_hours_between(start, due) == hours


@given(instants, instants)
def test_office_time_between_is_antisymmetric_and_consistent(a: datetime, b: datetime) -> None:
    hours = CAL.working_hours_between(a, b)
    assert CAL.working_hours_between(b, a) == -hours
    assert (hours >= 0) is (a <= b) or hours == 0
    # Equal up to the last of Decimal's 28 digits (a third of a day has no exact decimal form).
    assert abs(CAL.working_days_between(a, b) * HOURS.hours_per_day - hours) < Decimal("1e-20")


@given(instants)
def test_same_day_is_due_at_closing_on_the_day_or_the_next_working_day(start: datetime) -> None:
    due = local(CAL.due_same_day(start).due)
    accepted = local(start)
    assert CAL.is_working_day(due.date())
    assert due.time() == HOURS.closes
    if CAL.is_working_day(accepted.date()) and accepted.time() < time(15):
        assert due.date() == accepted.date()
    else:
        assert due.date() == CAL.next_working_day(accepted.date())
