"""The payment platform's messages: MaXacThuc over the published field order, the 24-hour clock of
ThoiGianGD (the afternoon bug of the system the protocol was read from), hash vectors by hand."""

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

from motcua.payments import paygov

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_the_transaction_time_is_on_the_24_hour_clock_in_local_time() -> None:
    assert paygov.transaction_time(datetime(2026, 12, 7, 15, 4, 5, tzinfo=VN)) == "20261207150405"
    assert paygov.transaction_time(datetime(2026, 12, 7, 23, 59, 59, tzinfo=VN)) == "20261207235959"
    # 08:30 UTC is 15:30 in Vietnam, never 03:30.
    assert paygov.transaction_time(datetime(2026, 12, 7, 8, 30, tzinfo=ZoneInfo("UTC"))) == "20261207153000"


def test_the_init_hash_covers_the_fields_in_the_published_order() -> None:
    message = paygov.init_message(
        partner="P01",
        secret="s3cret",
        reference="H36-0001-01",
        amount=100000,
        moment=datetime(2026, 12, 7, 15, 0, tzinfo=VN),
        ip="127.0.0.1",
        description="Thanh toan",
        receipt={"MaHoSo": "H36-0001"},
    )
    by_hand = (
        "INIT|1.0.6|P01|H36-0001-01|100000|PAY|1|1|vi-VN|VND|PAYMENT|"
        "Thanh toan|20261207150000|127.0.0.1|s3cret"
    )
    assert message["MaXacThuc"] == hashlib.sha256(by_hand.encode()).hexdigest()
    assert message["ThongTinBienLai"] == {"MaHoSo": "H36-0001"}


def test_a_confirmation_is_verified_and_any_change_breaks_it() -> None:
    body = {
        "LoaiBanTin": "CONFIRM", "MaLoi": "00", "MaDoiTac": "P01", "MaThamChieu": "R1", "SoTien": "100000",
        "MaTienTe": "VND", "MaGiaoDich": "T9", "MaNganHang": "NCB", "ThoiGianGD": "20261207150000",
        "ThongTinGiaoDich": "x",
    }  # fmt: skip
    by_hand = "CONFIRM|00|P01|R1|100000|VND|T9|NCB|20261207150000|x|s3cret"
    body["MaXacThuc"] = hashlib.sha256(by_hand.encode()).hexdigest()
    assert paygov.verify(body, paygov.CONFIRM_FIELDS, "s3cret")
    assert not paygov.verify({**body, "SoTien": "1000000"}, paygov.CONFIRM_FIELDS, "s3cret")
    assert not paygov.verify(body, paygov.CONFIRM_FIELDS, "another")
    assert not paygov.verify(
        {k: v for k, v in body.items() if k != "MaXacThuc"}, paygov.CONFIRM_FIELDS, "s3cret"
    )


def test_query_echoes_the_time_of_the_init() -> None:
    message = paygov.query_message(
        kind="QUERY", partner="P01", secret="s", reference="R1", init_time="20261207150000"
    )
    assert message["ThoiGianGD"] == "20261207150000"
    assert message["MaXacThuc"] == hashlib.sha256(b"QUERY|1.0.6|P01|R1|20261207150000|s").hexdigest()
