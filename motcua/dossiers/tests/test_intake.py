from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.accounts.models import User
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.dossiers.actions import (
    Applicant,
    dossier_accept,
    dossier_refuse,
    dossier_submit,
    dossier_withdraw,
)
from motcua.dossiers.models import DailySequence, Dossier, Event
from motcua.dossiers.states import NATIONAL_CODES, Channel, Status
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def submit(**overrides: object) -> Dossier:
    params: dict[str, object] = {
        "actor": None,
        "procedure_code": "1.001612",
        "competent_unit_code": "24688",
        "applicant": APPLICANT,
        "now": at(2026, 11, 19, 9, 0),
    }
    params.update(overrides)
    return dossier_submit(**params)  # type: ignore[arg-type]


def test_art_28_2_an_online_dossier_gets_the_code_of_the_competent_agency_and_day(krong_no: Unit) -> None:
    first, second = submit(), submit()
    assert (first.code, second.code) == ("000.60.20.H36-261119-0001", "000.60.20.H36-261119-0002")
    assert (first.status, NATIONAL_CODES[first.status]) == (Status.NEW, 1)
    assert first.receiving_unit == first.competent_unit == krong_no
    assert first.channel == Channel.ONLINE
    assert submit(now=at(2026, 11, 20, 8, 0)).code == "000.60.20.H36-261120-0001"


def test_a_failed_intake_leaves_no_gap_in_the_sequence(krong_no: Unit) -> None:
    submit()
    with pytest.raises(InvalidInput):
        submit(applicant=Applicant(name="A", national_id="123", phone="0912345678"))
    assert submit().code == "000.60.20.H36-261119-0002"
    assert DailySequence.objects.get(agency_code="000.60.20.H36").last == 2


