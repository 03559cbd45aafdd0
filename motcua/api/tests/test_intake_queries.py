"""Intake through the API reads and writes a fixed number of queries (issue 7: intake rate)."""

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.dossiers.models import Dossier
from motcua.testing.personas import APPLICANT, People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
SUBMISSION = {"procedure": "1.001612", "competent_unit": "24688", "applicant": APPLICANT}


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=VN), tick=False) as traveller:
        yield traveller


def test_online_submission_then_acceptance_in_a_fixed_number_of_queries(
    people: People, clock: Any, django_assert_num_queries: Callable[..., Any]
) -> None:
    first = people.public.post("/dossiers", SUBMISSION).json()["code"]
    assert people.desk.post(f"/dossiers/{first}/actions/accept").status_code == 200  # calendar warm
    # Procedure with its version, unit, the periods in force for the procedure (the online decision's
    # hours); in its transaction (savepoint and release here): number, dossier, event, the desk's
    # alert recipients, the monitor's snapshot (2) and counters (2); then the answer's events,
    # supplements, attachments.
    with django_assert_num_queries(16):
        submitted = people.public.post("/dossiers", SUBMISSION)
    assert submitted.status_code == 201
    code = submitted.json()["code"]
    # Token (its use already recorded this minute), grants, dossier; in its transaction: the
    # procedure's version in force (its legal time), the conditional update, last event, event,
    # e-mail and SMS to the outbox (their delivery tasks are queued after the commit, which a test
    # does not reach), the monitor's snapshot and counters (2); then the answer's events,
    # extension, supplements, attachments.
    with django_assert_num_queries(18):
        accepted = people.desk.post(f"/dossiers/{code}/actions/accept")
    assert accepted.status_code == 200
    body = accepted.json()
    assert (body["status"], body["version"], body["due_at"]) == ("accepted", 2, "2026-11-30T17:30:00+07:00")
    assert [event["kind"] for event in body["events"]] == ["submitted", "accepted"]
    stored = Dossier.objects.get(code=code)
    assert (stored.status, stored.version) == ("accepted", 2)
