"""The admin lists payment notices and records a remittance through the action (Art.24)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from motcua.accounts.models import User
from motcua.payments.actions import payment_record, payment_request
from motcua.payments.models import PaymentNotice
from motcua.payments.tests.test_payments import in_processing, u
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=VN)


def test_art_24_the_admin_lists_late_remittances_and_records_one(people: People) -> None:
    dossier = in_processing(people, at(7, 9))
    payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 10))
    notice = payment_record(actor=u(people.desk), dossier=dossier, receipt_number="BL-1", now=at(7, 11))
    admin = User.objects.create_superuser(username="quantri", password="x")
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(admin)
    with time_machine.travel(at(8, 12), tick=False):
        listed = client.get("/admin/payments/paymentnotice/?remittance=late")
        assert listed.status_code == 200 and "BL-1" in listed.content.decode()
        saved = client.post(
            f"/admin/payments/paymentnotice/{notice.pk}/change/", {"remittance_reference": "KB-7"}
        )
    assert saved.status_code == 302
    notice.refresh_from_db()
    assert (notice.remittance_reference, notice.remitted_at, notice.remitted_by) == ("KB-7", at(8, 12), admin)
    assert dossier.events.order_by("seq").last().kind == "fees_remitted"  # type: ignore[union-attr]
    assert PaymentNotice.objects.filter(remitted_at__isnull=True).count() == 0
