"""Re-keying the chains stored before the key (plain SHA-256): a chain still intact under the old
hash gets keyed hashes; an altered one is left as it is and named, so re-keying never launders a
tampering."""

from collections.abc import Iterator

from django.db import transaction

from motcua.dossiers.events import (
    GENESIS,
    chain_breaks,
    chain_key,
    chains_in_batches,
    event_hash,
    legacy_event_hash,
)
from motcua.dossiers.models import Dossier, Event


def _legacy_intact(dossier: Dossier, events: list[Event]) -> bool:
    prev_hash = GENESIS
    for expected_seq, event in enumerate(events, 1):
        digest = legacy_event_hash(
            code=dossier.code,
            seq=event.seq,
            kind=event.kind,
            actor_id=event.actor_id,
            at=event.at,
            data=event.data,
            prev_hash=prev_hash,
        )
        if event.seq != expected_seq or event.prev_hash != prev_hash or event.hash != digest:
            return False
        prev_hash = event.hash
    return True


def chains_rekey(batch: int = 500, *, dry_run: bool = False) -> Iterator[tuple[str, bool]]:
    """(code, re-keyed) for each dossier whose chain is not keyed yet; False: altered, left alone.
    `dry_run`: only say which would be re-keyed."""
    key = chain_key()
    for chains in chains_in_batches(batch):
        with transaction.atomic():
            for dossier, events in chains:
                if not events or not chain_breaks(dossier, events, key=key):
                    continue
                if not _legacy_intact(dossier, events):
                    yield dossier.code, False
                    continue
                if dry_run:
                    yield dossier.code, True
                    continue
                prev_hash = GENESIS
                for event in events:
                    event.prev_hash = prev_hash
                    event.hash = prev_hash = event_hash(
                        code=dossier.code,
                        seq=event.seq,
                        kind=event.kind,
                        actor_id=event.actor_id,
                        at=event.at,
                        data=event.data,
                        prev_hash=prev_hash,
                        key=key,
                    )
                Event.objects.bulk_update(events, ["prev_hash", "hash"])
                yield dossier.code, True
