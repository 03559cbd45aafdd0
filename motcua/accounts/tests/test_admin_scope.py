"""Security review M5 and M6: the admin is scoped by province, superuser is for operators only,
and `change_user` is no way to become superuser or to gain groups and permissions."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone, translation

from motcua.accounts.models import ApiToken, Membership, User
from motcua.accounts.roles import Role
from motcua.accounts.tokens import token_issue
from motcua.audit.admin_scope import ADMINISTRATORS_GROUP, administrator_make
from motcua.dossiers import actions
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.interop.models import OutboxMessage
from motcua.units.models import Province, Unit
from motcua.web.demo import demo_seed

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
HANOI_UNIT = "00004"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _official(username: str, unit_code: str, role: str) -> User:
    user = User.objects.create(username=username, kind=User.Kind.OFFICIAL, full_name=username)
    Membership.objects.create(user=user, unit=Unit.objects.get(code=unit_code), role=role)
    return user


@pytest.fixture
def hanoi() -> User:
    """An official of another province, with a token and a message about a dossier there."""
    user = _official("tiepnhan.hanoi", HANOI_UNIT, Role.RECEIVING_OFFICER)
    token_issue(actor=None, user=user)
    return user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _probe_staff(*codenames: str, administrator: bool = True) -> User:
    """The review's `probe.staff`: staff, not superuser, with view permissions (M6)."""
    user = User.objects.create(username="probe.staff", kind=User.Kind.OFFICIAL, is_staff=True)
    if administrator:
        Membership.objects.create(user=user, unit=Unit.objects.get(code="68"), role=Role.SYSTEM_ADMINISTRATOR)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_m5_the_demo_province_administrator_is_not_a_superuser_and_sees_only_the_province(
    hanoi: User,
) -> None:
    demo_seed(actor=None)
    admin = User.objects.get(username="tinh.quantri")
    assert (admin.is_staff, admin.is_superuser) == (True, False)
    assert list(admin.groups.values_list("name", flat=True)) == [ADMINISTRATORS_GROUP]
    client = _client(admin)
    units = client.get("/admin/units/unit/?q=00004")
    assert units.status_code == 200
    assert units.context["cl"].result_count == 0
    lam_dong = client.get("/admin/units/unit/?q=24688")
    assert [u.code for u in lam_dong.context["cl"].result_list] == ["24688"]
    outside = Unit.objects.get(code=HANOI_UNIT)
    assert client.get(f"/admin/units/unit/{outside.pk}/change/").status_code == 302  # "does not exist"
    provinces = client.get("/admin/units/province/").context["cl"].result_list
    assert [p.code for p in provinces] == [68]
    users = [u.username for u in client.get("/admin/accounts/user/").context["cl"].result_list]
    assert "tinh.quantri" in users and "krongno.tiepnhan" in users and hanoi.username not in users


def test_m6_a_staff_account_sees_nothing_of_other_provinces(hanoi: User) -> None:
    dossier = actions.dossier_submit(
        actor=None,
        procedure_code="1.001612",
        competent_unit_code="24688",
        applicant=APPLICANT,
        now=datetime(2026, 11, 25, 9, tzinfo=VN),
    )
    now = timezone.now()
    here = OutboxMessage.objects.create(
        channel="sms",
        recipient="0912345678",
        body="Lâm Đồng",
        dossier=dossier,
        created_at=now,
        next_attempt_at=now,
    )
    OutboxMessage.objects.create(
        channel="sms", recipient="0987000000", body="no dossier", created_at=now, next_attempt_at=now
    )
    probe = _probe_staff(
        "view_user", "view_membership", "view_apitoken", "view_outboxmessage", "view_digitisedcomponent"
    )
    client = _client(probe)

    def listed(path: str) -> list[Any]:
        response = client.get(path)
        assert response.status_code == 200, path
        return list(response.context["cl"].result_list)

    assert hanoi not in listed("/admin/accounts/user/")
    memberships = listed("/admin/accounts/membership/")
    assert memberships and all(m.unit.province.code == 68 for m in memberships)
    assert listed("/admin/accounts/apitoken/") == []
    assert listed("/admin/interop/outboxmessage/") == [here]
    assert listed("/admin/documents/digitisedcomponent/") == []  # operators only: no unit
    # An operator sees it all.
    operator = User.objects.create(username="operator", is_staff=True, is_superuser=True)
    everything = _client(operator).get("/admin/accounts/apitoken/").context["cl"].result_list
    assert [t.user for t in everything] == [hanoi]
    assert ApiToken.objects.count() == 1


def test_m6_a_staff_account_without_the_administrator_role_sees_no_row() -> None:
    _official("krongno.x", "24688", Role.HANDLER)
    probe = _probe_staff("view_user", "view_membership", administrator=False)
    client = _client(probe)
    assert list(client.get("/admin/accounts/user/").context["cl"].result_list) == []
    assert list(client.get("/admin/accounts/membership/").context["cl"].result_list) == []


