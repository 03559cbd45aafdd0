"""Security review H3: the history check catches what it used to miss — the last or every event of a
dossier deleted, a chain recomputed without the key, the dossier row edited, the anchors rewritten."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from motcua.audit.anchors import anchor_if_due, chains_anchor
from motcua.audit.models import Anchor, AnchorEntry
from motcua.audit.verification import Finding, history_findings
from motcua.dossiers import actions
from motcua.dossiers.events import GENESIS, event_hash, legacy_event_hash
from motcua.dossiers.models import Dossier, Event
from motcua.dossiers.states import Channel, ResultKind
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN)


def _submitted(people: People, hour: int = 8) -> Dossier:
    assert people.citizen.user is not None
    return actions.dossier_submit(
        actor=people.citizen.user,
        procedure_code="1.001612",
        competent_unit_code="24688",
        applicant=APPLICANT,
        now=at(23, hour),
    )


def _returned_and_rated(people: People) -> Dossier:
    """A whole life: accepted, assigned, appraised, proposed, refused with reasons, returned, rated."""
    desk, leader, handler, citizen = (
        p.user for p in (people.desk, people.leader, people.handler, people.citizen)
    )
    assert desk and leader and handler and citizen
    dossier = _submitted(people)
    actions.dossier_accept(actor=desk, dossier=dossier, now=at(23, 9))
    actions.dossier_assign(actor=leader, dossier=dossier, handler=handler, now=at(23, 10))
    actions.dossier_appraise(actor=handler, dossier=dossier, opinion="Đủ điều kiện", now=at(23, 11))
    actions.dossier_propose(actor=handler, dossier=dossier, proposal=ResultKind.REFUSED, now=at(23, 14))
    actions.dossier_decide(
        actor=leader, dossier=dossier, result=ResultKind.REFUSED, reason="Thiếu giấy tờ", now=at(24, 9)
    )
    actions.dossier_return(actor=desk, dossier=dossier, via=Channel.IN_PERSON, now=at(24, 10))
    actions.dossier_rate(actor=citizen, dossier=dossier, score=5, now=at(24, 11))
    return dossier


def _accepted(people: People, hour: int = 8) -> Dossier:
    assert people.desk.user is not None
    dossier = _submitted(people, hour)
    return actions.dossier_accept(actor=people.desk.user, dossier=dossier, now=at(23, hour, 30))


def _findings() -> list[tuple[str, str]]:
    return [(f.where, f.what) for f in history_findings()]


def test_a_whole_life_replays_to_the_row_and_verifies(people: People) -> None:
    dossier = _returned_and_rated(people)
    assert Event.objects.filter(dossier=dossier).count() == 8
    assert _findings() == []
    assert chains_anchor(now=at(24, 12)) is not None
    assert _findings() == []
    call_command("verify_events")


def test_h3_deleting_the_last_event_after_anchoring_is_caught(people: People) -> None:
    dossier = _returned_and_rated(people)
    intact = _accepted(people, 9)
    chains_anchor(now=at(24, 12))
    Event.objects.filter(dossier=dossier, seq=8).delete()  # the "rated" event, as in the review
    assert _findings() == [(dossier.code, "events 8 to 8 were deleted (anchored with 8)")]
    assert intact.code not in dict(_findings())


def test_h3_deleting_every_event_of_a_dossier_is_caught_even_before_any_anchor(people: People) -> None:
    dossier = _accepted(people)
    Event.objects.filter(dossier=dossier).delete()
    assert _findings() == [(dossier.code, "its whole history is missing")]


def _recompute(dossier: Dossier, hasher: object, key: bytes | None = None) -> None:
    """What an attacker with the database (and not the key) does: rewrite and re-hash the chain."""
    prev = GENESIS
    for event in Event.objects.filter(dossier=dossier).order_by("seq"):
        kwargs = {
            "code": dossier.code,
            "seq": event.seq,
            "kind": event.kind,
            "actor_id": event.actor_id,
            "at": event.at,
            "data": event.data,
            "prev_hash": prev,
        }
        digest = hasher(**kwargs, key=key) if key else hasher(**kwargs)  # type: ignore[operator]
        Event.objects.filter(pk=event.pk).update(prev_hash=prev, hash=digest)
        prev = digest


@pytest.mark.parametrize("attack", ["sha256", "guessed_key"])
def test_h3_a_chain_recomputed_without_the_key_is_caught(people: People, attack: str) -> None:
    dossier = _returned_and_rated(people)
    resolved = Event.objects.get(dossier=dossier, kind="resolved")
    resolved.data = {**resolved.data, "result_kind": ResultKind.GRANTED, "reason": "FORGED"}
    resolved.save()
    Dossier.objects.filter(pk=dossier.pk).update(result_kind=ResultKind.GRANTED)
    if attack == "sha256":
        _recompute(dossier, legacy_event_hash)
    else:
        _recompute(dossier, event_hash, key=b"motcua-demo-chain-key")
    assert _findings() == [(dossier.code, "history altered at event 1, 2, 3, 4, 5, 6, 7, 8")]


def test_h3_editing_the_row_alone_is_caught_field_by_field(people: People) -> None:
    dossier = _accepted(people)
    other = _accepted(people, 9)
    Dossier.objects.filter(pk=dossier.pk).update(due_at=datetime(2026, 12, 31, 10, 30, tzinfo=VN))
    Dossier.objects.filter(pk=other.pk).update(status="processing", accepted_at=None)
    assert _findings() == [
        (dossier.code, "the dossier row does not match its history: due_at"),
        (other.code, "the dossier row does not match its history: accepted_at, status"),
    ]


def test_h3_editing_an_anchored_row_field_no_event_states_is_caught(people: People) -> None:
    """The applicant's name is in no event: the anchor's row digest seals it."""
    dossier = _accepted(people)
    chains_anchor(now=at(23, 12))
    Dossier.objects.filter(pk=dossier.pk).update(applicant_name="Kẻ Giả Mạo", original_due_at=None)
    assert (dossier.code, "the dossier row was changed since it was anchored") in _findings()


def test_h3_a_rewritten_anchor_or_a_removed_one_is_caught(
    people: People, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _accepted(people)
    anchor = chains_anchor(now=at(23, 12))
    assert anchor is not None and anchor.seq == 1 and anchor.entries_count == 1
    kept_off_the_machine = f"{anchor.seq}:{anchor.hash}"
    second = _accepted(people, 9)
    newest = chains_anchor(now=at(23, 13))
    assert newest is not None and newest.seq == 2
    assert list(newest.entries.values_list("code", "length")) == [(second.code, 2)]
    call_command("verify_events", anchor=kept_off_the_machine)

    AnchorEntry.objects.filter(code=first.code).update(head="0" * 64)
    assert list(history_findings()) == [
        Finding("anchor 1", "the anchor or its entries were altered"),
        Finding(first.code, "the history differs from the one anchored at event 2"),
    ]
    AnchorEntry.objects.all().delete()
    Anchor.objects.all().delete()
    with pytest.raises(CommandError):
        call_command("verify_events", anchor=kept_off_the_machine)
    assert "anchor 1: the anchor kept off the machine is missing or different" in capsys.readouterr().out


def test_anchoring_only_what_moved_and_on_its_interval(people: People) -> None:
    _accepted(people)
    with override_settings(MOTCUA_ANCHOR_MINUTES=10):
        assert anchor_if_due(now=at(23, 12)) == 1
        assert anchor_if_due(now=at(23, 12, 5)) == 0  # too soon
        assert anchor_if_due(now=at(23, 12, 11)) == 0  # due, but no chain moved
        _accepted(people, 9)
        assert anchor_if_due(now=at(23, 12, 30)) == 1
    assert list(Anchor.objects.order_by("seq").values_list("seq", "entries_count")) == [(1, 1), (2, 1)]


def test_verify_events_prints_the_newest_anchor_and_names_the_altered(
    people: People, capsys: pytest.CaptureFixture[str]
) -> None:
    dossier = _accepted(people)
    call_command("anchor_chains")
    head = str(Anchor.objects.get())
    assert f"Newest anchor: {head}" in capsys.readouterr().out
    Dossier.objects.filter(pk=dossier.pk).update(due_at=None)
    with pytest.raises(CommandError, match="1 dossier"):
        call_command("verify_events")
    out = capsys.readouterr().out
    assert f"{dossier.code}: the dossier row does not match its history: due_at" in out
    assert f"Newest anchor: {head}" in out


def test_anchoring_in_batches_gives_one_anchor_that_verifies(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    from motcua.audit import anchors

    monkeypatch.setattr(anchors, "BATCH", 1)
    dossiers = [_accepted(people, hour) for hour in (8, 9, 10)]
    anchor = chains_anchor(now=at(23, 12))
    assert anchor is not None and anchor.entries_count == 3
    assert sorted(anchor.entries.values_list("code", flat=True)) == sorted(d.code for d in dossiers)
    assert _findings() == []
    Event.objects.filter(dossier=dossiers[1], seq=2).delete()
    assert _findings() == [
        (dossiers[1].code, "events 2 to 2 were deleted (anchored with 2)"),
        (
            dossiers[1].code,
            "the dossier row does not match its history: accepted_at, due_at, original_due_at, status",
        ),
    ]


def test_the_periodic_round_anchors_and_the_operators_read_the_anchors(people: People) -> None:
    from django.test import Client

    from motcua.accounts.models import User
    from motcua.interop.periodic import JOBS

    assert "chain_anchor" in dict(JOBS)
    _accepted(people)
    assert dict(JOBS)["chain_anchor"]() == 1
    operator = User.objects.create(username="operator", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(operator)
    assert client.get("/admin/audit/anchor/").context["cl"].result_count == 1
    staff = User.objects.create(username="staff", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/audit/anchor/").status_code == 403


def test_h3_a_dossier_deleted_whole_before_any_anchor_leaves_a_hole_in_the_numbering(people: People) -> None:
    first, second, third = (_accepted(people, hour) for hour in (8, 9, 10))
    from motcua.interop.models import OutboxMessage

    # The attacker removes every row that names the dossier, then the dossier.
    OutboxMessage.objects.filter(dossier=second).delete()
    Event.objects.filter(dossier=second).delete()
    Dossier.objects.filter(pk=second.pk).delete()
    prefix, number = second.code.rsplit("-", 1)
    assert _findings() == [(prefix, f"dossier numbers {number} were issued but the dossiers are gone")]
    assert {first.code, third.code}.isdisjoint(dict(_findings()))
