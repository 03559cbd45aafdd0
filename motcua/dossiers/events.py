"""The tamper-evident event log: each event's hash is an HMAC of its content and the previous hash,
under a key kept outside the database (`MOTCUA_CHAIN_KEY`), so whoever can write the tables but not
read the key cannot recompute a chain after changing it (security review H3)."""

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.dispatch import Signal

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier, Event

GENESIS = "0" * 64

# Sent inside the transaction of every transition, after its event is stored, with `event` and
# `dossier`. Apps above dossiers (outbox, counters) react here so their rows commit or roll back
# together with the transition; they must not deliver anything before the commit.
event_recorded = Signal()


def chain_key() -> bytes:
    """The key of every chain (events and anchors). Read at each call so that a test or a re-keying
    can change it; it never comes from the database."""
    return str(settings.MOTCUA_CHAIN_KEY).encode()


def keyed_digest(payload: Any, *, key: bytes | None = None) -> str:
    """HMAC-SHA256 of the canonical JSON of `payload` (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(chain_key() if key is None else key, text.encode(), hashlib.sha256).hexdigest()


def _payload(
    code: str, seq: int, kind: str, actor_id: int | None, at: datetime, data: dict[str, Any], prev_hash: str
) -> list[Any]:
    return [code, seq, kind, actor_id, at.astimezone(UTC).isoformat(), data, prev_hash]


def event_hash(
    *,
    code: str,
    seq: int,
    kind: str,
    actor_id: int | None,
    at: datetime,
    data: dict[str, Any],
    prev_hash: str,
    key: bytes | None = None,
) -> str:
    return keyed_digest(_payload(code, seq, kind, actor_id, at, data, prev_hash), key=key)


def legacy_event_hash(
    *,
    code: str,
    seq: int,
    kind: str,
    actor_id: int | None,
    at: datetime,
    data: dict[str, Any],
    prev_hash: str,
) -> str:
    """The unkeyed SHA-256 chains were built with before the key: read only to re-key them."""
    text = json.dumps(
        _payload(code, seq, kind, actor_id, at, data, prev_hash),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()


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


def chain_breaks(dossier: Dossier, events: list[Event], *, key: bytes | None = None) -> list[int]:
    """Sequence numbers where the stored chain does not match what its content hashes to."""
    key = chain_key() if key is None else key
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
            key=key,
        )
        if event.seq != expected_seq or event.prev_hash != prev_hash or event.hash != digest:
            broken.append(expected_seq)
        prev_hash = event.hash
    return broken


def chains_in_batches(batch: int = 2000) -> Iterator[list[tuple[Dossier, list[Event]]]]:
    """Every dossier with its events in order, a batch of dossiers at a time (two queries each)."""
    last_pk = 0
    while True:
        dossiers = list(
            Dossier.objects.filter(pk__gt=last_pk).order_by("pk").select_related("handler")[:batch]
        )
        if not dossiers:
            return
        by_dossier: dict[int, list[Event]] = {d.pk: [] for d in dossiers}
        for event in Event.objects.filter(dossier_id__in=by_dossier).order_by("dossier_id", "seq"):
            by_dossier[event.dossier_id].append(event)
        yield [(d, by_dossier[d.pk]) for d in dossiers]
        last_pk = dossiers[-1].pk


def altered_dossiers(batch: int = 2000) -> Iterator[tuple[str, list[int]]]:
    """Every dossier whose chain was altered, with where it breaks. A dossier with no event at all
    lost its whole history: it breaks at event 1."""
    key = chain_key()
    for chains in chains_in_batches(batch):
        for dossier, events in chains:
            breaks = chain_breaks(dossier, events, key=key) if events else [1]
            if breaks:
                yield dossier.code, breaks
