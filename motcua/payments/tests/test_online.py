"""Online payment against the fake national payment platform run as its own process over HTTP:
INIT → the platform's page → the server-to-server confirmation → the dossier leaves code 6 by itself
(Decree 118 Art.24). The browser's return only displays; a forged or altered confirmation is refused
and changes nothing; a repeated one changes nothing; a kill -9 of the platform between the payment
and its confirmation loses no payment and charges nobody twice (reconciliation by QUERY); an attempt
left unpaid expires and the applicant is told. Times are in the afternoon, for the 12-hour-clock bug."""

import json
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import time_machine
from django.conf import settings
from django.test import Client

from motcua.core.errors import Conflict
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Status
from motcua.interop.fakes.launcher import FakeProcess
from motcua.interop.models import OutboxMessage
from motcua.payments import paygov
from motcua.payments.actions import payment_request
from motcua.payments.models import OnlinePayment, PaymentNotice
from motcua.payments.online import PlatformDown, payment_online_start, payments_reconcile
from motcua.payments.tests.test_payments import at, in_processing, u
from motcua.registries.tests.conftest import control
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
CONFIRM = "/api/v1/payments/dvcqg/confirm"


def awaiting_payment(people: People) -> Dossier:
    dossier = in_processing(people, at(7, 9))
    payment_request(actor=u(people.handler), dossier=dossier, now=at(7, 14))
    dossier.refresh_from_db()
    assert dossier.status == Status.FINANCIAL_OBLIGATION
    return dossier


def configure(url: str, **config: Any) -> None:
    httpx.post(f"{url}/_configure", json=config).raise_for_status()


def pay_on_platform(pay_url: str, choice: str = "pay") -> httpx.Response:
    """The citizen's browser on the platform's page, pressing a button."""
    page = httpx.get(pay_url)
    assert page.status_code == 200 and "100000 VND" in page.text
    ref = pay_url.split("ref=")[1]
    return httpx.get(
        pay_url.replace("/paygov/pay?", "/paygov/confirm?"), params={"choice": choice, "ref": ref}
    )


def held_confirmation(url: str) -> dict[str, Any]:
    for _ in range(50):
        held = httpx.get(f"{url}/_state").json()["held"]
        if held:
            return dict(held[-1])
        time.sleep(0.05)
    raise AssertionError("the platform sent no confirmation")


def post_confirm(body: Any) -> Any:
    return Client().post(CONFIRM, json.dumps(body), content_type="application/json")


def test_art_24_paid_online_end_to_end_the_dossier_leaves_code_6_by_itself(
    people: People, fakes: dict[str, str]
) -> None:
    platform = fakes["paygov"]
    configure(platform, callback="hold")
    dossier = awaiting_payment(people)
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")  # the page in English, as the assertions read it
    with time_machine.travel(at(7, 15, 30), tick=True):
        shown = browser.post("/pay/", {"code": dossier.code, "secret": "5678"})
        assert shown.status_code == 200 and b"100000" in shown.content
        started = browser.post("/pay/", {"code": dossier.code, "secret": "5678", "go": "1"})
    assert started.status_code == 302 and started["Location"].startswith(platform + "/paygov/pay?ref=")
    attempt = OnlinePayment.objects.get()
    assert (attempt.reference, attempt.amount, attempt.status, attempt.init_time) == (
        f"{dossier.code}-01", 100_000, "initiated", "20261207153000",
    )  # fmt: skip
    back = pay_on_platform(started["Location"])
    assert back.status_code == 303 and back.headers["location"].startswith(
        "http://127.0.0.1:8000/pay/return/?data="
    )

    # The browser comes back before the confirmation: the page shows what the server knows.
    returned = browser.get(
        "/pay/return/", {"data": attempt.reference, "responseCode": "00", "secureCode": "0" * 64}
    )
    assert returned.status_code == 200 and b"waiting for the platform" in returned.content
    dossier.refresh_from_db()
    assert dossier.status == Status.FINANCIAL_OBLIGATION

    confirmation = held_confirmation(platform)
    answer = post_confirm(confirmation)
    assert answer.status_code == 200
    body = answer.json()
    assert body["MaLoi"] == "00" and paygov.verify(body, paygov.CONFIRM_ANSWER_FIELDS, settings.PAYGOV_SECRET)
    dossier.refresh_from_db()
    notice = PaymentNotice.objects.get()
    attempt.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert (notice.method, notice.reference, notice.platform_transaction_id) == (
        "online", attempt.reference, confirmation["MaGiaoDich"],
    )  # fmt: skip
    assert notice.receipt_number == f"DVCQG-{confirmation['MaGiaoDich']}"
    assert (attempt.status, attempt.confirmed_by) == ("paid", "callback")
    assert browser.get("/pay/return/", {"data": attempt.reference}).content.count(b"is confirmed") == 1
    events = list(dossier.events.filter(kind="payment_recorded").values_list("data", flat=True))
    assert (
        len(events) == 1 and events[0]["method"] == "online" and events[0]["reference"] == attempt.reference
    )

    # The same confirmation again: answered alike, nothing changes.
    version = dossier.version
    assert post_confirm(confirmation).status_code == 200
    dossier.refresh_from_db()
    assert dossier.version == version
    assert dossier.events.filter(kind="payment_recorded").count() == 1
    # Paying again is refused, at motcua and at the platform.
    with pytest.raises(Conflict):
        payment_online_start(dossier=dossier, ip="127.0.0.1")
    assert "đã được thanh toán" in httpx.get(started["Location"]).text


