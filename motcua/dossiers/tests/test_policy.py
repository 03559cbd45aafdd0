"""The policy's table against the actions themselves: what the desk and the API offer as available
never fails its guard, and what they do not offer always does."""

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.accounts.models import User
from motcua.core.calendar import vietnam_calendar
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.dossiers import actions, policy
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel, EventKind, Status
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 11, 23, 9, 0, tzinfo=VN)  # a Monday
CAL = vietnam_calendar()


def _user(people: People, name: str) -> User:
    user = getattr(people, name).user
    assert user is not None
    return user


Step = Callable[[People, Dossier, datetime], Dossier]


def _fresh(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_related(
        "procedure", "receiving_unit__province", "competent_unit__province"
    ).get(pk=dossier.pk)


STEPS: dict[str, Step] = {
    "accept": lambda p, d, t: actions.dossier_accept(actor=_user(p, "desk"), dossier=d, now=t),
    "accept_cujut": lambda p, d, t: actions.dossier_accept(actor=_user(p, "cujut_desk"), dossier=d, now=t),
    "transfer": lambda p, d, t: actions.dossier_transfer(actor=_user(p, "cujut_desk"), dossier=d, now=t),
    "assign": lambda p, d, t: actions.dossier_assign(
        actor=_user(p, "leader"), dossier=d, handler=_user(p, "handler"), now=t
    ),
    "ask_desk": lambda p, d, t: actions.supplement_request(
        actor=_user(p, "desk"), dossier=d, items=["Tờ khai"], now=t
    ),
    "ask_handler": lambda p, d, t: actions.supplement_request(
        actor=_user(p, "handler"), dossier=d, items=["Bản sao"], now=t
    ),
    "provide": lambda p, d, t: actions.supplement_provide(
        actor=_user(p, "desk"), dossier=d, note="Đã nộp", now=t
    ),
    "appraise": lambda p, d, t: actions.dossier_appraise(
        actor=_user(p, "handler"), dossier=d, opinion="Đủ điều kiện", now=t
    ),
    "propose": lambda p, d, t: actions.dossier_propose(
        actor=_user(p, "handler"), dossier=d, proposal="refused", now=t
    ),
    "extend": lambda p, d, t: actions.dossier_extend(
        actor=_user(p, "leader"), dossier=d, new_due_at=_later(d), reason="Cần xác minh", now=t
    ),
    "decide": lambda p, d, t: actions.dossier_decide(
        actor=_user(p, "leader"), dossier=d, result="refused", reason="Không đủ điều kiện", now=t
    ),
    "return": lambda p, d, t: actions.dossier_return(actor=_user(p, "desk"), dossier=d, via=1, now=t),
    "stop": lambda p, d, t: actions.dossier_stop(
        actor=_user(p, "desk"),
        dossier=d,
        reason="Theo đơn",
        request_date=t.date(),
        request_reference="Đơn 1",
        now=t,
    ),
}

PATHS = {
    "online": ["accept", "assign", "appraise", "extend", "propose", "decide", "return"],
    "online_supplements": ["ask_desk", "provide", "accept", "assign", "ask_handler", "provide", "propose"],
    "counter_elsewhere": ["accept_cujut", "transfer", "assign", "propose", "decide", "return"],
    "stopped": ["accept", "assign", "stop"],
}


def _later(dossier: Dossier) -> datetime:
    """A valid new appointment: half a working day after the current one."""
    assert dossier.due_at is not None
    return CAL.due_after_working_hours(dossier.due_at, 4).due


def _submit(people: People, path: str, t: datetime) -> Dossier:
    if path == "counter_elsewhere":
        return actions.dossier_submit(
            actor=_user(people, "cujut_desk"),
            procedure_code="1.001612",
            competent_unit_code="24688",
            applicant=APPLICANT,
            channel=Channel.IN_PERSON,
            receiving_unit_code="24640",
            now=t,
        )
    return actions.dossier_submit(
        actor=_user(people, "citizen"),
        procedure_code="1.001612",
        competent_unit_code="24688",
        applicant=APPLICANT,
        now=t,
    )


def _attempt(name: str, people: People, actor: User | None, dossier: Dossier, now: datetime) -> None:
    """Take action `name` with valid input, as `actor`."""
    d = _fresh(dossier)
    request: dict[str, Any] = {"request_date": now.astimezone(VN).date(), "request_reference": "Đơn 7"}
    calls: dict[str, Callable[[], object]] = {
        "accept": lambda: actions.dossier_accept(actor=actor, dossier=d, now=now),  # type: ignore[arg-type]
        "request_supplement": lambda: actions.supplement_request(
            actor=actor,  # type: ignore[arg-type]
            dossier=d,
            items=["Giấy tờ"],
            now=now,
        ),
        "refuse": lambda: actions.dossier_refuse(actor=actor, dossier=d, reason="Sai", now=now),  # type: ignore[arg-type]
        "provide_supplement": lambda: actions.supplement_provide(actor=actor, dossier=d, note="Nộp", now=now),
        "transfer": lambda: actions.dossier_transfer(actor=actor, dossier=d, now=now),  # type: ignore[arg-type]
        "assign": lambda: actions.dossier_assign(
            actor=actor,  # type: ignore[arg-type]
            dossier=d,
            handler=_user(people, "handler"),
            now=now,
        ),
        "appraise": lambda: actions.dossier_appraise(actor=actor, dossier=d, opinion="Ý kiến", now=now),  # type: ignore[arg-type]
        "propose": lambda: actions.dossier_propose(actor=actor, dossier=d, proposal="granted", now=now),  # type: ignore[arg-type]
        "decide": lambda: actions.dossier_decide(
            actor=actor,  # type: ignore[arg-type]
            dossier=d,
            result="refused",
            reason="Không đủ",
            now=now,
        ),
        "send_back": lambda: actions.dossier_send_back(actor=actor, dossier=d, reason="Xem lại", now=now),  # type: ignore[arg-type]
        "return": lambda: actions.dossier_return(actor=actor, dossier=d, via=1, now=now),  # type: ignore[arg-type]
        "extend": lambda: actions.dossier_extend(
            actor=actor,  # type: ignore[arg-type]
            dossier=d,
            new_due_at=_later(d) if d.due_at else now + timedelta(days=1),
            reason="Cần xác minh",
            now=now,
        ),
        "withdraw": lambda: actions.dossier_withdraw(
            actor=actor, dossier=d, reason="Rút", now=now, **request
        ),
        "stop": lambda: actions.dossier_stop(actor=actor, dossier=d, reason="Dừng", now=now, **request),
    }
    calls[name]()


ACTORS = [
    "desk",
    "handler",
    "handler2",
    "leader",
    "cujut_desk",
    "cujut_leader",
    "stc_leader",
    "citizen",
    "other_citizen",
]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(sorted(PATHS)),
    length=st.integers(0, 7),
    gaps=st.lists(st.sampled_from([1, 3, 24, 49, 100]), min_size=7, max_size=7),
    wait=st.sampled_from([0, 2, 30, 80, 200, 500]),
    actor_name=st.sampled_from(ACTORS),
)
def test_an_offered_action_never_fails_its_guard_and_one_not_offered_always_does(
    people: People, path: str, length: int, gaps: list[int], wait: int, actor_name: str
) -> None:
    with transaction.atomic():
        t = START
        dossier = _submit(people, path, t)
        for name, gap in zip(PATHS[path][:length], gaps, strict=False):
            t += timedelta(hours=gap)
            try:
                dossier = STEPS[name](people, _fresh(dossier), t)
            except DomainError:
                break  # this path cannot go on at this pace: judge the dossier where it stands
        now = t + timedelta(hours=wait)
        actor = _user(people, actor_name)
        dossier = _fresh(dossier)
        offered = policy.available_actions(dossier, actor, now)
        for name in policy.RULES:
            with transaction.atomic():
                try:
                    _attempt(name, people, actor, dossier, now)
                except (NotFound, Conflict) as refused:
                    assert name not in offered, f"{name} offered to {actor_name} but refused: {refused}"
                else:
                    assert name in offered, f"{name} not offered to {actor_name} but it went through"
                transaction.set_rollback(True)
        transaction.set_rollback(True)


