"""The papers actually received (Decree 118 Art.16, 17.1.c): recorded once with their form and
quantity, uploads as electronic copies, and the receipt lists exactly them."""

import dataclasses
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.models import Procedure
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.documents.forms import form_pdf
from motcua.dossiers import actions
from motcua.dossiers.actions.papers import PaperIn, record_received_papers
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.models import Dossier, Event, ReceivedPaper
from motcua.dossiers.states import Channel
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.testing.personas import PDF, People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PROCEDURE = "1.001612"
WITH_ADDRESS = dataclasses.replace(APPLICANT, address="Thôn 3, xã Krông Nô")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN)


def text_of(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def counter_dossier(people: People, files: list[IncomingFile] | None = None) -> Dossier:
    assert people.desk.user
    return actions.dossier_submit(
        actor=people.desk.user,
        procedure_code=PROCEDURE,
        competent_unit_code="24688",
        applicant=WITH_ADDRESS,
        channel=Channel.IN_PERSON,
        receiving_unit_code="24688",
        files=files or [],
        now=at(2, 9),
    )


def test_the_counter_records_each_paper_with_form_quantity_and_how_the_result_is_received(
    people: People,
) -> None:
    """Art.17.1.c: the desk records the papers it received and how the applicant wants the result."""
    dossier = counter_dossier(people)
    first, second = list(dossier.procedure.components.all())[:2]
    papers = record_received_papers(
        dossier=dossier,
        papers=[
            PaperIn(form="original", quantity=1, component_id=first.pk),
            PaperIn(form="certified_copy", quantity=2, component_id=second.pk),
            PaperIn(form="copy", quantity=1, name="Giấy ủy quyền"),
        ],
        by=people.desk.user,
        at=at(2, 9, 5),
        result_delivery=Channel.POST,
    )

    assert [(p.component_id, p.name, p.form, p.quantity) for p in papers] == [
        (first.pk, first.name, "original", 1),
        (second.pk, second.name, "certified_copy", 2),
        (None, "Giấy ủy quyền", "copy", 1),
    ]
    dossier.refresh_from_db()
    assert dossier.result_delivery == Channel.POST
    event = Event.objects.get(dossier=dossier, kind="papers_received")
    assert event.actor == people.desk.user
    assert event.data["result_delivery"] == Channel.POST
    assert [p["quantity"] for p in event.data["papers"]] == [1, 2, 1]


def test_uploaded_scans_count_as_electronic_copies(people: People) -> None:
    dossier = counter_dossier(people)
    component = dossier.procedure.components.first()
    assert component is not None
    dossier = counter_dossier(people, files=[IncomingFile("scan.pdf", PDF, component.pk)])

    record_received_papers(
        dossier=dossier,
        papers=[PaperIn(form="original", component_id=component.pk)],
        by=people.desk.user,
        at=at(2, 9, 5),
    )

    assert list(ReceivedPaper.objects.filter(dossier=dossier).values_list("name", "form", "quantity")) == [
        (component.name, "original", 1),
        (component.name, "electronic", 1),
    ]


def test_papers_are_recorded_once_and_bad_lines_change_nothing(people: People) -> None:
    dossier = counter_dossier(people)
    component = dossier.procedure.components.first()
    assert component is not None
    for bad in (
        PaperIn(form="photo", component_id=component.pk),
        PaperIn(form="copy", quantity=0, component_id=component.pk),
        PaperIn(form="copy", quantity=100, component_id=component.pk),
        PaperIn(form="copy", component_id=999999),
        PaperIn(form="copy", name="   "),
    ):
        with pytest.raises(InvalidInput):
            record_received_papers(dossier=dossier, papers=[bad], by=people.desk.user, at=at(2, 9, 5))
    with pytest.raises(InvalidInput):
        record_received_papers(
            dossier=dossier,
            papers=[PaperIn(form="copy", component_id=component.pk)] * 2,
            by=people.desk.user,
            at=at(2, 9, 5),
        )
    assert not ReceivedPaper.objects.filter(dossier=dossier).exists()
    assert not Event.objects.filter(dossier=dossier, kind="papers_received").exists()

    record_received_papers(
        dossier=dossier,
        papers=[PaperIn(form="copy", component_id=component.pk)],
        by=people.desk.user,
        at=at(2, 9, 5),
    )
    with pytest.raises(Conflict):
        record_received_papers(
            dossier=dossier,
            papers=[PaperIn(form="original", component_id=component.pk)],
            by=people.desk.user,
            at=at(2, 9, 6),
        )
    assert ReceivedPaper.objects.filter(dossier=dossier).count() == 1


def test_only_the_receiving_desk_records_papers(people: People) -> None:
    dossier = counter_dossier(people)
    component = dossier.procedure.components.first()
    assert component is not None
    for outsider in (people.cujut_desk.user, people.handler.user):
        with pytest.raises(NotFound):
            record_received_papers(
                dossier=dossier,
                papers=[PaperIn(form="copy", component_id=component.pk)],
                by=outsider,
                at=at(2, 9, 5),
            )
    with pytest.raises(NotFound):  # "no one" records only the uploads of an online dossier
        record_received_papers(dossier=dossier, papers=[], by=None, at=at(2, 9, 5))
    assert not ReceivedPaper.objects.filter(dossier=dossier).exists()


def test_the_receipt_lists_only_the_papers_handed_in_art_17(people: People, tmp_path: Path) -> None:
    """Art.17.1.c: the receipt certifies what was handed in; a component not handed in is not on it."""
    assert people.desk.user
    dossier = counter_dossier(people)
    components = list(dossier.procedure.components.all())
    assert len(components) >= 2
    handed, not_handed = components[0], components[1]
    record_received_papers(
        dossier=dossier,
        papers=[PaperIn(form="certified_copy", quantity=2, component_id=handed.pk)],
        by=people.desk.user,
        at=at(2, 9, 5),
        result_delivery=Channel.POST,
    )
    actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(2, 9, 10))
    dossier.refresh_from_db()

    text = text_of(form_pdf(dossier=dossier, kind="receipt", now=at(2, 9, 10)), tmp_path)

    assert handed.name in text
    assert not_handed.name not in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Số: 01/TNHS-UBND" in text
    assert dossier.applicant_phone in text
    assert f"{dossier.legal_amount:02d} " in text and dossier.legal_amount == 3  # 1.001612: 3 working days
    assert "Thôn 3, xã Krông Nô" in text  # by post, to the applicant's address


