"""Feedback and recommendations (Decree 118 Art.8.1.đ; Decree 20/2008 as amended by Decree
92/2017): reception with the deadline, reassignment, answer, the citizen's rating, the history, the
figures for the 766 index and the national portal's port."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import translation

from motcua.accounts.models import User
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.states import Channel
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.feedback.actions import (
    Submission,
    feedback_answer,
    feedback_answer_to_push,
    feedback_rate,
    feedback_reassign,
    feedback_receive_external,
    feedback_submit,
)
from motcua.feedback.models import Feedback, FeedbackEvent, FeedbackPeriod
from motcua.feedback.selectors import (
    FeedbackFigures,
    feedback_figures,
    feedback_get,
    feedback_overdue_count,
    feedback_public,
    feedback_queue,
)
from motcua.testing.personas import PDF, People, Persona
from motcua.units.models import Province, Unit

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=VN)


def u(persona: Persona) -> User:
    assert persona.user is not None
    return persona.user


def about_unit(**extra: object) -> Submission:
    values: dict[str, object] = {
        "subject": Feedback.Subject.UNIT,
        "title": "Desk closed early",
        "text": "The desk was closed at 16:00 on Monday.",
        "name": "Nguyễn Thị Lan",
        "phone": "0912345678",
        "unit_code": "24688",
    }
    values.update(extra)
    return Submission(**values)  # type: ignore[arg-type]


def received(when: datetime | None = None, **extra: Any) -> Feedback:
    return feedback_submit(
        actor=None, channel=Feedback.Channel.PORTAL, submission=about_unit(**extra), at=when or at(1, 10)
    )


def test_art_8_1_d_anonymous_feedback_gets_ten_working_days_and_a_history() -> None:
    item = received(files=[IncomingFile("photo.pdf", PDF)])
    assert item.unit.code == "24688"
    assert item.status == Feedback.Status.RECEIVED
    # Tuesday 1 December + 10 working days: the close of Tuesday 15 December.
    assert item.due_at == at(15, 17, 30)
    assert [a.content_type for a in item.attachments.all()] == ["application/pdf"]
    event = item.events.get()
    assert (event.kind, event.actor, event.data["working_days"], event.data["channel"]) == (
        "received",
        None,
        10,
        "portal",
    )


def test_the_period_is_a_setting_of_the_province() -> None:
    FeedbackPeriod.objects.create(province=Province.objects.get(code=68), working_days=15)
    # 15 working days from Tuesday 1 December: Tuesday 22 December.
    assert received().due_at == at(22, 17, 30)


def test_feedback_about_a_dossier_goes_to_its_competent_unit(people: People) -> None:
    dossier = dossier_actions.dossier_submit(
        actor=u(people.desk),
        procedure_code="1.001612",
        competent_unit_code="24688",
        applicant=APPLICANT,
        channel=Channel.IN_PERSON,
        receiving_unit_code="24688",
        now=at(1, 9),
    )
    item = received(subject=Feedback.Subject.DOSSIER, unit_code="", dossier_code=dossier.code)
    assert (item.unit.code, item.dossier, item.procedure_code) == ("24688", dossier, "1.001612")


@pytest.mark.parametrize("nature", ["complaint", "denunciation"])
def test_complaints_and_denunciations_are_sent_to_their_own_regime(nature: str) -> None:
    with translation.override("en"), pytest.raises(InvalidInput) as error:
        received(nature=nature)
    assert error.value.code == "other_regime"
    with translation.override("en"):
        assert "Law on Complaints (2011)" in str(error.value.message)
    assert "Luật Khiếu nại (2011)" in str(error.value.message)
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"phone": "", "email": ""}, "phone"),
        ({"phone": "09x"}, "phone"),
        ({"text": " "}, "text"),
        ({"unit_code": "99999"}, "unit_code"),
        ({"subject": Feedback.Subject.DOSSIER, "unit_code": ""}, "dossier_code"),
        ({"dossier_code": "NOPE"}, "dossier_code"),
        ({"files": [IncomingFile("x.exe", b"MZ\x90\x00")]}, "files[0]"),
    ],
)
def test_bad_input_is_refused_and_stores_nothing(extra: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        received(**extra)
    assert error.value.field == field
    assert (Feedback.objects.count(), FeedbackEvent.objects.count()) == (0, 0)


def test_the_desk_records_feedback_for_its_own_unit_only(people: People) -> None:
    item = feedback_submit(
        actor=u(people.desk), channel=Feedback.Channel.DESK, submission=about_unit(), at=at(1, 10)
    )
    assert item.events.get().actor == u(people.desk)
    with pytest.raises(NotFound):
        feedback_submit(
            actor=u(people.cujut_desk), channel=Feedback.Channel.DESK, submission=about_unit(), at=at(1, 10)
        )


def test_answer_tells_the_citizen_and_the_rating_closes_the_item(
    people: People, django_capture_on_commit_callbacks
) -> None:
    item = received(email="lan@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        feedback_answer(
            actor=u(people.handler), feedback=item, answer="The desk now opens until 17:30.", at=at(3, 9)
        )
    item.refresh_from_db()
    assert (item.status, item.answered_by, item.on_time) == ("answered", u(people.handler), True)
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]
    assert item.token in mail.outbox[0].body
    feedback_rate(feedback=item, satisfied=True, at=at(4, 8))
    item.refresh_from_db()
    assert (item.status, item.satisfied, item.rated_at) == ("closed", True, at(4, 8))
    assert list(item.events.values_list("kind", flat=True)) == ["received", "answered", "told", "rated"]
    with pytest.raises(Conflict):
        feedback_rate(feedback=item, satisfied=False, at=at(4, 9))


def test_only_the_units_handlers_and_leaders_answer(people: People) -> None:
    item = received()
    with pytest.raises(NotFound):
        feedback_answer(actor=u(people.cujut_handler), feedback=item, answer="x")
    with pytest.raises(NotFound):
        feedback_answer(actor=u(people.outsider), feedback=item, answer="x")
    with pytest.raises(Conflict):
        feedback_answer(actor=u(people.desk), feedback=item, answer="x")
    with pytest.raises(Conflict):
        feedback_rate(feedback=item, satisfied=True)
    feedback_answer(actor=u(people.leader), feedback=item, answer="Noted.", at=at(2, 9))
    with pytest.raises(Conflict):
        feedback_answer(actor=u(people.handler), feedback=item, answer="again")


def test_reassigned_item_keeps_its_deadline_and_leaves_the_first_unit(people: People) -> None:
    item = received()
    feedback_reassign(
        actor=u(people.desk),
        feedback=item,
        unit=Unit.objects.get(code="24640"),
        note="Cư Jút's desk.",
        at=at(2, 9),
    )
    item.refresh_from_db()
    assert (item.unit.code, item.due_at) == ("24640", at(15, 17, 30))
    with pytest.raises(NotFound):
        feedback_get(actor=u(people.handler), pk=item.pk)
    assert feedback_get(actor=u(people.cujut_handler), pk=item.pk) == item
    assert item.events.last().data == {"previous": "24688", "unit": "24640"}  # type: ignore[union-attr]


def test_scoping_of_the_queue_and_overdue_warning(people: People) -> None:
    late = received(when=at(1, 10))
    received(when=at(14, 10))
    assert list(feedback_queue(u(people.handler), state="overdue", now=at(16, 8))) == [late]
    assert feedback_overdue_count(u(people.handler), now=at(16, 8)) == 1
    assert feedback_overdue_count(u(people.monitor), now=at(16, 8)) == 1
    assert feedback_overdue_count(u(people.cujut_handler), now=at(16, 8)) == 0
    assert feedback_overdue_count(u(people.citizen), now=at(16, 8)) == 0


def test_the_public_list_shows_answered_items_without_the_person(people: People) -> None:
    item = received()
    received(title="Not answered")
    assert list(feedback_public()) == []
    feedback_answer(actor=u(people.handler), feedback=item, answer="Done.", at=at(2, 9))
    assert [(f.title, f.answer) for f in feedback_public(unit_code="24688")] == [
        ("Desk closed early", "Done.")
    ]
    assert list(feedback_public(unit_code="24640")) == []


def test_766_figures_per_unit_for_the_index(people: People) -> None:
    on_time = received(when=at(1, 10))
    late = received(when=at(1, 11))
    received(when=at(2, 10))  # due 16 December: not in the period below
    other = feedback_submit(
        actor=None, channel=Feedback.Channel.PORTAL, submission=about_unit(unit_code="24640"), at=at(1, 10)
    )
    feedback_answer(actor=u(people.handler), feedback=on_time, answer="Yes.", at=at(10, 9))
    feedback_answer(actor=u(people.handler), feedback=late, answer="Late.", at=at(16, 9))
    feedback_rate(feedback=on_time, satisfied=True, at=at(11, 9))
    feedback_rate(feedback=late, satisfied=False, at=at(16, 10))
    krong_no = Unit.objects.get(code="24688")
    figures = feedback_figures([krong_no.pk], date(2026, 12, 1), date(2026, 12, 15))
    assert figures == {
        krong_no.pk: FeedbackFigures(received=3, due=2, on_time=1, answered=1, satisfied=1, dissatisfied=0)
    }
    everything = feedback_figures(None, date(2026, 12, 1), date(2026, 12, 31))
    assert everything[krong_no.pk] == FeedbackFigures(
        received=3, due=3, on_time=1, answered=2, satisfied=1, dissatisfied=1
    )
    assert everything[other.unit_id] == FeedbackFigures(received=1, due=1)


def test_national_portal_items_join_the_flow_once_and_give_their_answer(people: People) -> None:
    pulled = {
        "id": "DVC-77",
        "unit_code": "24688",
        "title": "Fee question",
        "text": "Is there a fee?",
        "name": "B",
        "received_at": at(1, 10),
    }
    item = feedback_receive_external(pulled)
    assert feedback_receive_external(pulled) == item
    assert (item.channel, item.due_at, feedback_answer_to_push(item)) == ("dvcqg", at(15, 17, 30), None)
    feedback_answer(actor=u(people.handler), feedback=item, answer="No fee.", at=at(2, 9))
    item.refresh_from_db()
    assert feedback_answer_to_push(item) == {
        "id": "DVC-77",
        "unit_code": item.unit.agency_code or "24688",
        "answer": "No fee.",
        "answered_at": at(2, 9).isoformat(),
        "answered_by": "Lê Thị Xử",
    }


def test_answers_to_push_are_listed_until_the_portal_confirms(people: People) -> None:
    from motcua.feedback.actions import feedback_answer_pushed, feedback_answers_to_push

    item = feedback_receive_external(
        {
            "id": "DVC-78",
            "unit_code": "24688",
            "title": "Q",
            "text": "Q?",
            "name": "B",
            "received_at": at(1, 10),
        }
    )
    received()  # not from the portal: never pushed
    assert feedback_answers_to_push() == []
    feedback_answer(actor=u(people.handler), feedback=item, answer="A.", at=at(2, 9))
    assert feedback_answers_to_push() == [item]
    feedback_answer_pushed(feedback=item, reference="R1", at=at(2, 10))
    feedback_answer_pushed(feedback=item, reference="R2", at=at(2, 11))
    assert feedback_answers_to_push() == []
    item.refresh_from_db()
    assert (item.answer_pushed_at, item.events.last().data) == (at(2, 10), {"reference": "R1"})  # type: ignore[union-attr]