# --- the rules, one by one ------------------------------------------------------------------------


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VN)


def test_art_19_5_civil_code_144_148_the_supplement_window_counts_days_not_office_hours() -> None:
    """Accepted Mon 23/11 09:00: the day of acceptance is not counted; Tue 24/11 is a day off
    (Vietnam Cultural Day), so Wed, Thu, Fri: the window ends at the end of Friday 27/11 (an
    office-hour count would have refused a request on Fri 15:00)."""
    end = policy.supplement_window_end(at(23, 9), CAL, 3)
    assert end == datetime(2026, 11, 27, 23, 59, 59, tzinfo=VN)
    # Accepted Fri 16:00 before a weekend: Mon, Tue, Wed.
    assert policy.supplement_window_end(at(27, 16), CAL, 3).date() == date(2026, 12, 2)


def test_art_19_5_a_processing_supplement_on_the_third_working_day_is_accepted(people: People) -> None:
    desk, leader = _user(people, "desk"), _user(people, "leader")
    dossier = _submit(people, "online", at(23, 8))
    actions.dossier_accept(actor=desk, dossier=dossier, now=at(23, 9))
    actions.dossier_assign(actor=leader, dossier=dossier, handler=_user(people, "handler"), now=at(23, 10))
    asked = actions.supplement_request(
        actor=leader, dossier=_fresh(dossier), items=["Bản sao"], now=at(26, 15)
    )
    assert asked.status == Status.SUPPLEMENT_REQUESTED