def test_a_forged_or_altered_confirmation_is_refused_and_changes_nothing(
    people: People, fakes: dict[str, str]
) -> None:
    configure(fakes["paygov"], callback="hold")
    dossier = awaiting_payment(people)
    attempt = payment_online_start(dossier=dossier, ip="127.0.0.1", now=at(7, 16))
    pay_on_platform(attempt.pay_url)
    genuine = held_confirmation(fakes["paygov"])
    secret = settings.PAYGOV_SECRET

    altered_amount = {**genuine, "SoTien": "1000"}  # the hash no longer matches
    forged_by_stranger = paygov.signed(
        {**genuine, "MaGiaoDich": "X1"}, paygov.CONFIRM_FIELDS, "guessed-secret"
    )
    # Signed with the right secret but for less than was asked.
    short_paid = paygov.signed({**genuine, "SoTien": "1000"}, paygov.CONFIRM_FIELDS, secret)
    wrong_reference = paygov.signed({**genuine, "MaThamChieu": "NOPE-01"}, paygov.CONFIRM_FIELDS, secret)
    for body, code in (
        (altered_amount, "callback_refused"),
        (forged_by_stranger, "callback_refused"),
        (short_paid, "callback_refused"),
        (wrong_reference, "callback_refused"),
        ({"LoaiBanTin": "CONFIRM"}, "callback_refused"),
        ("not json", "callback_refused"),
    ):
        answer = post_confirm(body)
        assert answer.status_code == 400 and answer.json()["error"]["code"] == code
    dossier.refresh_from_db()
    attempt.refresh_from_db()
    assert dossier.status == Status.FINANCIAL_OBLIGATION
    assert (attempt.status, attempt.platform_transaction_id) == ("initiated", "")
    assert PaymentNotice.objects.get().paid_at is None


def test_kill_9_between_payment_and_confirmation_loses_no_payment_and_charges_nobody_twice(
    people: People, fakes: dict[str, str], tmp_path: Path, settings: Any
) -> None:
    platform = FakeProcess("paygov", data_dir=tmp_path)
    url = platform.start()
    try:
        settings.MOTCUA_ENDPOINTS = {
            **settings.MOTCUA_ENDPOINTS,
            "paygov": {**settings.MOTCUA_ENDPOINTS["paygov"], "base_url": url},
        }
        configure(url, callback="never")
        dossier = awaiting_payment(people)
        attempt = payment_online_start(dossier=dossier, ip="127.0.0.1", now=at(7, 16))
        assert pay_on_platform(attempt.pay_url).status_code == 303
        assert platform.process is not None
        platform.process.kill()  # SIGKILL: the confirmation is never sent
        platform.process.wait()

        # The citizen clicks "pay" again meanwhile: the same attempt, nothing new at the platform.
        again = payment_online_start(dossier=dossier, ip="127.0.0.1", now=at(7, 16, 10))
        assert (again.pk, again.reference) == (attempt.pk, attempt.reference)
        # Reconciliation while the platform is down changes nothing.
        assert payments_reconcile(now=at(7, 16, 30)) == 0

        platform = FakeProcess("paygov", data_dir=tmp_path)
        url = platform.start()
        settings.MOTCUA_ENDPOINTS = {
            **settings.MOTCUA_ENDPOINTS,
            "paygov": {**settings.MOTCUA_ENDPOINTS["paygov"], "base_url": url},
        }
        assert payments_reconcile(now=at(7, 17)) == 1
        dossier.refresh_from_db()
        attempt.refresh_from_db()
        assert dossier.status == Status.PROCESSING
        assert (attempt.status, attempt.confirmed_by) == ("paid", "query")
        state = httpx.get(f"{url}/_state").json()
        assert [p["status"] for p in state["payments"].values()] == ["paid"]
        assert OnlinePayment.objects.count() == 1
        assert payments_reconcile(now=at(7, 18)) == 0
        assert dossier.events.filter(kind="payment_recorded").count() == 1
    finally:
        platform.stop()


def test_an_unpaid_attempt_expires_the_applicant_is_told_and_a_new_one_can_start(
    people: People, fakes: dict[str, str]
) -> None:
    dossier = awaiting_payment(people)
    attempt = payment_online_start(dossier=dossier, ip="127.0.0.1", now=at(7, 15))
    assert payments_reconcile(now=at(7, 15, 20)) == 0  # asked about: the platform does not know yet
    attempt.refresh_from_db()
    assert attempt.status == "initiated" and attempt.last_queried_at == at(7, 15, 20)
    later = at(7, 15) + timedelta(hours=settings.PAYGOV_EXPIRE_HOURS, minutes=1)
    assert payments_reconcile(now=later) == 1
    attempt.refresh_from_db()
    assert attempt.status == "expired"
    told = OutboxMessage.objects.filter(event_kind="payment_expired")
    assert sorted(told.values_list("channel", flat=True)) == ["sms"]  # the test applicant gave no e-mail
    assert attempt.reference in told.get().body
    dossier.refresh_from_db()
    assert dossier.status == Status.FINANCIAL_OBLIGATION  # the fees are still owed
    second = payment_online_start(dossier=dossier, ip="127.0.0.1", now=later)
    assert second.reference == f"{dossier.code}-02" and second.pay_url


