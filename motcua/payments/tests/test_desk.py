"""The financial step and the transfer deadline on the desk's dossier page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from motcua.catalog.models import Fee
from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel, Status
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.payments.models import PaymentNotice
from motcua.payments.tests.test_payments import HOUSEHOLD_BUSINESS, in_processing, u
from motcua.testing.personas import People, Persona

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=VN)


def browser(persona: Persona) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(u(persona))
    return client


def page(persona: Persona, dossier: Dossier) -> str:
    answer = browser(persona).get(f"/desk/dossiers/{dossier.code}/")
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_handler_issues_the_notice_from_the_dossier_page(people: People) -> None:
    with time_machine.travel(at(7, 9), tick=False):
        dossier = in_processing(people, at(7, 9))
    fee = Fee.objects.get(procedure__code=HOUSEHOLD_BUSINESS)
    with time_machine.travel(at(7, 10), tick=False), translation.override("en"):
        assert "Issue the payment notice" in page(people.handler, dossier)
        assert "Issue the payment notice" not in page(people.desk, dossier)
        url = f"/desk/dossiers/{dossier.code}/payment/request/"
        for persona in (people.cujut_handler, people.outsider):
            assert browser(persona).post(url, {f"amount_{fee.pk}": "100000"}).status_code == 404
        assert browser(people.citizen).post(url, {f"amount_{fee.pk}": "100000"}).status_code == 404
        assert not PaymentNotice.objects.exists()
        answer = browser(people.handler).post(
            url, {f"amount_{fee.pk}": "100.000", "version": dossier.version}, follow=True
        )
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "Payment notice issued for dossier" in text and "100.000 đ" in text
    assert "<strong>Payment notice issued</strong>" in text  # in the history
    dossier.refresh_from_db()
    assert dossier.status == Status.FINANCIAL_OBLIGATION


def test_the_desk_records_the_payment_and_a_bad_receipt_changes_nothing(people: People) -> None:
    with time_machine.travel(at(7, 9), tick=False):
        dossier = in_processing(people, at(7, 9))
        from motcua.payments.actions import payment_request

        payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 10))
    url = f"/desk/dossiers/{dossier.code}/payment/record/"
    with time_machine.travel(at(7, 11), tick=False), translation.override("en"):
        shown = page(people.desk, dossier)
        assert "Record the payment" in shown and "Waiting for payment" in shown
        assert "Record the payment" not in page(people.handler2, dossier)
        assert browser(people.cujut_desk).post(url, {"receipt_number": "BL-1"}).status_code == 404
        bad = browser(people.desk).post(url, {"receipt_number": "BL 1"}, follow=True)
        assert "Enter the receipt number as printed" in bad.content.decode()
        assert PaymentNotice.objects.get().paid_at is None
        good = browser(people.desk).post(url, {"receipt_number": "BL-1", "method": "cash"}, follow=True)
    text = good.content.decode()
    assert "Payment recorded for dossier" in text
    assert "to be remitted to the budget by 11:00 08/12/2026" in text
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    with time_machine.travel(at(8, 11, 1), tick=False), translation.override("en"):
        assert "Remittance late" in page(people.desk, dossier)
        remitted = browser(people.desk).post(
            f"/desk/dossiers/{dossier.code}/payment/remit/", {"reference": "KB-1"}, follow=True
        )
    assert "remitted to the budget 11:01 08/12/2026, reference KB-1" in remitted.content.decode()


def test_art_18_2_the_dossier_page_shows_the_paper_transfer_deadline_and_when_it_is_late(
    people: People,
) -> None:
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
    with time_machine.travel(at(8, 7, 30), tick=False), translation.override("en"):
        shown = page(people.desk, dossier)
        assert "must be sent to the competent unit by 07:30 08/12/2026" in shown
        assert "Transfer late" not in shown
    with time_machine.travel(at(8, 7, 31), tick=False), translation.override("en"):
        assert "Transfer late" in page(people.desk, dossier)


def test_the_tracking_page_shows_the_amount_and_the_pause_of_the_legal_time(people: People) -> None:
    from motcua.payments.actions import payment_record, payment_request

    with time_machine.travel(at(7, 9), tick=False):
        dossier = in_processing(people, at(7, 9), paused=True)
        payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 10))
    client = Client(headers={"Accept-Language": "en"})
    with time_machine.travel(at(7, 11), tick=False), translation.override("en"):
        text = client.post("/track/", {"code": dossier.code, "secret": "5678"}).content.decode()
    assert "Amount to pay: 100.000 đ, at the one-stop desk." in text
    assert "The time you take to pay is not counted in the legal time" in text
    payment_record(actor=u(people.desk), dossier=dossier, receipt_number="BL-1", now=at(8, 10))
    with time_machine.travel(at(8, 11), tick=False), translation.override("en"):
        text = client.post("/track/", {"code": dossier.code, "secret": "5678"}).content.decode()
    assert "Amount to pay" not in text
    assert "The legal time stood still for 8 working hours while the fees were paid" in text