def test_art_19_5_after_the_window_the_request_is_refused_and_not_offered(people: People) -> None:
    desk, leader = _user(people, "desk"), _user(people, "leader")
    dossier = _submit(people, "online", at(23, 8))
    actions.dossier_accept(actor=desk, dossier=dossier, now=at(23, 9))
    actions.dossier_assign(actor=leader, dossier=dossier, handler=_user(people, "handler"), now=at(23, 10))
    assert "request_supplement" in policy.available_actions(_fresh(dossier), leader, at(27, 23, 59))
    assert "request_supplement" not in policy.available_actions(_fresh(dossier), leader, at(30, 8))
    with pytest.raises(Conflict) as refused:
        actions.supplement_request(actor=leader, dossier=_fresh(dossier), items=["Bản sao"], now=at(30, 8))
    assert refused.value.code == "supplement_window"


def test_art_11_2_c_the_desk_does_not_offer_a_second_request_of_the_same_stage(people: People) -> None:
    desk = _user(people, "desk")
    dossier = _submit(people, "online", at(23, 8))
    actions.supplement_request(actor=desk, dossier=dossier, items=["Tờ khai"], now=at(23, 9))
    actions.supplement_provide(actor=desk, dossier=_fresh(dossier), note="Đã nộp", now=at(23, 10))
    assert "request_supplement" not in policy.available_actions(_fresh(dossier), desk, at(23, 11))
    assert "accept" in policy.available_actions(_fresh(dossier), desk, at(23, 11))


def test_art_19_5_civil_code_147_148_the_closure_rolls_to_the_end_of_the_next_working_day() -> None:
    """Requested Fri 06/11/2026 16:00: the 15th day is Sat 21/11, moved to Mon 23/11, ending at 24:00."""
    closes = policy.closure_time(datetime(2026, 11, 6, 16, tzinfo=VN), CAL, 15)
    assert closes == datetime(2026, 11, 23, 23, 59, 59, tzinfo=VN)
    # A 15th day that is a working day stays: requested Thu 26/11, closes at the end of Fri 11/12.
    assert policy.closure_time(at(26, 10), CAL, 15).date() == date(2026, 12, 11)


def test_art_21_a_unit_leader_cannot_stop_a_dossier_alone(people: People) -> None:
    desk, leader = _user(people, "desk"), _user(people, "leader")
    dossier = _submit(people, "online", at(23, 8))
    actions.dossier_accept(actor=desk, dossier=dossier, now=at(23, 9))
    assert "stop" not in policy.available_actions(_fresh(dossier), leader, at(23, 10))
    with pytest.raises(NotFound):
        actions.dossier_stop(actor=leader, dossier=_fresh(dossier), reason="Tự dừng", now=at(23, 10))
    assert _fresh(dossier).status == Status.ACCEPTED


def test_art_21_the_desk_stops_only_with_the_applicants_written_request(people: People) -> None:
    desk = _user(people, "desk")
    dossier = _submit(people, "online", at(23, 8))
    with pytest.raises(DomainError) as missing:
        actions.dossier_stop(actor=desk, dossier=_fresh(dossier), reason="Theo đơn", now=at(23, 10))
    assert missing.value.field == "request_reference"
    stopped = actions.dossier_stop(
        actor=desk,
        dossier=_fresh(dossier),
        reason="Theo đơn",
        request_date=date(2026, 11, 23),
        request_reference="Đơn số 3",
        now=at(23, 10),
    )
    assert stopped.status == Status.STOPPED
    event = stopped.events.last()
    assert event is not None and event.kind == EventKind.STOPPED
    assert event.data["request"] == {"via": "desk", "date": "2026-11-23", "reference": "Đơn số 3"}


