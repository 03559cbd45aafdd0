from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from motcua.accounts.models import User
from motcua.dossiers.actions import dossier_accept, dossier_submit
from motcua.dossiers.events import GENESIS, altered_dossiers
from motcua.dossiers.models import Event
from motcua.dossiers.tests.conftest import APPLICANT

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _two_dossiers(officer: User) -> tuple[str, str]:
    codes = []
    for hour in (8, 9):
        dossier = dossier_submit(
            actor=None,
            procedure_code="1.001612",
            competent_unit_code="24688",
            applicant=APPLICANT,
            now=datetime(2026, 11, 19, hour, tzinfo=VN),
        )
        dossier_accept(actor=officer, dossier=dossier, now=datetime(2026, 11, 19, hour, 30, tzinfo=VN))
        codes.append(dossier.code)
    return codes[0], codes[1]


def test_events_form_a_chain(officer: User) -> None:
    first, _second = _two_dossiers(officer)
    events = list(Event.objects.filter(dossier__code=first).order_by("seq"))
    assert [e.seq for e in events] == [1, 2]
    assert events[0].prev_hash == GENESIS
    assert events[1].prev_hash == events[0].hash
    assert list(altered_dossiers()) == []


def test_verify_events_names_the_dossier_whose_history_was_altered(
    officer: User, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = _two_dossiers(officer)
    call_command("verify_events")
    # Someone edits the recorded due time of the second dossier's acceptance directly in the database.
    Event.objects.filter(dossier__code=second, seq=2).update(data={"due_at": "2026-12-31T17:30:00+07:00"})
    with pytest.raises(CommandError):
        call_command("verify_events")
    out = capsys.readouterr().out
    assert f"{second}: " in out
    assert first not in out.split("\n", 1)[-1]
    assert list(altered_dossiers()) == [(second, [2])]


def test_a_deleted_event_breaks_the_chain(officer: User) -> None:
    first, _second = _two_dossiers(officer)
    Event.objects.filter(dossier__code=first, seq=1).delete()
    assert list(altered_dossiers()) == [(first, [1])]
