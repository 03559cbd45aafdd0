"""The forms as Decree 118 names and fills them: numbered from the agency's register (Decree 30),
"Kính gửi", the recipients and the head's signature block on the competent agency's letters
(Art.12.5, 19.6), the refusal after appraisal (Art.19.3), the whole control sheet, the register book."""

from datetime import date
from pathlib import Path

import pytest
import time_machine

from motcua.documents.forms import form_kinds_available, form_pdf, register_pdf
from motcua.documents.models import IssuedNumber
from motcua.documents.selectors import register_dossiers
from motcua.documents.tests.conftest import at
from motcua.documents.tests.test_forms import received, text_of
from motcua.dossiers import actions
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.models import Dossier
from motcua.testing.personas import PDF, People

pytestmark = pytest.mark.django_db


def accepted(people: People) -> Dossier:
    assert people.desk.user
    dossier = received(people, at(2, 9))
    actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(2, 9))
    dossier.refresh_from_db()
    return dossier


def test_the_apology_is_numbered_addressed_and_signed_by_the_head_art_19_6(
    people: People, tmp_path: Path
) -> None:
    """Art.19.6, 12.5: issued in the name of the head of the competent agency, whoever moved the date."""
    assert people.leader.user
    dossier = accepted(people)
    actions.dossier_extend(
        actor=people.leader.user, dossier=dossier, new_due_at=at(9, 16), reason="Chờ xác minh", now=at(3, 10)
    )

    text = text_of(form_pdf(dossier=dossier, kind="apology"), tmp_path)

    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Số: 01/PXL-UBND" in text
    assert "Kính gửi: Nguyễn Thị Lan" in text
    assert "TM. XÃ KRÔNG NÔ" in text and "Hoàng Văn Đạo" in text  # the head of the competent agency
    assert "Xã Krông Nô" in text  # the one-stop desk among the recipients
    assert "Số: 01/PXL-UBND" in text_of(form_pdf(dossier=dossier, kind="apology"), tmp_path)  # re-print
    assert IssuedNumber.objects.filter(series="PXL").count() == 1


def test_the_supplement_after_acceptance_is_the_agencys_numbered_letter_art_19_5(
    people: People, tmp_path: Path
) -> None:
    assert people.handler.user and people.leader.user
    dossier = accepted(people)
    actions.dossier_assign(
        actor=people.leader.user, dossier=dossier, handler=people.handler.user, now=at(2, 10)
    )
    actions.supplement_request(
        actor=people.handler.user, dossier=dossier, items=["Bản sao CCCD"], now=at(3, 9)
    )

    text = text_of(form_pdf(dossier=dossier, kind="supplement"), tmp_path)

    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Số: 01/YCBS-UBND" in text and "Kính gửi: Nguyễn Thị Lan" in text
    assert "Bản sao CCCD" in text and "Hoàng Văn Đạo" in text


def test_the_supplement_at_reception_is_numbered_by_the_desk(people: People, tmp_path: Path) -> None:
    assert people.desk.user
    dossier = received(people, at(2, 9))
    actions.supplement_request(
        actor=people.desk.user, dossier=dossier, items=["Giấy chứng sinh"], now=at(2, 10)
    )
    text = text_of(form_pdf(dossier=dossier, kind="supplement"), tmp_path)
    assert "Số: 01/YCBS-UBND" in text and "Kính gửi: Nguyễn Thị Lan" in text and "Trần Văn Tiếp" in text


def test_the_refusal_after_appraisal_has_its_own_form_art_19_3(people: People, tmp_path: Path) -> None:
    """Art.19.3: "Phiếu từ chối giải quyết hồ sơ", issued by the competent agency, returned via the desk."""
    assert people.leader.user and people.handler.user
    dossier = accepted(people)
    actions.dossier_assign(
        actor=people.leader.user, dossier=dossier, handler=people.handler.user, now=at(2, 10)
    )
    actions.dossier_propose(actor=people.handler.user, dossier=dossier, proposal="refused", now=at(3, 9))
    assert "decision_refusal" not in [k.slug for k in form_kinds_available(dossier)]
    actions.dossier_decide(
        actor=people.leader.user, dossier=dossier, result="refused", reason="Ngành nghề bị cấm", now=at(3, 10)
    )

    assert "decision_refusal" in [k.slug for k in form_kinds_available(dossier)]
    text = text_of(form_pdf(dossier=dossier, kind="decision_refusal"), tmp_path)

    assert "PHIẾU TỪ CHỐI GIẢI QUYẾT HỒ SƠ" in text and "Số: 01/TCGQ-UBND" in text
    assert "Ngành nghề bị cấm" in text and "Hoàng Văn Đạo" in text and "Kính gửi: Nguyễn Thị Lan" in text


