"""Chains stored before the key are re-keyed once; an altered one is never laundered."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from motcua.audit.tests.test_verification import _accepted, _findings, _recompute
from motcua.dossiers.events import legacy_event_hash
from motcua.dossiers.models import Event
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def test_rekey_keys_the_intact_legacy_chains_and_names_the_altered(
    people: People, capsys: pytest.CaptureFixture[str]
) -> None:
    intact, altered = _accepted(people), _accepted(people, 9)
    _recompute(intact, legacy_event_hash)
    _recompute(altered, legacy_event_hash)
    Event.objects.filter(dossier=altered, seq=2).update(data={"due_at": "2027-01-01T10:00:00+07:00"})
    assert {code for code, _what in _findings()} == {intact.code, altered.code}
    with pytest.raises(CommandError, match="1 dossier"):
        call_command("rekey_events")
    out = capsys.readouterr().out
    assert "1 chain(s) re-keyed." in out
    assert f"{altered.code}: history altered, left as it is" in out
    assert [code for code, _what in _findings()] == [altered.code, altered.code]
    call_command("anchor_chains")
    # Nothing left to re-key (the altered chain is not re-keyable): safe to run again.
    with pytest.raises(CommandError, match="1 dossier"):
        call_command("rekey_events")
    assert "0 chain(s) re-keyed." in capsys.readouterr().out
    # A chain still under the old hash, once anchors exist: refused, nothing changed.
    _recompute(intact, legacy_event_hash)
    with pytest.raises(CommandError, match="already anchored"):
        call_command("rekey_events")


def test_a_chain_already_keyed_is_left_alone(people: People) -> None:
    dossier = _accepted(people)
    before = list(Event.objects.filter(dossier=dossier).values_list("hash", flat=True))
    call_command("rekey_events")
    assert list(Event.objects.filter(dossier=dossier).values_list("hash", flat=True)) == before
    assert datetime(2026, 1, 1, tzinfo=VN)  # the module's zone is the tests' zone
