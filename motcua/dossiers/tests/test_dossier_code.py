"""Decree 118/2025 Art.28.2: the dossier code is `{identifier}-{YYMMDD}-{NNNN}`, the identifier of the
competent agency (Decision 20/2020/QĐ-TTg), or for an inter-linked group the receiving desk's (in
person) or the national portal's (online), with a gap-free number per agency and day."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from pytest_django.fixtures import Settings

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.core.errors import InvalidInput
from motcua.dossiers.actions import dossier_submit
from motcua.dossiers.models import DailySequence, Dossier
from motcua.dossiers.states import Channel
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOON = datetime(2026, 11, 19, 10, 0, tzinfo=VN)
KRONG_NO, CU_JUT, LAND_OFFICE = "000.60.20.H36", "000.53.20.H36", "000.00.04.H36"


def submit(procedure: str, competent: str, **more: Any) -> Dossier:
    params: dict[str, Any] = {"actor": None, **more}
    return dossier_submit(
        procedure_code=procedure, competent_unit_code=competent, applicant=APPLICANT, now=NOON, **params
    )


@pytest.fixture
def interlinked() -> str:
    """An inter-linked group of procedures (birth, residence, health insurance and identity card)."""
    assert Procedure.objects.get(code="3.000722").interlinked
    return "3.000722"


def test_art_28_2_a_a_boundary_free_dossier_carries_the_competent_communes_identifier(
    cu_jut_officer: User,
) -> None:
    dossier = submit(
        "1.001612", "24688", actor=cu_jut_officer, channel=Channel.IN_PERSON, receiving_unit_code="24640"
    )
    assert (dossier.receiving_unit.code, dossier.competent_unit.code) == ("24640", "24688")
    assert dossier.code == f"{KRONG_NO}-261119-0001"
    assert DailySequence.objects.get(agency_code=KRONG_NO).last == 1
    assert not DailySequence.objects.filter(agency_code=CU_JUT).exists()


def test_art_28_2_a_one_daily_sequence_per_competent_agency_whatever_the_desk(
    cu_jut_officer: User, officer: User
) -> None:
    at_cu_jut = submit(
        "1.001612", "24688", actor=cu_jut_officer, channel=Channel.IN_PERSON, receiving_unit_code="24640"
    )
    online = submit("1.001612", "24688")
    at_krong_no = submit(
        "1.001612", "24688", actor=officer, channel=Channel.IN_PERSON, receiving_unit_code="24688"
    )
    assert [at_cu_jut.code, online.code, at_krong_no.code] == [
        f"{KRONG_NO}-261119-0001",
        f"{KRONG_NO}-261119-0002",
        f"{KRONG_NO}-261119-0003",
    ]


def test_art_28_2_a_a_department_dossier_received_at_a_commune_desk_carries_the_departments(
    officer: User,
) -> None:
    dossier = submit(
        "1.013831", "68.SNNMT", actor=officer, channel=Channel.IN_PERSON, receiving_unit_code="24688"
    )
    assert dossier.receiving_unit.code == "24688"
    assert dossier.code == f"{LAND_OFFICE}-261119-0001"


def test_art_28_2_a_an_interlinked_dossier_submitted_online_carries_the_national_portals(
    interlinked: str, settings: Settings
) -> None:
    assert submit(interlinked, "24688").code == "G22.99-261119-0001"
    settings.NATIONAL_PORTAL_AGENCY_CODE = "000.00.00.G22"
    assert submit(interlinked, "24688").code == "000.00.00.G22-261119-0001"


def test_art_28_2_a_an_interlinked_dossier_received_in_person_carries_the_receiving_desks(
    interlinked: str, cu_jut_officer: User
) -> None:
    dossier = submit(
        interlinked, "24688", actor=cu_jut_officer, channel=Channel.IN_PERSON, receiving_unit_code="24640"
    )
    assert dossier.code == f"{CU_JUT}-261119-0001"


def test_art_28_2_a_no_code_without_a_valid_identifier_and_nothing_is_stored() -> None:
    Unit.objects.filter(code="24688").update(agency_code="")
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        submit("1.001612", "24688")
    assert str(refused.value.message) == (
        "Xã Krông Nô has no valid agency electronic identifier, so the dossier cannot be given its "
        "code: ask the administrator to enter it."
    )
    assert refused.value.field == "competent_unit"
    assert not Dossier.objects.exists()
    assert not DailySequence.objects.exists()


def test_art_28_2_a_a_malformed_portal_identifier_is_refused(interlinked: str, settings: Settings) -> None:
    settings.NATIONAL_PORTAL_AGENCY_CODE = "DVCQG"
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        submit(interlinked, "24688")
    assert str(refused.value.message).startswith("the national public-service portal has no valid")
    assert not Dossier.objects.exists()
