"""What a dossier row must say, read back from its events: editing the row alone (a due time, the
status, the result) without a matching event is tampering (security review H3).

Only what the events determine is checked. A kind this module does not know leaves the status
undetermined until a known transition follows, so a new kind of event never raises a false alarm."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from motcua.dossiers.models import Dossier, Event
from motcua.dossiers.states import Status

# The status each kind of event leaves the dossier in, when it does not depend on the past.
_TO: dict[str, str] = {
    "submitted": Status.NEW,
    "accepted": Status.ACCEPTED,
    "transferred": Status.ACCEPTED,
    "refused": Status.NOT_ACCEPTED,
    "supplement_requested": Status.SUPPLEMENT_REQUESTED,
    "withdrawn": Status.WITHDRAWN,
    "stopped": Status.STOPPED,
    "assigned": Status.PROCESSING,
    "appraised": Status.PROCESSING,
    "sent_back": Status.PROCESSING,
    "proposed": Status.PENDING_APPROVAL,
    "payment_requested": Status.FINANCIAL_OBLIGATION,
    "resolved": Status.PROCESSED,
    "returned": Status.RETURNED,
    "rated": Status.RETURNED,
}
# Kinds that record something beside the dossier and leave its status as it was.
_KEEP = frozenset({"extended", "signed", "fees_remitted", "components_reused"})
# Kinds that close the dossier: their time is the row's `finished_at`.
_FINISH = frozenset({"refused", "withdrawn", "stopped", "supplement_expired", "returned"})

_UNKNOWN = object()


def _time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


@dataclass
class Replayed:
    """The row's fields as the events tell them; a field missing from `values` is not determined."""

    values: dict[str, Any] = field(default_factory=dict)


def replay(events: list[Event]) -> Replayed:
    status: Any = None
    resume: Any = None
    stage = ""
    values: dict[str, Any] = {
        "accepted_at": None,
        "due_at": None,
        "original_due_at": None,
        "transferred_at": None,
        "resolved_at": None,
        "result_kind": "",
        "returned_via": None,
        "finished_at": None,
        "handler": None,
    }
    original_known = True
    for event in events:
        kind, data = event.kind, event.data or {}
        if kind == "submitted":
            values["received_at"] = event.at
            if "channel" in data:
                values["channel"] = data["channel"]
        elif kind == "accepted":
            values["accepted_at"] = event.at
            values["due_at"] = values["original_due_at"] = _time(data.get("due_at"))
        elif kind == "supplement_requested":
            resume = Status.PROCESSING if status == Status.PENDING_APPROVAL else status
            stage = data.get("stage", "")
        elif kind == "supplement_provided":
            if data.get("restarted"):
                values["due_at"] = values["original_due_at"] = _time(data.get("due_at"))
        elif kind == "extended":
            values["due_at"] = _time(data.get("new_due_at"))
        elif kind == "payment_requested":
            resume = status
        elif kind == "payment_recorded" and data.get("due_at"):
            values["due_at"] = _time(data["due_at"])
            # The original due time moves by the same paused hours, which the event does not state.
            original_known = False
        elif kind == "transferred":
            values["transferred_at"] = event.at
        elif kind == "assigned":
            values["handler"] = data.get("handler")
        elif kind == "resolved":
            values["resolved_at"] = event.at
            values["result_kind"] = data.get("result_kind", "")
        elif kind == "returned":
            values["returned_via"] = data.get("via")
        if kind in _FINISH:
            values["finished_at"] = event.at
        # The status after the event.
        if kind in _TO:
            status = _TO[kind]
        elif kind == "supplement_provided":
            status = resume or Status.NEW if resume is not _UNKNOWN else _UNKNOWN
        elif kind == "payment_recorded":
            status = resume or Status.PROCESSING if resume is not _UNKNOWN else _UNKNOWN
        elif kind == "supplement_expired":
            status = Status.NOT_ACCEPTED if stage == "reception" else Status.STOPPED
        elif kind not in _KEEP:
            status = _UNKNOWN
    if status is not None and status is not _UNKNOWN:
        values["status"] = status
    if not original_known:
        del values["original_due_at"]
    return Replayed(values=values)


def _row_value(dossier: Dossier, name: str) -> Any:
    if name == "handler":
        return dossier.handler.get_username() if dossier.handler is not None else None
    return getattr(dossier, name)


def row_differences(dossier: Dossier, events: list[Event]) -> list[str]:
    """The fields of the dossier row that differ from what its events say (the dossier's
    `handler` should be loaded with it)."""
    if not events:
        return []
    expected = replay(events).values
    return [name for name, value in expected.items() if _row_value(dossier, name) != value]
