"""Dossier journeys played through the real actions, for the monitor's tests."""

import random
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.dossiers import actions
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel, ResultKind, Status
from motcua.testing.personas import PDF, People

VN = ZoneInfo("Asia/Ho_Chi_Minh")
APPLICANT = actions.Applicant(name="Nguyễn Thị Lan", national_id="068190001234", phone="0912345678")
# Same-day civil status, 3-day household business, 10-day land registration change.
PROCEDURES = ("1.001193", "1.001612", "2.000815", "1.013978")

# Decree 118 Art.21: the desk records a stop or withdrawal with the applicant's written request.
REQUEST: dict[str, Any] = {"request_date": date(2026, 1, 2), "request_reference": "Đơn 1"}


def at(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def result_file() -> list[IncomingFile]:
    return [IncomingFile(name="ket-qua.pdf", content=PDF)]


def submit(
    people: People,
    when: datetime,
    *,
    procedure: str = "1.001612",
    channel: int = Channel.ONLINE,
    unit: str = "24688",
) -> Dossier:
    desk = people.desk.user if unit == "24688" else people.cujut_desk.user
    actor = people.citizen.user if channel == Channel.ONLINE else desk
    assert actor is not None
    return actions.dossier_submit(
        actor=actor,
        procedure_code=procedure,
        competent_unit_code=unit,
        applicant=APPLICANT,
        channel=channel,
        receiving_unit_code=None if channel == Channel.ONLINE else unit,
        now=when,
    )


def settle(
    people: People,
    dossier: Dossier,
    *,
    accepted: datetime,
    resolved: datetime,
    result: str = ResultKind.GRANTED,
) -> Dossier:
    """Accept, assign, propose and decide at the given times (a dossier of Krông Nô)."""
    desk, leader, handler = people.desk.user, people.leader.user, people.handler.user
    assert desk is not None and leader is not None and handler is not None
    actions.dossier_accept(actor=desk, dossier=dossier, now=accepted)
    actions.dossier_assign(actor=leader, dossier=dossier, handler=handler, now=accepted)
    actions.dossier_propose(actor=handler, dossier=dossier, proposal=result, now=accepted)
    return actions.dossier_decide(
        actor=leader,
        dossier=dossier,
        result=result,
        reason="Không đủ điều kiện" if result == ResultKind.REFUSED else "",
        files=result_file() if result == ResultKind.GRANTED else [],
        now=resolved,
    )


def random_history(people: People, *, steps: int, seed: int, start: datetime) -> int:
    """Play `steps` random actions on a growing set of dossiers of two communes; actions that are
    not allowed in the dossier's state are refused by the actions themselves and change nothing.
    Returns how many actions succeeded."""
    rng = random.Random(seed)
    now = start
    dossiers: list[Dossier] = []
    done = 0
    staff = {
        "24688": (people.desk.user, people.leader.user, people.handler.user),
        "24640": (people.cujut_desk.user, people.cujut_leader.user, people.cujut_handler.user),
    }
    for _step in range(steps):
        now += timedelta(minutes=rng.choice((7, 30, 95, 240, 1300)))
        if not dossiers or rng.random() < 0.22:
            unit = rng.choice(("24688", "24640"))
            dossiers.append(
                submit(
                    people,
                    now,
                    procedure=rng.choice(PROCEDURES),
                    unit=unit,
                    channel=rng.choice((Channel.ONLINE, Channel.ONLINE, Channel.IN_PERSON, Channel.POST)),
                )
            )
            done += 1
            continue
        dossier = rng.choice(dossiers)
        dossier.refresh_from_db()
        desk, leader, handler = staff[dossier.competent_unit.code]
        assert desk is not None and leader is not None and handler is not None
        status = dossier.status
        try:
            if status == Status.NEW:
                choice = rng.random()
                if choice < 0.75:
                    actions.dossier_accept(actor=desk, dossier=dossier, now=now)
                elif choice < 0.85:
                    actions.dossier_refuse(actor=desk, dossier=dossier, reason="Sai thủ tục", now=now)
                elif choice < 0.95:
                    actions.supplement_request(actor=desk, dossier=dossier, items=["Tờ khai"], now=now)
                else:
                    actions.dossier_withdraw(actor=desk, dossier=dossier, reason="Rút", now=now, **REQUEST)
            elif status == Status.ACCEPTED:
                actions.dossier_assign(actor=leader, dossier=dossier, handler=handler, now=now)
            elif status == Status.PROCESSING:
                choice = rng.random()
                if choice < 0.6:
                    actions.dossier_propose(
                        actor=handler, dossier=dossier, proposal=rng.choice(list(ResultKind.values)), now=now
                    )
                elif choice < 0.75:
                    actions.supplement_request(actor=handler, dossier=dossier, items=["Bản vẽ"], now=now)
                elif choice < 0.9:
                    actions.dossier_extend(
                        actor=handler,
                        dossier=dossier,
                        reason="Cần xác minh",
                        new_due_at=(dossier.due_at or now) + timedelta(days=3),
                        now=now,
                    )
                else:
                    actions.dossier_stop(actor=desk, dossier=dossier, reason="Dừng", now=now, **REQUEST)
            elif status == Status.PENDING_APPROVAL:
                if rng.random() < 0.15:
                    actions.dossier_send_back(actor=leader, dossier=dossier, reason="Xem lại", now=now)
                else:
                    result = rng.choice((ResultKind.GRANTED, ResultKind.GRANTED, ResultKind.REFUSED))
                    actions.dossier_decide(
                        actor=leader,
                        dossier=dossier,
                        result=result,
                        reason="Không đủ",
                        files=result_file() if result == ResultKind.GRANTED else [],
                        now=now,
                    )
            elif status == Status.SUPPLEMENT_REQUESTED:
                if rng.random() < 0.8:
                    actions.supplement_provide(actor=desk, dossier=dossier, note="Đã nộp", now=now)
                else:
                    actions.supplements_close_expired(now=now + timedelta(days=16))
            elif status == Status.PROCESSED:
                actions.dossier_return(
                    actor=desk, dossier=dossier, via=rng.choice((Channel.IN_PERSON, Channel.ONLINE)), now=now
                )
            elif status == Status.RETURNED:
                if rng.random() < 0.3:
                    dislike = rng.random() < 0.2
                    actions.dossier_rate(
                        actor=people.citizen.user,
                        dossier=dossier,
                        dislike=dislike,
                        score=None if dislike else rng.randint(1, 5),
                        now=now,
                    )
            else:
                continue
        except (Conflict, InvalidInput, NotFound):
            continue
        done += 1
    return done
