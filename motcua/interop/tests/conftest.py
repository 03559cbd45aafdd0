from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from motcua.dossiers.actions import Applicant, dossier_submit
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
APPLICANT = Applicant(
    name="Nguyễn Thị Lan", national_id="068190001234", phone="0912345678", email="lan@example.vn"
)


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    """Thursday 19 November 2026, 09:00 in Vietnam, standing still."""
    with time_machine.travel(at(2026, 11, 19, 9, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def dossier(krong_no: Unit, frozen: time_machine.Traveller) -> Dossier:
    """Submitted online to xã Krông Nô at 09:00: household business registration (3 working days)."""
    return dossier_submit(
        actor=None, procedure_code="1.001612", competent_unit_code="24688", applicant=APPLICANT
    )


@pytest.fixture
def english_officer_screen() -> Iterator[None]:
    with translation.override("en"):
        yield
