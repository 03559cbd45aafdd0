"""Reading the clock of a dossier: timeliness against the original due time, time left, and the
process control sheet (each hand-over with its own step deadline) rebuilt from the event log."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from motcua.catalog.models import ProcessStep
from motcua.core.calendar import WorkingCalendar
from motcua.dossiers.models import Dossier, Event, Supplement
from motcua.dossiers.states import CLOCK_RUNNING, Status, Timeliness


def judge(done: datetime, due: datetime, calendar: WorkingCalendar) -> str:
    """Early when done on a day before the due day; on time until the due time; late after it."""
    if done > due:
        return Timeliness.LATE
    if done.astimezone(calendar.tz).date() < due.astimezone(calendar.tz).date():
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def timeliness(dossier: Dossier, now: datetime, calendar: WorkingCalendar) -> str | None:
    """Judged against `original_due_at` (Art.19.6); None only while no clock ever ran (waiting at
    the desk, refused at reception). A withdrawn or stopped dossier is judged like any other, by
    when it ended (the national 766 formula: no dossier leaves the figures by changing state): when
    the clock stood waiting for a supplement, by when that wait began."""
    due = dossier.original_due_at
    if due is None:
        return None
    if dossier.resolved_at is not None:
        return judge(dossier.resolved_at, due, calendar)
    if dossier.status in (Status.WITHDRAWN, Status.STOPPED) and dossier.finished_at is not None:
        # A supplement left unanswered when the dossier ended was closed at that same instant.
        unanswered = Supplement.objects.filter(
            dossier=dossier, provided_at__isnull=True, closed_at=dossier.finished_at
        )
        waited = unanswered.values_list("requested_at", flat=True).first()
        ended = waited or dossier.finished_at
        return Timeliness.LATE if ended > due else Timeliness.ON_TIME
    return Timeliness.OVERDUE if now > due else Timeliness.ON_TRACK


def working_hours_left(dossier: Dossier, now: datetime, calendar: WorkingCalendar) -> Decimal | None:
    """Working hours until the current deadline: the decision on an online dossier while it waits
    at the desk, the due time while the clock runs; negative once passed."""
    if dossier.status == Status.NEW and dossier.decision_due_at is not None:
        deadline = dossier.decision_due_at
    elif dossier.status in CLOCK_RUNNING and dossier.due_at is not None:
        deadline = dossier.due_at
    else:
        return None
    if now <= deadline:
        return calendar.working_hours_between(now, deadline)
    return -calendar.working_hours_between(deadline, now)


@dataclass(frozen=True)
class HandOver:
    """One row of the process control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ)."""

    step: str
    giver: str
    receiver: str
    at: datetime
    due: datetime | None
    timeliness: str | None


# The event that ends each step of the standard process, by the role that performs the step.
_STEP_ENDS = {
    "receiving_officer": ("transferred", "assigned"),
    "handler": ("proposed",),
    "unit_leader": ("resolved",),
}


_STEP_END_KINDS = frozenset(kind for kinds in _STEP_ENDS.values() for kind in kinds)


def needs_steps(events: list[Event]) -> bool:
    """Whether the control sheet of these events depends on the process steps: only an event that
    ends a step is timed against one; without such an event the sheet is the same without them."""
    return any(event.kind in _STEP_END_KINDS for event in events)


def _name(event: Event) -> str:
    if event.actor is None:
        return _("the system")
    return event.actor.full_name or event.actor.get_username()


def control_sheet(
    dossier: Dossier, events: list[Event], steps: list[ProcessStep], calendar: WorkingCalendar
) -> list[HandOver]:
    """The hand-overs of the current legal run. Each step's deadline is its share of the legal time,
    counted in working hours from the moment the step began."""
    rows: list[HandOver] = []
    if dossier.clock_started_at is None or dossier.original_due_at is None:
        return rows
    budget = calendar.working_hours_between(dossier.clock_started_at, dossier.original_due_at)
    run = [e for e in events if e.at >= dossier.clock_started_at]
    step_start = dossier.clock_started_at
    leader = _("Leader of %(unit)s") % {"unit": dossier.competent_unit.name}
    desk = _("One-stop desk of %(unit)s") % {"unit": dossier.receiving_unit.name}
    handler_name = ""
    pending = list(steps)
    for event in run:
        if event.kind == "assigned":
            handler_name = event.data.get("handler_name") or event.data.get("handler", "")
        step = pending[0] if pending else None
        if step is not None and event.kind in _STEP_ENDS.get(step.role, ()):
            pending.pop(0)
            due = calendar.due_after_working_hours(step_start, budget * step.share / 100).due
            receiver = {
                "transferred": dossier.competent_unit.name,
                "assigned": handler_name,
                "proposed": leader,
                "resolved": desk,
            }[event.kind]
            rows.append(
                HandOver(step.name, _name(event), receiver, event.at, due, judge(event.at, due, calendar))
            )
            step_start = event.at
            continue
        # Hand-overs outside the timed steps: recorded on the sheet without a step deadline.
        untimed = {
            "accepted": (_("Reception"), dossier.applicant_name, _name(event)),
            "supplement_provided": (_("Supplement received"), dossier.applicant_name, _name(event)),
            "assigned": (_("Assignment"), _name(event), handler_name),
            "sent_back": (_("Returned to the handler for review"), _name(event), handler_name),
            "returned": (_("Return of the result"), _name(event), dossier.applicant_name),
        }.get(event.kind)
        if untimed is not None:
            rows.append(HandOver(*untimed, at=event.at, due=None, timeliness=None))
    return rows
