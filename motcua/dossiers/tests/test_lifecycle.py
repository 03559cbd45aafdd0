"""The actions after intake, called directly with explicit times."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.models import Field
from motcua.core.calendar import vietnam_calendar
from motcua.core.errors import Conflict, InvalidInput
from motcua.dossiers import actions
from motcua.dossiers.clock import working_hours_left
from motcua.dossiers.models import Dossier, Rating, Specialty, Supplement
from motcua.dossiers.states import Channel, Status
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VN)


def online(people: People, when: datetime, procedure: str = "1.001612") -> Dossier:
    assert people.citizen.user is not None
    return actions.dossier_submit(
        actor=people.citizen.user,
        procedure_code=procedure,
        competent_unit_code="24688",
        applicant=APPLICANT,
        now=when,
    )


def test_an_online_dossier_shows_the_working_hours_left_for_the_decision(people: People) -> None:
    dossier = online(people, at(25, 16))
    calendar = vietnam_calendar()
    # 1.5 working hours on Wednesday, then 6.5 on Thursday: the decision is due at 16:00 Thursday.
    assert dossier.decision_due_at == at(26, 16)
    assert working_hours_left(dossier, at(26, 9), calendar) == Decimal("5")
    assert working_hours_left(dossier, at(26, 17), calendar) == Decimal("-1")
    assert dossier.applicant_user == people.citizen.user


def test_art_19_5_an_unanswered_processing_supplement_closes_after_15_calendar_days(people: People) -> None:
    """Art.19.5 with Civil Code Art.147-148: the day of the notice is not counted, the period ends
    at 24:00 of the 15th day (Fri 11/12). At reception the decree provides no closure."""
    assert people.desk.user is not None
    at_reception = online(people, at(25, 9))
    actions.supplement_request(
        actor=people.desk.user, dossier=at_reception, items=["Tờ khai"], now=at(25, 10)
    )
    accepted = online(people, at(25, 9))
    actions.dossier_accept(actor=people.desk.user, dossier=accepted, now=at(25, 9))
    assert people.leader.user is not None
    actions.dossier_assign(actor=people.leader.user, dossier=accepted, now=at(25, 9))
    actions.supplement_request(actor=people.leader.user, dossier=accepted, items=["Hợp đồng"], now=at(26, 9))

    assert actions.supplements_close_expired(now=at(11, 23, 59, month=12)) == 0  # the 15th day: not yet
    assert actions.supplements_close_expired(now=at(12, 0, 0, month=12)) == 1
    assert actions.supplements_close_expired(now=at(12, 9, month=12)) == 0  # nothing twice
    assert actions.supplements_close_expired(now=at(10, 9, month=2)) == 0  # reception: never closed
    at_reception.refresh_from_db()
    accepted.refresh_from_db()
    assert (at_reception.status, accepted.status) == (Status.SUPPLEMENT_REQUESTED, Status.STOPPED)
    assert accepted.events.last().kind == "supplement_expired"  # type: ignore[union-attr]
    assert list(
        Supplement.objects.filter(closed_at__isnull=False).values_list("dossier__code", flat=True)
    ) == [accepted.code]


def test_a_supplement_must_list_what_is_missing(people: People) -> None:
    assert people.desk.user is not None
    dossier = online(people, at(25, 9))
    with pytest.raises(InvalidInput) as refused:
        actions.supplement_request(actor=people.desk.user, dossier=dossier, items=["", "  "], now=at(25, 10))
    assert refused.value.field == "items"
    assert Supplement.objects.count() == 0


def test_automatic_assignment_prefers_the_field_then_the_lightest_load(people: People) -> None:
    assert people.desk.user and people.leader.user and people.handler.user and people.handler2.user
    first = online(people, at(25, 9))
    actions.dossier_accept(actor=people.desk.user, dossier=first, now=at(25, 9))
    # Nobody holds the field: the lightest load, then the longest-serving handler.
    assert (
        actions.dossier_assign(actor=people.leader.user, dossier=first, now=at(25, 9)).handler
        == people.handler.user
    )
    second = online(people, at(25, 9))
    actions.dossier_accept(actor=people.desk.user, dossier=second, now=at(25, 9))
    assert (
        actions.dossier_assign(actor=people.leader.user, dossier=second, now=at(25, 9)).handler
        == people.handler2.user
    )
    # Once someone holds the dossier's field, only the specialists are considered, however busy.
    field = Field.objects.get(procedures__code="1.001612")
    Specialty.objects.create(user=people.handler.user, unit=first.competent_unit, field=field)
    third = online(people, at(25, 9))
    actions.dossier_accept(actor=people.desk.user, dossier=third, now=at(25, 9))
    assert (
        actions.dossier_assign(actor=people.leader.user, dossier=third, now=at(25, 9)).handler
        == people.handler.user
    )


def test_assigning_to_someone_who_is_not_a_handler_of_the_unit_is_refused(people: People) -> None:
    assert people.desk.user and people.leader.user and people.cujut_handler.user
    dossier = online(people, at(25, 9))
    actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(25, 9))
    with pytest.raises(InvalidInput) as refused:
        actions.dossier_assign(actor=people.leader.user, dossier=dossier, handler=people.cujut_handler.user)
    assert refused.value.field == "handler"
    dossier.refresh_from_db()
    assert (dossier.status, dossier.handler) == (Status.ACCEPTED, None)


def _returned(people: People) -> Dossier:
    assert people.desk.user and people.leader.user and people.handler.user
    dossier = online(people, at(25, 9), procedure="2.000815")
    actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(25, 9))
    actions.dossier_assign(actor=people.leader.user, dossier=dossier, now=at(25, 9))
    actions.dossier_propose(actor=people.handler.user, dossier=dossier, proposal="refused", now=at(25, 10))
    actions.dossier_decide(
        actor=people.leader.user,
        dossier=dossier,
        result="refused",
        reason="Bản chính bị tẩy xóa",
        now=at(25, 11),
    )
    return actions.dossier_return(actor=people.desk.user, dossier=dossier, via=Channel.ONLINE, now=at(25, 14))


def test_a_dislike_is_recorded_as_such_and_only_once(people: People) -> None:
    dossier = _returned(people)
    assert dossier.result_kind == "refused"
    rating = actions.dossier_rate(actor=people.citizen.user, dossier=dossier, dislike=True, comment="Chờ lâu")
    assert (rating.score, rating.dislike, rating.comment) == (None, True, "Chờ lâu")
    dossier.refresh_from_db()
    with pytest.raises(Conflict):
        actions.dossier_rate(actor=people.citizen.user, dossier=dossier, score=5)
    assert Rating.objects.count() == 1


@pytest.mark.parametrize(("score", "dislike"), [(0, False), (6, False), (None, False), (3, True)])
def test_a_rating_is_a_score_from_1_to_5_or_a_dislike(
    people: People, score: int | None, dislike: bool
) -> None:
    dossier = _returned(people)
    with pytest.raises(InvalidInput) as refused:
        actions.dossier_rate(actor=people.citizen.user, dossier=dossier, score=score, dislike=dislike)
    assert refused.value.field == "score"
    assert Rating.objects.count() == 0


def test_a_granted_result_needs_its_file(people: People) -> None:
    assert people.desk.user and people.leader.user and people.handler.user
    dossier = online(people, at(25, 9))
    actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(25, 9))
    actions.dossier_assign(actor=people.leader.user, dossier=dossier, now=at(25, 9))
    actions.dossier_propose(actor=people.handler.user, dossier=dossier, proposal="granted", now=at(25, 10))
    with pytest.raises(InvalidInput) as refused:
        actions.dossier_decide(actor=people.leader.user, dossier=dossier, result="granted", now=at(25, 11))
    assert refused.value.field == "files"
    dossier.refresh_from_db()
    assert dossier.status == Status.PENDING_APPROVAL
    sent_back = actions.dossier_send_back(
        actor=people.leader.user, dossier=dossier, reason="Bổ sung ý kiến thẩm định", now=at(25, 11)
    )
    assert sent_back.status == Status.PROCESSING


def test_art_19_5_a_supplement_brought_after_the_closure_time_is_refused(people: People) -> None:
    """Requested Thu 26/11: the 15th day is Fri 11/12, the closure time its last instant."""
    assert people.desk.user is not None and people.leader.user is not None
    dossier = online(people, at(25, 9))
    actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(25, 9))
    actions.dossier_assign(actor=people.leader.user, dossier=dossier, now=at(25, 9))
    actions.supplement_request(actor=people.leader.user, dossier=dossier, items=["Tờ khai"], now=at(26, 10))
    dossier.refresh_from_db()
    with pytest.raises(Conflict) as refused:
        actions.supplement_provide(
            actor=people.desk.user, dossier=dossier, note="Tờ khai", now=at(12, 8, month=12)
        )
    assert str(refused.value.message) == (
        "Thời hạn hoàn thiện hồ sơ đã hết lúc 23:59 11/12/2026; hồ sơ đang được đóng."
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT_REQUESTED
    provided = actions.supplement_provide(
        actor=people.desk.user, dossier=dossier, note="Tờ khai", now=at(11, 17, month=12)
    )
    assert (provided.status, provided.restarts) == (Status.PROCESSING, 1)


def test_a_reception_supplement_is_recorded_however_late_it_comes(people: People) -> None:
    """No closure at reception (Art.17 provides none): the papers are taken whenever they come."""
    assert people.desk.user is not None
    dossier = online(people, at(25, 9))
    actions.supplement_request(actor=people.desk.user, dossier=dossier, items=["Tờ khai"], now=at(25, 10))
    dossier.refresh_from_db()
    provided = actions.supplement_provide(
        actor=people.desk.user, dossier=dossier, note="Tờ khai", now=at(10, 11, month=12)
    )
    assert (provided.status, provided.resume_status) == (Status.NEW, "")


def test_art_11_2_c_17_2_a_a_second_supplement_request_at_reception_is_refused(people: People) -> None:
    assert people.desk.user is not None
    dossier = online(people, at(25, 9))
    dossier = actions.supplement_request(
        actor=people.desk.user, dossier=dossier, items=["Tờ khai"], now=at(25, 10)
    )
    dossier = actions.supplement_provide(
        actor=people.desk.user, dossier=dossier, files=[], note="Bản giấy đã nộp", now=at(26, 9)
    )
    assert dossier.status == Status.NEW
    with pytest.raises(Conflict) as refused:
        actions.supplement_request(actor=people.desk.user, dossier=dossier, items=["Bản sao"], now=at(26, 10))
    assert refused.value.code == "supplement_once"
    dossier.refresh_from_db()
    assert (dossier.status, dossier.supplements.count()) == (Status.NEW, 1)


def test_art_16_3_19_5_one_request_at_reception_and_one_after_acceptance(people: People) -> None:
    assert people.desk.user is not None and people.leader.user is not None
    dossier = online(people, at(25, 9))
    dossier = actions.supplement_request(
        actor=people.desk.user, dossier=dossier, items=["Tờ khai"], now=at(25, 10)
    )
    dossier = actions.supplement_provide(
        actor=people.desk.user, dossier=dossier, files=[], note="Bản giấy đã nộp", now=at(25, 14)
    )
    dossier = actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(25, 15))
    dossier = actions.dossier_assign(actor=people.leader.user, dossier=dossier, now=at(25, 15))
    dossier = actions.supplement_request(
        actor=people.leader.user, dossier=dossier, items=["Hợp đồng"], now=at(26, 9)
    )
    dossier = actions.supplement_provide(
        actor=people.desk.user, dossier=dossier, files=[], note="Bản giấy đã nộp", now=at(26, 10)
    )
    with pytest.raises(Conflict) as refused:
        actions.supplement_request(actor=people.leader.user, dossier=dossier, items=["Sổ"], now=at(26, 11))
    assert refused.value.code == "supplement_once"
    assert [s.stage for s in dossier.supplements.all()] == [
        Supplement.Stage.RECEPTION,
        Supplement.Stage.PROCESSING,
    ]
