from typing import Any

import pytest
import time_machine
from django.db import transaction

from motcua.accounts.models import User
from motcua.dossiers.actions import (
    Applicant,
    dossier_accept,
    dossier_refuse,
    dossier_submit,
    dossier_withdraw,
    supplement_request,
)
from motcua.dossiers.events import event_append
from motcua.dossiers.models import Dossier
from motcua.interop.models import OutboxMessage
from motcua.interop.notifications import SMS_MAX_CHARS
from motcua.interop.tests.conftest import at

pytestmark = pytest.mark.django_db

CODE = "000.60.20.H36-261119-0001"
FOOTER = "Thư này được gửi tự động từ hệ thống một cửa. Vui lòng không trả lời thư này."


def rows() -> list[tuple[str, str, str, str, str, int]]:
    return list(
        OutboxMessage.objects.order_by("pk").values_list(
            "channel", "recipient", "event_kind", "subject", "status", "attempts"
        )
    )


def message(channel: str) -> OutboxMessage:
    return OutboxMessage.objects.get(channel=channel)


def record(dossier: Dossier, kind: str, data: dict[str, Any]) -> None:
    """An event the dossier actions do not emit yet, recorded as a transition would record it."""
    with transaction.atomic():
        event_append(dossier=dossier, kind=kind, actor=None, at=at(2026, 11, 20, 9, 0), data=data)


def test_acceptance_writes_one_email_and_one_sms_in_vietnamese_and_delivers_after_commit(
    officer: User, dossier: Dossier, frozen: time_machine.Traveller, django_capture_on_commit_callbacks: Any
) -> None:
    assert rows() == []  # submission tells the applicant nothing
    frozen.move_to(at(2026, 11, 19, 10, 0))
    with django_capture_on_commit_callbacks() as callbacks:
        dossier_accept(actor=officer, dossier=dossier)
    assert rows() == [
        (
            "email",
            "lan@example.vn",
            "accepted",
            "Hồ sơ 000.60.20.H36-261119-0001 đã được tiếp nhận",
            "pending",
            0,
        ),
        ("sms", "0912345678", "accepted", "", "pending", 0),
    ]
    assert len(callbacks) == 2
    sms = message("sms")
    # 3 working days from Thu 19 Nov 2026 10:00, Tue 24 Nov being Vietnam Cultural Day.
    assert (
        sms.body == "Hồ sơ 000.60.20.H36-261119-0001 đã được tiếp nhận. Hẹn trả kết quả lúc 17:30 25/11/2026."
    )
    assert (sms.dossier_id, sms.created_at, sms.next_attempt_at) == (
        dossier.pk,
        at(2026, 11, 19, 10, 0),
        at(2026, 11, 19, 10, 0),
    )
    assert message("email").body == "\n".join(
        [
            "Kính gửi ông/bà Nguyễn Thị Lan,",
            "",
            "Xã Krông Nô đã tiếp nhận hồ sơ của ông/bà. Thời gian hẹn trả kết quả: 17:30 25/11/2026.",
            "",
            "Mã hồ sơ: 000.60.20.H36-261119-0001",
            "Thủ tục: Đăng ký thành lập hộ kinh doanh",
            "",
            FOOTER,
        ]
    )


def test_the_applicant_is_written_to_in_vietnamese_whatever_the_officer_reads(
    officer: User, dossier: Dossier, english_officer_screen: None
) -> None:
    dossier_accept(actor=officer, dossier=dossier)
    assert message("sms").body == (
        "Hồ sơ 000.60.20.H36-261119-0001 đã được tiếp nhận. Hẹn trả kết quả lúc 17:30 25/11/2026."
    )


def test_an_applicant_without_email_gets_the_sms_only(officer: User, frozen: time_machine.Traveller) -> None:
    no_email = Applicant(name="Trần Văn Bình", national_id="068190005678", phone="+84912000111")
    dossier = dossier_submit(
        actor=None, procedure_code="1.001612", competent_unit_code="24688", applicant=no_email
    )
    dossier_accept(actor=officer, dossier=dossier)
    assert [(m.channel, m.recipient) for m in OutboxMessage.objects.all()] == [("sms", "+84912000111")]


