"""Anchoring the chains' heads (security review H3): every few minutes, one `Anchor` row with an
`AnchorEntry` for each dossier whose chain moved since the previous anchor. The anchors form a keyed
chain of their own; the newest one's `seq:hash` is what the operator keeps off the machine."""

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from motcua.audit.models import Anchor, AnchorEntry
from motcua.dossiers.events import GENESIS, chain_key, keyed_digest
from motcua.dossiers.models import Dossier, Event

# Event ids are handed out before commit: a transaction that started earlier may commit an event
# with an id below the last one an anchor saw. The next anchor looks this many ids further back;
# a chain whose head did not move gets no new entry.
LOOK_BACK_IDS = 1000

# The row fields a dossier's entry seals: those an event moves, and those fixed at submission.
# An explicit list, so that a column added later does not change what earlier anchors sealed.
ROW_FIELDS = (
    "code",
    "procedure_id",
    "receiving_unit_id",
    "competent_unit_id",
    "channel",
    "status",
    "applicant_name",
    "applicant_national_id",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "handler_id",
    "received_at",
    "decision_due_at",
    "accepted_at",
    "legal_amount",
    "legal_unit",
    "clock_started_at",
    "restarts",
    "due_at",
    "original_due_at",
    "transferred_at",
    "resolved_at",
    "result_kind",
    "returned_via",
    "finished_at",
)


def _plain(value: Any) -> Any:
    return value.astimezone(UTC).isoformat() if isinstance(value, datetime) else value


def row_digest(dossier: Dossier, *, key: bytes | None = None) -> str:
    return keyed_digest([[name, _plain(getattr(dossier, name))] for name in ROW_FIELDS], key=key)


def entry_line(code: str, length: int, head: str, row: str) -> bytes:
    return json.dumps([code, length, head, row], separators=(",", ":"), ensure_ascii=False).encode() + b"\n"


def entries_hmac(*, key: bytes | None = None) -> "hmac.HMAC":
    """The running HMAC of an anchor's entries, fed one `entry_line` at a time in dossier id order,
    so that anchoring or checking a million chains never holds them all in memory."""
    return hmac.new(chain_key() if key is None else key, b"entries", hashlib.sha256)


def anchor_hash(
    *,
    seq: int,
    at: datetime,
    last_event_id: int,
    count: int,
    digest: str,
    prev_hash: str,
    key: bytes | None = None,
) -> str:
    return keyed_digest(
        [seq, at.astimezone(UTC).isoformat(), last_event_id, count, digest, prev_hash], key=key
    )


# Dossiers read at a time while anchoring: bounded memory and SQL parameters on a million chains.
BATCH = 1000


@transaction.atomic
def chains_anchor(*, now: datetime | None = None) -> Anchor | None:
    """Anchor the head of every chain that moved since the last anchor; None when none moved."""
    now = now or timezone.now()
    # One anchoring at a time: the anchor chain takes one writer (the row lock on the newest).
    previous = Anchor.objects.select_for_update().order_by("-seq").first()
    since = max((previous.last_event_id if previous else 0) - LOOK_BACK_IDS, 0)
    last_event_id = Event.objects.aggregate(last=Max("pk"))["last"] or 0
    moved = sorted(
        set(
            Event.objects.filter(pk__gt=since, pk__lte=last_event_id)
            .values_list("dossier_id", flat=True)
            .distinct()
        )
    )
    seq = previous.seq + 1 if previous else 1
    prev_hash = previous.hash if previous else GENESIS
    anchor: Anchor | None = None
    digest = entries_hmac()
    count = 0
    for start in range(0, len(moved), BATCH):
        ids = moved[start : start + BATCH]
        heads = {
            dossier_id: (seq_, head)
            for dossier_id, seq_, head in Event.objects.filter(dossier_id__in=ids, pk__lte=last_event_id)
            .order_by("dossier_id", "seq")
            .values_list("dossier_id", "seq", "hash")
        }
        anchored = dict(
            AnchorEntry.objects.filter(dossier_id__in=ids)
            .order_by("dossier_id", "anchor_id")
            .values_list("dossier_id", "head")
        )
        rows = []
        for dossier in Dossier.objects.filter(pk__in=ids).order_by("pk").only(*ROW_FIELDS):
            length, head = heads[dossier.pk]
            if anchored.get(dossier.pk) != head:
                rows.append((dossier, length, head, row_digest(dossier)))
        if not rows:
            continue
        if anchor is None:  # the row exists before its entries point at it; its hash comes last
            anchor = Anchor.objects.create(
                seq=seq,
                at=now,
                last_event_id=last_event_id,
                entries_count=0,
                entries_digest="",
                prev_hash=prev_hash,
                hash="",
            )
        for d, length, head, row in rows:
            digest.update(entry_line(d.code, length, head, row))
        count += len(rows)
        AnchorEntry.objects.bulk_create(
            AnchorEntry(anchor=anchor, dossier=d, code=d.code, length=length, head=head, row_digest=row)
            for d, length, head, row in rows
        )
    if anchor is None:
        return None
    anchor.entries_count = count
    anchor.entries_digest = digest.hexdigest()
    anchor.hash = anchor_hash(
        seq=seq,
        at=now,
        last_event_id=last_event_id,
        count=count,
        digest=anchor.entries_digest,
        prev_hash=prev_hash,
    )
    anchor.save(update_fields=["entries_count", "entries_digest", "hash"])
    return anchor


def anchor_if_due(*, now: datetime | None = None) -> int:
    """The periodic job: anchor when the last anchor is older than MOTCUA_ANCHOR_MINUTES. Returns
    the number of chains anchored."""
    now = now or timezone.now()
    last = Anchor.objects.order_by("-seq").values_list("at", flat=True).first()
    if last is not None and now - last < timedelta(minutes=settings.MOTCUA_ANCHOR_MINUTES):
        return 0
    anchor = chains_anchor(now=now)
    return anchor.entries_count if anchor else 0


def anchor_head() -> str:
    """`seq:hash` of the newest anchor, for the operator to keep elsewhere; empty before the first."""
    newest = Anchor.objects.order_by("-seq").first()
    return str(newest) if newest else ""
