"""What one event adds to the counters. The live receiver and the rebuild both go through
`event_deltas`, so the counters a rebuild computes from the event log are by construction those the
transitions wrote; a test plays a long random history to hold that.

Timeliness (766: 2.1) is judged by `motcua.dossiers.clock.judge` against the original due time
(Art.19.6), for every accepted dossier that ends: settled (granted or refused after appraisal),
stopped, withdrawn, or closed for want of a supplement. No dossier leaves the figures by changing
state. A dossier with more than one supplement request is late whatever its times. The applicant's
waiting time is taken off (766: 2.1): a dossier that ends while waiting for a supplement (closed for
want of it, stopped or withdrawn meanwhile) is judged at the time of the request."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from motcua.core.calendar import VIETNAM_TZ, WorkingCalendar
from motcua.documents.models import SignedDocument
from motcua.dossiers.clock import judge
from motcua.dossiers.states import Channel, ResultKind, Status, Timeliness
from motcua.monitor.models import COUNTERS

INDEX = {name: i for i, name in enumerate(COUNTERS)}
CERTIFIED_COPY = SignedDocument.Kind.CERTIFIED_COPY
WIDTH = len(COUNTERS)
# Dossiers the snapshot of open dossiers holds: not decided yet, whether at the desk or in process.
OPEN_STATUSES = frozenset(
    {
        Status.NEW,
        Status.ACCEPTED,
        Status.PROCESSING,
        Status.PENDING_APPROVAL,
        Status.SUPPLEMENT_REQUESTED,
        Status.FINANCIAL_OBLIGATION,
    }
)
_RECEIVED: dict[int, int] = {
    Channel.IN_PERSON: INDEX["received_in_person"],
    Channel.ONLINE: INDEX["received_online"],
    Channel.POST: INDEX["received_post"],
}
_TIMELINESS: dict[str, int] = {
    Timeliness.EARLY: INDEX["resolved_early"],
    Timeliness.ON_TIME: INDEX["resolved_on_time"],
    Timeliness.LATE: INDEX["resolved_late"],
}
_SIMPLE = {
    "supplement_requested": INDEX["supplements"],
    "withdrawn": INDEX["withdrawn"],
    "stopped": INDEX["stopped"],
    "extended": INDEX["extensions"],
}
# Events that end a dossier's handling: judged against its due time once it was accepted.
ENDING = frozenset({"resolved", "stopped", "withdrawn", "supplement_expired"})
# Events that need the working calendar of the dossier's province.
NEEDS_CALENDAR = ENDING


@dataclass(frozen=True)
class ProcedureFacts:
    field_id: int
    full_online: bool
    has_fee: bool
    # For the catalogue's indicators (766: 1.3, 3.1): who settles it, and how it is published.
    level: str = ""
    department: str = ""
    online: bool = False  # offered partly or fully online
    complete: bool = False  # name, steps, components, legal time and result all present
    active: bool = True


class DossierFacts(NamedTuple):
    """The fields of a dossier the counters depend on. Those that change during its life
    (`accepted_at`, `decision_due_at`, `clock_started_at`, `original_due_at`) are read only by
    events after which they no longer change, so the final values serve the rebuild."""

    unit_id: int
    procedure_id: int
    channel: int
    accepted_at: datetime | None
    decision_due_at: datetime | None
    clock_started_at: datetime | None
    original_due_at: datetime | None
    supplements: int = 0  # supplement requests, read by the ending events only


def local_day(moment: datetime) -> date:
    return moment.astimezone(VIETNAM_TZ).date()


def working_minutes(calendar: WorkingCalendar, start: datetime, end: datetime) -> int:
    return max(0, int(calendar.working_hours_between(start, end) * 60))


def is_late(done: datetime, facts: DossierFacts, calendar: WorkingCalendar) -> bool:
    """An accepted dossier whose handling ended at `done`: late after its original due time, or
    when a supplement was requested more than once (766: 2.1)."""
    assert facts.original_due_at is not None
    return facts.supplements > 1 or judge(done, facts.original_due_at, calendar) == Timeliness.LATE


def _ended(done: datetime, facts: DossierFacts, calendar: WorkingCalendar) -> list[tuple[int, int]]:
    """A dossier stopped, withdrawn or closed: judged like the others once it was accepted."""
    if facts.accepted_at is None or facts.original_due_at is None:
        return []  # never accepted: no legal time ran, nothing to judge
    return [(INDEX["ended_late" if is_late(done, facts, calendar) else "ended_in_time"], 1)]


def event_deltas(
    *,
    kind: str,
    at: datetime,
    data: dict[str, Any],
    facts: DossierFacts,
    procedure: ProcedureFacts,
    calendar: WorkingCalendar,
    first_of_kind: bool = True,
    waiting_since: datetime | None = None,
) -> list[tuple[int, int]]:
    """(counter index, amount) pairs that the event adds on its local day. `first_of_kind`: no
    earlier event of the same kind on this dossier (digitised data reused is counted once);
    `waiting_since`: the time of the supplement request the dossier was waiting on when it was
    stopped or withdrawn."""
    if kind == "submitted":
        online = facts.channel == Channel.ONLINE
        out = [(_RECEIVED[facts.channel], 1)]
        if online or data.get("files"):
            out.append((INDEX["digitised"], 1))
        if procedure.full_online:
            out.append((INDEX["received_full_online_level"], 1))
            if online:
                out.append((INDEX["received_full_online_level_online"], 1))
        if procedure.has_fee:
            out.append((INDEX["received_with_fee"], 1))
            if online:
                out.append((INDEX["received_with_fee_online"], 1))
        return out
    if kind in ("accepted", "refused"):
        out = [(INDEX["accepted" if kind == "accepted" else "not_accepted"], 1)]
        if facts.channel == Channel.ONLINE:
            out.append((INDEX["decided_online"], 1))
            if facts.decision_due_at is not None and at <= facts.decision_due_at:
                out.append((INDEX["decided_in_time"], 1))
        return out
    if kind in ("stopped", "withdrawn"):
        return [(_SIMPLE[kind], 1), *_ended(waiting_since or at, facts, calendar)]
    if kind in _SIMPLE:
        return [(_SIMPLE[kind], 1)]
    if kind == "supplement_expired":
        out = [(INDEX["supplements_unanswered"], 1)]
        if facts.accepted_at is None:  # closed at reception: the dossier was never accepted
            out.append((INDEX["not_accepted"], 1))
        requested = data.get("requested_at")
        out.extend(_ended(datetime.fromisoformat(requested) if requested else at, facts, calendar))
        return out
    if kind == "resolved":
        out = []
        if facts.original_due_at is not None:
            verdict = judge(at, facts.original_due_at, calendar)
            if facts.supplements > 1:
                verdict = Timeliness.LATE
            out.append((_TIMELINESS[verdict], 1))
        if data.get("result_kind") == ResultKind.GRANTED:
            out.append((INDEX["granted"], 1))
            if data.get("files"):
                out.append((INDEX["e_results"], 1))
        if facts.clock_started_at is not None:
            out.append((INDEX["processing_minutes"], working_minutes(calendar, facts.clock_started_at, at)))
        if data.get("result_kind") == ResultKind.REFUSED:
            out.append((INDEX["result_refused"], 1))
        return out
    if kind == "returned":
        out = [(INDEX["returned"], 1)]
        if data.get("via") == Channel.ONLINE:
            out.append((INDEX["returned_online"], 1))
        return out
    if kind == "signed":
        if data.get("document_kind") == CERTIFIED_COPY:
            return [(INDEX["certified_copies"], 1)]
        return []
    if kind == "components_reused":
        return [(INDEX["reused"], 1)] if first_of_kind else []
    if kind == "rated":
        if data.get("dislike"):
            return [(INDEX["ratings"], 1), (INDEX["dislikes"], 1)]
        return [
            (INDEX["ratings"], 1),
            (INDEX["rating_scored"], 1),
            (INDEX["rating_score_sum"], data["score"]),
        ]
    return []


def month_of(day: date) -> date:
    return day.replace(day=1)
