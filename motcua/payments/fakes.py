"""A fake of the national payment platform (protocol 1.0.6), its own process: INIT answers the
address of a payment page; the citizen's browser pays or fails there; the platform then sends the
server-to-server confirmation to the partner's callback address and sends the browser back to the
return page; QUERY tells a payment's state. Its hash is written here again from the published
order, not imported from motcua, so that a mistake on one side shows.

It persists a payment before confirming it (a kill -9 loses nothing) and accepts one payment per
reference (nobody pays twice). `POST /_configure` sets the callback address and mode: `send`
(default), `never` (the confirmation is lost: reconciliation must find the payment), `twice`
(sent twice), `hold` (kept in the state for a test to deliver), and `delay_ms`."""

import base64
import hashlib
import hmac
import html
import json
import os
import threading
import time
import urllib.request
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from motcua.interop.fakes.base import FakeRequest
from motcua.registries.fakes.common import ContractFake, Html, Redirect

CONTRACTS = Path(__file__).resolve().parent / "contracts"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
INIT_ORDER = [
    "LoaiBanTin",
    "PhienBan",
    "MaDoiTac",
    "MaThamChieu",
    "SoTien",
    "LoaiHinhThanhToan",
    "MaKenhThanhToan",
    "MaThietBi",
    "NgonNgu",
    "MaTienTe",
    "MaNganHang",
    "ThongTinGiaoDich",
    "ThoiGianGD",
    "Ip",
]
CONFIRM_ORDER = [
    "LoaiBanTin",
    "MaLoi",
    "MaDoiTac",
    "MaThamChieu",
    "SoTien",
    "MaTienTe",
    "MaGiaoDich",
    "MaNganHang",
    "ThoiGianGD",
    "ThongTinGiaoDich",
]
QUERY_ORDER = ["LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "ThoiGianGD"]


def _hash(message: dict[str, Any], order: list[str], secret: str) -> str:
    return hashlib.sha256("|".join([*(str(message.get(k, "")) for k in order), secret]).encode()).hexdigest()


def _now() -> str:
    return datetime.now(TZ).strftime("%Y%m%d%H%M%S")


class PaymentPlatformFake(ContractFake):
    contracts_dir = CONTRACTS

    def __init__(self, name: str, *, data_dir: Path | None = None) -> None:
        self.secret = os.environ.get("PAYGOV_SECRET", "motcua-demo-paygov-secret")
        self.partner = os.environ.get("PAYGOV_PARTNER_CODE", "MOTCUA-DEMO")
        super().__init__(name, data_dir=data_dir)

    def reset_store(self) -> None:
        self.store = {
            "payments": {},
            "config": {
                "callback_url": os.environ.get(
                    "PAYGOV_CALLBACK_URL", "http://127.0.0.1:8000/api/v1/payments/dvcqg/confirm"
                ),
                "return_url": os.environ.get("PAYGOV_RETURN_URL", "http://127.0.0.1:8000/pay/return/"),
                "callback": "send",
                "delay_ms": 0,
            },
            "callbacks": [],
            "held": [],
        }

    def _control(self, request: FakeRequest) -> Any:
        if request.path == "/_configure" and request.method == "POST" and isinstance(request.json, dict):
            with self.lock:
                self.store["config"].update(request.json)
            self.changed()
            return 200, self.store["config"]
        return super()._control(request)

    def confirmation(self, payment: dict[str, Any], code: str) -> dict[str, Any]:
        message = {
            "LoaiBanTin": "CONFIRM",
            "MaLoi": code,
            "MaDoiTac": self.partner,
            "MaThamChieu": payment["ref"],
            "SoTien": payment["amount"],
            "MaTienTe": "VND",
            "MaGiaoDich": payment.get("tx", ""),
            "MaNganHang": payment.get("bank", ""),
            "ThoiGianGD": payment.get("paid_time", _now()),
            "ThongTinGiaoDich": payment.get("info", ""),
        }
        return {**message, "MaXacThuc": _hash(message, CONFIRM_ORDER, self.secret)}

    def send_confirmation(self, payment: dict[str, Any], code: str) -> None:
        config = self.store["config"]
        if config.get("callback") == "never":
            return
        if config.get("callback") == "hold":  # kept for a test to deliver (a partner not serving HTTP)
            with self.lock:
                self.store["held"].append(self.confirmation(payment, code))
            self.changed()
            return
        body = json.dumps(self.confirmation(payment, code)).encode()
        if config.get("delay_ms"):
            time.sleep(int(config["delay_ms"]) / 1000)
        for _attempt in range(2 if config.get("callback") == "twice" else 1):
            request = urllib.request.Request(
                config["callback_url"], data=body, headers={"Content-Type": "application/json"}, method="POST"
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    outcome = f"{answer.status}"
            except Exception as exc:  # the partner down: reconciliation will find the payment
                outcome = f"error: {exc}"
            with self.lock:
                self.store["callbacks"].append({"ref": payment["ref"], "code": code, "outcome": outcome})
            self.changed()


def receipt_pdf(lines: list[str]) -> bytes:
    """A one-page PDF receipt (Helvetica, ASCII text), written object by object with its xref."""
    text = (
        "BT /F1 12 Tf 50 780 Td 16 TL "
        + " ".join(
            "("
            + line.encode("ascii", "replace").decode().replace("\\", "").replace("(", "").replace(")", "")
            + ") '"
            for line in lines
        )
        + " ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text.encode() + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _page(title: str, body: str) -> Html:
    return Html(
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )


def create(data_dir: Path | None = None) -> PaymentPlatformFake:
    service = PaymentPlatformFake("paygov", data_dir=data_dir)

    @service.route("POST", "/paygov/init", schema="paygov_init")
    def init(request: FakeRequest) -> tuple[int, Any]:
        body = request.json
        if (
            not hmac.compare_digest(body["MaXacThuc"], _hash(body, INIT_ORDER, service.secret))
            or body["MaDoiTac"] != service.partner
        ):
            return 200, {"error_code": "07", "message": "Sai ma xac thuc"}
        ref = body["MaThamChieu"]
        with service.lock:
            known = service.store["payments"].get(ref)
            if known is not None and known["amount"] != body["SoTien"]:
                return 200, {"error_code": "05", "message": "Ma tham chieu da ton tai"}
            if known is None:
                service.store["payments"][ref] = {
                    "ref": ref,
                    "amount": body["SoTien"],
                    "init_time": body["ThoiGianGD"],
                    "info": body["ThongTinGiaoDich"],
                    "dossier": body["ThongTinBienLai"].get("MaHoSo", ""),
                    "payer": body["ThongTinBienLai"].get("HoTenNguoiNop", ""),
                    "status": "created",
                }
        service.changed()
        host = request.headers.get("host", "127.0.0.1")
        url = f"http://{host}/paygov/pay?{urlencode({'ref': ref})}"
        return 200, {"error_code": "0", "message": json.dumps({"UrlThanhToan": url})}

    @service.route("GET", "/paygov/pay", message=False)
    def page(request: FakeRequest) -> tuple[int, Any]:
        ref = request.query.get("ref", "")
        payment = service.store["payments"].get(ref)
        if payment is None:
            return 404, _page("Không tìm thấy giao dịch", "")
        if payment["status"] == "paid":
            return 200, _page("Giao dịch đã được thanh toán", f"<p>{html.escape(ref)}</p>")
        buttons = "".join(
            f"<button type='submit' name='choice' value='{value}'>{label}</button> "
            for value, label in (("pay", "Thanh toán"), ("fail", "Thất bại"))
        )
        return 200, _page(
            "Cổng thanh toán Dịch vụ công quốc gia (giả lập)",
            f"<p>Hồ sơ {html.escape(payment['dossier'])} · {html.escape(payment['payer'])}</p>"
            f"<p>Số tiền: <strong>{html.escape(payment['amount'])} VND</strong></p>"
            "<form method='get' action='/paygov/confirm'>"
            f"<input type='hidden' name='ref' value='{html.escape(ref)}'>{buttons}</form>",
        )

    @service.route("GET", "/paygov/confirm", message=True)
    def pay(request: FakeRequest) -> tuple[int, Any]:
        ref = request.query.get("ref", "")
        choice = request.query.get("choice", "")
        with service.lock:
            payment = service.store["payments"].get(ref)
            if payment is None or choice not in ("pay", "fail"):
                return 404, _page("Không tìm thấy giao dịch", "")
            if payment["status"] == "paid":  # one payment per reference: nobody pays twice
                return 200, _page("Giao dịch đã được thanh toán", f"<p>{html.escape(ref)}</p>")
            if choice == "pay":
                payment.update(status="paid", tx=uuid.uuid4().hex[:16].upper(), bank="NCB", paid_time=_now())
            else:
                payment.update(status="failed")
        # The payment is on disk before anyone is told about it.
        service.flush()
        code = "00" if choice == "pay" else "01"
        threading.Thread(target=service.send_confirmation, args=(dict(payment), code), daemon=True).start()
        back = service.store["config"]["return_url"]
        secure = _hash({"ref": ref, "code": code}, ["ref", "code"], service.secret)
        return 303, Redirect(f"{back}?{urlencode({'data': ref, 'responseCode': code, 'secureCode': secure})}")

    @service.route("POST", "/paygov/query", schema="paygov_query")
    def query(request: FakeRequest) -> tuple[int, Any]:
        body = request.json
        if not hmac.compare_digest(body["MaXacThuc"], _hash(body, QUERY_ORDER, service.secret)):
            return 200, {"error_code": "07", "message": "Sai ma xac thuc"}
        payment = service.store["payments"].get(body["MaThamChieu"])
        if payment is None or payment["init_time"] != body["ThoiGianGD"]:
            return 200, {"error_code": "0", "TrangThaiGD": "3", "MaThamChieu": body["MaThamChieu"]}
        state = {"paid": "1", "failed": "4"}.get(payment["status"], "3")
        return 200, {
            "error_code": "0",
            "TrangThaiGD": state,
            "MaThamChieu": payment["ref"],
            "SoTien": payment["amount"],
            "MaGiaoDich": payment.get("tx", ""),
            "MaNganHang": payment.get("bank", ""),
            "ThoiGianGD": payment.get("paid_time", ""),
        }

    @service.route("POST", "/paygov/getbill", schema="paygov_query")
    def bill(request: FakeRequest) -> tuple[int, Any]:
        body = request.json
        if body["LoaiBanTin"] != "GET_BILL" or not hmac.compare_digest(
            body["MaXacThuc"], _hash(body, QUERY_ORDER, service.secret)
        ):
            return 200, {"error_code": "07", "message": "Sai ma xac thuc"}
        payment = service.store["payments"].get(body["MaThamChieu"])
        if payment is None or payment["status"] != "paid":
            return 200, {"error_code": "14", "message": "Giao dich chua thanh toan"}
        number = f"BL-{payment['tx']}"
        pdf = receipt_pdf(
            [
                "BIEN LAI THU PHI, LE PHI (gia lap)",
                f"So bien lai: {number}",
                f"Ho so: {payment['dossier']}",
                f"So tien: {payment['amount']} VND",
                f"Ma giao dich: {payment['tx']}",
                f"Thoi gian: {payment['paid_time']}",
            ]
        )
        return 200, {"error_code": "0", "SoBienLai": number, "BienLai": base64.b64encode(pdf).decode()}

    return service
