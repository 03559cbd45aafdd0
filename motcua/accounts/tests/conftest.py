"""Personas: one official per role in a commune, a province monitor, and an officer of another commune."""

from dataclasses import dataclass

import pytest

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.tests.factories import MembershipFactory, ProvinceFactory, UnitFactory, UserFactory
from motcua.units.models import Unit


@dataclass
class World:
    krong_no: Unit
    cu_jut: Unit
    province_body: Unit
    other_province_unit: Unit
    receiving_officer: User
    handler: User
    leader: User
    director: User
    monitor: User
    admin: User
    other_officer: User
    citizen: User


@pytest.fixture
def world(db: None) -> World:
    lam_dong = ProvinceFactory.create(code=68, name="Tỉnh Lâm Đồng")
    ha_noi = ProvinceFactory.create(
        code=1, name="Thành phố Hà Nội", kind="thành phố trung ương", codename="ha_noi"
    )
    krong_no = UnitFactory.create(code="24688", name="Xã Krông Nô", province=lam_dong)
    cu_jut = UnitFactory.create(code="24640", name="Xã Cư Jút", province=lam_dong)
    province_body = UnitFactory.create(
        code="68", name="UBND tỉnh Lâm Đồng", kind=Unit.Kind.PROVINCE, province=lam_dong
    )
    other_province_unit = UnitFactory.create(
        code="00004", name="Phường Ba Đình", kind=Unit.Kind.WARD, province=ha_noi
    )

    def official(username: str, unit: Unit, role: str) -> User:
        user = UserFactory.create(username=username)
        MembershipFactory.create(user=user, unit=unit, role=role)
        return user

    return World(
        krong_no=krong_no,
        cu_jut=cu_jut,
        province_body=province_body,
        other_province_unit=other_province_unit,
        receiving_officer=official("tiepnhan", krong_no, Role.RECEIVING_OFFICER),
        handler=official("xuly", krong_no, Role.HANDLER),
        leader=official("lanhdao", krong_no, Role.UNIT_LEADER),
        director=official("giamdoc", krong_no, Role.CENTRE_DIRECTOR),
        monitor=official("giamsat", province_body, Role.PROVINCE_MONITOR),
        admin=official("quantri", province_body, Role.SYSTEM_ADMINISTRATOR),
        other_officer=official("tiepnhan_cujut", cu_jut, Role.RECEIVING_OFFICER),
        citizen=UserFactory.create(username="congdan", kind=User.Kind.CITIZEN),
    )
