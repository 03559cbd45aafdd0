from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.accounts.models import User
from motcua.dossiers import actions
from motcua.dossiers.actions import Applicant
from motcua.dossiers.states import Channel
from motcua.interop.models import OutboxMessage
from motcua.testing.personas import APPLICANT, People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _with_email(user: User | None, email: str) -> User:
    assert user is not None
    user.email = email
    user.save(update_fields=["email"])
    return user


def test_the_desk_is_alerted_when_an_online_dossier_arrives(people: People) -> None:
    _with_email(people.desk.user, "tiepnhan@krongno.gov.vn")
    _with_email(people.director.user, "giamdoc@krongno.gov.vn")
    _with_email(people.handler.user, "xuly@krongno.gov.vn")  # not at the desk: not alerted
    _with_email(people.cujut_desk.user, "tiepnhan@cujut.gov.vn")  # another commune: not alerted
    dossier = actions.dossier_submit(
        actor=None,
        procedure_code="1.001612",
        competent_unit_code="24688",
        applicant=Applicant(**APPLICANT),
        now=datetime(2026, 11, 25, 16, 0, tzinfo=VN),
    )
    alerts = OutboxMessage.objects.filter(event_kind="online_arrival").order_by("pk")
    assert [(m.recipient, m.subject) for m in alerts] == [
        (
            "tiepnhan@krongno.gov.vn",
            f"Hồ sơ trực tuyến mới {dossier.code}: quyết định trước 16:00 26/11/2026",
        ),
        ("giamdoc@krongno.gov.vn", f"Hồ sơ trực tuyến mới {dossier.code}: quyết định trước 16:00 26/11/2026"),
    ]
    assert alerts[0].body.splitlines()[-1] == (
        "Tiếp nhận hoặc yêu cầu bổ sung trước 16:00 26/11/2026 (8 giờ làm việc)."
    )


def test_a_dossier_received_at_the_counter_raises_no_alert(people: People) -> None:
    _with_email(people.desk.user, "tiepnhan@krongno.gov.vn")
    actions.dossier_submit(
        actor=people.desk.user,
        procedure_code="1.001612",
        competent_unit_code="24688",
        receiving_unit_code="24688",
        channel=Channel.IN_PERSON,
        applicant=Applicant(**APPLICANT),
        now=datetime(2026, 11, 25, 16, 0, tzinfo=VN),
    )
    assert not OutboxMessage.objects.filter(event_kind="online_arrival").exists()


def test_art_19_6_an_extension_tells_the_desk_to_hand_over_the_apology(people: People) -> None:
    _with_email(people.desk.user, "tiepnhan@krongno.gov.vn")
    _with_email(people.handler.user, "xuly@krongno.gov.vn")  # not at the desk: not alerted
    assert people.desk.user is not None and people.leader.user is not None
    dossier = actions.dossier_submit(
        actor=None,
        procedure_code="1.001612",
        competent_unit_code="24688",
        applicant=Applicant(**APPLICANT),
        now=datetime(2026, 11, 23, 8, 0, tzinfo=VN),
    )
    accepted = actions.dossier_accept(
        actor=people.desk.user, dossier=dossier, now=datetime(2026, 11, 23, 9, 0, tzinfo=VN)
    )
    assert not OutboxMessage.objects.filter(event_kind="extension_desk").exists()
    new_due = datetime(2026, 12, 3, 16, 0, tzinfo=VN)  # a Thursday, in office hours
    actions.dossier_extend(
        actor=people.leader.user,
        dossier=accepted,
        new_due_at=new_due,
        reason="Cần xác minh thêm",
        now=datetime(2026, 11, 24, 9, 0, tzinfo=VN),
    )
    alerts = OutboxMessage.objects.filter(event_kind="extension_desk")
    assert [(m.recipient, m.subject) for m in alerts] == [
        (
            "tiepnhan@krongno.gov.vn",
            f"Hồ sơ {dossier.code} được gia hạn đến 16:00 03/12/2026: trao Phiếu xin lỗi cho người nộp hồ sơ",
        )
    ]
    assert alerts[0].body.splitlines()[-1] == (
        "In Phiếu xin lỗi và hẹn lại ngày trả kết quả từ trang hồ sơ và trao cho người nộp hồ sơ."
    )
