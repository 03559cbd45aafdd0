"""Online payment of a notice on the national payment platform (Decree 118 Art.24).

The state machine of an attempt (`OnlinePayment`): initiated → paid | failed | expired, and
expired → paid when the money arrives after all. Only the platform's server-to-server confirmation
(verified: hash, partner, reference, amount) and the answer to our own QUERY change it; the page
the citizen's browser returns to only reads it. A repeated confirmation changes nothing.

Nobody is charged twice: an attempt is written before the platform is called and a notice has at
most one attempt waiting, which a second click reuses (the platform accepts one payment per
reference); a new attempt is made only after the waiting one is known to have failed or expired.
"""

import base64
import binascii
import logging
from datetime import datetime, timedelta
from typing import Any, Final

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import Conflict, DomainError
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Status
from motcua.interop.http import EndpointDown, EndpointRejected, endpoint
from motcua.payments import paygov
from motcua.payments.actions import notice_paid
from motcua.payments.models import OnlinePayment, PaymentNotice

logger = logging.getLogger("motcua.payments.online")

ENDPOINT: Final = "paygov"


class PlatformDown(DomainError):
    status = 503
    code = "payment_platform_down"


class CallbackRefused(DomainError):
    """A confirmation that is not the platform's, or not about a payment we asked for."""

    status = 400
    code = "callback_refused"


def _partner() -> str:
    return str(settings.PAYGOV_PARTNER_CODE)


def _secret() -> str:
    """The shared secret; none configured means online payment is off, never an empty key."""
    secret = str(settings.PAYGOV_SECRET)
    if not secret:
        raise PlatformDown(_("Online payment is not available here. Pay at the one-stop desk."))
    return secret


def _receipt_info(notice: PaymentNotice, dossier: Dossier) -> dict[str, Any]:
    """ThongTinBienLai: what the receipt will say (the procedure, the unit, the payer, the lines)."""
    unit = dossier.competent_unit
    return {
        "MaDichVu": "2",
        "MaDVC": dossier.procedure.code,
        "TenDVC": dossier.procedure.name[:250],
        "MaTTHC": dossier.procedure.code,
        "TenTTHC": dossier.procedure.name[:250],
        "MaDonVi": unit.code,
        "TenDonVi": unit.name,
        "MaHoSo": dossier.code,
        "NoiDungThanhToan": f"Thanh toan phi, le phi ho so {dossier.code}",
        "HoTenNguoiNop": dossier.applicant_name,
        "SoCMNDNguoiNop": dossier.applicant_national_id,
        "DiaChiNguoiNop": dossier.applicant_address,
        "PhiLePhi": [
            {
                "LoaiPhiLePhi": "2" if line["kind"] == "charge" else "1",
                "MaPhiLePhi": str(line["fee"]),
                "TenPhiLePhi": line["label"],
                "SoTien": str(line["amount"]),
            }
            for line in notice.lines
        ],
    }


def _open_notice(dossier: Dossier) -> PaymentNotice:
    notice = (
        PaymentNotice.objects.select_for_update()
        .filter(dossier=dossier)
        .order_by("-issued_at", "-pk")
        .first()
    )
    if notice is None or dossier.status != Status.FINANCIAL_OBLIGATION:
        raise Conflict(_("The dossier is not waiting for a payment."))
    if notice.paid_at is not None:
        raise Conflict(_("The fees of this dossier are already paid."))
    return notice


