"""The desk's dossier page reads the policy: the conditional legal time at acceptance (Art.17.3),
the stop and withdrawal recorded with the applicant's written request (Art.21), and no second
supplement request offered (Art.11.2.c)."""

from collections.abc import Iterator
from datetime import date, datetime

import pytest
import time_machine

from motcua.dossiers import actions
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Status
from motcua.testing.personas import People
from motcua.web.tests.test_desk_dossier import buttons
from motcua.web.tests.test_desk_pages import NOW, VN, at, browser, online, user_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_art_17_3_the_desk_accepts_with_the_conditional_legal_time(people: People, frozen: object) -> None:
    dossier = online(people, at(24, 14), procedure="1.004873")
    client = browser(people.desk, "en")
    page = client.get(f"/desk/dossiers/{dossier.code}/").content.decode()
    assert 'name="time_variant"' in page and 'value="xac_minh"' in page
    missing = client.post(
        f"/desk/dossiers/{dossier.code}/accept/", {"version": dossier.version, "time_variant": "xac_minh"}
    )
    assert missing.status_code == 422
    assert Dossier.objects.get(pk=dossier.pk).status == Status.NEW
    done = client.post(
        f"/desk/dossiers/{dossier.code}/accept/",
        {"version": dossier.version, "time_variant": "xac_minh", "time_variant_reason": "Cư trú nhiều nơi"},
    )
    assert done.status_code == 302
    accepted = Dossier.objects.get(pk=dossier.pk)
    # 23 calendar days from Wed 25/11: Fri 18/12, at the close of the office.
    assert accepted.due_at == datetime(2026, 12, 18, 17, 30, tzinfo=VN)
    assert accepted.time_variant_reason == "Cư trú nhiều nơi"


def test_art_21_the_desk_stops_with_the_written_request_and_the_leader_cannot(
    people: People, frozen: object
) -> None:
    dossier = online(people, at(24, 14))
    actions.dossier_accept(actor=user_of(people.desk), dossier=dossier, now=at(24, 15))
    dossier.refresh_from_db()
    assert "Stop" not in buttons(
        browser(people.leader, "en").get(f"/desk/dossiers/{dossier.code}/").content.decode()
    )
    client = browser(people.desk, "en")
    missing = client.post(
        f"/desk/dossiers/{dossier.code}/stop/", {"version": dossier.version, "reason": "Theo đơn"}
    )
    assert missing.status_code == 422
    assert "Give the reference of the applicant&#x27;s written request." in missing.content.decode()
    done = client.post(
        f"/desk/dossiers/{dossier.code}/stop/",
        {
            "version": dossier.version,
            "reason": "Theo đơn",
            "request_date": "2026-11-25",
            "request_reference": "Đơn số 8",
        },
    )
    assert done.status_code == 302
    stopped = Dossier.objects.get(pk=dossier.pk)
    assert stopped.status == Status.STOPPED
    event = stopped.events.last()
    assert event is not None
    assert event.data["request"] == {
        "via": "desk",
        "date": date(2026, 11, 25).isoformat(),
        "reference": "Đơn số 8",
    }
    history = client.get(f"/desk/dossiers/{dossier.code}/").content.decode()
    assert "of 2026-11-25, reference Đơn số 8" in history


def test_art_11_2_c_no_second_supplement_button_at_reception(people: People, frozen: object) -> None:
    dossier = online(people, at(24, 14))
    actions.supplement_request(actor=user_of(people.desk), dossier=dossier, items=["Tờ khai"], now=at(24, 15))
    actions.supplement_provide(actor=user_of(people.desk), dossier=dossier, note="Đã nộp", now=at(24, 16))
    page = browser(people.desk, "en").get(f"/desk/dossiers/{dossier.code}/").content.decode()
    assert buttons(page) == ["Accept", "Refuse", "Withdraw", "Stop"]