def test_a_retried_submission_with_the_same_key_gives_the_same_dossier(krong_no: Unit) -> None:
    first = submit(idempotency_key="client-7f3a")
    again = submit(idempotency_key="client-7f3a")
    assert again.pk == first.pk
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize(
    ("applicant", "field"),
    [
        (Applicant(name="", national_id="068190001234", phone="0912345678"), "applicant.name"),
        (Applicant(name="Lan", national_id="06819000123", phone="0912345678"), "applicant.national_id"),
        (Applicant(name="Lan", national_id="06819000123X", phone="0912345678"), "applicant.national_id"),
        (Applicant(name="Lan", national_id="068190001234", phone="12345"), "applicant.phone"),
    ],
)
def test_bad_applicant_data_is_refused_naming_the_field_and_stores_nothing(
    krong_no: Unit, applicant: Applicant, field: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        submit(applicant=applicant)
    assert raised.value.field == field
    assert Dossier.objects.count() == 0
    assert Event.objects.count() == 0


def test_a_unit_that_does_not_settle_the_procedure_is_refused(krong_no: Unit) -> None:
    with pytest.raises(InvalidInput) as raised:
        submit(procedure_code="2.001610")  # a Department of Finance procedure
    assert raised.value.field == "competent_unit"


def test_an_online_dossier_for_a_unit_of_another_province_is_refused_and_stores_nothing(
    krong_no: Unit,
) -> None:
    """Security finding M8: such a dossier would wait where no desk of this installation sees it."""
    from django.utils import translation

    with pytest.raises(InvalidInput) as raised:
        submit(competent_unit_code="00004")  # Ba Đình, Hà Nội
    with translation.override("en"):
        assert (str(raised.value.message), raised.value.field) == (
            "This installation receives the dossiers of its own province only.",
            "competent_unit",
        )
    assert (Dossier.objects.count(), DailySequence.objects.count()) == (0, 0)


def test_unknown_procedure_and_unit_are_bad_input_naming_the_field(krong_no: Unit) -> None:
    with pytest.raises(InvalidInput) as procedure:
        submit(procedure_code="9.999999")
    with pytest.raises(InvalidInput) as unit:
        submit(competent_unit_code="99999")
    assert (procedure.value.field, unit.value.field) == ("procedure", "competent_unit")
    assert Dossier.objects.count() == 0


def test_a_counter_receives_a_dossier_of_another_commune_of_the_province(
    officer: User, krong_no: Unit
) -> None:
    dossier = submit(
        actor=officer, channel=Channel.IN_PERSON, receiving_unit_code="24688", competent_unit_code="24640"
    )
    assert dossier.code.startswith("000.53.20.H36-261119-")  # Art.28.2.a: Cư Jút, the competent one
    assert (dossier.receiving_unit.code, dossier.competent_unit.code) == ("24688", "24640")


def test_an_officer_cannot_record_a_counter_dossier_for_a_desk_not_theirs(cu_jut_officer: User) -> None:
    with pytest.raises(NotFound):
        submit(actor=cu_jut_officer, channel=Channel.IN_PERSON, receiving_unit_code="24688")
    assert Dossier.objects.count() == 0


def test_acceptance_starts_the_clock_on_the_province_calendar(officer: User) -> None:
    dossier = submit()
    # Household business registration: 3 working days. Accepted Thu 19 Nov 2026 at 10:00:
    # Fri 20 (1), Mon 23 (2), Tue 24 is Vietnam Cultural Day, Wed 25 (3) → due Wed 25 at 17:30.
    accepted = dossier_accept(actor=officer, dossier=dossier, now=at(2026, 11, 19, 10, 0))
    assert accepted.status == Status.ACCEPTED
    assert accepted.accepted_at == at(2026, 11, 19, 10, 0)
    assert accepted.due_at == accepted.original_due_at == at(2026, 11, 25, 17, 30)
    assert accepted.version == 2
    assert list(accepted.events.values_list("kind", flat=True)) == ["submitted", "accepted"]


def test_a_same_day_procedure_after_15h_is_due_the_next_working_day(officer: User) -> None:
    dossier = submit(procedure_code="2.000815")  # certification of copies: same day
    accepted = dossier_accept(actor=officer, dossier=dossier, now=at(2026, 11, 20, 15, 5))
    assert accepted.due_at == at(2026, 11, 23, 17, 30)


def test_accepting_twice_is_a_conflict_that_changes_nothing(officer: User) -> None:
    dossier = submit()
    dossier_accept(actor=officer, dossier=dossier, now=at(2026, 11, 19, 10, 0))
    stale = Dossier.objects.get(pk=dossier.pk)
    with pytest.raises(Conflict):
        dossier_accept(actor=officer, dossier=stale, now=at(2026, 11, 19, 11, 0))
    assert Dossier.objects.get(pk=dossier.pk).accepted_at == at(2026, 11, 19, 10, 0)
    assert dossier.events.count() == 2


def test_a_stale_copy_cannot_overwrite_a_newer_transition(officer: User) -> None:
    dossier = submit()
    stale = Dossier.objects.get(pk=dossier.pk)
    dossier_refuse(
        actor=officer, dossier=dossier, reason="Không thuộc thẩm quyền", now=at(2026, 11, 19, 10, 0)
    )
    with pytest.raises(Conflict):
        dossier_accept(actor=officer, dossier=stale, now=at(2026, 11, 19, 10, 1))
    assert Dossier.objects.get(pk=dossier.pk).status == Status.NOT_ACCEPTED


def test_an_officer_of_another_commune_cannot_accept(officer: User, cu_jut_officer: User) -> None:
    dossier = submit()
    with pytest.raises(NotFound):
        dossier_accept(actor=cu_jut_officer, dossier=dossier, now=at(2026, 11, 19, 10, 0))
    assert Dossier.objects.get(pk=dossier.pk).status == Status.NEW


def test_a_refusal_needs_a_reason(officer: User) -> None:
    dossier = submit()
    with pytest.raises(InvalidInput) as raised:
        dossier_refuse(actor=officer, dossier=dossier, reason="  ")
    assert raised.value.field == "reason"
    refused = dossier_refuse(
        actor=officer, dossier=dossier, reason="Thiếu giấy tờ gốc", now=at(2026, 11, 19, 10)
    )
    assert (refused.status, NATIONAL_CODES[refused.status]) == (Status.NOT_ACCEPTED, 3)


def test_the_applicant_withdraws_an_accepted_dossier(officer: User) -> None:
    dossier = dossier_accept(actor=officer, dossier=submit(), now=at(2026, 11, 19, 10))
    withdrawn = dossier_withdraw(
        actor=officer,
        dossier=dossier,
        reason="Công dân không còn nhu cầu",
        request_date=date(2026, 11, 20),
        request_reference="Đơn số 12",
        now=at(2026, 11, 20, 8),
    )
    assert (withdrawn.status, NATIONAL_CODES[withdrawn.status]) == (Status.WITHDRAWN, 7)
    assert withdrawn.finished_at == at(2026, 11, 20, 8)
    assert withdrawn.events.last().data["request"] == {  # type: ignore[union-attr]
        "via": "desk",
        "date": "2026-11-20",
        "reference": "Đơn số 12",
    }
    assert list(withdrawn.events.values_list("kind", flat=True)) == ["submitted", "accepted", "withdrawn"]


def test_a_refused_dossier_cannot_be_withdrawn(officer: User) -> None:
    dossier = dossier_refuse(
        actor=officer, dossier=submit(), reason="Sai thẩm quyền", now=at(2026, 11, 19, 10)
    )
    with pytest.raises(Conflict):
        dossier_withdraw(actor=officer, dossier=dossier, reason="Rút hồ sơ")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.NOT_ACCEPTED


def test_withdrawal_needs_a_reason_and_a_desk_officer(officer: User, cu_jut_officer: User) -> None:
    dossier = submit()
    with pytest.raises(InvalidInput):
        dossier_withdraw(actor=officer, dossier=dossier, reason="")
    with pytest.raises(NotFound):
        dossier_withdraw(actor=cu_jut_officer, dossier=dossier, reason="Rút hồ sơ")
    assert Dossier.objects.get(pk=dossier.pk).status == Status.NEW
