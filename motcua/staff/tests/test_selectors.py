"""Gaps and overlaps per unit and across the province, workload from the engine's dossiers, and
scoping: an official of another commune finds nothing, the province monitor sees every unit."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pytest_django import DjangoAssertNumQueries

from motcua.core.errors import NotFound
from motcua.dossiers import actions as dossier_actions
from motcua.staff import selectors
from motcua.staff.actions import assignment_end, assignment_start
from motcua.staff.models import Sector
from motcua.staff.tests.conftest import Org
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 11, 25)


def test_unit_positions_show_who_holds_what_and_the_gaps(org: Org) -> None:
    views = {v.position.code: v for v in selectors.unit_positions(org.dc.unit, on=TODAY)}
    # The office (order 0) before the economic division, positions by code within each.
    assert list(views) == ["CNTT", "TP", "VP", "DC"]
    figures = {
        code: (v.filled, v.position.headcount, v.vacant, v.short, v.over, v.mismatches)
        for code, v in views.items()
    }
    assert figures == {
        "DC": (1, 2, False, 1, 0, 0),
        "TP": (2, 1, False, 0, 1, 0),
        "VP": (1, 1, False, 0, 0, 1),  # a justice graduate in the office position
        "CNTT": (0, 1, True, 1, 0, 0),
    }


def test_unit_positions_in_two_queries(org: Org, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    with django_assert_num_queries(2):
        selectors.unit_positions(org.dc.unit, on=TODAY)


def test_a_concurrent_position_counts_and_an_ended_one_does_not(org: Org) -> None:
    assignment_start(
        actor=None, official=org.binh, position=org.it, kind="concurrent", start=date(2026, 1, 5)
    )
    assert selectors.unit_positions(org.dc.unit, on=date(2026, 1, 4))[0].filled == 0
    it = selectors.unit_positions(org.dc.unit, on=TODAY)[0]
    assert [(h.official.staff_code, h.assignment.kind, h.fits) for h in it.holders] == [
        ("KN-02", "concurrent", False)
    ]
    assignment_end(actor=None, assignment=it.holders[0].assignment, end=date(2026, 6, 30))
    assert selectors.unit_positions(org.dc.unit, on=TODAY)[0].filled == 0
    assert selectors.unit_positions(org.dc.unit, on=date(2026, 6, 30))[0].filled == 1


def test_province_monitor_sees_every_unit_and_the_cadastral_shortage(org: Org, people: People) -> None:
    rows = selectors.province_gaps(people.monitor.user, on=TODAY, sector=Sector.CADASTRAL)  # type: ignore[arg-type]
    assert [(r.unit.code, r.positions, r.headcount, r.filled, r.short, r.vacant) for r in rows] == [
        ("24640", 1, 3, 0, 3, 1),
        ("24688", 1, 2, 1, 1, 0),
    ]
    everything = selectors.province_gaps(people.monitor.user, on=TODAY)  # type: ignore[arg-type]
    krong_no = next(r for r in everything if r.unit.code == "24688")
    assert (krong_no.positions, krong_no.headcount, krong_no.filled, krong_no.vacant, krong_no.over) == (
        4,
        5,
        4,
        1,
        1,
    )
    assert (krong_no.mismatches, krong_no.short) == (1, 2)


def test_a_commune_sees_only_itself_across_the_province(org: Org, people: People) -> None:
    rows = selectors.province_gaps(people.cujut_leader.user, on=TODAY)  # type: ignore[arg-type]
    assert [r.unit.code for r in rows] == ["24640"]
    with pytest.raises(NotFound):
        selectors.staff_unit_get(people.cujut_leader.user, "24688")  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        selectors.official_get(people.cujut_leader.user, org.an.pk)  # type: ignore[arg-type]
    assert selectors.official_get(people.leader.user, org.an.pk) == org.an  # type: ignore[arg-type]
    assert selectors.official_get(people.monitor.user, org.an.pk) == org.an  # type: ignore[arg-type]


def test_province_gaps_in_three_queries(
    org: Org, people: People, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    user = people.monitor.user
    assert user is not None
    selectors.staff_units(user).count()  # the grants are read once per user
    with django_assert_num_queries(3):
        selectors.province_gaps(user, on=TODAY)


def test_workload_counts_the_dossiers_on_each_officials_desk(org: Org, people: People) -> None:
    """A dossier accepted and assigned to the handler is on An's desk (An's account is the handler);
    its due time passed: overdue."""
    when = datetime(2026, 11, 2, 9, tzinfo=VN)
    assert people.citizen.user and people.desk.user and people.leader.user and people.handler.user
    for national_id in ("068190001234", "068190005678"):
        dossier = dossier_actions.dossier_submit(
            actor=people.citizen.user,
            procedure_code="1.001612",
            competent_unit_code="24688",
            applicant=dossier_actions.Applicant(
                name="Nguyễn Thị Lan", national_id=national_id, phone="0912345678"
            ),
            now=when,
        )
        dossier_actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=when)
        dossier_actions.dossier_assign(
            actor=people.leader.user, dossier=dossier, handler=people.handler.user, now=when
        )
    loads, per_position = selectors.unit_workload(
        org.dc.unit, now=datetime(2026, 11, 25, 9, tzinfo=VN), on=TODAY
    )
    assert [(ld.official.staff_code, ld.on_desk, ld.overdue, ld.settled) for ld in loads] == [
        ("KN-01", 2, 2, 0),
        ("KN-03", 0, 0, 0),
        ("KN-04", 0, 0, 0),
        ("KN-02", 0, 0, 0),
    ]
    assert loads[0].positions == ["Địa chính"]
    assert per_position == {org.dc.pk: 2}