def payment_online_start(*, dossier: Dossier, ip: str, now: datetime | None = None) -> OnlinePayment:
    """The applicant (proven by the dossier's code and secret) pays the open notice online: the
    waiting attempt is reused, or a new one is written and sent to the platform (INIT), whose
    answer gives the payment page. The platform being down is a clear error; the attempt is then
    marked failed, and the desk can still take the payment."""
    now = now or timezone.now()
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        notice = _open_notice(dossier)
        waiting = notice.online_payments.filter(status=OnlinePayment.Status.INITIATED).first()
        if waiting is not None and waiting.pay_url:
            return waiting
        if waiting is None:
            attempt = (
                notice.online_payments.count()
                + OnlinePayment.objects.filter(notice__dossier=dossier).exclude(notice=notice).count()
                + 1
            )
            waiting = OnlinePayment.objects.create(
                notice=notice,
                reference=f"{dossier.code}-{attempt:02d}"[:64],
                amount=notice.total,
                init_time=paygov.transaction_time(now),
                initiated_at=now,
                expires_at=now + timedelta(hours=settings.PAYGOV_EXPIRE_HOURS),
            )
        message = paygov.init_message(
            partner=_partner(),
            secret=_secret(),
            reference=waiting.reference,
            amount=waiting.amount,
            moment=now,
            ip=ip or "127.0.0.1",
            description=f"Thanh toan ho so {dossier.code}",
            receipt=_receipt_info(notice, dossier),
        )
        if waiting.init_time != message["ThoiGianGD"]:
            # A retried INIT of the same attempt: QUERY must echo the time the platform knows.
            waiting.init_time = message["ThoiGianGD"]
            waiting.save(update_fields=["init_time"])
    # The platform is called outside the transaction: a slow platform holds no lock.
    try:
        answer = endpoint(ENDPOINT).post_json("/paygov/init", message).json()
        pay_url = str(_json_message(answer).get("UrlThanhToan", ""))
        if str(answer.get("error_code")) != "0" or not pay_url.startswith(("http://", "https://")):
            raise EndpointRejected(ENDPOINT, 422, str(answer)[:300])
    except (EndpointDown, EndpointRejected, ValueError) as exc:
        logger.warning("INIT of %s failed: %s", waiting.reference, exc)
        OnlinePayment.objects.filter(pk=waiting.pk, status=OnlinePayment.Status.INITIATED, pay_url="").update(
            status=OnlinePayment.Status.FAILED, error=str(exc)[:300]
        )
        raise PlatformDown(
            _("The payment platform cannot be reached now. Try again later, or pay at the one-stop desk.")
        ) from exc
    OnlinePayment.objects.filter(pk=waiting.pk).update(pay_url=pay_url)
    waiting.pay_url = pay_url
    return waiting


def _json_message(answer: Any) -> dict[str, Any]:
    """The platform's `message` is itself a JSON text."""
    import json

    raw = answer.get("message") if isinstance(answer, dict) else None
    if isinstance(raw, dict):
        return raw
    try:
        parsed = json.loads(raw) if isinstance(raw, str) else {}
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _mark_paid(
    payment: OnlinePayment,
    *,
    transaction_id: str,
    bank: str,
    via: str,
    callback: dict[str, Any],
    now: datetime,
) -> OnlinePayment:
    """Inside a transaction, the attempt locked and not yet paid: record the payment, and take the
    dossier out of code 6 if its notice is still open. Money arriving for a notice paid otherwise
    meanwhile is marked to be refunded."""
    notice = PaymentNotice.objects.select_for_update().select_related("dossier").get(pk=payment.notice_id)
    payment.status = OnlinePayment.Status.PAID
    payment.platform_transaction_id = transaction_id[:64]
    payment.bank = bank[:32]
    payment.paid_at = now
    payment.confirmed_by = via
    payment.callback = callback
    dossier = Dossier.objects.select_for_update().get(pk=notice.dossier_id)
    if notice.paid_at is None and dossier.status == Status.FINANCIAL_OBLIGATION:
        notice_paid(
            notice=notice,
            dossier=dossier,
            actor=None,
            method=PaymentNotice.Method.ONLINE,
            receipt_number=f"DVCQG-{transaction_id}"[:64],
            reference=payment.reference,
            platform_transaction_id=transaction_id[:64],
            now=now,
        )
    else:
        # Paid at the desk meanwhile, or the dossier was stopped or withdrawn: the money is
        # acknowledged to the platform and kept on record, to be refunded.
        payment.refund_due = True
        logger.error(
            "Online payment %s arrived for notice %s not payable now: refund due",
            payment.reference,
            notice.pk,
        )
    payment.save(
        update_fields=[
            "status", "platform_transaction_id", "bank", "paid_at", "confirmed_by", "callback", "refund_due"
        ]
    )  # fmt: skip
    return payment


