from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import trans_real

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.tests.factories import MembershipFactory, UserFactory
from motcua.dossiers.actions import Applicant, dossier_submit
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
APPLICANT = Applicant(
    name="Nguyễn Thị Lan", national_id="068190001234", phone="0912345678", email="lan@example.vn"
)

# The Vietnamese of the notification texts, as proposed for locale/vi/LC_MESSAGES/django.po.
# Until the catalogue carries a message, the `vi_notifications` fixture supplies it from here;
# once it does, the catalogue's own translation is what the tests check.
VI: dict[str, str] = {
    "Dear %(name)s,": "Kính gửi ông/bà %(name)s,",
    "Dossier code: %(code)s": "Mã hồ sơ: %(code)s",
    "Procedure: %(procedure)s": "Thủ tục: %(procedure)s",
    "This message was sent automatically by the one-stop system. Please do not reply to it.": (
        "Thư này được gửi tự động từ hệ thống một cửa. Vui lòng không trả lời thư này."
    ),
    "Dossier %(code)s has been received": "Hồ sơ %(code)s đã được tiếp nhận",
    "%(unit)s has received your dossier. The result is due at %(due)s.": (
        "%(unit)s đã tiếp nhận hồ sơ của ông/bà. Thời gian hẹn trả kết quả: %(due)s."
    ),
    "Dossier %(code)s has been received. Appointment for the result: %(due)s.": (
        "Hồ sơ %(code)s đã được tiếp nhận. Hẹn trả kết quả lúc %(due)s."
    ),
    "Dossier %(code)s must be supplemented by %(answer_by)s with: %(items)s.": (
        "Hồ sơ %(code)s cần bổ sung trước %(answer_by)s: %(items)s."
    ),
    "Dossier %(code)s must be supplemented with %(count)s document(s) by %(answer_by)s. "
    "The list is at the one-stop desk of %(unit)s.": (
        "Hồ sơ %(code)s cần bổ sung %(count)s giấy tờ trước %(answer_by)s. "
        "Danh sách tại Bộ phận Một cửa %(unit)s."
    ),
    "Dossier %(code)s: documents to supplement": "Hồ sơ %(code)s: yêu cầu bổ sung giấy tờ",
    "Your dossier must be supplemented with the following documents:": (
        "Hồ sơ của ông/bà cần bổ sung các giấy tờ sau:"
    ),
    "Please provide them by %(answer_by)s. A dossier not supplemented by then is closed.": (
        "Đề nghị ông/bà bổ sung trước %(answer_by)s. Quá thời hạn này, hồ sơ sẽ bị dừng giải quyết."
    ),
    "Dossier %(code)s: apology for the delay and new appointment": (
        "Hồ sơ %(code)s: thư xin lỗi và hẹn lại ngày trả kết quả"
    ),
    "We sincerely apologise: your dossier could not be settled by the appointed time, %(previous)s.": (
        "Chúng tôi thành thật xin lỗi ông/bà vì hồ sơ chưa được giải quyết đúng hẹn %(previous)s."
    ),
    "Reason: %(reason)s": "Lý do: %(reason)s",
    "New appointment for the result: %(due)s.": "Thời gian hẹn trả kết quả mới: %(due)s.",
    "We apologise: dossier %(code)s is late (%(reason)s). New appointment: %(due)s.": (
        "Xin lỗi ông/bà: hồ sơ %(code)s bị chậm (%(reason)s). Hẹn trả kết quả mới: %(due)s."
    ),
    "Dossier %(code)s: the result is ready": "Hồ sơ %(code)s: đã có kết quả",
    "The result of your dossier is ready. Please collect it at the one-stop desk of %(unit)s.": (
        "Hồ sơ của ông/bà đã có kết quả. Mời ông/bà đến nhận tại Bộ phận Một cửa %(unit)s."
    ),
    "The result of dossier %(code)s is ready. Please collect it at the one-stop desk of %(unit)s.": (
        "Hồ sơ %(code)s đã có kết quả. Mời ông/bà đến nhận tại Bộ phận Một cửa %(unit)s."
    ),
    "Dossier %(code)s was not accepted": "Hồ sơ %(code)s không được tiếp nhận",
    "%(unit)s could not accept your dossier.": "%(unit)s không tiếp nhận hồ sơ của ông/bà.",
    "Dossier %(code)s was not accepted. Reason: %(reason)s": (
        "Hồ sơ %(code)s không được tiếp nhận. Lý do: %(reason)s"
    ),
}


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.fixture(autouse=True)
def vi_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = trans_real.translation("vi")._catalog  # type: ignore[attr-defined]
    for msgid, msgstr in VI.items():
        if msgid not in catalog:
            monkeypatch.setitem(catalog._catalogs[0], msgid, msgstr)


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    """Thursday 19 November 2026, 09:00 in Vietnam, standing still."""
    with time_machine.travel(at(2026, 11, 19, 9, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def krong_no(db: None) -> Unit:
    return Unit.objects.get(code="24688")


@pytest.fixture
def officer(krong_no: Unit) -> User:
    user = UserFactory.create(username="tiepnhan")
    MembershipFactory.create(user=user, unit=krong_no, role=Role.RECEIVING_OFFICER)
    return user


@pytest.fixture
def dossier(krong_no: Unit, frozen: time_machine.Traveller) -> Dossier:
    """Submitted online to xã Krông Nô at 09:00: household business registration (3 working days)."""
    return dossier_submit(
        actor=None, procedure_code="1.001612", competent_unit_code="24688", applicant=APPLICANT
    )


@pytest.fixture
def english_officer_screen() -> Iterator[None]:
    with translation.override("en"):
        yield
