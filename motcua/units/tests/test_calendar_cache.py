"""The province calendar is read once per process, and every override change is seen at once."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Prefetch

from motcua.core.calendar import VIETNAM_TZ
from motcua.units import selectors
from motcua.units.models import CalendarOverride, Province
from motcua.units.selectors import calendar_for_province

pytestmark = pytest.mark.django_db

# Three working days from Thursday 19 November 2026, 10:00 end on Wednesday the 25th at 17:30;
# a day off on the 25th moves that to the 26th.
START = datetime(2026, 11, 19, 10, 0, tzinfo=VIETNAM_TZ)
DUE = datetime(2026, 11, 25, 17, 30, tzinfo=VIETNAM_TZ)
DAY_OFF = date(2026, 11, 25)
DUE_WITH_DAY_OFF = datetime(2026, 11, 26, 17, 30, tzinfo=VIETNAM_TZ)


@pytest.fixture
def province() -> Province:
    selectors.calendar_overrides_forget()
    return Province.objects.get(code=68)


def due(province: Province) -> datetime:
    return calendar_for_province(province, cached=True).due(START, 3, "days").due


def test_the_overrides_are_read_once(
    province: Province, django_assert_num_queries: Callable[..., Any]
) -> None:
    again = Province.objects.get(code=68)
    with django_assert_num_queries(1):
        assert due(province) == DUE
    with django_assert_num_queries(0):
        assert due(province) == DUE
        assert due(again) == DUE


def test_a_new_day_off_counts_at_once_and_its_removal_too(province: Province) -> None:
    assert due(province) == DUE
    override = CalendarOverride.objects.create(province=province, day=DAY_OFF, working=False, reason="Bão")
    assert due(province) == DUE_WITH_DAY_OFF
    override.delete()
    assert due(province) == DUE


def test_a_changed_override_counts_at_once(province: Province) -> None:
    override = CalendarOverride.objects.create(province=province, day=DAY_OFF, working=False, reason="Bão")
    assert due(province) == DUE_WITH_DAY_OFF
    override.working = True
    override.save()
    assert due(province) == DUE


def test_a_rolled_back_override_is_not_kept(province: Province) -> None:
    assert due(province) == DUE
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarOverride.objects.create(province=province, day=DAY_OFF, working=False, reason="Bão")
        assert due(province) == DUE_WITH_DAY_OFF
        raise RuntimeError("rolled back")
    assert not CalendarOverride.objects.exists()
    assert due(province) == DUE


def test_another_process_change_is_seen_after_the_ttl(
    province: Province, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert due(province) == DUE
    # A write this process gets no signal of, as another process's would be.
    CalendarOverride.objects.bulk_create(
        [CalendarOverride(province=province, day=DAY_OFF, working=False, reason="Bão")]
    )
    assert due(province) == DUE
    later = selectors.time.monotonic() + selectors.OVERRIDES_TTL_SECONDS
    monkeypatch.setattr(selectors.time, "monotonic", lambda: later)
    assert due(province) == DUE_WITH_DAY_OFF


def test_without_cached_the_overrides_are_read_each_time(
    province: Province, django_assert_num_queries: Callable[..., Any]
) -> None:
    assert due(province) == DUE
    with django_assert_num_queries(1):
        assert calendar_for_province(province).due(START, 3, "days").due == DUE


def test_prefetched_overrides_are_used_as_given(
    province: Province, django_assert_num_queries: Callable[..., Any]
) -> None:
    CalendarOverride.objects.create(province=province, day=DAY_OFF, working=False, reason="Bão")
    loaded = Province.objects.prefetch_related(
        Prefetch("calendar_overrides", queryset=CalendarOverride.objects.none())
    ).get(pk=province.pk)
    with django_assert_num_queries(0):
        assert due(loaded) == DUE
