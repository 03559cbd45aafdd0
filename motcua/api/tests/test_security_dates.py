"""Security review M2 (second half): the pages and the API survive any stored date, e.g. a due time
in 2200 written before the extension was bounded; the holiday data end in 2100."""

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.testing.personas import APPLICANT, People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
FAR = datetime(2200, 1, 1, 10, tzinfo=VN)


@pytest.fixture
def code(people: People) -> Iterator[str]:
    with time_machine.travel(datetime(2026, 11, 25, 9, tzinfo=VN), tick=False):
        body = {"procedure": "1.001612", "competent_unit": "24688", "applicant": APPLICANT}
        created = people.public.post("/dossiers", body).json()
        accepted = people.desk.act(created["code"], "accept", {"expected_version": created["version"]})
        assert accepted.status_code == 200, accepted.content
        Dossier.objects.filter(code=created["code"]).update(due_at=FAR)
        yield str(created["code"])


def _desk(people: People, persona: str) -> Client:
    client = Client()
    client.force_login(getattr(people, persona).user)
    return client


def test_m2_the_api_shows_a_dossier_due_in_2200(people: People, code: str) -> None:
    for persona in (people.desk, people.leader, people.monitor):
        response = persona.get(f"/dossiers/{code}")
        assert response.status_code == 200, (persona.name, response.content[:300])
        assert response.json()["due_at"].startswith("2200-01-01T10:00:00")


@pytest.mark.parametrize("queue", ["all", "due_soon", "overdue"])
def test_m2_the_api_queues_list_it(people: People, code: str, queue: str) -> None:
    for persona in (people.desk, people.monitor):
        response = persona.get("/dossiers", queue=queue)
        assert response.status_code in (200, 404), (queue, response.content[:300])


@pytest.mark.parametrize("page", ["dossier", "queue", "workload"])
def test_m2_the_desk_pages_survive_it(people: People, code: str, page: str) -> None:
    paths = {
        "dossier": f"/desk/dossiers/{code}/",
        "queue": "/desk/queues/all/",
        "workload": "/desk/workload/",
    }
    client = _desk(people, "leader")
    response = client.get(paths[page])
    assert response.status_code == 200, response.content[:500]
    if page == "dossier":
        assert "01/01/2200" in response.content.decode()


def test_m2_the_landing_desk_and_unit_pages_survive_it(people: People, code: str) -> None:
    client = _desk(people, "desk")
    assert client.get("/desk/").status_code == 200
    assert Client().get("/units/24688/").status_code == 200
    assert Client().get("/").status_code == 200


def test_m2_public_tracking_survives_it(people: People, code: str) -> None:
    response = Client().post("/track/", {"code": code, "secret": APPLICANT["phone"][-4:]})
    assert response.status_code == 200
    # The API's tracking takes the secret in a header now (review M3); without one it refuses, not 500.
    assert people.public.get(f"/track/{code}").status_code < 500


def test_m2_an_extension_past_2100_is_refused_with_422(people: People, code: str) -> None:
    version = people.leader.get(f"/dossiers/{code}").json()["version"]
    response = people.leader.act(
        code,
        "extend",
        {"new_due_at": "2300-01-01T10:00:00+07:00", "reason": "x", "expected_version": version},
    )
    assert 400 <= response.status_code < 500
    assert Dossier.objects.get(code=code).due_at == FAR
