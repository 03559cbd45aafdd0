"""Assignments and transfers: one main position at a time, concurrent ones besides, a transfer
ends the old assignments and keeps the history; every change is an event."""

from datetime import date

import pytest

from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.staff.actions import assignment_start, official_transfer
from motcua.staff.models import Assignment, StaffEvent
from motcua.staff.tests.conftest import START, Org
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db


def test_a_second_main_position_is_refused_a_concurrent_one_is_not(org: Org, people: People) -> None:
    with pytest.raises(Conflict) as refused:
        assignment_start(actor=None, official=org.an, position=org.tp, kind="main", start=START)
    assert refused.value.code == "has_main"
    held = assignment_start(
        actor=people.leader.user, official=org.an, position=org.it, kind="concurrent", start=START
    )
    assert (held.unit.code, held.kind, held.end) == ("24688", "concurrent", None)
    event = StaffEvent.objects.filter(kind="assigned").last()
    assert event is not None
    assert (event.actor, event.official, event.data) == (
        people.leader.user,
        org.an,
        {"position": "CNTT", "assignment_kind": "concurrent", "start": "2025-07-01"},
    )
    with pytest.raises(Conflict):
        assignment_start(actor=None, official=org.an, position=org.it, kind="concurrent", start=START)


def test_a_transfer_to_another_commune_keeps_the_history(org: Org, people: People) -> None:
    assignment_start(actor=None, official=org.an, position=org.it, kind="concurrent", start=START)
    new = official_transfer(
        actor=people.cujut_leader.user,
        official=org.an,
        position=org.cujut_dc,
        start=date(2026, 3, 2),
        note="QĐ 12",
    )
    history = sorted(
        (a.unit.code, a.position.code, a.kind, a.start, a.end)
        for a in Assignment.objects.filter(official=org.an)
    )
    assert history == [
        ("24640", "DC", "main", date(2026, 3, 2), None),
        ("24688", "CNTT", "concurrent", START, date(2026, 3, 1)),
        ("24688", "DC", "main", START, date(2026, 3, 1)),
    ]
    assert new.note == "QĐ 12"
    assert sorted(StaffEvent.objects.filter(kind="transferred").values_list("unit__code", flat=True)) == [
        "24640",
        "24688",
    ]


def test_a_transfer_is_made_by_the_receiving_units_manager_only(org: Org, people: People) -> None:
    with pytest.raises(NotFound):
        official_transfer(
            actor=people.leader.user, official=org.an, position=org.cujut_dc, start=date(2026, 3, 2)
        )
    with pytest.raises(InvalidInput):
        official_transfer(actor=None, official=org.an, position=org.cujut_dc, start=START)
    assert Assignment.objects.filter(official=org.an, end__isnull=True).count() == 1
