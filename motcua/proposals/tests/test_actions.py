"""The proposal's journey: filed by a commune, assigned by the province's office to a department
with a deadline in working days, answered, accepted or reopened; each step an event; each step
refused to whoever may not take it, and a proposal of another commune does not exist for them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from motcua.accounts.models import User
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.dossiers.attachments import IncomingFile
from motcua.proposals import actions, selectors
from motcua.proposals.models import Proposal
from motcua.testing.personas import PDF, People, Persona
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Tuesday 1 December 2026, 10:00.
FILED = datetime(2026, 12, 1, 10, tzinfo=VN)
ASSIGNED = datetime(2026, 12, 2, 9, tzinfo=VN)


def u(persona: Persona) -> User:
    assert persona.user is not None
    return persona.user


def filed(people: People, unit: str = "24688", title: str = "Phần mềm một cửa chậm") -> Proposal:
    return actions.proposal_file(
        actor=u(people.leader if unit == "24688" else people.cujut_leader),
        unit=Unit.objects.get(code=unit),
        filing=actions.Filing(
            category="software",
            title=title,
            text="Phần mềm chậm vào giờ cao điểm.",
            files=[IncomingFile("bien-ban.pdf", PDF)],
        ),
        at=FILED,
    )


def assigned(people: People, days: int = 5) -> Proposal:
    return actions.proposal_assign(
        actor=u(people.monitor),
        proposal=filed(people),
        department=Unit.objects.get(code="68.STC"),
        working_days=days,
        at=ASSIGNED,
    )


def test_filing_stores_the_files_and_the_event(people: People) -> None:
    item = filed(people)
    assert (item.status, item.unit.code, item.attachments.count(), item.due_at) == ("filed", "24688", 1, None)
    assert [(e.kind, e.actor, e.data) for e in item.events.all()] == [
        ("filed", u(people.leader), {"category": "software", "files": 1})
    ]


def test_a_handler_or_another_commune_cannot_file_for_krong_no(people: People) -> None:
    for persona in (people.handler, people.cujut_leader, people.monitor):
        with pytest.raises(NotFound):
            actions.proposal_file(
                actor=u(persona),
                unit=Unit.objects.get(code="24688"),
                filing=actions.Filing("funds", "Kinh phí", "Thiếu kinh phí."),
            )
    assert Proposal.objects.count() == 0


def test_the_deadline_counts_working_days_on_the_province_calendar(people: People) -> None:
    """Assigned Wednesday 2/12/2026 09:00 with 5 working days: Thursday 3, Friday 4, Monday 7,
    Tuesday 8, Wednesday 9 December; due at the close of that day."""
    item = assigned(people)
    assert (item.status, item.department.code if item.department else "", item.working_days) == (
        "assigned",
        "68.STC",
        5,
    )
    assert item.due_at == datetime(2026, 12, 9, 17, 30, tzinfo=VN)
    event = item.events.get(kind="assigned")
    assert (event.actor, event.data["department"], event.data["working_days"]) == (
        u(people.monitor),
        "68.STC",
        5,
    )


def test_only_the_province_office_assigns_to_a_department_of_the_province(people: People) -> None:
    item = filed(people)
    with pytest.raises(NotFound):
        actions.proposal_assign(
            actor=u(people.leader), proposal=item, department=Unit.objects.get(code="68.STC"), working_days=5
        )
    with translation.override("en"), pytest.raises(InvalidInput) as wrong:
        actions.proposal_assign(
            actor=u(people.monitor), proposal=item, department=Unit.objects.get(code="24640"), working_days=5
        )
    with translation.override("en"):
        assert str(wrong.value.message) == "Choose a department of the province."
    with pytest.raises(InvalidInput):
        actions.proposal_assign(
            actor=u(people.monitor), proposal=item, department=Unit.objects.get(code="68.STC"), working_days=0
        )
    item.refresh_from_db()
    assert (item.status, item.department) == ("filed", None)


def test_the_department_answers_late_and_the_commune_reopens_then_accepts(people: People) -> None:
    item = assigned(people)
    for outsider in (people.handler, people.monitor):  # the commune and the office do not answer
        with pytest.raises(NotFound):
            actions.proposal_answer(actor=u(outsider), proposal=item, answer="x")
    late = datetime(2026, 12, 10, 9, tzinfo=VN)
    item = actions.proposal_answer(
        actor=u(people.stc_handler), proposal=item, answer="Đã nâng cấp máy chủ.", at=late
    )
    assert (item.status, item.late_answers, item.answered_by) == ("answered", 1, u(people.stc_handler))
    with pytest.raises(NotFound):
        actions.proposal_reopen(actor=u(people.cujut_leader), proposal=item, reason="Vẫn chậm.")
    reopened_at = datetime(2026, 12, 11, 8, tzinfo=VN)  # Friday
    item = actions.proposal_reopen(actor=u(people.leader), proposal=item, reason="Vẫn chậm.", at=reopened_at)
    # Five working days afresh from Friday 11/12: 14, 15, 16, 17, 18 December.
    assert (item.status, item.reopened, item.due_at) == (
        "assigned",
        1,
        datetime(2026, 12, 18, 17, 30, tzinfo=VN),
    )
    item = actions.proposal_answer(
        actor=u(people.stc_leader),
        proposal=item,
        answer="Đã thay đường truyền.",
        at=datetime(2026, 12, 15, 9, tzinfo=VN),
    )
    assert item.late_answers == 1  # late once stays late
    with pytest.raises(Conflict):
        actions.proposal_answer(actor=u(people.stc_leader), proposal=item, answer="again")
    item = actions.proposal_accept(
        actor=u(people.leader), proposal=item, at=datetime(2026, 12, 16, 9, tzinfo=VN)
    )
    assert item.status == "accepted"
    assert [(e.kind, e.actor.username) for e in item.events.all()] == [
        ("filed", "lanhdao"),
        ("assigned", "giamsat"),
        ("answered", "stc_xuly"),
        ("reopened", "lanhdao"),
        ("answered", "stc_lanhdao"),
        ("accepted", "lanhdao"),
    ]
    assert [e.data.get("on_time") for e in item.events.filter(kind="answered")] == [False, True]


def test_scoping_each_side_sees_what_is_theirs(people: People) -> None:
    ours = assigned(people)
    cujut = filed(people, unit="24640", title="Chữ ký số cho Phó Giám đốc")
    seen = {
        name: sorted(p.pk for p in selectors.visible_proposals(u(persona)))
        for name, persona in (
            ("leader", people.leader),
            ("handler", people.handler),
            ("cujut", people.cujut_leader),
            ("stc", people.stc_handler),
            ("monitor", people.monitor),
            ("outsider", people.outsider),
        )
    }
    assert seen == {
        "leader": [ours.pk],
        "handler": [ours.pk],
        "cujut": [cujut.pk],
        "stc": [ours.pk],
        "monitor": sorted([ours.pk, cujut.pk]),
        "outsider": [],
    }
    with pytest.raises(NotFound):
        selectors.proposal_get(u(people.cujut_leader), ours.pk)
