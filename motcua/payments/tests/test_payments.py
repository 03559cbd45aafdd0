"""The financial step (code 6), the payment at the desk, the remittance of charges (Art.24) and the
paper-transfer deadline (Art.18.2, 20.1.a), called directly with explicit times."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from motcua.accounts.models import User
from motcua.catalog.models import Fee, Procedure, ProcedureVersion
from motcua.core.calendar import vietnam_calendar
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.dossiers import actions
from motcua.dossiers.actions.processing import transfer_due_at, transfer_due_of
from motcua.dossiers.models import Dossier, Event
from motcua.dossiers.states import Channel, Status
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.payments.actions import fees_remit, payment_record, payment_request
from motcua.payments.models import PaymentNotice
from motcua.payments.selectors import late_remittances, payment_pause, payment_steps
from motcua.testing.personas import People, Persona

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
HOUSEHOLD_BUSINESS = "1.001612"  # a charge of 100,000 đồng, 3 working days


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VN)


def u(persona: Persona) -> User:
    assert persona.user is not None
    return persona.user


def in_processing(people: People, when: datetime, *, paused: bool = False) -> Dossier:
    """A household-business dossier accepted at the Krông Nô desk and assigned to its handler."""
    if paused:
        ProcedureVersion.objects.create(
            procedure=Procedure.objects.get(code=HOUSEHOLD_BUSINESS),
            effective_from=date(2026, 1, 1),
            time_amount=3,
            time_unit="days",
            payment_time_excluded=True,
        )
    dossier = actions.dossier_submit(
        actor=u(people.desk),
        procedure_code=HOUSEHOLD_BUSINESS,
        competent_unit_code="24688",
        applicant=APPLICANT,
        channel=Channel.IN_PERSON,
        receiving_unit_code="24688",
        now=when,
    )
    actions.dossier_accept(actor=u(people.desk), dossier=dossier, now=when)
    actions.dossier_assign(actor=u(people.leader), dossier=dossier, handler=u(people.handler), now=when)
    return dossier


def test_the_handler_issues_a_notice_and_the_dossier_enters_code_6(people: People) -> None:
    dossier = in_processing(people, at(7, 9))  # Monday: due Thursday 26, 17:30
    notice = payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 10))
    dossier.refresh_from_db()
    fee = Fee.objects.get(procedure__code=HOUSEHOLD_BUSINESS)
    assert dossier.status == Status.FINANCIAL_OBLIGATION
    assert notice.lines == [{"fee": fee.pk, "label": fee.label, "kind": "charge", "amount": 100_000}]
    assert (notice.total, notice.charges_total, notice.clock_paused) == (100_000, 100_000, False)
    event = dossier.events.order_by("seq").last()
    assert event is not None and event.kind == "payment_requested"
    assert event.data["total"] == 100_000


def test_amounts_computed_at_appraisal_are_required_and_validated(people: People) -> None:
    dossier = in_processing(people, at(7, 9))
    procedure = Procedure.objects.get(code=HOUSEHOLD_BUSINESS)
    tax = Fee.objects.create(
        procedure=procedure, position=9, label="Thuế", amount=0, kind="charge", computed_at_appraisal=True
    )
    handler = u(people.handler)
    for amounts, field in (
        ({}, f"amounts.{tax.pk}"),
        ({tax.pk: -5}, f"amounts.{tax.pk}"),
        ({tax.pk: "12a"}, f"amounts.{tax.pk}"),
        ({tax.pk: 1.5}, f"amounts.{tax.pk}"),
        ({tax.pk: 10, 999999: 1}, "amounts"),
    ):
        with translation.override("en"), pytest.raises(InvalidInput) as refused:
            payment_request(actor=handler, dossier=dossier, amounts=amounts, now=at(7, 10))
        assert refused.value.field == field
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and not PaymentNotice.objects.exists()

    notice = payment_request(
        actor=handler, dossier=dossier, amounts={str(tax.pk): "2.500.000"}, now=at(7, 10)
    )
    assert [line["amount"] for line in notice.lines] == [100_000, 2_500_000]
    assert notice.total == 2_600_000


def test_only_the_assigned_handler_issues_a_notice(people: People) -> None:
    dossier = in_processing(people, at(7, 9))
    for persona in (people.citizen, people.desk, people.handler2, people.cujut_handler, people.leader):
        with pytest.raises(NotFound):
            payment_request(actor=u(persona), dossier=dossier, now=at(7, 10))
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and dossier.version == 3


def test_art_24_payment_at_the_desk_returns_to_processing_and_the_clock_kept_running(people: People) -> None:
    dossier = in_processing(people, at(7, 9))
    payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 10))
    notice = payment_record(
        actor=u(people.desk), dossier=dossier, receipt_number="BL-0001/2026", now=at(8, 9)
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert dossier.due_at == dossier.original_due_at == at(10, 17, 30)
    assert (notice.paid_at, notice.method, notice.receipt_number) == (at(8, 9), "cash", "BL-0001/2026")
    # Charges reach the budget within 8 working hours of the payment (Art.24).
    assert notice.remittance_due_at == at(9, 9)


def test_payment_time_excluded_pauses_the_clock_and_moves_both_due_times(people: People) -> None:
    dossier = in_processing(people, at(7, 9), paused=True)
    payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 10))
    pause = payment_pause(dossier, now=at(8, 9, 30))
    assert pause is not None and pause.paused and pause.waiting
    assert pause.hours == Decimal("7.5")
    # Paid Tuesday 10:00: 8 working hours paused, so the due times move one working day later.
    notice = payment_record(actor=u(people.desk), dossier=dossier, receipt_number="BL-2", now=at(8, 10))
    dossier.refresh_from_db()
    assert notice.paused_hours == Decimal("8.00")
    assert dossier.due_at == dossier.original_due_at == at(11, 17, 30)
    pause = payment_pause(dossier, now=at(9, 9))
    assert pause is not None and not pause.waiting and pause.hours == Decimal(8)


def test_recording_twice_answers_the_same_and_another_receipt_is_refused(people: People) -> None:
    dossier = in_processing(people, at(7, 9))
    payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 10))
    first = payment_record(actor=u(people.desk), dossier=dossier, receipt_number="BL-3", now=at(7, 11))
    events = Event.objects.filter(dossier=dossier).count()
    again = payment_record(actor=u(people.desk), dossier=dossier, receipt_number=" BL-3 ", now=at(7, 14))
    assert again.pk == first.pk and again.paid_at == at(7, 11)
    with translation.override("en"), pytest.raises(Conflict) as refused:
        payment_record(actor=u(people.desk), dossier=dossier, receipt_number="BL-4", now=at(7, 14))
    assert str(refused.value.message) == "The payment was already recorded with receipt BL-3."
    assert Event.objects.filter(dossier=dossier).count() == events


def test_a_bad_receipt_number_changes_nothing(people: People) -> None:
    dossier = in_processing(people, at(7, 9))
    payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 10))
    for bad in ("", "   ", "BL 1", "x" * 65, "<script>"):
        with pytest.raises(InvalidInput) as refused:
            payment_record(actor=u(people.desk), dossier=dossier, receipt_number=bad, now=at(7, 11))
        assert refused.value.field == "receipt_number"
    with pytest.raises(InvalidInput):
        payment_record(
            actor=u(people.desk), dossier=dossier, receipt_number="BL-5", method="online", now=at(7, 11)
        )
    dossier.refresh_from_db()
    assert dossier.status == Status.FINANCIAL_OBLIGATION
    assert PaymentNotice.objects.get().paid_at is None


def test_the_desk_or_the_handler_record_a_payment_nobody_else(people: People) -> None:
    dossier = in_processing(people, at(7, 9))
    payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 10))
    for persona in (people.citizen, people.other_citizen, people.cujut_desk, people.handler2, people.monitor):
        with pytest.raises(NotFound):
            payment_record(actor=u(persona), dossier=dossier, receipt_number="BL-6", now=at(7, 11))
    assert PaymentNotice.objects.get().paid_at is None
    notice = payment_record(actor=u(people.handler), dossier=dossier, receipt_number="BL-6", now=at(7, 11))
    assert notice.recorded_by == u(people.handler)


def test_art_24_charges_remitted_late_are_warned_until_recorded(people: People) -> None:
    dossier = in_processing(people, at(7, 9))
    payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 10))
    notice = payment_record(actor=u(people.desk), dossier=dossier, receipt_number="BL-7", now=at(7, 14))
    assert notice.remittance_due_at == at(8, 14)
    assert late_remittances(u(people.desk), now=at(8, 14)) == []
    assert [n.pk for n in late_remittances(u(people.desk), now=at(8, 14, 1))] == [notice.pk]
    assert late_remittances(u(people.cujut_desk), now=at(8, 15)) == []
    with pytest.raises(NotFound):
        fees_remit(actor=u(people.cujut_desk), notice=notice, reference="KB-1", now=at(8, 15))
    with pytest.raises(InvalidInput):
        fees_remit(actor=u(people.desk), notice=notice, reference=" ", now=at(8, 15))
    remitted = fees_remit(actor=u(people.desk), notice=notice, reference="KB-1", now=at(8, 15))
    assert (remitted.remitted_at, remitted.remittance_reference) == (at(8, 15), "KB-1")
    assert fees_remit(actor=u(people.desk), notice=notice, reference="KB-1", now=at(9, 9)).remitted_at == at(
        8, 15
    )
    with pytest.raises(Conflict):
        fees_remit(actor=u(people.desk), notice=notice, reference="KB-2", now=at(9, 9))
    assert late_remittances(u(people.desk), now=at(9, 9)) == []
    event = dossier.events.order_by("seq").last()
    assert event is not None and (event.kind, event.data["late"]) == ("fees_remitted", True)


# -- transfers -----------------------------------------------------------------------------------


def test_art_18_2_paper_leaves_the_same_working_day_before_15() -> None:
    calendar = vietnam_calendar()
    assert transfer_due_at(at(7, 14, 59), calendar) == at(7, 17, 30)


def test_art_18_2_paper_leaves_at_the_start_of_the_next_working_day_after_15() -> None:
    calendar = vietnam_calendar()
    assert transfer_due_at(at(7, 15), calendar) == at(8, 7, 30)
    # Friday afternoon: Monday morning; a Saturday reception too.
    assert transfer_due_at(at(11, 16), calendar) == at(14, 7, 30)
    assert transfer_due_at(at(12, 10), calendar) == at(14, 7, 30)


def test_art_20_1_a_cross_level_paper_within_one_working_day() -> None:
    calendar = vietnam_calendar()
    assert transfer_due_at(at(7, 16), calendar, cross_level=True) == at(8, 16)


def test_art_18_2_transfer_deadline_is_counted_from_reception_not_from_the_transfer(people: People) -> None:
    with time_machine.travel(at(7, 16), tick=False):
        dossier = actions.dossier_submit(
            actor=u(people.desk),
            procedure_code=HOUSEHOLD_BUSINESS,
            competent_unit_code="24640",
            applicant=APPLICANT,
            channel=Channel.IN_PERSON,
            receiving_unit_code="24688",
        )
        actions.dossier_accept(actor=u(people.desk), dossier=dossier)
    assert transfer_due_of(dossier) == at(8, 7, 30)
    actions.dossier_transfer(actor=u(people.desk), dossier=dossier, now=at(8, 10))
    event = dossier.events.order_by("seq").last()
    assert event is not None and event.data["paper_by"] == at(8, 7, 30).isoformat()


def test_the_control_sheet_reads_every_financial_step_with_its_pause(people: People) -> None:
    dossier = in_processing(people, at(7, 9), paused=True)
    payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 10))
    payment_record(actor=u(people.desk), dossier=dossier, receipt_number="BL-8", now=at(9, 10))
    payment_request(actor=u(people.handler), dossier=dossier, now=at(10, 9))
    steps = payment_steps(dossier, now=at(10, 11))
    assert [(s.issued_at, s.paid_at, s.waiting, str(s.hours)) for s in steps] == [
        (at(7, 10), at(9, 10), False, "16"),
        (at(10, 9), None, True, "2"),
    ]
