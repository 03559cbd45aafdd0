"""The financial step through the JSON API: the actions, the dossier body and public tracking."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.catalog.models import Fee
from motcua.dossiers.models import Dossier
from motcua.payments.tests.test_payments import HOUSEHOLD_BUSINESS, in_processing
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=VN)


def test_payment_actions_through_the_api_both_permission_sides(people: People) -> None:
    with time_machine.travel(at(7, 9), tick=False):
        dossier = in_processing(people, at(7, 9))
    code = dossier.code
    fee = Fee.objects.get(procedure__code=HOUSEHOLD_BUSINESS)
    with time_machine.travel(at(7, 10), tick=False):
        for persona in (people.citizen, people.desk, people.cujut_handler, people.outsider):
            assert persona.act(code, "payment_request").status_code == 404
        answer = people.handler.act(code, "payment_request", {"amounts": {str(fee.pk): 100000}})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["status"], body["national_status"]) == ("financial_obligation", 6)
    notice = body["payment_notice"]
    assert notice["lines"] == [{"fee": fee.pk, "label": fee.label, "kind": "charge", "amount": 100000}]
    assert (notice["total"], notice["clock_paused"], notice["paid_at"]) == (100000, False, None)

    with time_machine.travel(at(7, 11), tick=False):
        tracked = people.public.post(f"/track/{code}", {"secret": "5678"}).json()
        assert (tracked["national_status"], tracked["payment_total"]) == (6, 100000)
        for persona in (people.citizen, people.cujut_desk, people.other_citizen):
            assert persona.act(code, "payment_record", {"receipt_number": "BL-9"}).status_code == 404
        bad = people.desk.act(code, "payment_record", {"receipt_number": "BL 9"})
        assert (bad.status_code, bad.json()["error"]["field"]) == (422, "receipt_number")
        paid = people.desk.act(code, "payment_record", {"receipt_number": "BL-9"}, key="pay-1")
        again = people.desk.act(code, "payment_record", {"receipt_number": "BL-9"})
    assert paid.status_code == 200 and again.status_code == 200
    assert paid.json()["status"] == "processing"
    paid_notice = paid.json()["payment_notice"]
    assert (paid_notice["receipt_number"], paid_notice["method"]) == ("BL-9", "cash")
    assert paid_notice["remittance_due_at"] == "2026-12-08T11:00:00+07:00"
    assert again.json()["version"] == paid.json()["version"]

    with time_machine.travel(at(8, 9), tick=False):
        assert people.cujut_desk.act(code, "fees_remit", {"reference": "KB-9"}).status_code == 404
        remitted = people.desk.act(code, "fees_remit", {"reference": "KB-9"})
    assert remitted.status_code == 200
    assert remitted.json()["payment_notice"]["remittance_reference"] == "KB-9"
    assert Dossier.objects.get(code=code).events.order_by("seq").last().kind == "fees_remitted"  # type: ignore[union-attr]


def test_the_dossier_body_shows_the_paper_transfer_deadline(people: People) -> None:
    with time_machine.travel(at(7, 16), tick=False):
        assert people.desk.user is not None
        from motcua.dossiers import actions
        from motcua.dossiers.states import Channel
        from motcua.dossiers.tests.conftest import APPLICANT

        dossier = actions.dossier_submit(
            actor=people.desk.user,
            procedure_code=HOUSEHOLD_BUSINESS,
            competent_unit_code="24640",
            applicant=APPLICANT,
            channel=Channel.IN_PERSON,
            receiving_unit_code="24688",
        )
        actions.dossier_accept(actor=people.desk.user, dossier=dossier)
        body = people.desk.get(f"/dossiers/{dossier.code}").json()
    assert body["transfer_due_at"] == "2026-12-08T07:30:00+07:00"
    assert body["payment_notice"] is None
