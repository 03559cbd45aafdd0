"""The national portal sync (Decree 118 Art.27.2.d) against the fake portal served in a thread."""

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import time_machine
from pytest_django.fixtures import Settings

from motcua.accounts.models import User
from motcua.dossiers.actions import dossier_accept
from motcua.dossiers.models import Dossier
from motcua.interop.fakes.base import FakeService
from motcua.interop.fakes.national_portal import create
from motcua.interop.models import OutboxMessage
from motcua.interop.portal import CHANNEL
from motcua.interop.tasks import MERGED, SENT, outbox_deliver
from motcua.interop.tests.conftest import at
from motcua.interop.tests.fakes_support import control, serving

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(settings: Settings) -> Iterator[str]:
    service: FakeService = create()
    with serving(service) as url:
        settings.NATIONAL_PORTAL_SYNC = True
        settings.MOTCUA_ENDPOINTS = {
            "national_portal": {
                **settings.MOTCUA_ENDPOINTS["national_portal"],
                "base_url": url,
                "token_url": f"{url}/lgsp/token",
                "retries": 0,
            }
        }
        yield url


def portal_messages() -> list[tuple[int | None, str, str]]:
    return list(
        OutboxMessage.objects.filter(channel=CHANNEL)
        .order_by("pk")
        .values_list("version", "event_kind", "status")
    )


def held(url: str) -> dict[str, Any]:
    state: dict[str, Any] = httpx.get(f"{url}/_state").json()
    return state


def test_a_submitted_dossier_is_written_for_the_portal_and_arrives_with_its_status(
    portal: str, krong_no: Any, frozen: time_machine.Traveller
) -> None:
    from motcua.dossiers.actions import dossier_submit
    from motcua.interop.tests.conftest import APPLICANT

    dossier = dossier_submit(
        actor=None, procedure_code="1.001612", competent_unit_code="24688", applicant=APPLICANT
    )
    assert portal_messages() == [(1, "submitted", "pending")]
    message = OutboxMessage.objects.get(channel=CHANNEL)
    assert outbox_deliver(message.pk) == SENT
    record = held(portal)["dossiers"][dossier.code]
    assert {key: record[key] for key in ("MaTTHC", "TrangThaiHoSo", "KenhThucHien", "PhienBanHoSo")} == {
        "MaTTHC": "1.001612",
        "TrangThaiHoSo": "1",
        "KenhThucHien": "2",
        "PhienBanHoSo": 1,
    }
    assert record["NgayTiepNhan"] == "20261119090000"  # Vietnam time, 24-hour
    assert record["SoGiayToChuHoSo"] == "068190001234"
    assert record["DinhDanhCHS"] == [{"LoaiDinhDanh": "1", "SoDinhDanh": "068190001234"}]


def test_changes_waiting_together_are_sent_once_in_their_latest_state(
    portal: str, officer: User, dossier: Dossier, frozen: time_machine.Traveller
) -> None:
    frozen.move_to(at(2026, 11, 19, 10, 0))
    dossier_accept(actor=officer, dossier=dossier)
    first, second = OutboxMessage.objects.filter(channel=CHANNEL).order_by("version")
    assert outbox_deliver(first.pk) == MERGED  # the acceptance carries the dossier's state
    assert outbox_deliver(second.pk) == SENT
    assert portal_messages() == [(1, "submitted", "merged"), (2, "accepted", "sent")]
    state = held(portal)
    assert state["history"] == [[dossier.code, 2, "2"]]
    assert state["dossiers"][dossier.code]["NgayHenTra"] == "20261125173000"


def test_the_same_version_twice_changes_nothing_at_the_portal(
    portal: str, officer: User, dossier: Dossier
) -> None:
    message = OutboxMessage.objects.get(channel=CHANNEL)
    control(portal, action="duplicate", count=1)
    assert outbox_deliver(message.pk) == SENT
    state = held(portal)
    assert state["history"] == [[dossier.code, 1, "1"]]
    assert state["ignored"] == 1


def test_a_record_the_portal_refuses_is_given_up_for_an_administrator(
    portal: str, dossier: Dossier, settings: Settings
) -> None:
    message = OutboxMessage.objects.get(channel=CHANNEL)
    body = json.loads(message.body)
    body["TrangThaiHoSo"] = "11"
    OutboxMessage.objects.filter(pk=message.pk).update(body=json.dumps(body))
    outbox_deliver(message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert "TrangThaiHoSo: '11' is not one of" in message.last_error


def test_an_update_is_flagged_and_may_go_to_its_own_service(
    portal: str, officer: User, dossier: Dossier, frozen: time_machine.Traveller, settings: Settings
) -> None:
    outbox_deliver(OutboxMessage.objects.get(channel=CHANNEL).pk)
    settings.NATIONAL_PORTAL_UPDATE_PATH = "/dvcqg/CapNhatHoSo"  # a version with separate calls
    frozen.move_to(at(2026, 11, 19, 10, 0))
    dossier_accept(actor=officer, dossier=dossier)
    later = OutboxMessage.objects.get(channel=CHANNEL, version=2)
    outbox_deliver(later.pk)
    later.refresh_from_db()
    assert later.last_error.startswith("EndpointRejected: national_portal: HTTP 404")


def test_sync_is_off_when_the_setting_is_off(settings: Settings, dossier: Dossier) -> None:
    assert not OutboxMessage.objects.filter(channel=CHANNEL).exists()


def test_due_records_of_several_dossiers_go_in_one_call(portal: str, krong_no: Any) -> None:
    from motcua.dossiers.actions import dossier_submit
    from motcua.interop.tests.conftest import APPLICANT

    codes = [
        dossier_submit(
            actor=None, procedure_code="1.001612", competent_unit_code="24688", applicant=APPLICANT
        ).code
        for _ in range(3)
    ]
    first = OutboxMessage.objects.filter(channel=CHANNEL).order_by("pk").first()
    assert first is not None
    assert outbox_deliver(first.pk) == SENT
    state = held(portal)
    assert state["received"] == 1  # one call
    assert sorted(code for code, _v, _s in state["history"]) == sorted(codes)
    assert portal_messages() == [(1, "submitted", "sent")] * 3


def test_a_bad_record_in_a_call_is_left_to_its_own_delivery(portal: str, krong_no: Any) -> None:
    from motcua.dossiers.actions import dossier_submit
    from motcua.interop.tests.conftest import APPLICANT

    for _ in range(2):
        dossier_submit(
            actor=None, procedure_code="1.001612", competent_unit_code="24688", applicant=APPLICANT
        )
    good, bad = OutboxMessage.objects.filter(channel=CHANNEL).order_by("pk")
    record = json.loads(bad.body)
    record["TrangThaiHoSo"] = "99"
    OutboxMessage.objects.filter(pk=bad.pk).update(body=json.dumps(record))
    assert outbox_deliver(good.pk) == SENT  # refused together, then sent alone
    bad.refresh_from_db()
    assert (bad.status, bad.attempts) == (OutboxMessage.Status.PENDING, 0)
    outbox_deliver(bad.pk)
    bad.refresh_from_db()
    assert bad.status == OutboxMessage.Status.FAILED
    assert good.dossier is not None
    assert [code for code, _v, _s in held(portal)["history"]] == [good.dossier.code]
