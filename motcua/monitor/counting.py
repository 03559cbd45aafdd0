"""What one event adds to the counters. The live receiver and the rebuild both go through
`event_deltas`, so the counters a rebuild computes from the event log are by construction those the
transitions wrote; a test plays a long random history to hold that."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from motcua.core.calendar import VIETNAM_TZ, WorkingCalendar
from motcua.dossiers.clock import judge
from motcua.dossiers.states import Channel, ResultKind, Status, Timeliness
from motcua.monitor.models import COUNTERS

INDEX = {name: i for i, name in enumerate(COUNTERS)}
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


@dataclass(frozen=True)
class ProcedureFacts:
    field_id: int
    full_online: bool
    has_fee: bool


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


def local_day(moment: datetime) -> date:
    return moment.astimezone(VIETNAM_TZ).date()


def working_minutes(calendar: WorkingCalendar, start: datetime, end: datetime) -> int:
    return max(0, int(calendar.working_hours_between(start, end) * 60))


def event_deltas(
    *,
    kind: str,
    at: datetime,
    data: dict[str, Any],
    facts: DossierFacts,
    procedure: ProcedureFacts,
    calendar: WorkingCalendar,
) -> list[tuple[int, int]]:
    """(counter index, amount) pairs that the event adds on its local day."""
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
    if kind in _SIMPLE:
        return [(_SIMPLE[kind], 1)]
    if kind == "supplement_expired":
        out = [(INDEX["supplements_unanswered"], 1)]
        if facts.accepted_at is None:  # closed at reception: the dossier was never accepted
            out.append((INDEX["not_accepted"], 1))
        return out
    if kind == "resolved":
        out = []
        if facts.original_due_at is not None:
            out.append((_TIMELINESS[judge(at, facts.original_due_at, calendar)], 1))
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