def test_art_21_2_the_applicant_withdraws_their_online_dossier_before_the_decision(people: People) -> None:
    citizen = _user(people, "citizen")
    dossier = _submit(people, "online", at(23, 8))
    assert {"withdraw", "stop"} <= set(policy.available_actions(dossier, citizen, at(23, 9)))
    assert policy.available_actions(dossier, _user(people, "other_citizen"), at(23, 9)) == []
    withdrawn = actions.dossier_withdraw(
        actor=citizen, dossier=_fresh(dossier), reason="Không cần nữa", now=at(23, 9)
    )
    assert withdrawn.status == Status.WITHDRAWN
    event = withdrawn.events.last()
    assert event is not None and event.data["request"]["via"] == "online"


def test_art_21_2_a_paper_dossier_is_not_withdrawn_online(people: People) -> None:
    dossier = _submit(people, "counter_elsewhere", at(23, 8))
    with pytest.raises(NotFound):
        actions.dossier_withdraw(
            actor=None, dossier=dossier, reason="Rút", proven_applicant=True, now=at(23, 9)
        )


def test_art_19_6_the_new_appointment_is_on_working_time_and_bounded(people: People) -> None:
    desk, leader = _user(people, "desk"), _user(people, "leader")
    dossier = _submit(people, "online", at(23, 8))
    accepted = actions.dossier_accept(actor=desk, dossier=dossier, now=at(23, 9))
    assert accepted.due_at is not None
    # A Saturday, and 20:00 on a working day: refused.
    for bad in (at(5, 10, month=12), at(3, 20, month=12)):
        with pytest.raises(DomainError) as refused:
            actions.dossier_extend(
                actor=leader, dossier=_fresh(dossier), new_due_at=bad, reason="Xác minh", now=at(24, 9)
            )
        assert refused.value.field == "new_due_at"
    # A date far in the future (security finding M2): refused.
    with pytest.raises(DomainError) as far:
        actions.dossier_extend(
            actor=leader,
            dossier=_fresh(dossier),
            new_due_at=at(4, 9, month=3) + timedelta(days=365),
            reason="X",
            now=at(24, 9),
        )
    assert far.value.field == "new_due_at"
    moved = actions.dossier_extend(
        actor=leader, dossier=_fresh(dossier), new_due_at=_later(accepted), reason="Xác minh", now=at(24, 9)
    )
    assert moved.due_at == _later(accepted) and moved.original_due_at == accepted.due_at


def _online(people: People, procedure: str, t: datetime) -> Dossier:
    return actions.dossier_submit(
        actor=_user(people, "citizen"),
        procedure_code=procedure,
        competent_unit_code="24688",
        applicant=APPLICANT,
        now=t,
    )


def test_the_conditional_legal_time_chosen_at_acceptance_counts_calendar_days(people: People) -> None:
    """Marital-status certificate with verification: up to 23 days ("ngày", Civil Code Art.147-148):
    accepted Mon 23/11, the 23rd day is Wed 16/12, due at its close."""
    from motcua.catalog.models import TimeVariant

    desk = _user(people, "desk")
    dossier = _online(people, "1.004873", at(23, 8))
    variant = TimeVariant.objects.get(procedure=dossier.procedure, code="xac_minh")
    accepted = actions.dossier_accept(
        actor=desk,
        dossier=dossier,
        time_variant=variant,
        time_variant_reason="Cư trú nhiều nơi",
        now=at(23, 9),
    )
    assert accepted.due_at == datetime(2026, 12, 16, 17, 30, tzinfo=VN)
    assert (accepted.legal_amount, accepted.legal_unit) == (23, "cal_days")
    fresh = _fresh(accepted)
    assert (fresh.time_variant_id, fresh.time_variant_reason) == (variant.pk, "Cư trú nhiều nơi")
    event = fresh.events.last()
    assert event is not None and event.data["time_variant"] == "xac_minh"