def test_an_online_receipt_lists_the_uploads_as_electronic_copies(people: People, tmp_path: Path) -> None:
    assert people.desk.user
    component = Procedure.objects.get(code=PROCEDURE).components.first()
    assert component is not None
    dossier = actions.dossier_submit(
        actor=None,
        procedure_code=PROCEDURE,
        competent_unit_code="24688",
        applicant=APPLICANT,
        files=[IncomingFile("giay.pdf", PDF, component.pk)],
        now=at(2, 9),
    )
    record_received_papers(dossier=dossier, papers=[], by=None, at=at(2, 9))
    assert list(ReceivedPaper.objects.filter(dossier=dossier).values_list("form", flat=True)) == [
        "electronic"
    ]
    actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(2, 10))
    dossier.refresh_from_db()

    text = text_of(form_pdf(dossier=dossier, kind="receipt", now=at(2, 10)), tmp_path)

    assert component.name in text
    others = [c.name for c in dossier.procedure.components.exclude(pk=component.pk)]
    assert others and not any(name in text for name in others)


def test_the_receipt_keeps_its_number_when_printed_again(people: People, tmp_path: Path) -> None:
    """Decree 30: one number per paper; a re-print shows the same number."""
    assert people.desk.user
    first, second = counter_dossier(people), counter_dossier(people)
    for dossier in (first, second):
        record_received_papers(
            dossier=dossier, papers=[PaperIn(form="copy", name="Đơn")], by=people.desk.user, at=at(2, 9, 5)
        )
        actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(2, 9, 10))
        dossier.refresh_from_db()
    assert "Số: 01/TNHS-UBND" in text_of(form_pdf(dossier=first, kind="receipt"), tmp_path)
    assert "Số: 02/TNHS-UBND" in text_of(form_pdf(dossier=second, kind="receipt"), tmp_path)
    assert "Số: 01/TNHS-UBND" in text_of(form_pdf(dossier=first, kind="receipt"), tmp_path)
