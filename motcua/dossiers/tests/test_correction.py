"""Correction of a wrong result (Decree 118 Art.23): reported by the applicant, the desk or the
agency, due within 3 working days, reissued as a new result version with the old one kept, at no
cost, each step recorded once in the dossier's history."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.dossiers import actions
from motcua.dossiers.actions.correction import correction_complete, correction_request
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.models import Attachment, Dossier, Event, ResultCorrection
from motcua.dossiers.states import Channel, Status
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.testing.personas import PDF, People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN)


@pytest.fixture(autouse=True)
def media(tmp_path: Path) -> object:
    with override_settings(MEDIA_ROOT=str(tmp_path / "media")):
        yield


def accepted(people: People) -> Dossier:
    assert people.desk.user
    dossier = actions.dossier_submit(
        actor=people.desk.user,
        procedure_code="1.001612",
        competent_unit_code="24688",
        applicant=APPLICANT,
        channel=Channel.IN_PERSON,
        receiving_unit_code="24688",
        now=at(2, 9),
    )
    return actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(2, 9))


def returned(people: People) -> Dossier:
    """Granted with a result on Tuesday 3 Nov and returned at the desk on Wednesday 4 Nov 2026."""
    assert people.desk.user and people.leader.user and people.handler.user
    dossier = accepted(people)
    actions.dossier_assign(
        actor=people.leader.user, dossier=dossier, handler=people.handler.user, now=at(2, 10)
    )
    actions.dossier_propose(actor=people.handler.user, dossier=dossier, proposal="granted", now=at(3, 9))
    actions.dossier_decide(
        actor=people.leader.user,
        dossier=dossier,
        result="granted",
        files=[IncomingFile("giay-chung-nhan.pdf", PDF)],
        now=at(3, 10),
    )
    actions.dossier_return(actor=people.desk.user, dossier=dossier, via=Channel.IN_PERSON, now=at(4, 9))
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    return dossier


def test_the_applicant_reports_an_error_due_in_three_working_days_art_23(people: People) -> None:
    """Art.23: reported on Thursday 5 Nov, corrected by the close of Tuesday 10 Nov (weekend skipped)."""
    dossier = returned(people)

    correction = correction_request(
        dossier=dossier,
        reported_via="applicant",
        by=None,
        error="Sai năm sinh của chủ hộ",
        at=at(5, 10),
        proven_applicant=True,
    )

    assert correction.due_at == at(10, 17, 30)
    assert (correction.reported_via, correction.reported_by, correction.corrected_at) == (
        "applicant",
        None,
        None,
    )
    event = Event.objects.get(dossier=dossier, kind="correction_requested")
    assert event.data == {
        "correction": correction.pk,
        "reported_via": "applicant",
        "error": "Sai năm sinh của chủ hộ",
        "due_at": at(10, 17, 30).isoformat(),
    }


def test_the_agency_reissues_the_result_and_keeps_the_wrong_one_art_23(people: People) -> None:
    """Art.23: a new result version, the old one kept, no fee, recorded once."""
    assert people.desk.user and people.leader.user
    dossier = returned(people)
    wrong = list(dossier.attachments.filter(kind=Attachment.Kind.RESULT))
    correction = correction_request(
        dossier=dossier, reported_via="desk", by=people.desk.user, error="Sai tên", at=at(5, 10)
    )

    done = correction_complete(
        correction=correction,
        by=people.leader.user,
        note="Đã sửa tên chủ hộ",
        files=[IncomingFile("giay-chung-nhan-sua.pdf", PDF + b"%v2\n")],
        at=at(6, 15),
    )

    assert (done.corrected_at, done.corrected_by, done.note) == (
        at(6, 15),
        people.leader.user,
        "Đã sửa tên chủ hộ",
    )
    results = list(dossier.attachments.filter(kind=Attachment.Kind.RESULT).order_by("uploaded_at", "pk"))
    assert [a.name for a in results] == ["giay-chung-nhan.pdf", "giay-chung-nhan-sua.pdf"]
    assert results[0].pk == wrong[0].pk  # the wrong result stays on file
    event = Event.objects.get(dossier=dossier, kind="result_corrected")
    assert event.data["on_time"] is True and event.data["files"] == [results[1].sha256]
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED  # the dossier is not reopened, nothing is charged
    with pytest.raises(Conflict):
        correction_complete(
            correction=correction, by=people.leader.user, files=[IncomingFile("x.pdf", PDF)], at=at(6, 16)
        )
    assert Event.objects.filter(dossier=dossier, kind="result_corrected").count() == 1


def test_a_late_correction_is_recorded_as_late_art_23(people: People) -> None:
    assert people.handler.user
    dossier = returned(people)
    correction = correction_request(
        dossier=dossier, reported_via="agency", by=people.handler.user, error="Sai số", at=at(5, 10)
    )
    correction_complete(
        correction=correction, by=people.handler.user, files=[IncomingFile("b.pdf", PDF)], at=at(11, 8)
    )
    assert Event.objects.get(dossier=dossier, kind="result_corrected").data["on_time"] is False


def test_only_an_issued_result_can_be_corrected_and_one_at_a_time(people: People) -> None:
    assert people.desk.user
    with pytest.raises(Conflict):
        correction_request(
            dossier=accepted(people), reported_via="desk", by=people.desk.user, error="Sai", at=at(2, 10)
        )
    dossier = returned(people)
    correction_request(dossier=dossier, reported_via="desk", by=people.desk.user, error="Sai", at=at(5, 10))
    with pytest.raises(Conflict):
        correction_request(
            dossier=dossier, reported_via="desk", by=people.desk.user, error="Sai nữa", at=at(5, 11)
        )
    assert ResultCorrection.objects.filter(dossier=dossier).count() == 1


def test_bad_reports_change_nothing(people: People) -> None:
    assert people.desk.user
    dossier = returned(people)
    with pytest.raises(InvalidInput):
        correction_request(
            dossier=dossier, reported_via="desk", by=people.desk.user, error="   ", at=at(5, 10)
        )
    with pytest.raises(InvalidInput):
        correction_request(
            dossier=dossier, reported_via="mayor", by=people.desk.user, error="Sai", at=at(5, 10)
        )
    assert not ResultCorrection.objects.exists()
    assert not Event.objects.filter(kind="correction_requested").exists()


def test_who_may_report_and_who_may_correct(people: People) -> None:
    assert people.desk.user and people.cujut_desk.user and people.handler.user and people.leader.user
    dossier = returned(people)
    for via, outsider in (
        ("desk", people.cujut_desk.user),  # another commune's desk
        ("desk", people.handler.user),  # not a desk officer
        ("agency", people.desk.user),  # the desk is not the agency
        ("applicant", None),  # nobody proved they are the applicant
    ):
        with pytest.raises(NotFound):
            correction_request(dossier=dossier, reported_via=via, by=outsider, error="Sai", at=at(5, 10))
    correction = correction_request(
        dossier=dossier, reported_via="applicant", by=people.desk.user, error="Sai", at=at(5, 10)
    )
    with pytest.raises(NotFound):  # the desk hands the result over; the agency corrects it
        correction_complete(correction=correction, by=people.desk.user, files=[IncomingFile("c.pdf", PDF)])
    with pytest.raises(InvalidInput):
        correction_complete(correction=correction, by=people.leader.user, files=[])
    correction.refresh_from_db()
    assert correction.corrected_at is None
