"""The inter-linked civil-status flow against the fake registry as its own process: handed over
(NhanDKHT), polled (LayKetQua) through each state, the result received; a refusal; a registry down."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.accounts.models import User
from motcua.core.errors import Conflict, NotFound
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.registries.handover import civil_status_hand_over, civil_status_poll
from motcua.registries.models import CivilStatusHandover
from motcua.registries.tests.conftest import control
from motcua.testing.personas import People, Persona

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 7, hour, minute, tzinfo=VN)


def user(persona: Persona) -> User:
    assert persona.user is not None
    return persona.user


def received(people: People) -> Dossier:
    return dossier_actions.dossier_submit(
        actor=user(people.desk), procedure_code="1.001612", competent_unit_code="24688", applicant=APPLICANT,
        channel=Channel.IN_PERSON, receiving_unit_code="24688", now=at(9),
    )  # fmt: skip


def test_a_birth_dossier_goes_through_each_state_and_its_result_comes_back(
    people: People, fakes: dict[str, str]
) -> None:
    dossier = received(people)
    handover = civil_status_hand_over(
        actor=user(people.handler), dossier=dossier, module="LTKS", data={"hoTen": "Trần Bảo An"}, now=at(10)
    )
    assert (handover.state, handover.external_code) == ("waiting", f"{dossier.code}-LTKS")
    with pytest.raises(Conflict):  # handed over once
        civil_status_hand_over(
            actor=user(people.handler), dossier=dossier, module="LTKS", data={}, now=at(10, 5)
        )
    assert civil_status_poll(now=at(11)) == 0  # still waiting (1)
    assert civil_status_poll(now=at(12)) == 1  # processing (3)
    assert civil_status_poll(now=at(13)) == 1  # done (4), with the result
    handover.refresh_from_db()
    assert [hop["state"] for hop in handover.hops] == ["waiting", "processing", "done"]
    assert handover.hops[-1] == {"state": "done", "at": at(13).isoformat(), "note": "Đã đăng ký"}
    assert bytes(handover.result_pdf).startswith(b"%PDF-1.4")
    assert civil_status_poll(now=at(14)) == 0  # nothing open any more


def test_a_refusal_is_recorded_and_only_the_competent_handler_hands_over(
    people: People, fakes: dict[str, str]
) -> None:
    dossier = received(people)
    for persona in (people.desk, people.cujut_handler, people.citizen):
        with pytest.raises(NotFound):
            civil_status_hand_over(actor=user(persona), dossier=dossier, module="LTKT", data={}, now=at(10))
    handover = civil_status_hand_over(
        actor=user(people.handler), dossier=dossier, module="LTKT", data={"kichBan": "refuse"}, now=at(10)
    )
    civil_status_poll(now=at(11))
    civil_status_poll(now=at(12))
    handover.refresh_from_db()
    assert [hop["state"] for hop in handover.hops] == ["waiting", "refused"]


def test_a_registry_down_leaves_the_handover_to_send_again(people: People, fakes: dict[str, str]) -> None:
    dossier = received(people)
    control(fakes["civil_status"], action="fail", status=503, count=1)
    failed = civil_status_hand_over(
        actor=user(people.handler), dossier=dossier, module="LTKH", data={}, now=at(10)
    )
    assert failed.state == "send_failed" and "503" in failed.hops[0]["note"]
    again = civil_status_hand_over(
        actor=user(people.handler), dossier=dossier, module="LTKH", data={}, now=at(10, 30)
    )
    assert (again.pk, again.state) == (failed.pk, "waiting")
    assert CivilStatusHandover.objects.count() == 1


def test_the_api_hands_over_and_shows_each_hop_to_the_dossier_s_officials(
    people: People, fakes: dict[str, str]
) -> None:
    dossier = received(people)
    path = f"/dossiers/{dossier.code}/civil-status"
    assert people.cujut_handler.post(path, {"module": "LTKS"}).status_code == 404
    answer = people.handler.post(path, {"module": "LTKS", "data": {"hoTen": "Trần Bảo An"}})
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == "waiting"
    civil_status_poll()
    civil_status_poll()
    shown = people.desk.get(path).json()
    assert [hop["state"] for hop in shown[0]["hops"]] == ["waiting", "processing"]
    assert people.cujut_desk.get(path).status_code == 404
    assert people.handler.post(path, {"module": "XX"}).status_code == 422
