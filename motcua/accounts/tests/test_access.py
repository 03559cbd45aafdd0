import pytest
from django.contrib.auth.models import AnonymousUser

from motcua.accounts.access import can, is_official, units_where
from motcua.accounts.actions import membership_grant, membership_revoke
from motcua.accounts.roles import Permission, Role
from motcua.accounts.tests.conftest import World

pytestmark = pytest.mark.django_db

# (persona, permission, unit, expected): every permission is tested both ways.
CASES = [
    ("receiving_officer", Permission.RECEIVE_DOSSIER, "krong_no", True),
    ("receiving_officer", Permission.RECEIVE_DOSSIER, "cu_jut", False),
    ("receiving_officer", Permission.HANDLE_DOSSIER, "krong_no", False),
    ("receiving_officer", Permission.VIEW_UNIT_DATA, "krong_no", True),
    ("receiving_officer", Permission.VIEW_UNIT_DATA, "cu_jut", False),
    ("handler", Permission.HANDLE_DOSSIER, "krong_no", True),
    ("handler", Permission.HANDLE_DOSSIER, "cu_jut", False),
    ("handler", Permission.APPROVE_DOSSIER, "krong_no", False),
    ("leader", Permission.APPROVE_DOSSIER, "krong_no", True),
    ("leader", Permission.ASSIGN_DOSSIER, "krong_no", True),
    ("leader", Permission.APPROVE_DOSSIER, "cu_jut", False),
    ("leader", Permission.RECEIVE_DOSSIER, "krong_no", False),
    ("director", Permission.MANAGE_UNIT, "krong_no", True),
    ("director", Permission.MANAGE_UNIT, "cu_jut", False),
    ("director", Permission.APPROVE_DOSSIER, "krong_no", False),
    ("monitor", Permission.MONITOR_PROVINCE, "krong_no", True),
    ("monitor", Permission.VIEW_UNIT_DATA, "cu_jut", True),
    ("monitor", Permission.VIEW_UNIT_DATA, "other_province_unit", False),
    ("monitor", Permission.RECEIVE_DOSSIER, "krong_no", False),
    ("admin", Permission.ADMINISTER, "cu_jut", True),
    ("admin", Permission.ADMINISTER, "other_province_unit", False),
    ("other_officer", Permission.RECEIVE_DOSSIER, "cu_jut", True),
    ("other_officer", Permission.RECEIVE_DOSSIER, "krong_no", False),
    ("other_officer", Permission.VIEW_UNIT_DATA, "krong_no", False),
    ("citizen", Permission.VIEW_UNIT_DATA, "krong_no", False),
    ("citizen", Permission.RECEIVE_DOSSIER, "krong_no", False),
]


@pytest.mark.parametrize(("persona", "permission", "unit", "expected"), CASES)
def test_can(world: World, persona: str, permission: str, unit: str, expected: bool) -> None:
    assert can(getattr(world, persona), permission, getattr(world, unit)) is expected


def test_anonymous_may_do_nothing(world: World) -> None:
    anonymous = AnonymousUser()
    assert can(anonymous, Permission.VIEW_UNIT_DATA, world.krong_no) is False
    assert list(units_where(anonymous, Permission.VIEW_UNIT_DATA)) == []
    assert is_official(anonymous) is False


def test_units_where_scopes_each_persona(world: World) -> None:
    assert list(units_where(world.receiving_officer, Permission.VIEW_UNIT_DATA)) == [world.krong_no]
    assert list(units_where(world.receiving_officer, Permission.APPROVE_DOSSIER)) == []
    monitor_scope = units_where(world.monitor, Permission.VIEW_UNIT_DATA)
    # Every body of Lâm Đồng: 124 commune-level units, the People's Committee and its 10 departments.
    assert monitor_scope.count() == 135
    assert set(monitor_scope.values_list("province__code", flat=True)) == {68}
    assert list(units_where(world.citizen, Permission.VIEW_UNIT_DATA)) == []


def test_one_person_several_positions(world: World) -> None:
    person = world.receiving_officer
    assert can(person, Permission.HANDLE_DOSSIER, world.cu_jut) is False
    membership = membership_grant(actor=world.admin, user=person, unit=world.cu_jut, role=Role.HANDLER)
    assert can(person, Permission.HANDLE_DOSSIER, world.cu_jut) is True
    assert can(person, Permission.RECEIVE_DOSSIER, world.krong_no) is True
    membership_revoke(actor=world.admin, membership=membership)
    assert can(person, Permission.HANDLE_DOSSIER, world.cu_jut) is False


def test_inactive_user_loses_everything(world: World) -> None:
    world.leader.is_active = False
    world.leader.save(update_fields=["is_active"])
    assert can(world.leader, Permission.APPROVE_DOSSIER, world.krong_no) is False


def test_official_and_citizen(world: World) -> None:
    assert is_official(world.handler) is True
    assert is_official(world.citizen) is False
