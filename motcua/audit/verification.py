"""The full history check behind `manage.py verify_events` (security review H3): each chain's keyed
links, a chain present for every dossier, every chain at least as long as its last anchor and with
the anchored hash at that length, the anchors' own chain, and each dossier row against its events."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.audit.anchors import anchor_hash, entries_hmac, entry_line, row_digest
from motcua.audit.models import Anchor, AnchorEntry
from motcua.audit.replay import row_differences
from motcua.dossiers.events import GENESIS, chain_breaks, chain_key, chains_in_batches
from motcua.dossiers.models import DailySequence, Dossier, Event


@dataclass(frozen=True)
class Finding:
    """One altered thing: a dossier's code, or "anchor N"; what was found, in words."""

    where: str
    what: str


def anchors_check(*, expected_head: str = "") -> Iterator[Finding]:
    """The anchors' chain and the entries under each anchor; `expected_head` ("seq:hash", kept off
    the machine) must be one of the anchors, unchanged. Entries are streamed, in dossier id order."""
    key = chain_key()
    prev_hash = GENESIS
    found_head = not expected_head
    for expected_seq, anchor in enumerate(Anchor.objects.order_by("seq"), 1):
        digest = entries_hmac(key=key)
        count = 0
        entries = (
            AnchorEntry.objects.filter(anchor=anchor)
            .order_by("dossier_id")
            .values_list("code", "length", "head", "row_digest")
        )
        for code, length, head, row in entries.iterator(chunk_size=2000):
            digest.update(entry_line(code, length, head, row))
            count += 1
        expected_hash = anchor_hash(
            seq=anchor.seq,
            at=anchor.at,
            last_event_id=anchor.last_event_id,
            count=anchor.entries_count,
            digest=anchor.entries_digest,
            prev_hash=prev_hash,
            key=key,
        )
        if (
            anchor.seq != expected_seq
            or anchor.prev_hash != prev_hash
            or anchor.hash != expected_hash
            or anchor.entries_count != count
            or anchor.entries_digest != digest.hexdigest()
        ):
            yield Finding(
                _("anchor %(seq)s") % {"seq": expected_seq}, _("the anchor or its entries were altered")
            )
        if f"{anchor.seq}:{anchor.hash}" == expected_head:
            found_head = True
        prev_hash = anchor.hash
    if not found_head:
        yield Finding(
            _("anchor %(head)s") % {"head": expected_head.split(":", 1)[0]},
            _("the anchor kept off the machine is missing or different: anchors were removed or rewritten"),
        )


def _latest_entries(dossier_ids: list[int]) -> dict[int, AnchorEntry]:
    latest: dict[int, AnchorEntry] = {}
    # Anchors are appended in order: the greatest anchor id is the latest anchor.
    for entry in AnchorEntry.objects.filter(dossier_id__in=dossier_ids).order_by("dossier_id", "anchor_id"):
        latest[entry.dossier_id] = entry
    return latest


def dossier_findings(
    dossier: Dossier, events: list[Event], entry: AnchorEntry | None, key: bytes
) -> list[str]:
    if not events:
        return [_("its whole history is missing")]
    found = []
    breaks = chain_breaks(dossier, events, key=key)
    if breaks:
        found.append(_("history altered at event %(seq)s") % {"seq": ", ".join(map(str, breaks))})
    if entry is not None:
        if len(events) < entry.length:
            found.append(
                _("events %(first)s to %(last)s were deleted (anchored with %(length)s)")
                % {"first": len(events) + 1, "last": entry.length, "length": entry.length}
            )
        elif events[entry.length - 1].hash != entry.head:
            found.append(
                _("the history differs from the one anchored at event %(seq)s") % {"seq": entry.length}
            )
        elif len(events) == entry.length and row_digest(dossier, key=key) != entry.row_digest:
            found.append(_("the dossier row was changed since it was anchored"))
    differences = row_differences(dossier, events)
    if differences:
        found.append(
            _("the dossier row does not match its history: %(fields)s") % {"fields": ", ".join(differences)}
        )
    return found


def numbering_findings() -> Iterator[Finding]:
    """A dossier deleted whole, events and row together before any anchor, leaves a hole in its
    agency's day: the numbers are gap-free (Art.28.2; the counter and the dossier commit together)."""
    issued: dict[str, set[int]] = {}
    for code in Dossier.objects.values_list("code", flat=True).iterator(chunk_size=5000):
        prefix, _sep, number = code.rpartition("-")
        if number.isdigit():
            issued.setdefault(prefix, set()).add(int(number))
    for agency, day, last in DailySequence.objects.values_list("agency_code", "day", "last").iterator():
        prefix = f"{agency}-{day:%y%m%d}"
        missing = sorted(set(range(1, last + 1)) - issued.get(prefix, set()))
        if missing:
            yield Finding(
                prefix,
                _("dossier numbers %(numbers)s were issued but the dossiers are gone")
                % {"numbers": ", ".join(f"{n:04d}" for n in missing[:20])},
            )


def history_findings(*, expected_head: str = "", batch: int = 2000) -> Iterator[Finding]:
    """Everything altered in the dossiers' histories and the anchors, dossier by dossier."""
    key = chain_key()
    yield from anchors_check(expected_head=expected_head)
    yield from numbering_findings()
    for chains in chains_in_batches(batch):
        latest = _latest_entries([d.pk for d, _events in chains])
        for dossier, events in chains:
            for what in dossier_findings(dossier, events, latest.get(dossier.pk), key):
                yield Finding(dossier.code, what)
