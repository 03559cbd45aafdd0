"""The forms as PDF: rendered, then read back with poppler's pdftotext to check their text."""

import inspect
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine

from motcua.core.errors import InvalidInput, NotFound
from motcua.documents.forms import KINDS, form_kinds_available, form_pdf, register_pdf
from motcua.documents.selectors import register_dossiers
from motcua.documents.tests.conftest import PROCEDURE, at
from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db


def text_of(content: bytes, tmp_path: Path) -> str:
    """The PDF's text in reading order, whitespace collapsed (tables wrap lines)."""
    path = tmp_path / "form.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def received(people: People, when: datetime) -> Dossier:
    assert people.desk.user
    return actions.dossier_submit(
        actor=people.desk.user,
        procedure_code=PROCEDURE,
        competent_unit_code="24688",
        applicant=APPLICANT,
        channel=Channel.IN_PERSON,
        receiving_unit_code="24688",
        now=when,
    )


def test_the_receipt_shows_the_heading_code_applicant_and_appointment(people: People, tmp_path: Path) -> None:
    assert people.desk.user
    dossier = received(people, at(2, 9))
    actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(2, 9, 30))
    dossier.refresh_from_db()

    text = text_of(form_pdf(dossier=dossier, kind="receipt", now=at(2, 9, 30)), tmp_path)

    assert "XÃ KRÔNG NÔ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert dossier.code in text
    assert "Nguyễn Thị Lan" in text and "068190001234" in text
    assert "Trần Văn Tiếp" in text
    assert "09:30 02/11/2026" in text
    due = dossier.original_due_at.astimezone(at(2, 9).tzinfo)  # type: ignore[union-attr]
    assert due.strftime("%d/%m/%Y") in text


def test_the_supplement_request_lists_every_item_and_the_deadline(people: People, tmp_path: Path) -> None:
    assert people.desk.user
    dossier = received(people, at(2, 9))
    actions.supplement_request(
        actor=people.desk.user,
        dossier=dossier,
        items=["Bản sao CCCD của mẹ", "Giấy chứng sinh"],
        now=at(2, 10),
    )

    text = text_of(form_pdf(dossier=dossier, kind="supplement"), tmp_path)

    assert dossier.code in text
    assert "Bản sao CCCD của mẹ" in text and "Giấy chứng sinh" in text
    assert "10:00 02/11/2026" in text
    assert "Kính gửi: Nguyễn Thị Lan" in text and "Số: 01/YCBS-UBND" in text


def test_the_refusal_gives_the_reason(people: People, tmp_path: Path) -> None:
    assert people.desk.user
    dossier = received(people, at(2, 9))
    actions.dossier_refuse(
        actor=people.desk.user, dossier=dossier, reason="Không thuộc thẩm quyền", now=at(2, 9, 5)
    )

    text = text_of(form_pdf(dossier=dossier, kind="refusal"), tmp_path)

    assert dossier.code in text and "Không thuộc thẩm quyền" in text and "09:05 02/11/2026" in text


def test_the_apology_gives_the_reason_and_both_appointments(people: People, tmp_path: Path) -> None:
    assert people.desk.user and people.leader.user
    dossier = received(people, at(2, 9))
    actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(2, 9))
    dossier.refresh_from_db()
    previous = dossier.due_at
    actions.dossier_extend(
        actor=people.leader.user, dossier=dossier, new_due_at=at(9, 16), reason="Chờ xác minh", now=at(2, 10)
    )

    text = text_of(form_pdf(dossier=dossier, kind="apology"), tmp_path)

    assert "Chờ xác minh" in text
    assert "16:00 09/11/2026" in text
    assert previous is not None and previous.astimezone(at(2, 9).tzinfo).strftime("%H:%M %d/%m/%Y") in text


def test_the_stop_notice_gives_the_reason(people: People, tmp_path: Path) -> None:
    assert people.desk.user
    dossier = received(people, at(2, 9))
    written: dict[str, Any] = {}
    if "request_reference" in inspect.signature(actions.dossier_stop).parameters:
        # Art.21: the desk stops a dossier on the applicant's written request, cited on the notice.
        written = {"request_date": date(2026, 11, 2), "request_reference": "Đơn số 12/ĐN"}
    actions.dossier_stop(
        actor=people.desk.user, dossier=dossier, reason="Công dân xin dừng", now=at(2, 11), **written
    )

    text = text_of(form_pdf(dossier=dossier, kind="stop"), tmp_path)

    assert "Công dân xin dừng" in text and "11:00 02/11/2026" in text and dossier.code in text
    if written:
        assert "Đơn số 12/ĐN" in text


def test_the_control_sheet_lists_each_hand_over_with_its_timeliness(people: People, tmp_path: Path) -> None:
    assert people.desk.user and people.leader.user and people.handler.user
    dossier = received(people, at(2, 9))
    actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(2, 9))
    actions.dossier_assign(
        actor=people.leader.user, dossier=dossier, handler=people.handler.user, now=at(2, 9, 15)
    )
    actions.dossier_propose(actor=people.handler.user, dossier=dossier, proposal="refused", now=at(2, 10))

    with time_machine.travel(at(2, 10, 30), tick=False):
        text = text_of(form_pdf(dossier=dossier, kind="control"), tmp_path)

    assert "Trần Văn Tiếp" in text and "Hoàng Văn Đạo" in text and "Lê Thị Xử" in text
    assert "09:15 02/11/2026" in text and "10:00 02/11/2026" in text
    assert available(dossier) == ["receipt", "control"]


def available(dossier: Dossier) -> list[str]:
    return [kind.slug for kind in form_kinds_available(dossier)]


def test_a_form_whose_fact_did_not_happen_does_not_exist(people: People) -> None:
    dossier = received(people, at(2, 9))
    assert available(dossier) == []
    for kind in KINDS:
        with pytest.raises(NotFound):
            form_pdf(dossier=dossier, kind=kind)
    with pytest.raises(NotFound):
        form_pdf(dossier=dossier, kind="nonsense")


def test_the_register_lists_the_units_dossiers_of_the_period(people: People, tmp_path: Path) -> None:
    assert people.desk.user
    first = received(people, at(2, 9))
    second = received(people, at(3, 14))
    received(people, at(5, 9))  # outside the period

    unit, dossiers = register_dossiers(
        actor=people.desk.user, unit_code="24688", first_day=date(2026, 11, 2), last_day=date(2026, 11, 3)
    )
    text = text_of(
        register_pdf(unit=unit, dossiers=dossiers, first_day=date(2026, 11, 2), last_day=date(2026, 11, 3)),
        tmp_path,
    )

    assert [d.code for d in dossiers] == [first.code, second.code]
    assert first.code in text and second.code in text
    assert "02/11/2026 09:00" in text and "03/11/2026 14:00" in text
    assert "02/11/2026" in text and "03/11/2026" in text


def test_the_register_is_for_the_units_own_officials_only(people: People) -> None:
    assert people.cujut_desk.user and people.desk.user
    with pytest.raises(NotFound):
        register_dossiers(
            actor=people.cujut_desk.user,
            unit_code="24688",
            first_day=date(2026, 11, 2),
            last_day=date(2026, 11, 3),
        )
    with pytest.raises(InvalidInput):
        register_dossiers(
            actor=people.desk.user, unit_code="24688", first_day=date(2026, 11, 3), last_day=date(2026, 11, 2)
        )