def payment_confirm(*, body: Any, now: datetime | None = None) -> dict[str, Any]:
    """The platform's server-to-server confirmation. Refused (CallbackRefused, nothing changed)
    unless it is signed with our secret, from our partner code, about an attempt of ours, for its
    exact amount. Idempotent: the same confirmation again answers the same. Returns the signed
    answer the platform expects."""
    now = now or timezone.now()
    if not isinstance(body, dict) or not all(
        isinstance(body.get(name), str) for name in paygov.CONFIRM_FIELDS
    ):
        raise CallbackRefused(_("The confirmation is incomplete."))
    if not settings.PAYGOV_SECRET or not paygov.verify(body, paygov.CONFIRM_FIELDS, _secret()):
        logger.warning("Refused a payment confirmation with a wrong hash for %r", body.get("MaThamChieu"))
        raise CallbackRefused(_("The confirmation's signature is wrong."))
    if body["MaDoiTac"] != _partner() or body["MaTienTe"] != "VND":
        raise CallbackRefused(_("The confirmation is not for this partner."))
    with transaction.atomic():
        payment = OnlinePayment.objects.select_for_update().filter(reference=body["MaThamChieu"]).first()
        if payment is None:
            raise CallbackRefused(_("There is no payment with this reference."))
        if body["SoTien"] != str(payment.amount):
            logger.warning(
                "Refused a confirmation of %s for %s đồng instead of %s",
                payment.reference,
                body["SoTien"],
                payment.amount,
            )
            raise CallbackRefused(_("The amount confirmed is not the amount asked."))
        if body["MaLoi"] == paygov.SUCCESS:
            if payment.status == OnlinePayment.Status.PAID:
                if payment.platform_transaction_id != body["MaGiaoDich"]:
                    raise CallbackRefused(_("This payment was already confirmed under another transaction."))
            else:
                try:
                    with transaction.atomic():
                        _mark_paid(
                            payment,
                            transaction_id=body["MaGiaoDich"],
                            bank=body["MaNganHang"],
                            via="callback",
                            callback=body,
                            now=now,
                        )
                except IntegrityError as exc:
                    raise CallbackRefused(
                        _("This transaction was already confirmed for another payment.")
                    ) from exc
        elif payment.status == OnlinePayment.Status.INITIATED:
            payment.status = OnlinePayment.Status.FAILED
            payment.callback = body
            payment.error = f"MaLoi {body['MaLoi']}"
            payment.save(update_fields=["status", "callback", "error"])
    return paygov.confirm_answer(
        code=paygov.SUCCESS, text="Thanh cong", partner=_partner(), moment=now, secret=_secret()
    )


def payment_query(*, payment: OnlinePayment, now: datetime | None = None) -> OnlinePayment:
    """Ask the platform about one attempt (QUERY) and apply its answer: paid (1) records the
    payment as a confirmation would; failed (4) ends the attempt; pending (3) expires it past its
    time. The platform being down leaves it as it was, for the next round."""
    now = now or timezone.now()
    message = paygov.query_message(
        kind="QUERY",
        partner=_partner(),
        secret=_secret(),
        reference=payment.reference,
        init_time=payment.init_time,
    )
    try:
        answer = endpoint(ENDPOINT).post_json("/paygov/query", message).json()
    except (EndpointDown, EndpointRejected, ValueError) as exc:
        logger.warning("QUERY of %s failed: %s", payment.reference, exc)
        OnlinePayment.objects.filter(pk=payment.pk).update(last_queried_at=now)
        return payment
    state = str(answer.get("TrangThaiGD", "")) if isinstance(answer, dict) else ""
    with transaction.atomic():
        payment = OnlinePayment.objects.select_for_update().get(pk=payment.pk)
        payment.last_queried_at = now
        if payment.status == OnlinePayment.Status.PAID:
            payment.save(update_fields=["last_queried_at"])
        elif state == paygov.QUERY_PAID and str(answer.get("SoTien")) == str(payment.amount):
            payment.save(update_fields=["last_queried_at"])
            _mark_paid(
                payment,
                transaction_id=str(answer.get("MaGiaoDich", "")),
                bank=str(answer.get("MaNganHang", "")),
                via="query",
                callback=answer,
                now=now,
            )
        elif state == paygov.QUERY_FAILED and payment.status == OnlinePayment.Status.INITIATED:
            payment.status = OnlinePayment.Status.FAILED
            payment.error = "QUERY: TrangThaiGD 4"
            payment.save(update_fields=["status", "error", "last_queried_at"])
        elif payment.status == OnlinePayment.Status.INITIATED and now >= payment.expires_at:
            payment.status = OnlinePayment.Status.EXPIRED
            payment.save(update_fields=["status", "last_queried_at"])
            _tell_expired(payment)
        else:
            payment.save(update_fields=["last_queried_at"])
    return payment


