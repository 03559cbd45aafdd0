"""The lookup log in the admin: read only, and a province's administrator sees its own units' rows."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission as AuthPermission
from django.test import Client

from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Role
from motcua.registries.models import RegistryLookup
from motcua.testing.personas import People
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 7, 15, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def staff(username: str, unit_code: str) -> Client:
    user = User.objects.create(username=username, kind=User.Kind.OFFICIAL, is_staff=True)
    Membership.objects.create(
        user=user, unit=Unit.objects.get(code=unit_code), role=Role.SYSTEM_ADMINISTRATOR
    )
    user.user_permissions.add(AuthPermission.objects.get(codename="view_registrylookup"))
    client = Client()
    client.force_login(user)
    return client


def test_the_lookup_log_is_read_only_and_scoped_to_the_province(people: People) -> None:
    row = RegistryLookup.objects.create(
        registry="population",
        subject="068190001234",
        actor=people.desk.user,
        unit=Unit.objects.get(code="24688"),
        purpose="Đăng ký hộ kinh doanh",
        consent="at_desk",
        outcome="found",
        request_id="r1",
        at=NOW,
    )
    lam_dong = staff("quantri68", "68")
    listed = lam_dong.get("/admin/registries/registrylookup/")
    assert listed.status_code == 200 and b"068190001234" in listed.content
    assert lam_dong.get(f"/admin/registries/registrylookup/{row.pk}/change/").status_code == 200
    assert (
        lam_dong.post(f"/admin/registries/registrylookup/{row.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert lam_dong.get("/admin/registries/registrylookup/add/").status_code == 403
    ha_noi = staff("quantri_hanoi", "00004")
    assert b"068190001234" not in ha_noi.get("/admin/registries/registrylookup/").content
    assert RegistryLookup.objects.count() == 1