def test_the_control_sheet_keeps_the_hand_overs_before_a_restart(people: People, tmp_path: Path) -> None:
    """Art.19.5 restarts the legal time; the paper trail of the first run stays on the sheet."""
    assert people.desk.user and people.leader.user and people.handler.user
    dossier = accepted(people)
    actions.dossier_assign(
        actor=people.leader.user, dossier=dossier, handler=people.handler.user, now=at(2, 9, 45)
    )
    actions.supplement_request(
        actor=people.handler.user, dossier=dossier, items=["Bản sao CCCD"], now=at(3, 9)
    )
    dossier.refresh_from_db()
    actions.supplement_provide(
        actor=people.desk.user, dossier=dossier, files=[IncomingFile("cccd.pdf", PDF)], now=at(4, 14)
    )
    dossier.refresh_from_db()
    assert dossier.restarts == 1

    with time_machine.travel(at(4, 15), tick=False):
        text = text_of(form_pdf(dossier=dossier, kind="control"), tmp_path)

    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "09:00 02/11/2026" in text  # the first reception
    assert "09:45 02/11/2026" in text  # the first assignment, before the restart
    assert "09:00 03/11/2026" in text  # the supplement request
    assert "14:00 04/11/2026" in text  # the completed dossier, the new run


def test_the_register_has_the_columns_of_a_register_book(people: People, tmp_path: Path) -> None:
    assert people.desk.user
    dossier = received(people, at(2, 9))
    actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(2, 9, 30))
    unit, dossiers = register_dossiers(
        actor=people.desk.user, unit_code="24688", first_day=date(2026, 11, 2), last_day=date(2026, 11, 2)
    )

    text = text_of(
        register_pdf(unit=unit, dossiers=dossiers, first_day=date(2026, 11, 2), last_day=date(2026, 11, 2)),
        tmp_path,
    )

    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert dossier.code in text and "0912345678" in text  # phone beside the address
    assert "02/11/2026 09:00" in text and "02/11/2026 09:30" in text  # received on, sent on
    assert text.count("Xã Krông Nô") >= 2  # the competent agency column


def test_the_receipt_says_the_conditional_legal_time_and_its_reason(people: People, tmp_path: Path) -> None:
    """The conditional legal time chosen at acceptance is printed with its condition and reason."""
    from motcua.catalog.models import TimeVariant
    from motcua.dossiers.actions.papers import PaperIn, record_received_papers
    from motcua.dossiers.states import Channel
    from motcua.dossiers.tests.conftest import APPLICANT

    assert people.desk.user
    variant = TimeVariant.objects.get(procedure__code="1.000894", code="xac_minh")
    dossier = actions.dossier_submit(
        actor=people.desk.user,
        procedure_code="1.000894",
        competent_unit_code="24688",
        applicant=APPLICANT,
        channel=Channel.IN_PERSON,
        receiving_unit_code="24688",
        now=at(2, 9),
    )
    record_received_papers(
        dossier=dossier,
        papers=[PaperIn(form="original", name="Tờ khai đăng ký kết hôn")],
        by=people.desk.user,
        at=at(2, 9),
    )
    actions.dossier_accept(
        actor=people.desk.user,
        dossier=dossier,
        time_variant=variant,
        time_variant_reason="Bên nữ cư trú ở tỉnh khác",
        now=at(2, 9),
    )
    dossier.refresh_from_db()

    text = text_of(form_pdf(dossier=dossier, kind="receipt"), tmp_path)

    assert variant.label in text and "Bên nữ cư trú ở tỉnh khác" in text
    assert "05 " in text and "Tờ khai đăng ký kết hôn" in text