def test_the_platform_down_at_init_is_a_clear_error_and_the_desk_can_still_take_the_payment(
    people: People, fakes: dict[str, str]
) -> None:
    control(fakes["paygov"], action="fail", status=503, count=1)
    dossier = awaiting_payment(people)
    with pytest.raises(PlatformDown) as down:
        payment_online_start(dossier=dossier, ip="127.0.0.1", now=at(7, 15))
    assert down.value.status == 503
    assert OnlinePayment.objects.get().status == "failed"
    dossier.refresh_from_db()
    assert dossier.status == Status.FINANCIAL_OBLIGATION
    retry = payment_online_start(dossier=dossier, ip="127.0.0.1", now=at(7, 15, 5))
    assert retry.reference.endswith("-02") and retry.status == "initiated"


def test_without_a_secret_online_payment_is_off_and_every_confirmation_refused(
    people: People, fakes: dict[str, str], settings: Any
) -> None:
    dossier = awaiting_payment(people)
    unsigned = {name: "" for name in paygov.CONFIRM_FIELDS}
    unsigned["MaXacThuc"] = paygov.signature(unsigned, paygov.CONFIRM_FIELDS, "")
    settings.PAYGOV_SECRET = ""
    with pytest.raises(PlatformDown):
        payment_online_start(dossier=dossier, ip="127.0.0.1", now=at(7, 15))
    assert post_confirm(unsigned).status_code == 400
    assert payments_reconcile(now=at(7, 16)) == 0
    assert not OnlinePayment.objects.exists()


def test_the_electronic_receipt_is_fetched_and_shown_to_the_dossier_s_officials_only(
    people: People, fakes: dict[str, str]
) -> None:
    from motcua.payments.online import payment_receipts_fetch

    configure(fakes["paygov"], callback="hold")
    dossier = awaiting_payment(people)
    attempt = payment_online_start(dossier=dossier, ip="127.0.0.1", now=at(7, 16))
    url = f"/desk/payments/{attempt.reference}/receipt.pdf"
    desk = Client()
    assert people.desk.user is not None and people.cujut_desk.user is not None
    desk.force_login(people.desk.user)
    assert desk.get(url).status_code == 404  # not paid: no receipt
    assert payment_receipts_fetch() == 0
    pay_on_platform(attempt.pay_url)
    assert post_confirm(held_confirmation(fakes["paygov"])).status_code == 200
    assert payment_receipts_fetch() == 1
    assert payment_receipts_fetch() == 0  # fetched once
    shown = desk.get(url)
    assert shown.status_code == 200 and shown["Content-Type"] == "application/pdf"
    assert shown.content.startswith(b"%PDF-1.4") and b"100000 VND" in shown.content
    other = Client()
    other.force_login(people.cujut_desk.user)
    assert other.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page


def test_the_applicant_starts_the_payment_through_the_api_with_the_secret(
    people: People, fakes: dict[str, str]
) -> None:
    dossier = awaiting_payment(people)
    path = f"/dossiers/{dossier.code}/payments/online"
    assert people.public.post(path, {"secret": "0000"}).status_code == 404  # a wrong secret: not found
    assert not OnlinePayment.objects.exists()
    with time_machine.travel(at(7, 15), tick=True):
        answer = people.public.post(path, {"secret": "5678"})
        again = people.public.post(path, {"secret": "5678"})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["reference"], body["amount"], body["status"]) == (f"{dossier.code}-01", 100000, "initiated")
    assert body["pay_url"].startswith(fakes["paygov"] + "/paygov/pay?ref=")
    assert again.json() == body  # the same attempt: nothing new at the platform


def test_money_arriving_after_the_desk_took_the_payment_is_kept_and_marked_for_refund(
    people: People, fakes: dict[str, str]
) -> None:
    from motcua.payments.actions import payment_record

    configure(fakes["paygov"], callback="hold")
    dossier = awaiting_payment(people)
    attempt = payment_online_start(dossier=dossier, ip="127.0.0.1", now=at(7, 15))
    payment_record(actor=u(people.desk), dossier=dossier, receipt_number="BL-0007", now=at(7, 15, 30))
    pay_on_platform(attempt.pay_url)
    assert post_confirm(held_confirmation(fakes["paygov"])).status_code == 200  # acknowledged, not lost
    attempt.refresh_from_db()
    notice = PaymentNotice.objects.get()
    assert (attempt.status, attempt.refund_due) == ("paid", True)
    assert (notice.method, notice.receipt_number) == ("cash", "BL-0007")  # the desk's payment stands
    dossier.refresh_from_db()
    assert dossier.events.filter(kind="payment_recorded").count() == 1
