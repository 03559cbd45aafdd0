"""Fixtures shared by the apps' tests."""

import pytest

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.tests.factories import MembershipFactory, UserFactory
from motcua.testing.personas import People, people_create
from motcua.units.models import Unit


@pytest.fixture
def people(db: None) -> People:
    return people_create()


@pytest.fixture
def krong_no(db: None) -> Unit:
    return Unit.objects.get(code="24688")


@pytest.fixture
def officer(krong_no: Unit) -> User:
    """A receiving officer of xã Krông Nô."""
    user = UserFactory.create(username="tiepnhan")
    MembershipFactory.create(user=user, unit=krong_no, role=Role.RECEIVING_OFFICER)
    return user
