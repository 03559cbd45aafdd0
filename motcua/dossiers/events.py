"""The tamper-evident event log: each event's hash covers its content and the previous hash."""

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from django.dispatch import Signal

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier, Event

GENESIS = "0" * 64

# Sent inside the transaction of every transition, after its event is stored, with `event` and
# `dossier`. Apps above dossiers (outbox, counters) react here so their rows commit or roll back
# together with the transition; they must not deliver anything before the commit.
event_recorded = Signal()


def event_hash(
    *,
    code: str,
    seq: int,
    kind: str,
    actor_id: int | None,
    at: datetime,
    data: dict[str, Any],
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [code, seq, kind, actor_id, at.astimezone(UTC).isoformat(), data, prev_hash],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def event_append(
    *,
    dossier: Dossier,
    kind: str,
    actor: User | None,
    at: datetime,
    data: dict[str, Any] | None = None,
    first: bool = False,
) -> Event:
    """Append to the dossier's chain. Call inside the transaction of the transition it records.
    `first`: the dossier was created in this transaction, so its chain is empty and is not read
    (the unique sequence number would refuse a second "first" event)."""
    data = data or {}
    last = None
    if not first:
        last = Event.objects.filter(dossier=dossier).order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    actor_id = actor.pk if actor is not None else None
    digest = event_hash(
        code=dossier.code, seq=seq, kind=kind, actor_id=actor_id, at=at, data=data, prev_hash=prev_hash
    )
    event = Event.objects.create(
        dossier=dossier,
        seq=seq,
        kind=kind,
        actor_id=actor_id,
        at=at,
        data=data,
        prev_hash=prev_hash,
        hash=digest,
    )
    event_recorded.send(sender=Event, event=event, dossier=dossier)
    return event


def chain_breaks(dossier: Dossier, events: list[Event]) -> list[int]:
    """Sequence numbers where the stored chain does not match what its content hashes to."""
    broken = []
    prev_hash = GENESIS
    for expected_seq, event in enumerate(events, 1):
        digest = event_hash(
            code=dossier.code,
            seq=event.seq,
            kind=event.kind,
            actor_id=event.actor_id,
            at=event.at,
            data=event.data,
            prev_hash=prev_hash,
        )
        if event.seq != expected_seq or event.prev_hash != prev_hash or event.hash != digest:
            broken.append(expected_seq)
        prev_hash = event.hash
    return broken


def altered_dossiers(batch: int = 2000) -> Iterator[tuple[str, list[int]]]:
    """Every dossier whose history was altered, with where its chain breaks."""
    last_pk = 0
    while True:
        dossiers = list(Dossier.objects.filter(pk__gt=last_pk).order_by("pk").only("pk", "code")[:batch])
        if not dossiers:
            return
        by_dossier: dict[int, list[Event]] = {d.pk: [] for d in dossiers}
        for event in Event.objects.filter(dossier_id__in=by_dossier).order_by("dossier_id", "seq"):
            by_dossier[event.dossier_id].append(event)
        for dossier in dossiers:
            breaks = chain_breaks(dossier, by_dossier[dossier.pk])
            if breaks:
                yield dossier.code, breaks
        last_pk = dossiers[-1].pk
