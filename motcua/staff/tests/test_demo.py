"""The demo staff: every page has something to show, and a second run changes nothing."""

from datetime import date

import pytest
from django.core.management import call_command

from motcua.staff import selectors
from motcua.staff.models import Assignment, Sector
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db


def test_the_demo_staff_shows_gaps_and_runs_twice(people: People) -> None:
    call_command("seed_staff_demo")
    call_command("seed_staff_demo")
    assert Assignment.objects.count() == 29
    rows = selectors.province_gaps(people.monitor.user, on=date(2026, 1, 5), sector=Sector.CADASTRAL)  # type: ignore[arg-type]
    assert [(r.unit.code, r.headcount, r.filled, r.short, r.over) for r in rows] == [
        ("24670", 3, 1, 2, 0),
        ("24688", 3, 2, 1, 0),
        ("24640", 3, 4, 0, 1),
    ]