def test_a_conditional_legal_time_needs_its_reason_and_its_own_procedure(people: People) -> None:
    from motcua.catalog.models import TimeVariant

    desk = _user(people, "desk")
    dossier = _online(people, "1.004873", at(23, 8))
    variant = TimeVariant.objects.get(procedure=dossier.procedure, code="xac_minh")
    foreign = TimeVariant.objects.exclude(procedure=dossier.procedure).first()
    assert foreign is not None
    for kwargs, field in (
        ({"time_variant": variant, "time_variant_reason": "  "}, "time_variant_reason"),
        ({"time_variant": foreign, "time_variant_reason": "Lý do"}, "time_variant"),
        ({"time_variant_reason": "Lý do"}, "time_variant_reason"),
    ):
        with pytest.raises(DomainError) as refused:
            actions.dossier_accept(actor=desk, dossier=_fresh(dossier), now=at(23, 9), **kwargs)
        assert refused.value.field == field
    assert _fresh(dossier).status == Status.NEW


def test_art_21_a_stopped_dossier_is_judged_against_its_due_time(people: People) -> None:
    """The national 766 formula judges stopped and withdrawn dossiers like all others: stopping a
    late dossier does not take it out of the figures."""
    from motcua.dossiers.clock import timeliness
    from motcua.dossiers.states import Timeliness

    desk = _user(people, "desk")
    late = _online(people, "1.001612", at(23, 8))
    accepted = actions.dossier_accept(actor=desk, dossier=late, now=at(23, 9))
    assert accepted.due_at is not None
    stopped = actions.dossier_stop(
        actor=desk,
        dossier=_fresh(late),
        reason="Theo đơn",
        request_date=date(2026, 11, 27),
        request_reference="Đơn 9",
        now=accepted.due_at + timedelta(days=3),
    )
    assert timeliness(stopped, at(10, 9, month=12), CAL) == Timeliness.LATE
    in_time = _online(people, "1.001612", at(23, 8))
    actions.dossier_accept(actor=desk, dossier=in_time, now=at(23, 9))
    withdrawn = actions.dossier_withdraw(
        actor=desk,
        dossier=_fresh(in_time),
        reason="Rút",
        request_date=date(2026, 11, 24),
        request_reference="Đơn 2",
        now=at(24, 9),
    )
    assert timeliness(withdrawn, at(10, 9, month=12), CAL) == Timeliness.ON_TIME


def test_art_19_5_a_sector_law_sets_its_own_periods_and_legal_time(people: People) -> None:
    """A version of the procedure in force on the day of receipt overrides the decree's periods
    ("trừ trường hợp pháp luật chuyên ngành có quy định khác") and the legal time."""
    from motcua.catalog.models import ProcedureVersion

    desk, leader = _user(people, "desk"), _user(people, "leader")
    dossier = _submit(people, "online", at(23, 8))
    ProcedureVersion.objects.create(
        procedure=dossier.procedure,
        effective_from=date(2026, 11, 1),
        time_amount=6,
        time_unit="days",
        decision_hours=8,
        supplement_window_days=5,
        closure_days=30,
    )
    accepted = actions.dossier_accept(actor=desk, dossier=_fresh(dossier), now=at(23, 9))
    # Six working days after Mon 23/11 (Tue 24/11 off): Wed 25 … Wed 2/12.
    assert accepted.due_at == datetime(2026, 12, 2, 17, 30, tzinfo=VN)
    actions.dossier_assign(
        actor=leader, dossier=_fresh(dossier), handler=_user(people, "handler"), now=at(23, 10)
    )
    # Five working days of window: the request on Mon 30/11 is still in time (3 days would not be).
    asked = actions.supplement_request(
        actor=leader, dossier=_fresh(dossier), items=["Bản sao"], now=at(30, 10)
    )
    supplement = asked.supplements.get()
    # Thirty calendar days from Mon 30/11: Wed 30/12, to its end.
    assert supplement.answer_by == datetime(2026, 12, 30, 23, 59, 59, tzinfo=VN)


def test_a_version_in_force_later_does_not_apply_to_a_dossier_received_before(people: People) -> None:
    from motcua.catalog.models import ProcedureVersion

    dossier = _submit(people, "online", at(23, 8))
    ProcedureVersion.objects.create(
        procedure=dossier.procedure, effective_from=date(2027, 3, 1), time_amount=1, time_unit="days"
    )
    accepted = actions.dossier_accept(actor=_user(people, "desk"), dossier=_fresh(dossier), now=at(23, 9))
    assert (accepted.legal_amount, accepted.legal_unit) == (3, "days")
