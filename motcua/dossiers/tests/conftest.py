from collections.abc import Iterator
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.tests.factories import MembershipFactory, UserFactory
from motcua.dossiers.actions import Applicant
from motcua.units.models import Unit

APPLICANT = Applicant(name="Nguyễn Thị Lan", national_id="068190001234", phone="0912345678")


@pytest.fixture
def cu_jut_officer(db: None) -> User:
    user = UserFactory.create(username="tiepnhan_cujut")
    MembershipFactory.create(user=user, unit=Unit.objects.get(code="24640"), role=Role.RECEIVING_OFFICER)
    return user


@pytest.fixture
def reference_data_restored(django_db_blocker: Any) -> Iterator[None]:
    """For transactional tests: their teardown empties every table, reference data included;
    put it back so the tests that follow on this worker still find units and procedures.
    Request it before `transactional_db` so that it tears down after the flush."""
    yield
    from motcua.catalog.actions import catalog_seed
    from motcua.units.actions import units_load

    with django_db_blocker.unblock():
        units_load()
        catalog_seed()