def _tell_expired(payment: OnlinePayment) -> None:
    """The applicant is told the online payment expired unpaid and how to pay (outbox, after commit)."""
    from motcua.interop.actions import outbox_add

    dossier = payment.notice.dossier
    text = (
        f"Yeu cau thanh toan truc tuyen {payment.reference} cho ho so {dossier.code} da het han. "
        "Vui long thanh toan lai tren trang tra cuu hoac tai bo phan mot cua."
    )
    if dossier.applicant_email:
        outbox_add(
            channel="email",
            recipient=dossier.applicant_email,
            subject=f"Ho so {dossier.code}: het han thanh toan",
            body=text,
            dossier=dossier,
            event_kind="payment_expired",
        )
    if dossier.applicant_phone:
        outbox_add(
            channel="sms",
            recipient=dossier.applicant_phone,
            body=text,
            dossier=dossier,
            event_kind="payment_expired",
        )


def payments_reconcile(*, now: datetime | None = None, everything: bool = False) -> int:
    """QUERY every attempt waiting longer than `PAYGOV_QUERY_AFTER_MINUTES` (not asked about in that
    time), and the expired ones of the last 3 days, whose money may have arrived after all.
    `everything`: the nightly round asks about each of them regardless of when it was last asked."""
    if not settings.PAYGOV_SECRET:  # online payment off: nothing to ask about
        return 0
    now = now or timezone.now()
    after = now - timedelta(minutes=settings.PAYGOV_QUERY_AFTER_MINUTES)
    rows = OnlinePayment.objects.filter(
        Q(status=OnlinePayment.Status.INITIATED)
        | Q(status=OnlinePayment.Status.EXPIRED, expires_at__gte=now - timedelta(days=3)),
        initiated_at__lte=after,
    )
    if not everything:
        rows = rows.filter(Q(last_queried_at__isnull=True) | Q(last_queried_at__lte=after))
    changed = 0
    for payment in rows.order_by("initiated_at")[:200]:
        before = payment.status
        if payment_query(payment=payment, now=now).status != before:
            changed += 1
    return changed


def payment_receipts_fetch(*, limit: int = 20) -> int:
    """Fetch the electronic receipt (GET_BILL) of paid attempts that have none yet; a platform
    down leaves them for the next round. Returns how many were stored."""
    if not settings.PAYGOV_SECRET:
        return 0
    stored = 0
    waiting = OnlinePayment.objects.filter(status=OnlinePayment.Status.PAID, receipt_pdf=b"").order_by(
        "paid_at"
    )
    for payment in waiting[:limit]:
        message = paygov.query_message(
            kind="GET_BILL",
            partner=_partner(),
            secret=_secret(),
            reference=payment.reference,
            init_time=payment.init_time,
        )
        try:
            answer = endpoint(ENDPOINT).post_json("/paygov/getbill", message).json()
            pdf = base64.b64decode(str(answer.get("BienLai", "")), validate=True)
        except (EndpointDown, EndpointRejected, ValueError, binascii.Error) as exc:
            logger.warning("GET_BILL of %s failed: %s", payment.reference, exc)
            continue
        if str(answer.get("error_code")) != "0" or not pdf.startswith(b"%PDF-"):
            logger.warning("GET_BILL of %s answered no receipt: %s", payment.reference, answer.get("message"))
            continue
        stored += OnlinePayment.objects.filter(pk=payment.pk, receipt_pdf=b"").update(receipt_pdf=pdf)
    return stored


def payments_reconcile_round() -> int:
    return payments_reconcile() + payment_receipts_fetch()


def payment_state(*, reference: str) -> OnlinePayment | None:
    """The attempt the return page shows (read only)."""
    return OnlinePayment.objects.select_related("notice__dossier").filter(reference=reference).first()
