"""The national payment platform's message protocol (v1.0.6), as read from a provincial system
(docs/interop.md): INIT, the server-to-server confirmation, QUERY and GET_BILL. Every message
carries `MaXacThuc` = SHA-256 hex of its fields in a fixed order joined by "|", the partner's secret
last. Two bugs of that system are avoided here: `ThoiGianGD` is on the 24-hour clock (its
`yyyyMMddhhmmss` wrote 15:00 as 03), and nothing here trusts the browser's return."""

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from motcua.core.calendar import VIETNAM_TZ

VERSION: Final = "1.0.6"
INIT_FIELDS: Final = (
    "LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "SoTien", "LoaiHinhThanhToan", "MaKenhThanhToan",
    "MaThietBi", "NgonNgu", "MaTienTe", "MaNganHang", "ThongTinGiaoDich", "ThoiGianGD", "Ip",
)  # fmt: skip
CONFIRM_FIELDS: Final = (
    "LoaiBanTin", "MaLoi", "MaDoiTac", "MaThamChieu", "SoTien", "MaTienTe", "MaGiaoDich", "MaNganHang",
    "ThoiGianGD", "ThongTinGiaoDich",
)  # fmt: skip
CONFIRM_ANSWER_FIELDS: Final = ("MaLoi", "MoTaLoi", "MaDoiTac", "ThoiGianGD")
QUERY_FIELDS: Final = ("LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "ThoiGianGD")
SUCCESS: Final = "00"
# QUERY's TrangThaiGD: 1 paid, 3 the platform does not know the outcome yet, 4 failed.
QUERY_PAID: Final = "1"
QUERY_PENDING: Final = "3"
QUERY_FAILED: Final = "4"


def transaction_time(moment: datetime) -> str:
    """ThoiGianGD: local time as yyyyMMddHHmmss on the 24-hour clock."""
    return moment.astimezone(VIETNAM_TZ).strftime("%Y%m%d%H%M%S")


def signature(message: Mapping[str, Any], fields: Sequence[str], secret: str) -> str:
    text = "|".join([*(str(message.get(name, "")) for name in fields), secret])
    return hashlib.sha256(text.encode()).hexdigest()


def signed(message: dict[str, Any], fields: Sequence[str], secret: str) -> dict[str, Any]:
    return {**message, "MaXacThuc": signature(message, fields, secret)}


def verify(message: Mapping[str, Any], fields: Sequence[str], secret: str) -> bool:
    given = message.get("MaXacThuc")
    return isinstance(given, str) and hmac.compare_digest(given.lower(), signature(message, fields, secret))


def init_message(
    *,
    partner: str,
    secret: str,
    reference: str,
    amount: int,
    moment: datetime,
    ip: str,
    description: str,
    receipt: dict[str, Any],
) -> dict[str, Any]:
    message = {
        "LoaiBanTin": "INIT",
        "PhienBan": VERSION,
        "MaDoiTac": partner,
        "MaThamChieu": reference,
        "SoTien": str(amount),
        "LoaiHinhThanhToan": "PAY",
        "MaKenhThanhToan": "1",
        "MaThietBi": "1",
        "NgonNgu": "vi-VN",
        "MaTienTe": "VND",
        "MaNganHang": "PAYMENT",
        "ThongTinGiaoDich": description,
        "ThoiGianGD": transaction_time(moment),
        "Ip": ip,
    }
    return {**signed(message, INIT_FIELDS, secret), "ThongTinBienLai": receipt}


def query_message(*, kind: str, partner: str, secret: str, reference: str, init_time: str) -> dict[str, Any]:
    """QUERY or GET_BILL: the reference and the ThoiGianGD of its INIT, echoed as sent."""
    message = {
        "LoaiBanTin": kind,
        "PhienBan": VERSION,
        "MaDoiTac": partner,
        "MaThamChieu": reference,
        "ThoiGianGD": init_time,
    }
    return signed(message, QUERY_FIELDS, secret)


def confirm_answer(*, code: str, text: str, partner: str, moment: datetime, secret: str) -> dict[str, Any]:
    message = {"MaLoi": code, "MoTaLoi": text, "MaDoiTac": partner, "ThoiGianGD": transaction_time(moment)}
    return signed(message, CONFIRM_ANSWER_FIELDS, secret)