def test_m6_choices_in_forms_are_the_province_units_only(hanoi: User) -> None:
    probe = _probe_staff("add_membership", "view_membership", "view_user", "view_unit")
    colleague = _official("krongno.y", "24688", Role.HANDLER)
    client = _client(probe)
    outside = Unit.objects.get(code=HANOI_UNIT)
    response = client.post(
        "/admin/accounts/membership/add/",
        {"user": colleague.pk, "unit": outside.pk, "role": Role.SYSTEM_ADMINISTRATOR, "active": "on"},
    )
    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    response = client.post(
        "/admin/accounts/membership/add/",
        {"user": hanoi.pk, "unit": Unit.objects.get(code="24688").pk, "role": Role.HANDLER, "active": "on"},
    )
    assert "user" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(unit=outside).exclude(user=hanoi).exists()
    # The autocomplete behind the unit field answers from the same scope.
    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "accounts", "model_name": "membership", "field_name": "unit", "term": "00004"},
    ).json()
    assert found["results"] == []


def _own_change_form(user: User, **extra: Any) -> dict[str, Any]:
    memberships = list(user.memberships.all())
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-11-01",
        "date_joined_1": "08:00:00",
        "kind": user.kind,
        "full_name": "Probe",
        "national_id": "",
        "phone": "",
        "job_title": "",
        "groups": [g.pk for g in user.groups.all()],
        "user_permissions": [p.pk for p in user.user_permissions.all()],
        "memberships-TOTAL_FORMS": len(memberships),
        "memberships-INITIAL_FORMS": len(memberships),
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
    }
    for i, m in enumerate(memberships):
        data.update(
            {
                f"memberships-{i}-id": m.pk,
                f"memberships-{i}-user": user.pk,
                f"memberships-{i}-unit": m.unit_id,
                f"memberships-{i}-role": m.role,
                f"memberships-{i}-active": "on",
            }
        )
    data.update(extra)
    return data


def test_m6_change_user_cannot_make_itself_superuser_nor_give_itself_more() -> None:
    probe = _probe_staff("view_user", "change_user")
    mine = Group.objects.create(name="Desk helpers")
    probe.groups.add(mine)
    stronger = Group.objects.create(name="Everything")
    stronger.permissions.set(Permission.objects.all())
    client = _client(probe)
    path = f"/admin/accounts/user/{probe.pk}/change/"
    page = client.get(path)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields  # shown read-only
    assert list(form.fields["groups"].queryset) == [mine]
    assert set(form.fields["user_permissions"].queryset.values_list("codename", flat=True)) == {
        "view_user",
        "change_user",
    }

    # The escalation the review described, submitted: superuser, a stronger group, a permission.
    add_user = Permission.objects.get(codename="add_user")
    response = client.post(
        path,
        _own_change_form(
            probe,
            is_superuser="on",
            groups=[mine.pk, stronger.pk],
            user_permissions=[add_user.pk],
        ),
    )
    assert response.status_code == 200  # the form comes back with errors
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"groups", "user_permissions"}
    probe.refresh_from_db()
    assert (probe.is_superuser, list(probe.groups.all()), set(probe.get_all_permissions())) == (
        False,
        [mine],
        {"accounts.view_user", "accounts.change_user"},
    )
    # Only superuser ticked: ignored, the rest saved.
    saved = client.post(path, _own_change_form(probe, is_superuser="on"))
    assert saved.status_code == 302
    probe.refresh_from_db()
    assert (probe.is_superuser, probe.full_name) == (False, "Probe")


def test_m6_groups_the_editor_cannot_see_survive_its_edit() -> None:
    probe = _probe_staff("view_user", "change_user")
    colleague = _official("krongno.z", "24688", Role.HANDLER)
    hidden = Group.objects.create(name="Operators' group")
    colleague.groups.add(hidden)
    # The browser sends only the groups it shows: the editor's own (none here).
    form = _own_change_form(colleague, groups=[])
    response = _client(probe).post(f"/admin/accounts/user/{colleague.pk}/change/", form)
    assert response.status_code == 302
    assert list(colleague.groups.all()) == [hidden]


def test_m6_operators_accounts_are_out_of_reach() -> None:
    probe = _probe_staff("view_user", "change_user")
    operator = User.objects.create(username="operator", is_staff=True, is_superuser=True)
    Membership.objects.create(user=operator, unit=Unit.objects.get(code="24688"), role=Role.HANDLER)
    client = _client(probe)
    assert client.get(f"/admin/accounts/user/{operator.pk}/change/").status_code == 302


def test_administrator_make_is_idempotent_and_takes_superuser_away() -> None:
    user = User.objects.create(username="qt", is_superuser=True)
    administrator_make(user)
    administrator_make(user)
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser, user.groups.count()) == (True, False, 1)
    assert Province.objects.filter(code=68).exists()


def test_m6_a_citizen_stays_a_valid_choice_where_rows_name_one(hanoi: User) -> None:
    """Feedback names its citizen author: an administrator editing it keeps a valid form, while
    officials of other provinces and operators are never choices."""
    from django.contrib import admin as django_admin
    from django.test import RequestFactory

    from motcua.feedback.models import Feedback

    probe = _probe_staff("change_feedback")
    citizen = User.objects.create(username="congdan.x", kind=User.Kind.CITIZEN)
    operator = User.objects.create(username="operator", is_staff=True, is_superuser=True)
    request = RequestFactory().get("/admin/feedback/feedback/add/")
    request.user = probe
    model_admin = django_admin.site._registry[Feedback]
    field = model_admin.formfield_for_foreignkey(Feedback._meta.get_field("citizen"), request)
    assert field is not None and field.queryset is not None
    choices = set(field.queryset)
    assert citizen in choices
    assert hanoi not in choices and operator not in choices
