"""The monitor's page of the synchronisation with the national portal (the 766 sync indicator)."""

from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings

from motcua.dossiers.actions import Applicant, dossier_submit
from motcua.interop.fakes.national_portal import create
from motcua.interop.tasks import deliver_due_messages
from motcua.interop.tests.conftest import at
from motcua.interop.tests.fakes_support import control, serving
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
APPLICANT = Applicant(name="Nguyễn Thị Lan", national_id="068190001234", phone="0912345678")


@pytest.fixture
def portal(settings: Settings) -> Iterator[str]:
    with serving(create()) as url:
        settings.NATIONAL_PORTAL_SYNC = True
        settings.NATIONAL_PORTAL_BATCH = 1  # one dossier a call: one call lost is one dossier lost
        settings.MOTCUA_ENDPOINTS = {
            "national_portal": {
                **settings.MOTCUA_ENDPOINTS["national_portal"],
                "base_url": url,
                "token_url": f"{url}/lgsp/token",
                "retries": 0,
            }
        }
        yield url


def page(user: object) -> tuple[int, str]:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    with translation.override("en"):
        response = client.get("/monitor/sync/?days=1", headers={"Accept-Language": "en"})
    return response.status_code, response.content.decode()


def test_the_monitor_sees_each_units_rate_beside_what_the_portal_holds(portal: str, people: People) -> None:
    with time_machine.travel(at(2026, 11, 19, 9, 0)):
        for unit in ("24688", "24688", "24640"):
            dossier_submit(
                actor=None, procedure_code="1.001612", competent_unit_code=unit, applicant=APPLICANT
            )
        control(portal, action="lose", count=1)  # one of Krông Nô's never arrives
        assert deliver_due_messages() == 3
        status, html = page(people.monitor.user)
    assert status == 200
    assert "Synchronisation with the national portal" in html
    # Krông Nô: 2 ours, 2 sent as far as we know, 1 held there: min(2, 1) / max(2, 1) = 50%.
    assert "<td>2</td><td>2</td><td>1</td><td>50.0%</td>" in html
    assert "<td>1</td><td>1</td><td>1</td><td>100.0%</td>" in html  # Cư Jút


def test_a_desk_officer_sees_only_their_units_dossiers(portal: str, people: People) -> None:
    with time_machine.travel(at(2026, 11, 19, 9, 0)):
        dossier_submit(
            actor=None, procedure_code="1.001612", competent_unit_code="24640", applicant=APPLICANT
        )
        deliver_due_messages()
        status, html = page(people.desk.user)
    assert status == 200
    assert "No dossier in this period." in html


def test_a_citizen_may_not_open_the_page(people: People) -> None:
    status, _html = page(people.citizen.user)
    assert status == 404  # the monitoring pages answer a citizen as for any page they may not see
