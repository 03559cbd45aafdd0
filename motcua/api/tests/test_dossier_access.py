"""Who may see and do what to a dossier, through the API: every endpoint x every persona.

The rule (issue, part 9): officials see the dossiers whose receiving or competent unit is theirs,
province monitors their province, a citizen their own. Public tracking needs the code plus the last
4 digits of the applicant's phone or ID number, and is rate limited. Anything else is 404, never
403, and a refused call changes nothing.

The expected answers are literal tables, one row per case and one column per persona, so that a
reviewer reads the permission matrix here rather than in the code under test. Each persona's call
is a subtest run in a savepoint that is rolled back afterwards: every persona meets the same
dossier, built once per case with the domain actions, and a failure names the persona."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from pytest_django.fixtures import Settings

from motcua.accounts.models import User
from motcua.dossiers import actions, selectors
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.models import Attachment, DailySequence, Dossier, Event, Extension, Rating, Supplement
from motcua.dossiers.states import Channel
from motcua.testing.personas import APPLICANT, PDF, People, Persona, file_json

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# A Wednesday and a working day (Tuesday 24 November 2026 is Vietnam Cultural Day, a holiday).
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=VN)

# Household business registration: a commune procedure of 3 working days. Accepted now, it is due
# Monday 30 November 17:30.
COMMUNE_PROCEDURE = "1.001612"
STC_PROCEDURE = "2.001610"  # private enterprise registration, at the Department of Finance
KRONG_NO, CU_JUT, STC, BA_DINH = "24688", "24640", "68.STC", "00004"

# The citizen persona's ID number; phone …5678 and ID …1234 are the tracking secrets.
THE_APPLICANT = actions.Applicant(
    name=APPLICANT["name"], national_id=APPLICANT["national_id"], phone=APPLICANT["phone"]
)
OTHER_APPLICANT = actions.Applicant(name="Trịnh Văn Khác", national_id="001085009999", phone="0987000111")
HANOI_APPLICANT = actions.Applicant(name="Phan Thị Hà", national_id="001190004321", phone="0243000222")

# --- the answers, pinned as the API gives them with Accept-Language: vi ----------------------------

UNAUTHORIZED = {"error": {"code": "unauthorized", "message": "Cần có mã truy cập API hợp lệ.", "field": None}}


def no_such_dossier(code: str) -> dict[str, Any]:
    return {"error": {"code": "not_found", "message": f"Không có hồ sơ nào mang mã {code}.", "field": None}}


def not_yours(code: str) -> dict[str, Any]:
    message = f"Bạn không có quyền thực hiện thao tác này đối với hồ sơ {code}."
    return {"error": {"code": "not_found", "message": message, "field": None}}


def no_such_unit(code: str) -> dict[str, Any]:
    message = f"Không có đơn vị nào mang mã {code}."
    return {"error": {"code": "not_found", "message": message, "field": "receiving_unit"}}


BAD_SECRET = {
    "error": {
        "code": "invalid",
        "message": "Nhập 4 chữ số cuối của số điện thoại hoặc số định danh cá nhân của người nộp hồ sơ.",
        "field": "secret",
    }
}
TOO_MANY = {
    "error": {
        "code": "too_many_requests",
        "message": "Có quá nhiều yêu cầu tra cứu hồ sơ. Vui lòng chờ một phút rồi thử lại.",
        "field": None,
    }
}

# --- the personas, in the column order of every table ----------------------------------------------

PERSONAS = (  # with the abbreviation heading their column in the tables
    "desk",  # de: receiving officer, Krông Nô
    "handler",  # ha: handler, Krông Nô (the one assigned in these tests)
    "handler2",  # h2: another handler, Krông Nô
    "leader",  # le: unit leader, Krông Nô
    "director",  # di: centre director, Krông Nô
    "cujut_desk",  # cd: receiving officer of another commune of the province, Cư Jút
    "cujut_handler",  # ch
    "cujut_leader",  # cl
    "stc_handler",  # sh: handler at the province's Department of Finance
    "stc_leader",  # sl
    "monitor",  # mo: province monitor of Lâm Đồng (68)
    "outsider",  # ou: receiving officer in Hà Nội
    "citizen",  # ci: the applicant; owns the online dossiers, same ID number as the counter ones
    "other_citizen",  # oc
    "public",  # pu: no token
)

OK = "OK"  # allowed: 200 (201 for a submission) with the expected change
NO = "NO"  # sees the dossier but may not take this action: 404 "not available to you", no change
NF = "NF"  # does not see the dossier: 404 "there is no dossier with code …", no change
AU = "AU"  # no token on a token-only endpoint: 401, no change


def row(*outcomes: str) -> dict[str, str]:
    return dict(zip(PERSONAS, outcomes, strict=True))


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    """Stored files (components, supplements, results) go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@contextmanager
def rolled_back() -> Iterator[None]:
    """A savepoint undone at the end (also on failure): the next persona meets the same data. The
    throttle counters live in the cache, not the database, so they are emptied too."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def user(persona: Persona) -> User:
    assert persona.user is not None
    return persona.user


# --- dossiers in every state, built with the domain actions ----------------------------------------

ONLINE = "online"  # submitted online by the citizen to Krông Nô, which receives and settles it
COUNTER = "counter"  # recorded at the Krông Nô counter by the desk, for Krông Nô
FOR_CUJUT = "for_cujut"  # recorded at the Krông Nô counter for Cư Jút (boundary-free intake)

STATES = ("new", "accepted", "transferred", "processing", "pending_approval", "processed", "returned")


def dossier_at(people: People, state: str, *, where: str = ONLINE, now: datetime | None = None) -> Dossier:
    """A dossier walked along the happy path up to `state`, each step by the persona whose job it is:
    the Krông Nô desk receives, accepts, sends on and returns; the competent unit's leader assigns
    its handler, who proposes; the leader decides."""
    desk = user(people.desk)
    leader, handler = (
        (user(people.cujut_leader), user(people.cujut_handler))
        if where == FOR_CUJUT
        else (user(people.leader), user(people.handler))
    )
    if where == ONLINE:
        dossier = actions.dossier_submit(
            actor=user(people.citizen),
            procedure_code=COMMUNE_PROCEDURE,
            competent_unit_code=KRONG_NO,
            applicant=THE_APPLICANT,
            now=now,
        )
    else:
        dossier = actions.dossier_submit(
            actor=desk,
            procedure_code=COMMUNE_PROCEDURE,
            competent_unit_code=CU_JUT if where == FOR_CUJUT else KRONG_NO,
            applicant=THE_APPLICANT,
            channel=Channel.IN_PERSON,
            receiving_unit_code=KRONG_NO,
            now=now,
        )
    steps: list[tuple[str, Callable[[Dossier], Dossier]]] = [
        ("accepted", lambda d: actions.dossier_accept(actor=desk, dossier=d, now=now)),
        ("transferred", lambda d: actions.dossier_transfer(actor=desk, dossier=d, now=now)),
        ("processing", lambda d: actions.dossier_assign(actor=leader, dossier=d, handler=handler, now=now)),
        (
            "pending_approval",
            lambda d: actions.dossier_propose(actor=handler, dossier=d, proposal="granted", now=now),
        ),
        (
            "processed",
            lambda d: actions.dossier_decide(
                actor=leader,
                dossier=d,
                result="granted",
                files=[IncomingFile(name="giay-chung-nhan.pdf", content=PDF)],
                now=now,
            ),
        ),
        ("returned", lambda d: actions.dossier_return(actor=desk, dossier=d, via=Channel.ONLINE, now=now)),
    ]
    for reached, step in steps:
        if STATES.index(state) < STATES.index(reached):
            break
        if reached == "transferred" and where != FOR_CUJUT:
            continue
        dossier = step(dossier)
    return dossier


def supplement_at_reception(people: People) -> Dossier:
    """The desk asked for missing papers before accepting."""
    return actions.supplement_request(
        actor=user(people.desk), dossier=dossier_at(people, "new"), items=["Bản sao giấy tờ nhà"]
    )


def supplement_in_processing(people: People) -> Dossier:
    """The assigned handler asked for missing papers after acceptance."""
    return actions.supplement_request(
        actor=user(people.handler), dossier=dossier_at(people, "processing"), items=["Bản sao giấy tờ nhà"]
    )


def snapshot(dossier: Dossier) -> dict[str, Any]:
    """Everything a call could change."""
    dossier.refresh_from_db()
    return {
        "status": dossier.status,
        "version": dossier.version,
        "events": Event.objects.filter(dossier=dossier).count(),
        "dossiers": Dossier.objects.count(),
        "all_events": Event.objects.count(),
        "attachments": Attachment.objects.count(),
        "supplements": Supplement.objects.count(),
        "extensions": Extension.objects.count(),
        "ratings": Rating.objects.count(),
    }


# --- GET /dossiers/{code} ----------------------------------------------------------------------------

# fmt: off
SEES: dict[str, dict[str, str]] = {
    #              de  ha  h2  le  di  cd  ch  cl  sh  sl  mo  ou  ci  oc  pu
    ONLINE:    row(OK, OK, OK, OK, OK, NF, NF, NF, NF, NF, OK, NF, OK, NF, AU),
    COUNTER:   row(OK, OK, OK, OK, OK, NF, NF, NF, NF, NF, OK, NF, OK, NF, AU),
    FOR_CUJUT: row(OK, OK, OK, OK, OK, OK, OK, OK, NF, NF, OK, NF, OK, NF, AU),
    "no_such": row(NF, NF, NF, NF, NF, NF, NF, NF, NF, NF, NF, NF, NF, NF, AU),
}
# fmt: on


@pytest.mark.parametrize("where", list(SEES))
def test_get_a_dossier(people: People, subtests: pytest.Subtests, where: str) -> None:
    dossier = dossier_at(people, "accepted", where=ONLINE if where == "no_such" else where)
    code = "000.60.20.H36-261125-9999" if where == "no_such" else dossier.code
    before = snapshot(dossier)
    for persona in PERSONAS:
        with subtests.test(persona=persona):
            response = getattr(people, persona).get(f"/dossiers/{code}")
            expected = SEES[where][persona]
            if expected == OK:
                assert response.status_code == 200
                body = response.json()
                assert (body["code"], body["status"], body["version"]) == (code, "accepted", 2)
                assert (body["receiving_unit"]["code"], body["competent_unit"]["code"]) == (
                    KRONG_NO,
                    CU_JUT if where == FOR_CUJUT else KRONG_NO,
                )
                assert body["applicant"]["national_id"] == THE_APPLICANT.national_id
                assert [e["kind"] for e in body["events"]] == ["submitted", "accepted"]
                assert body["due_at"] == "2026-11-30T17:30:00+07:00"
            elif expected == NF:
                assert (response.status_code, response.json()) == (404, no_such_dossier(code))
            else:
                assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
            assert snapshot(dossier) == before


# --- GET /dossiers?queue=… ---------------------------------------------------------------------------

QUEUES = (
    "all", "decide", "transfer", "assign", "process", "approve", "supplement", "return", "due_soon",
    "overdue",
)  # fmt: skip


def hanoi_dossier() -> Dossier:
    """A dossier of another installation's province, as if the database held one (M8 keeps this
    installation from receiving it online)."""
    with override_settings(MOTCUA_PROVINCE_CODE=1):
        return actions.dossier_submit(
            actor=None,
            procedure_code=COMMUNE_PROCEDURE,
            competent_unit_code=BA_DINH,
            applicant=HANOI_APPLICANT,
        )


def build_world(people: People) -> dict[str, str]:
    """One dossier in each state a queue selects, in Lâm Đồng and in Hà Nội. Returns label by code."""
    world = {
        "K_NEW": dossier_at(people, "new"),  # online, waiting for the Krông Nô desk
        "K_SUPP": supplement_at_reception(people),
        "K_ACC": dossier_at(people, "accepted"),  # due Mon 30 Nov 17:30
        "K_PROC": dossier_at(people, "processing"),  # with `handler`
        "K_PEND": dossier_at(people, "pending_approval"),
        "K_DONE": dossier_at(people, "processed"),
        "K_RET": dossier_at(people, "returned"),
        "X_ACC": dossier_at(people, "accepted", where=FOR_CUJUT),  # not sent on yet
        "X_SENT": dossier_at(people, "transferred", where=FOR_CUJUT),
        # Accepted Thu 19 Nov 09:00: due today, Wed 25 Nov 17:30 ("soon" ends tomorrow at 17:30).
        "K_SOON": dossier_at(people, "accepted", now=datetime(2026, 11, 19, 9, 0, tzinfo=VN)),
        # Accepted Fri 20 Nov 09:00: due Thu 26 Nov 17:30, the very end of "soon".
        "K_TMRW": dossier_at(people, "accepted", now=datetime(2026, 11, 20, 9, 0, tzinfo=VN)),
        # Accepted Tue 10 Nov 09:00 and assigned to `handler`: due Fri 13 Nov 17:30, overdue.
        "K_LATE": dossier_at(people, "processing", now=datetime(2026, 11, 10, 9, 0, tzinfo=VN)),
        "S_NEW": actions.dossier_submit(
            actor=user(people.other_citizen),
            procedure_code=STC_PROCEDURE,
            competent_unit_code=STC,
            applicant=OTHER_APPLICANT,
        ),
        "H_NEW": hanoi_dossier(),
    }
    return {d.code: label for label, d in world.items()}


# Newest first; received at the same time: last created first.
KRONG_NO_ALL = [
    "X_SENT", "X_ACC", "K_RET", "K_DONE", "K_PEND", "K_PROC", "K_ACC", "K_SUPP", "K_NEW", "K_TMRW", "K_SOON",
    "K_LATE",
]  # fmt: skip


def queues(**seen: list[str]) -> dict[str, list[str]]:
    return {queue: seen.get(queue, []) for queue in QUEUES}


QUEUE_TABLE: dict[str, dict[str, list[str]] | None] = {
    "desk": queues(
        all=KRONG_NO_ALL,
        decide=["K_NEW"],
        transfer=["X_ACC"],
        supplement=["K_SUPP"],
        due_soon=["K_SOON", "K_TMRW"],
        overdue=["K_LATE"],
        **{"return": ["K_DONE"]},
    ),
    "handler": queues(
        all=KRONG_NO_ALL,
        process=["K_LATE", "K_PROC"],  # earliest due first
        supplement=["K_SUPP"],
        due_soon=["K_SOON", "K_TMRW"],
        overdue=["K_LATE"],
    ),
    "handler2": queues(
        all=KRONG_NO_ALL, supplement=["K_SUPP"], due_soon=["K_SOON", "K_TMRW"], overdue=["K_LATE"]
    ),
    "leader": queues(
        all=KRONG_NO_ALL,
        assign=["K_SOON", "K_TMRW", "K_ACC"],  # earliest due first
        approve=["K_PEND"],
        supplement=["K_SUPP"],
        due_soon=["K_SOON", "K_TMRW"],
        overdue=["K_LATE"],
    ),
    "director": queues(
        all=KRONG_NO_ALL,
        decide=["K_NEW"],
        transfer=["X_ACC"],
        assign=["K_SOON", "K_TMRW", "K_ACC"],
        supplement=["K_SUPP"],
        due_soon=["K_SOON", "K_TMRW"],
        overdue=["K_LATE"],
        **{"return": ["K_DONE"]},
    ),
    "cujut_desk": queues(all=["X_SENT", "X_ACC"]),
    "cujut_handler": queues(all=["X_SENT", "X_ACC"]),
    "cujut_leader": queues(all=["X_SENT", "X_ACC"], assign=["X_SENT"]),
    "stc_handler": queues(all=["S_NEW"]),
    "stc_leader": queues(all=["S_NEW"]),
    "monitor": queues(
        all=["S_NEW", *KRONG_NO_ALL], supplement=["K_SUPP"], due_soon=["K_SOON", "K_TMRW"], overdue=["K_LATE"]
    ),
    "outsider": queues(all=["H_NEW"], decide=["H_NEW"]),
    # Everything under their ID number, submitted online by them or recorded at a counter.
    "citizen": queues(
        all=KRONG_NO_ALL, supplement=["K_SUPP"], due_soon=["K_SOON", "K_TMRW"], overdue=["K_LATE"]
    ),
    "other_citizen": queues(all=["S_NEW"]),
    "public": None,  # 401 on every queue
}


def test_work_queues(people: People, subtests: pytest.Subtests) -> None:
    labels = build_world(people)
    for persona in PERSONAS:
        with subtests.test(persona=persona):
            expected = QUEUE_TABLE[persona]
            answers: dict[str, list[str]] = {}
            for queue in QUEUES:
                response = getattr(people, persona).get("/dossiers", queue=queue)
                if expected is None:
                    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
                    continue
                assert response.status_code == 200, (queue, response.json())
                body = response.json()
                assert body["count"] == len(body["results"])
                answers[queue] = [labels[d["code"]] for d in body["results"]]
            assert answers == (expected or {})


def test_an_unknown_queue_names_the_field(people: People) -> None:
    response = people.desk.get("/dossiers", queue="mine")
    message = (
        "Không có danh sách hồ sơ “mine”. Hãy chọn một trong các danh sách: "
        "all, decide, transfer, assign, process, approve, supplement, return, due_soon, overdue."
    )
    assert (response.status_code, response.json()) == (
        422,
        {"error": {"code": "invalid", "message": message, "field": "queue"}},
    )


# --- POST /dossiers/{code}/actions/{action} ----------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """An action, on a dossier in a state where it is legal."""

    build: Callable[[People], Dossier]
    action: str
    body: dict[str, Any]
    status_after: str  # the dossier's status once an allowed persona took it
    creates: dict[str, int] = field(default_factory=dict)  # rows it adds (snapshot keys)
    token_only: bool = True  # without a token: 401 (rating takes no token)


PDF_JSON = file_json("giay-to.pdf", PDF)
NEW_DUE = "2026-12-02T17:30:00+07:00"  # later than the current due time, Mon 30 Nov 17:30

# Art.21: the applicant's written request a desk records a withdrawal or stop with.
REQUEST = {"request_date": "2026-11-25", "request_reference": "Đơn số 5"}

CASES: dict[str, Case] = {
    "accept": Case(partial(dossier_at, state="new"), "accept", {}, "accepted"),
    "refuse": Case(partial(dossier_at, state="new"), "refuse", {"reason": "Sai thẩm quyền"}, "not_accepted"),
    "request_supplement@new": Case(
        partial(dossier_at, state="new"),
        "request_supplement",
        {"items": ["Bản sao CCCD"]},
        "supplement_requested",
        {"supplements": 1},
    ),
    "request_supplement@processing": Case(
        partial(dossier_at, state="processing"),
        "request_supplement",
        {"items": ["Bản sao CCCD"]},
        "supplement_requested",
        {"supplements": 1},
    ),
    "request_supplement@for_cujut": Case(
        partial(dossier_at, state="transferred", where=FOR_CUJUT),
        "request_supplement",
        {"items": ["Bản sao CCCD"]},
        "supplement_requested",
        {"supplements": 1},
    ),
    "provide_supplement@new": Case(
        supplement_at_reception,
        "provide_supplement",
        {"note": "Nộp bản sao", "files": [PDF_JSON]},
        "new",
        {"attachments": 1},
    ),
    "provide_supplement@processing": Case(
        supplement_in_processing,
        "provide_supplement",
        {"note": "Nộp bản sao", "files": [PDF_JSON]},
        "processing",
        {"attachments": 1},
    ),
    "withdraw": Case(
        partial(dossier_at, state="accepted"), "withdraw", {"reason": "Xin rút", **REQUEST}, "withdrawn"
    ),
    "stop": Case(
        partial(dossier_at, state="processing"), "stop", {"reason": "Đề nghị dừng", **REQUEST}, "stopped"
    ),
    "stop@for_cujut": Case(
        partial(dossier_at, state="transferred", where=FOR_CUJUT),
        "stop",
        {"reason": "Đề nghị dừng", **REQUEST},
        "stopped",
    ),
    "transfer@for_cujut": Case(
        partial(dossier_at, state="accepted", where=FOR_CUJUT), "transfer", {}, "accepted"
    ),
    "assign": Case(partial(dossier_at, state="accepted"), "assign", {"handler": "xuly"}, "processing"),
    "assign@for_cujut": Case(
        partial(dossier_at, state="transferred", where=FOR_CUJUT),
        "assign",
        {"handler": "xuly_cujut"},
        "processing",
    ),
    "appraise": Case(
        partial(dossier_at, state="processing"), "appraise", {"opinion": "Hợp lệ"}, "processing"
    ),
    "propose": Case(
        partial(dossier_at, state="processing"), "propose", {"proposal": "granted"}, "pending_approval"
    ),
    "send_back": Case(
        partial(dossier_at, state="pending_approval"), "send_back", {"reason": "Xem lại"}, "processing"
    ),
    "decide": Case(
        partial(dossier_at, state="pending_approval"),
        "decide",
        {"result": "granted", "files": [PDF_JSON]},
        "processed",
        {"attachments": 1},
    ),
    "extend": Case(
        partial(dossier_at, state="processing"),
        "extend",
        {"new_due_at": NEW_DUE, "reason": "Cần xác minh"},
        "processing",
        {"extensions": 1},
    ),
    "return": Case(partial(dossier_at, state="processed"), "return", {"via": 1}, "returned"),
    "return@for_cujut": Case(
        partial(dossier_at, state="processed", where=FOR_CUJUT), "return", {"via": 1}, "returned"
    ),
    "rate": Case(
        partial(dossier_at, state="returned"),
        "rate",
        {"score": 5},
        "returned",
        {"ratings": 1},
        token_only=False,
    ),
    "rate@counter": Case(
        partial(dossier_at, state="returned", where=COUNTER),
        "rate",
        {"score": 5},
        "returned",
        {"ratings": 1},
        token_only=False,
    ),
    "rate+secret": Case(
        partial(dossier_at, state="returned"),
        "rate",
        {"score": 4, "secret": "5678"},
        "returned",
        {"ratings": 1},
        token_only=False,
    ),
    "rate+secret@counter": Case(
        partial(dossier_at, state="returned", where=COUNTER),
        "rate",
        {"score": 4, "secret": "5678"},
        "returned",
        {"ratings": 1},
        token_only=False,
    ),
    "rate+wrong_secret": Case(
        partial(dossier_at, state="returned"),
        "rate",
        {"score": 1, "secret": "0000"},
        "returned",
        token_only=False,
    ),
}

# Columns: the personas. "@for_cujut": received at the Krông Nô counter, settled by Cư Jút.
# fmt: off
ACCESS: dict[str, dict[str, str]] = {
    #                                    de  ha  h2  le  di  cd  ch  cl  sh  sl  mo  ou  ci  oc  pu
    "accept":                        row(OK, NO, NO, NO, OK, NF, NF, NF, NF, NF, NO, NF, NO, NF, AU),
    "refuse":                        row(OK, NO, NO, NO, OK, NF, NF, NF, NF, NF, NO, NF, NO, NF, AU),
    "request_supplement@new":        row(OK, NO, NO, NO, OK, NF, NF, NF, NF, NF, NO, NF, NO, NF, AU),
    "request_supplement@processing": row(NO, OK, NO, OK, NO, NF, NF, NF, NF, NF, NO, NF, NO, NF, AU),
    "request_supplement@for_cujut":  row(NO, NO, NO, NO, NO, NO, NO, OK, NF, NF, NO, NF, NO, NF, AU),
    "provide_supplement@new":        row(OK, NO, NO, NO, OK, NF, NF, NF, NF, NF, NO, NF, OK, NF, AU),
    "provide_supplement@processing": row(OK, NO, NO, NO, OK, NF, NF, NF, NF, NF, NO, NF, OK, NF, AU),
    # Art.21: on the applicant's request only: the desk records it, the applicant of an online
    # dossier does it; no unit leader stops a dossier alone.
    "withdraw":                      row(OK, NO, NO, NO, OK, NF, NF, NF, NF, NF, NO, NF, OK, NF, AU),
    "stop":                          row(OK, NO, NO, NO, OK, NF, NF, NF, NF, NF, NO, NF, OK, NF, AU),
    "stop@for_cujut":                row(OK, NO, NO, NO, OK, NO, NO, NO, NF, NF, NO, NF, NO, NF, AU),
    "transfer@for_cujut":            row(OK, NO, NO, NO, OK, NO, NO, NO, NF, NF, NO, NF, NO, NF, AU),
    "assign":                        row(NO, NO, NO, OK, OK, NF, NF, NF, NF, NF, NO, NF, NO, NF, AU),
    "assign@for_cujut":              row(NO, NO, NO, NO, NO, NO, NO, OK, NF, NF, NO, NF, NO, NF, AU),
    "appraise":                      row(NO, OK, NO, NO, NO, NF, NF, NF, NF, NF, NO, NF, NO, NF, AU),
    "propose":                       row(NO, OK, NO, NO, NO, NF, NF, NF, NF, NF, NO, NF, NO, NF, AU),
    "send_back":                     row(NO, NO, NO, OK, NO, NF, NF, NF, NF, NF, NO, NF, NO, NF, AU),
    "decide":                        row(NO, NO, NO, OK, NO, NF, NF, NF, NF, NF, NO, NF, NO, NF, AU),
    "extend":                        row(NO, OK, NO, OK, NO, NF, NF, NF, NF, NF, NO, NF, NO, NF, AU),
    "return":                        row(OK, NO, NO, NO, OK, NF, NF, NF, NF, NF, NO, NF, NO, NF, AU),
    "return@for_cujut":              row(OK, NO, NO, NO, OK, NO, NO, NO, NF, NF, NO, NF, NO, NF, AU),
    # The owning citizen, by token. Without token or secret nobody sees the dossier: 404, not 401.
    "rate":                          row(NO, NO, NO, NO, NO, NF, NF, NF, NF, NF, NO, NF, OK, NF, NF),
    # Recorded at the counter: the citizen whose account carries the applicant's ID number sees it
    # and rates it with their token, as with their own online dossiers.
    "rate@counter":                  row(NO, NO, NO, NO, NO, NF, NF, NF, NF, NF, NO, NF, OK, NF, NF),
    # Review M7: only the applicant's own channel rates. An official never does, even with the
    # secret (read on the dossier); a dossier of a citizen account is rated from that account.
    "rate+secret":                   row(NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, OK, NO, NO),
    # Recorded at the counter: whoever proves the secret (last 4 digits of phone or ID number),
    # except an official.
    "rate+secret@counter":           row(NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, OK, OK, OK),
    "rate+wrong_secret":             row(NF, NF, NF, NF, NF, NF, NF, NF, NF, NF, NF, NF, NF, NF, NF),
}
# fmt: on


def test_the_tables_cover_every_action_and_queue() -> None:
    assert QUEUES == selectors.QUEUES
    assert set(ACCESS) == set(CASES)
    assert {case.action for case in CASES.values()} == {
        "accept", "refuse", "request_supplement", "provide_supplement", "withdraw", "stop", "transfer",
        "assign", "appraise", "propose", "send_back", "decide", "extend", "return", "rate",
    }  # fmt: skip


@pytest.mark.parametrize("case_name", list(CASES))
def test_an_action(people: People, subtests: pytest.Subtests, case_name: str) -> None:
    case = CASES[case_name]
    dossier = case.build(people)
    before = snapshot(dossier)
    for persona in PERSONAS:
        with subtests.test(persona=persona), rolled_back():
            response = getattr(people, persona).act(dossier.code, case.action, case.body)
            expected = ACCESS[case_name][persona]
            if expected == OK:
                assert response.status_code == 200, response.json()
                body = response.json()
                assert (body["code"], body["status"]) == (dossier.code, case.status_after)
                if case.action != "rate":  # rating answers with the tracking view, without version
                    assert body["version"] == before["version"] + 1
                changed = {
                    **before,
                    "status": case.status_after,
                    "version": before["version"] + 1,
                    "events": before["events"] + 1,
                    "all_events": before["all_events"] + 1,
                }
                for key, added in case.creates.items():
                    changed[key] += added
                assert snapshot(dossier) == changed
                continue
            if expected == NO:
                assert (response.status_code, response.json()) == (404, not_yours(dossier.code))
            elif expected == NF:
                assert (response.status_code, response.json()) == (404, no_such_dossier(dossier.code))
            else:
                assert case.token_only
                assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
            assert snapshot(dossier) == before
    assert snapshot(dossier) == before  # every persona's call was undone


# --- POST /dossiers ----------------------------------------------------------------------------------

# fmt: off
SUBMITS: dict[int, dict[str, str]] = {
    #                      de  ha  h2  le  di  cd  ch  cl  sh  sl  mo  ou  ci  oc  pu
    Channel.ONLINE:    row(OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK),
    Channel.IN_PERSON: row(OK, NF, NF, NF, OK, NF, NF, NF, NF, NF, NF, NF, NF, NF, NF),
    Channel.POST:      row(OK, NF, NF, NF, OK, NF, NF, NF, NF, NF, NF, NF, NF, NF, NF),
}
# fmt: on


@pytest.mark.parametrize("channel", list(SUBMITS))
def test_submit_a_dossier(people: People, subtests: pytest.Subtests, channel: int) -> None:
    body: dict[str, Any] = {
        "procedure": COMMUNE_PROCEDURE,
        "competent_unit": KRONG_NO,
        "channel": channel,
        "applicant": APPLICANT,
    }
    if channel != Channel.ONLINE:
        body["receiving_unit"] = KRONG_NO
    for persona in PERSONAS:
        with subtests.test(persona=persona), rolled_back():
            who = getattr(people, persona)
            counts = (Dossier.objects.count(), Event.objects.count(), DailySequence.objects.count())

            response = who.post("/dossiers", body)

            if SUBMITS[channel][persona] == NF:
                assert (response.status_code, response.json()) == (404, no_such_unit(KRONG_NO))
                assert (
                    Dossier.objects.count(),
                    Event.objects.count(),
                    DailySequence.objects.count(),
                ) == counts
                continue
            assert response.status_code == 201, response.json()
            answer = response.json()
            assert (answer["code"], answer["status"], answer["channel"], answer["version"]) == (
                "000.60.20.H36-261125-0001",
                "new",
                channel,
                1,
            )
            assert (answer["receiving_unit"]["code"], answer["competent_unit"]["code"]) == (
                KRONG_NO,
                KRONG_NO,
            )
            assert answer["received_at"] == "2026-11-25T09:00:00+07:00"
            # Online, the desk decides within 8 working hours: by Thursday 09:00.
            online = channel == Channel.ONLINE
            assert answer["decision_due_at"] == ("2026-11-26T09:00:00+07:00" if online else None)
            dossier = Dossier.objects.get(code=answer["code"])
            owner = who.user if who.user is not None and who.user.kind == User.Kind.CITIZEN else None
            assert (dossier.created_by, dossier.applicant_user) == (who.user, owner)
            assert Dossier.objects.count() == counts[0] + 1


# --- POST /track/{code} {"secret": …} (review M3: never in the address) ---


def tracked(code: str) -> dict[str, Any]:
    return {
        "code": code,
        "status": "accepted",
        "status_label": "Đã tiếp nhận",
        "national_status": 2,
        "procedure": "Đăng ký thành lập hộ kinh doanh",
        "receiving_unit": "Xã Krông Nô",
        "received_at": "2026-11-25T09:00:00+07:00",
        "due_at": "2026-11-30T17:30:00+07:00",
        "returned_at": None,
        "supplement_items": [],
        "answer_by": None,
        "may_rate": False,
        "payment_total": None,
        "payment_clock_paused": False,
        "may_withdraw": True,
    }


TRACKING: dict[str, tuple[list[str], int]] = {
    # phone …5678, ID number …1234; surrounding blanks are ignored
    "right": (["5678", "1234", " 5678 "], 200),
    "wrong": (["0000", "5679", "0123", "8765", "4321"], 404),
    "malformed": (["12", "12345", "abcd", "56 78", ""], 422),
}


@pytest.mark.parametrize("kind", list(TRACKING))
def test_tracking_answers_anyone_with_the_secret_and_nobody_without(
    people: People, subtests: pytest.Subtests, kind: str
) -> None:
    dossier = dossier_at(people, "accepted")
    before = snapshot(dossier)
    secrets, status = TRACKING[kind]
    expected = {200: tracked(dossier.code), 404: no_such_dossier(dossier.code), 422: BAD_SECRET}[status]
    for persona in PERSONAS:
        for secret in secrets:
            with subtests.test(persona=persona, secret=secret):
                cache.clear()
                response = getattr(people, persona).post(f"/track/{dossier.code}", {"secret": secret})
                assert (response.status_code, response.json()) == (status, expected)
                assert snapshot(dossier) == before


@pytest.mark.parametrize("persona", ["desk", "citizen", "public"])
def test_tracking_an_unknown_code_answers_like_a_wrong_secret(people: People, persona: str) -> None:
    dossier_at(people, "accepted")
    code = "000.60.20.H36-261125-0002"
    response = getattr(people, persona).post(f"/track/{code}", {"secret": "5678"})
    assert (response.status_code, response.json()) == (404, no_such_dossier(code))


def test_tracking_without_a_secret_names_the_field(people: People) -> None:
    dossier = dossier_at(people, "accepted")
    response = people.public.post(f"/track/{dossier.code}")
    required = "Trường “secret” là bắt buộc."
    assert (response.status_code, response.json()) == (
        422,
        {
            "error": {
                "code": "invalid",
                "message": required,
                "field": "secret",
                "problems": [{"field": "secret", "message": required}],
            }
        },
    )


def test_tracking_is_rate_limited_per_address_and_minute(
    people: People, settings: Settings, frozen: time_machine.Traveller
) -> None:
    settings.MOTCUA_TRACKING_PER_MINUTE = 3
    dossier = dossier_at(people, "accepted")
    path = f"/track/{dossier.code}"
    answers = [
        people.public.post(path, {"secret": "0000"}).status_code,
        people.public.post(path, {"secret": "12"}).status_code,
        people.citizen.post(path, {"secret": "5678"}).status_code,
    ]
    assert answers == [404, 422, 200]  # every check counts, right or wrong, whoever asks

    fourth = people.public.post(path, {"secret": "5678"})
    assert (fourth.status_code, fourth.json()) == (429, TOO_MANY)
    # Another client address has its own budget.
    elsewhere = people.public.client.post(
        f"/api/v1{path}",
        '{"secret": "5678"}',
        content_type="application/json",
        headers={"Accept-Language": "vi"},
        REMOTE_ADDR="10.0.0.7",
    )
    assert elsewhere.status_code == 200

    frozen.shift(60)  # the next minute
    assert people.public.post(path, {"secret": "5678"}).status_code == 200


def test_rating_with_the_secret_shares_the_tracking_limit_and_changes_nothing_when_refused(
    people: People, settings: Settings
) -> None:
    settings.MOTCUA_TRACKING_PER_MINUTE = 3
    dossier = dossier_at(people, "returned")
    for _ in range(3):
        assert people.public.post(f"/track/{dossier.code}", {"secret": "1234"}).status_code == 200
    before = snapshot(dossier)

    response = people.public.act(dossier.code, "rate", {"score": 5, "secret": "1234"})

    assert (response.status_code, response.json()) == (429, TOO_MANY)
    assert snapshot(dossier) == before
