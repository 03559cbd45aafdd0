"""A small organisation for xã Krông Nô (24688) and xã Cư Jút (24640): Krông Nô has two cadastral
places with one holder, one justice place with two holders (one over), one office place held by a
bachelor of law (qualification does not match) and an IT place with nobody."""

from dataclasses import dataclass
from datetime import date

import pytest

from motcua.staff.actions import (
    OfficialData,
    assignment_start,
    division_ensure,
    official_ensure,
    position_ensure,
)
from motcua.staff.models import Division, Level, Official, Position, Sector
from motcua.testing.personas import People
from motcua.units.models import Unit

START = date(2025, 7, 1)


@dataclass
class Org:
    dc: Position
    tp: Position
    vp: Position
    it: Position
    cujut_dc: Position
    an: Official  # cadastral, Krông Nô's handler account
    binh: Official  # justice
    chi: Official  # justice, over headcount
    dung: Official  # law graduate in the office position


def _official(code: str, name: str, sector: str, level: int = Level.BACHELOR) -> Official:
    return official_ensure(actor=None, data=OfficialData(code, name, sector, level))


@pytest.fixture
def org(people: People) -> Org:
    krong_no = Unit.objects.get(code="24688")
    cujut = Unit.objects.get(code="24640")
    office = division_ensure(
        actor=None, unit=krong_no, name="Văn phòng HĐND và UBND", kind=Division.Kind.OFFICE
    )
    economy = division_ensure(
        actor=None, unit=krong_no, name="Phòng Kinh tế", kind=Division.Kind.DIVISION, order=1
    )
    dc = position_ensure(
        actor=None, division=economy, code="DC", title="Địa chính", sector=Sector.CADASTRAL, headcount=2
    )
    tp = position_ensure(
        actor=None, division=office, code="TP", title="Tư pháp - hộ tịch", sector=Sector.JUSTICE
    )
    vp = position_ensure(
        actor=None, division=office, code="VP", title="Văn phòng - thống kê", sector=Sector.OFFICE
    )
    it = position_ensure(
        actor=None, division=office, code="CNTT", title="Công nghệ thông tin", sector=Sector.IT
    )
    cujut_economy = division_ensure(actor=None, unit=cujut, name="Phòng Kinh tế", kind=Division.Kind.DIVISION)
    cujut_dc = position_ensure(
        actor=None, division=cujut_economy, code="DC", title="Địa chính", sector=Sector.CADASTRAL, headcount=3
    )
    an = _official("KN-01", "Nguyễn Văn An", Sector.CADASTRAL)
    an.user = people.handler.user
    an.save(update_fields=["user"])
    binh = _official("KN-02", "Trần Thị Bình", Sector.JUSTICE)
    chi = _official("KN-03", "Lê Văn Chi", Sector.JUSTICE, Level.MASTER)
    dung = _official("KN-04", "Phạm Thị Dung", Sector.JUSTICE)
    for official, position, kind in (
        (an, dc, "main"),
        (binh, tp, "main"),
        (chi, tp, "main"),
        (dung, vp, "main"),
    ):
        assignment_start(actor=None, official=official, position=position, kind=kind, start=START)
    return Org(dc, tp, vp, it, cujut_dc, an, binh, chi, dung)
