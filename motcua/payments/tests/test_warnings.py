"""Early warnings of late paper transfers (Art.18.2) and late remittances of charges (Art.24)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.interop.models import OutboxMessage
from motcua.monitor.warnings import digest_send, warnings_for
from motcua.payments.actions import fees_remit, payment_record, payment_request
from motcua.payments.tests.test_payments import HOUSEHOLD_BUSINESS, in_processing, u
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=VN)


def for_cujut(people: People, when: datetime) -> Dossier:
    with time_machine.travel(when, tick=False):
        dossier = actions.dossier_submit(
            actor=u(people.desk),
            procedure_code=HOUSEHOLD_BUSINESS,
            competent_unit_code="24640",
            applicant=APPLICANT,
            channel=Channel.IN_PERSON,
            receiving_unit_code="24688",
        )
        actions.dossier_accept(actor=u(people.desk), dossier=dossier)
    return dossier


def test_art_18_2_a_paper_transfer_after_its_deadline_is_warned_to_the_receiving_desk(people: People) -> None:
    dossier = for_cujut(people, at(7, 10))  # before 15:00: the paper leaves the same day, by 17:30
    assert warnings_for(u(people.desk), now=at(7, 17, 30)).late_transfers == []
    late = warnings_for(u(people.desk), now=at(7, 17, 31)).late_transfers
    assert [d.code for d in late] == [dossier.code]
    assert late[0].transfer_due_at == at(7, 17, 30)  # type: ignore[attr-defined]
    assert warnings_for(u(people.cujut_desk), now=at(8, 9)).late_transfers == []
    assert warnings_for(u(people.citizen), now=at(8, 9)).count == 0
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(u(people.desk))
    with time_machine.travel(at(8, 9), tick=False), translation.override("en"):
        assert "1 paper dossier not sent in time" in client.get("/desk/").content.decode()
    actions.dossier_transfer(actor=u(people.desk), dossier=dossier, now=at(8, 9))
    assert warnings_for(u(people.desk), now=at(8, 10)).late_transfers == []


def test_art_24_a_late_remittance_is_warned_and_goes_into_the_leaders_digest(people: People) -> None:
    assert people.leader.user is not None
    people.leader.user.email = "lanhdao@krongno.example"
    people.leader.user.save(update_fields=["email"])
    dossier = in_processing(people, at(7, 9))
    payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 10))
    notice = payment_record(actor=u(people.desk), dossier=dossier, receipt_number="BL-1", now=at(7, 11))
    assert warnings_for(u(people.desk), now=at(8, 11)).late_remittances == []
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(u(people.desk))
    with time_machine.travel(at(8, 9), tick=False), translation.override("en"):
        landing = client.get("/desk/").content.decode()
    assert "Charges to remit to the budget" in landing and "11:00 08/12/2026" in landing
    assert [n.pk for n in warnings_for(u(people.leader), now=at(8, 11, 1)).late_remittances] == [notice.pk]
    assert warnings_for(u(people.cujut_leader), now=at(8, 12)).late_remittances == []
    with translation.override("en"):
        assert digest_send(now=at(9, 8)) == 1
    body = OutboxMessage.objects.get(event_kind="daily_digest").body
    # The digest is written in Vietnamese: its line names the dossier and the amount.
    assert f"- {dossier.code}, 100000 đồng, " in body
    fees_remit(actor=u(people.desk), notice=notice, reference="KB-1", now=at(9, 9))
    assert warnings_for(u(people.desk), now=at(9, 10)).late_remittances == []
