"""What the actions no longer read back: the empty chain of a new dossier, the values a transition
wrote, and the control sheet's steps when no event ends a step. Each is the same as the read."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from motcua.accounts.models import User
from motcua.catalog.models import Procedure, ProcessStep, ProcessVersion
from motcua.core.errors import InvalidInput
from motcua.dossiers.actions import dossier_accept, dossier_submit
from motcua.dossiers.clock import control_sheet, needs_steps
from motcua.dossiers.events import GENESIS, event_append
from motcua.dossiers.models import Dossier, Event
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.units.selectors import calendar_for_province

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
SUBMITTED = datetime(2026, 11, 19, 8, 0, tzinfo=VN)
ACCEPTED = datetime(2026, 11, 19, 8, 30, tzinfo=VN)

# Every column a transition may write, compared between the instance and a fresh read.
COLUMNS = ("status", "version", "accepted_at", "legal_amount", "legal_unit", "clock_started_at", "due_at")


def submitted() -> Dossier:
    return dossier_submit(
        actor=None, procedure_code="1.001612", competent_unit_code="24688", applicant=APPLICANT, now=SUBMITTED
    )


def test_a_new_dossier_starts_its_chain_without_reading_it(officer: User) -> None:
    dossier = submitted()
    first = Event.objects.get(dossier=dossier)
    assert (first.seq, first.kind, first.prev_hash) == (1, "submitted", GENESIS)
    accepted = dossier_accept(actor=officer, dossier=dossier, now=ACCEPTED)
    second = Event.objects.get(dossier=accepted, seq=2)
    assert (second.kind, second.prev_hash) == ("accepted", first.hash)


def test_a_second_first_event_is_refused_and_changes_nothing(officer: User) -> None:
    dossier = submitted()
    with pytest.raises(IntegrityError), transaction.atomic():
        event_append(dossier=dossier, kind="submitted", actor=None, at=SUBMITTED, first=True)
    assert list(Event.objects.filter(dossier=dossier).values_list("seq", "kind")) == [(1, "submitted")]


def test_the_accepted_dossier_is_as_a_reload_reads_it(
    officer: User, django_assert_num_queries: Callable[..., Any]
) -> None:
    dossier = submitted()
    accepted = dossier_accept(actor=officer, dossier=dossier, now=ACCEPTED)
    fresh = Dossier.objects.get(pk=dossier.pk)
    for column in COLUMNS:
        value, stored = getattr(accepted, column), getattr(fresh, column)
        assert (column, value, type(value)) == (column, stored, type(stored))
    assert accepted.accepted_at == ACCEPTED
    assert accepted.accepted_at.tzinfo == UTC  # as the database answers, not in the caller's zone
    assert type(accepted.status) is str  # plain text, not the Status member passed to the update
    with django_assert_num_queries(0):  # the related rows loaded before stay loaded
        assert accepted.procedure.code == "1.001612"
        assert accepted.competent_unit.province.code == 68


def test_the_steps_are_read_only_when_an_event_ends_one(officer: User) -> None:
    dossier = dossier_accept(actor=officer, dossier=submitted(), now=ACCEPTED)
    events = list(Event.objects.filter(dossier=dossier).order_by("seq"))
    assert needs_steps(events) is False
    steps = list(ProcessStep.objects.filter(version_id=dossier.process_version_id).order_by("position"))
    assert steps  # the procedure has timed steps, and yet the sheet is the same without them
    calendar = calendar_for_province(dossier.competent_unit.province)
    assert control_sheet(dossier, events, steps, calendar) == control_sheet(dossier, events, [], calendar)
    assert needs_steps([*events, Event(kind="assigned")]) is True
    assert needs_steps([Event(kind="proposed")]) is True
    assert needs_steps([Event(kind="resolved")]) is True


def test_the_procedure_and_its_version_in_one_read_keep_their_errors() -> None:
    ProcessVersion.objects.filter(procedure__code="1.001612").update(current=False)
    with pytest.raises(ProcessVersion.DoesNotExist):  # a catalogue fault, as before: nothing stored
        submitted()
    Procedure.objects.filter(code="1.001612").update(active=False)
    with pytest.raises(InvalidInput) as refused:
        submitted()
    assert (refused.value.field, str(refused.value.message)) == (
        "procedure",
        "Không có thủ tục nào mang mã 1.001612.",  # Vietnamese first
    )
    assert not Dossier.objects.exists()
