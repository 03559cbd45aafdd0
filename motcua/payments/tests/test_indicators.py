"""The 766 payment group's counts (rules 3.5, 3.5b, 3.6): dossiers with fees and those paid online."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from motcua.payments.actions import notice_paid, payment_record, payment_request
from motcua.payments.models import PaymentNotice
from motcua.payments.selectors import PaymentIndicators, payment_indicators
from motcua.payments.tests.test_payments import at, in_processing, u
from motcua.testing.personas import People
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_dossiers_paid_online_over_dossiers_with_fees(people: People) -> None:
    online = in_processing(people, at(7, 9))
    cash = in_processing(people, at(7, 10))
    for dossier in (online, cash):
        payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 14))
        dossier.refresh_from_db()
    payment_record(actor=u(people.desk), dossier=cash, receipt_number="BL-0001", now=at(7, 15))
    with transaction.atomic():
        notice_paid(
            notice=PaymentNotice.objects.get(dossier=online),
            dossier=online,
            actor=None,
            method="online",
            receipt_number="DVCQG-T1",
            reference=f"{online.code}-01",
            platform_transaction_id="T1",
            now=at(7, 15),
        )
    unit = Unit.objects.get(code="24688")
    december = (datetime(2026, 12, 1, tzinfo=VN), datetime(2027, 1, 1, tzinfo=VN))
    assert payment_indicators(unit_ids=[unit.pk], start=december[0], end=december[1]) == PaymentIndicators(
        procedures_with_fees=1,
        procedures_payable_online=1,
        procedures_paid_online=1,
        dossiers_with_fees=2,
        dossiers_paid_online=1,
    )
    other = Unit.objects.get(code="24640")
    assert payment_indicators(unit_ids=[other.pk], start=december[0], end=december[1]).dossiers_with_fees == 0