def test_a_rolled_back_transition_writes_no_message_and_queues_no_delivery(
    officer: User, dossier: Dossier, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        dossier_accept(actor=officer, dossier=dossier)
        assert OutboxMessage.objects.count() == 2
        raise RuntimeError("the rest of the transition failed")
    assert OutboxMessage.objects.count() == 0
    assert callbacks == []


def test_a_supplement_request_lists_every_item(dossier: Dossier) -> None:
    items = ["Bản sao CCCD của chủ hộ kinh doanh", "Hợp đồng thuê địa điểm kinh doanh."]
    record(dossier, "supplement_requested", {"items": items, "answer_by": "2026-12-04T17:30:00+07:00"})
    assert rows() == [
        (
            "email",
            "lan@example.vn",
            "supplement_requested",
            f"Hồ sơ {CODE}: yêu cầu bổ sung giấy tờ",
            "pending",
            0,
        ),
        ("sms", "0912345678", "supplement_requested", "", "pending", 0),
    ]
    assert message("sms").body == (
        "Hồ sơ 000.60.20.H36-261119-0001 cần bổ sung trước 17:30 04/12/2026: "
        "Bản sao CCCD của chủ hộ kinh doanh; Hợp đồng thuê địa điểm kinh doanh."
    )
    assert message("email").body == "\n".join(
        [
            "Kính gửi ông/bà Nguyễn Thị Lan,",
            "",
            "Hồ sơ của ông/bà cần bổ sung các giấy tờ sau:",
            "- Bản sao CCCD của chủ hộ kinh doanh",
            "- Hợp đồng thuê địa điểm kinh doanh.",
            "",
            "Đề nghị ông/bà bổ sung trước 17:30 04/12/2026. Quá thời hạn này, hồ sơ sẽ bị dừng giải quyết.",
            "",
            "Mã hồ sơ: 000.60.20.H36-261119-0001",
            "Thủ tục: Đăng ký thành lập hộ kinh doanh",
            "",
            FOOTER,
        ]
    )


def test_a_supplement_requested_at_the_desk_gives_fifteen_days(officer: User, dossier: Dossier) -> None:
    supplement_request(actor=officer, dossier=dossier, items=["Bản sao CCCD của chủ hộ kinh doanh"])
    assert message("sms").body == (
        "Hồ sơ 000.60.20.H36-261119-0001 cần bổ sung trước 23:59 04/12/2026: "
        "Bản sao CCCD của chủ hộ kinh doanh."
    )
    assert "- Bản sao CCCD của chủ hộ kinh doanh" in message("email").body.split("\n")


def test_a_supplement_sms_too_long_for_its_items_gives_their_number_and_where_to_read_them(
    dossier: Dossier,
) -> None:
    items = [
        f"Giấy tờ số {n}: bản sao có chứng thực, ghi rõ họ tên và chữ ký của người khai" for n in range(5)
    ]
    record(dossier, "supplement_requested", {"items": items, "answer_by": "2026-12-04T17:30:00+07:00"})
    sms = message("sms").body
    assert sms == (
        "Hồ sơ 000.60.20.H36-261119-0001 cần bổ sung 5 giấy tờ trước 17:30 04/12/2026. "
        "Danh sách tại Bộ phận Một cửa Xã Krông Nô."
    )
    assert len(sms) <= SMS_MAX_CHARS
    assert message("email").body.count("- Giấy tờ số ") == 5


def test_an_extension_apologises_with_the_reason_and_the_new_appointment(dossier: Dossier) -> None:
    record(
        dossier,
        "extended",
        {
            "reason": "Cần xác minh thông tin tại cơ quan thuế",
            "new_due_at": "2026-12-02T17:30:00+07:00",
            "previous_due_at": "2026-11-25T17:30:00+07:00",
        },
    )
    assert message("email").subject == f"Hồ sơ {CODE}: thư xin lỗi và hẹn lại ngày trả kết quả"
    assert message("sms").body == (
        "Xin lỗi ông/bà: hồ sơ 000.60.20.H36-261119-0001 bị chậm (Cần xác minh thông tin tại cơ quan thuế). "
        "Hẹn trả kết quả mới: 17:30 02/12/2026."
    )
    assert message("email").body.split("\n")[2:5] == [
        "Chúng tôi thành thật xin lỗi ông/bà vì hồ sơ chưa được giải quyết đúng hẹn 17:30 25/11/2026.",
        "Lý do: Cần xác minh thông tin tại cơ quan thuế",
        "Thời gian hẹn trả kết quả mới: 17:30 02/12/2026.",
    ]


def test_a_long_reason_is_shortened_in_the_sms_only(dossier: Dossier) -> None:
    reason = "Cần lấy ý kiến " + "của nhiều cơ quan chuyên môn " * 10
    record(
        dossier,
        "extended",
        {
            "reason": reason,
            "new_due_at": "2026-12-02T17:30:00+07:00",
            "previous_due_at": "2026-11-25T17:30:00+07:00",
        },
    )
    sms = message("sms").body
    assert len(sms) <= SMS_MAX_CHARS
    assert "…). Hẹn trả kết quả mới: 17:30 02/12/2026." in sms
    assert f"Lý do: {reason.strip()}" in message("email").body


def test_a_result_ready_invites_the_applicant_to_the_receiving_desk(dossier: Dossier) -> None:
    record(dossier, "resolved", {"result_kind": "granted"})
    assert message("email").subject == f"Hồ sơ {CODE}: đã có kết quả"
    assert message("sms").body == (
        "Hồ sơ 000.60.20.H36-261119-0001 đã có kết quả. Mời ông/bà đến nhận tại Bộ phận Một cửa Xã Krông Nô."
    )


def test_a_refusal_at_reception_gives_the_reason(officer: User, dossier: Dossier) -> None:
    dossier_refuse(actor=officer, dossier=dossier, reason="Thiếu giấy tờ gốc")
    assert message("email").subject == f"Hồ sơ {CODE} không được tiếp nhận"
    assert (
        message("sms").body
        == "Hồ sơ 000.60.20.H36-261119-0001 không được tiếp nhận. Lý do: Thiếu giấy tờ gốc"
    )


def test_events_the_applicant_is_not_told_about_write_nothing(officer: User, dossier: Dossier) -> None:
    dossier_withdraw(
        actor=officer,
        dossier=dossier,
        reason="Công dân không còn nhu cầu",
        request_date=dossier.received_at.date(),
        request_reference="01/ĐN",
    )
    record(dossier, "assigned", {"handler": "xuly"})
    assert rows() == []
