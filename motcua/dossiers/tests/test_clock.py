from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from motcua.core.calendar import vietnam_calendar
from motcua.dossiers.clock import judge
from motcua.dossiers.states import Timeliness

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = datetime(2026, 11, 30, 17, 30, tzinfo=VN)
CALENDAR = vietnam_calendar()


def test_early_on_time_and_late_against_the_due_time() -> None:
    assert judge(datetime(2026, 11, 27, 16, 0, tzinfo=VN), DUE, CALENDAR) == Timeliness.EARLY
    assert judge(datetime(2026, 11, 30, 8, 0, tzinfo=VN), DUE, CALENDAR) == Timeliness.ON_TIME
    assert judge(DUE, DUE, CALENDAR) == Timeliness.ON_TIME
    assert judge(DUE + timedelta(seconds=1), DUE, CALENDAR) == Timeliness.LATE


@given(st.integers(min_value=-30 * 24 * 60, max_value=30 * 24 * 60))
def test_judging_is_monotonic_in_the_time_of_the_result(minutes: int) -> None:
    """A later result is never judged better than an earlier one."""
    order: list[str] = [Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE]
    done = DUE + timedelta(minutes=minutes)
    later = done + timedelta(minutes=30)
    assert order.index(judge(done, DUE, CALENDAR)) <= order.index(judge(later, DUE, CALENDAR))
