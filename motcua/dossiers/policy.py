"""The decree's workflow rules in one place (Decree 118/2025): its periods with the per-procedure
overrides a sector law may set, which unit settles which procedure, the event kinds, and the table
of who may take which action on a dossier in which situation.

Every action in `motcua.dossiers.actions` starts with `guard(name, situation)`; the desk's buttons
and the API's `available_actions` are `available_actions(...)`. A rule changed here changes the
action, the button and the API together."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import can
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.selectors import CLOSURE_DAYS, DECISION_HOURS, SUPPLEMENT_WINDOW_DAYS, procedure_rules
from motcua.core.calendar import WorkingCalendar
from motcua.core.errors import Conflict, NotFound
from motcua.dossiers.models import Dossier, Extension, Supplement
from motcua.dossiers.states import BEFORE_DECISION, CLOCK_RUNNING, Channel, Status

# The event kinds: defined beside the states so that `Event.kind` can use them as its choices.
from motcua.dossiers.states import EventKind as EventKind
from motcua.units.models import Unit
from motcua.units.selectors import calendar_for_province

# --- the periods ----------------------------------------------------------------------------------

# Art.19.6: the appointment can be moved only until one working day before it.
EXTENSION_MARGIN_WORKING_DAYS = 1
# Security finding M2: a new appointment is at most the original legal time again after the
# current one (or 5 working days, for the shortest procedures); a date beyond that is a typing
# error or an abuse, not a delay.
EXTENSION_MAX_FACTOR = 1
EXTENSION_MIN_WORKING_DAYS = 5


@dataclass(frozen=True)
class Periods:
    """The decree's periods for one dossier: its procedure's, where a sector law sets its own."""

    decision_hours: int = DECISION_HOURS  # Art.17.2.c: online dossier decided within 8 working hours
    supplement_window_days: int = SUPPLEMENT_WINDOW_DAYS  # Art.19.5: request within 3 working days
    closure_days: int = CLOSURE_DAYS  # Art.19.5: closed 15 days after an unanswered request
    extension_margin_days: int = EXTENSION_MARGIN_WORKING_DAYS
    # The legal time of the version in force, when a dated version of the procedure sets one;
    # None: the procedure's own.
    time_amount: int | None = None
    time_unit: str = ""


def periods_for(procedure: Procedure, on: date) -> Periods:
    """The periods in force for a dossier of `procedure` received on `on`: those of the version of
    the procedure in force that day (as `catalog.selectors.procedure_rules` chooses it), else the
    decree's. Uses the prefetched `versions` when present; otherwise one query, for these columns
    alone (a page asks for them beside everything else it reads)."""
    if "versions" in getattr(procedure, "_prefetched_objects_cache", {}):
        rules = procedure_rules(procedure, on=on)
        if rules.effective_from is None:
            return Periods()
        return Periods(
            decision_hours=rules.decision_hours,
            supplement_window_days=rules.supplement_window_days,
            closure_days=rules.closure_days,
            time_amount=rules.time_amount,
            time_unit=rules.time_unit,
        )
    version = (
        ProcedureVersion.objects.filter(procedure=procedure, effective_from__lte=on)
        .order_by("-effective_from")
        .values("decision_hours", "supplement_window_days", "closure_days", "time_amount", "time_unit")
        .first()
    )
    return Periods(**version) if version is not None else Periods()


def periods_of(dossier: Dossier, calendar: WorkingCalendar | None = None) -> Periods:
    """The periods of the dossier, looked up once per instance (a page asks several times)."""
    cached: Periods | None = getattr(dossier, "_policy_periods", None)
    if cached is None:
        tz = (calendar or calendar_of(dossier)).tz
        cached = periods_for(dossier.procedure, dossier.received_at.astimezone(tz).date())
        dossier._policy_periods = cached  # type: ignore[attr-defined]
    return cached


def end_of_day(day: date, calendar: WorkingCalendar) -> datetime:
    """24:00 of `day` in the province (Civil Code Art.147: a period in days ends at the end of its
    last day), stored as its last second, 23:59:59, so that it reads as that day everywhere."""
    return datetime.combine(day, time(23, 59, 59), calendar.tz)


def supplement_window_end(accepted_at: datetime, calendar: WorkingCalendar, days: int) -> datetime:
    """Art.19.5 counted as the Civil Code counts (Art.144-148): the day of acceptance is not counted,
    the period ends at the end of the `days`-th working day after it."""
    last = calendar.due_time_after_working_days(accepted_at, days)
    return end_of_day(last.astimezone(calendar.tz).date(), calendar)


def closure_time(requested_at: datetime, calendar: WorkingCalendar, days: int) -> datetime:
    """Art.19.5 with Civil Code Art.147-148: `days` calendar days, the day of the notice not counted,
    ending at the end of the last day; a last day that is not a working day moves to the end of the
    next working day."""
    last = requested_at.astimezone(calendar.tz).date() + timedelta(days=days)
    if not calendar.is_working_day(last):
        last = calendar.next_working_day(last)
    return end_of_day(last, calendar)


def due_for(calendar: WorkingCalendar, start: datetime, amount: int, unit: str) -> datetime:
    """The due time of a legal time: working days or hours on the calendar, or calendar days
    ("cal_days", where the law writes "ngày") counted as the Civil Code counts: the first day not
    counted, ending with the office on the last day, or on the next working day when that rests."""
    if unit == "cal_days":
        last = start.astimezone(calendar.tz).date() + timedelta(days=amount)
        return calendar.due_time_after_working_days(datetime.combine(last, time(12), calendar.tz), 0)
    return calendar.due(start, amount, unit).due


def extension_latest(dossier: Dossier, calendar: WorkingCalendar) -> datetime | None:
    """The latest new appointment an extension may give: the current one plus the legal time again,
    and never less than `EXTENSION_MIN_WORKING_DAYS` working days after it."""
    if dossier.due_at is None:
        return None
    floor = calendar.due_time_after_working_days(dossier.due_at, EXTENSION_MIN_WORKING_DAYS)
    if dossier.legal_amount and dossier.legal_unit:
        again = due_for(
            calendar, dossier.due_at, dossier.legal_amount * EXTENSION_MAX_FACTOR, dossier.legal_unit
        )
        return max(again, floor)
    return floor


# --- competence -----------------------------------------------------------------------------------


def settles(unit: Unit, procedure: Procedure) -> bool:
    """Whether the unit is competent for the procedure: communes settle commune-level ones, each
    department of the province the ones of its sector."""
    if procedure.level == Procedure.Level.COMMUNE:
        return unit.kind in Unit.COMMUNE_LEVEL
    return unit.kind == Unit.Kind.DEPARTMENT and unit.code.split(".", 1)[1] == procedure.department


# --- who is who -----------------------------------------------------------------------------------


def calendar_of(dossier: Dossier) -> WorkingCalendar:
    """Deadlines run on the calendar of the competent unit's province."""
    return calendar_for_province(dossier.competent_unit.province, cached=True)


def may(actor: User | None, permission: str, unit: Unit) -> bool:
    return actor is not None and can(actor, permission, unit)


def is_applicant(actor: User | None, dossier: Dossier) -> bool:
    """The citizen the dossier belongs to: the account that submitted it, or a citizen account
    with the applicant's personal ID number (as they see it in their own dossiers)."""
    if actor is None or actor.kind != User.Kind.CITIZEN:
        return False
    if actor.pk == dossier.applicant_user_id:
        return True
    return bool(actor.national_id) and actor.national_id == dossier.applicant_national_id


def not_yours(dossier: Dossier) -> NotFound:
    """An official who sees the dossier but may not take this action: still a 404, never a 403."""
    return NotFound(
        _("This action on dossier %(code)s is not available to you.") % {"code": dossier.code},
        code="not_found",
    )


def not_now(dossier: Dossier) -> Conflict:
    return Conflict(
        _("This action is not possible: the dossier is “%(status)s”.")
        % {"status": dossier.get_status_display()}
    )


# --- the situation --------------------------------------------------------------------------------


@dataclass
class Situation:
    """What the guards read: the dossier, the actor, the time, and the rows beside the dossier."""

    dossier: Dossier
    actor: User | None
    now: datetime
    calendar: WorkingCalendar
    # Anyone who proved the tracking secret acts as the applicant (public tracking page, API).
    proven_applicant: bool = False
    # Read on first use only: most guards never look at them.
    _supplements: list[Supplement] | None = field(default=None, repr=False)
    _extended: bool | None = field(default=None, repr=False)
    _periods: Periods | None = field(default=None, repr=False)

    @property
    def status(self) -> str:
        return self.dossier.status

    @property
    def supplements(self) -> list[Supplement]:
        if self._supplements is None:
            self._supplements = list(self.dossier.supplements.all())
        return self._supplements

    @property
    def extended(self) -> bool:
        if self._extended is None:
            self._extended = (
                self.dossier.clock_started_at is not None
                and Extension.objects.filter(dossier=self.dossier).exists()
            )
        return self._extended

    @property
    def periods(self) -> Periods:
        if self._periods is None:
            self._periods = periods_of(self.dossier, self.calendar)
        return self._periods

    @property
    def open_supplement(self) -> Supplement | None:
        return next((s for s in self.supplements if s.provided_at is None and s.closed_at is None), None)

    def desk(self) -> bool:
        return may(self.actor, Permission.RECEIVE_DOSSIER, self.dossier.receiving_unit)

    def leader(self) -> bool:
        return may(self.actor, Permission.APPROVE_DOSSIER, self.dossier.competent_unit)

    def assigner(self) -> bool:
        return may(self.actor, Permission.ASSIGN_DOSSIER, self.dossier.competent_unit)

    def assigned_handler(self) -> bool:
        return (
            self.actor is not None
            and self.dossier.handler_id == self.actor.pk
            and may(self.actor, Permission.HANDLE_DOSSIER, self.dossier.competent_unit)
        )

    def applicant(self) -> bool:
        return self.proven_applicant or is_applicant(self.actor, self.dossier)

    def online_applicant(self) -> bool:
        """Art.21.2: the applicant of an online dossier stops or withdraws it online themselves."""
        return self.dossier.channel == Channel.ONLINE and self.applicant()


def situation_of(
    dossier: Dossier,
    actor: User | None,
    now: datetime,
    *,
    calendar: WorkingCalendar | None = None,
    supplements: list[Supplement] | None = None,
    extended: bool | None = None,
    proven_applicant: bool = False,
) -> Situation:
    """The situation of a dossier; what the caller already read is passed in, the rest is read
    when a guard needs it."""
    return Situation(
        dossier=dossier,
        actor=actor,
        now=now,
        calendar=calendar or calendar_of(dossier),
        proven_applicant=proven_applicant,
        _supplements=supplements,
        _extended=extended,
    )


# --- the guards -----------------------------------------------------------------------------------

Guard = Callable[[Situation], None]


def _role(s: Situation, allowed: bool) -> None:
    if not allowed:
        raise not_yours(s.dossier)


def _state(s: Situation, allowed_from: tuple[str, ...]) -> None:
    if s.status not in allowed_from:
        raise not_now(s.dossier)


def supplement_stage(s: Situation) -> str:
    return Supplement.Stage.RECEPTION if s.status == Status.NEW else Supplement.Stage.PROCESSING


def _request_supplement(s: Situation) -> None:
    """At reception the desk asks; after acceptance the assigned handler or the leader, within the
    window of Art.19.5. One request per stage (Art.11.2.c, 16.3, 17.2.a; Art.5.1.đ)."""
    if s.status == Status.NEW:
        _role(s, s.desk())
    else:
        _role(s, s.assigned_handler() or s.leader())
        _state(s, CLOCK_RUNNING)
        accepted = s.dossier.accepted_at
        if accepted is not None:
            days = s.periods.supplement_window_days
            end = supplement_window_end(accepted, s.calendar, days)
            if s.now > end:
                raise Conflict(
                    _(
                        "A supplement can be requested only within %(days)s working days of acceptance, "
                        "until %(end)s."
                    )
                    % {"days": days, "end": end.astimezone(s.calendar.tz).strftime("%d/%m/%Y")},
                    code="supplement_window",
                )
    stage = supplement_stage(s)
    if any(x.stage == stage for x in s.supplements):
        message = (
            _("A supplement was already requested at reception; the law allows it only once.")
            if stage == Supplement.Stage.RECEPTION
            else _("A supplement was already requested during processing; the law allows it only once.")
        )
        raise Conflict(message, code="supplement_once")


def _provide_supplement(s: Situation) -> None:
    """The desk records papers brought in; the citizen who owns the dossier may upload them. After
    the closure time of a processing-stage request nothing arrives any more (Art.19.5)."""
    _role(s, s.desk() or s.applicant())
    _state(s, (Status.SUPPLEMENT_REQUESTED,))
    supplement = s.open_supplement
    if (
        supplement is not None
        and supplement.stage == Supplement.Stage.PROCESSING
        and s.now > supplement.answer_by
    ):
        raise Conflict(
            _("The time to complete the dossier ended on %(date)s; the dossier is being closed.")
            % {"date": supplement.answer_by.astimezone(s.calendar.tz).strftime("%H:%M %d/%m/%Y")}
        )


def _transfer(s: Situation) -> None:
    _role(s, s.desk())
    d = s.dossier
    if d.receiving_unit_id == d.competent_unit_id:
        raise Conflict(_("The dossier is already at the unit that settles it."))
    if d.transferred_at is not None:
        raise Conflict(_("The dossier was already sent to %(unit)s.") % {"unit": d.competent_unit.name})
    _state(s, (Status.ACCEPTED,))


def _assign(s: Situation) -> None:
    _role(s, s.assigner())
    d = s.dossier
    if d.receiving_unit_id != d.competent_unit_id and d.transferred_at is None:
        raise Conflict(_("The receiving desk has not sent the dossier to this unit yet."))
    _state(s, (Status.ACCEPTED, Status.PROCESSING))


def _extend(s: Situation) -> None:
    """Art.19.6: once, by the competent unit, at least one working day before the appointment."""
    _role(s, s.assigned_handler() or s.leader())
    if s.extended:
        raise Conflict(_("The appointment was already moved once; it cannot be moved again."))
    _state(s, CLOCK_RUNNING)
    due = s.dossier.due_at
    if due is None:
        raise not_now(s.dossier)
    margin = s.calendar.office_hours.hours_per_day * s.periods.extension_margin_days
    if s.calendar.working_hours_between(s.now, due) < margin:
        raise Conflict(
            _("The appointment can be moved only until one working day before it (%(due)s).")
            % {"due": due.astimezone(s.calendar.tz).strftime("%H:%M %d/%m/%Y")}
        )


def _withdraw(s: Situation) -> None:
    """Art.21: on the applicant's request, recorded by the desk, or online by the applicant."""
    _role(s, s.desk() or s.online_applicant())
    _state(s, BEFORE_DECISION)


def _stop(s: Situation) -> None:
    """Art.21: only on the applicant's request; a unit leader cannot stop a dossier alone."""
    _role(s, s.desk() or s.online_applicant())
    _state(s, BEFORE_DECISION)


def _simple(role: Callable[[Situation], bool], *allowed_from: str) -> Guard:
    def guard(s: Situation) -> None:
        _role(s, role(s))
        _state(s, allowed_from)

    return guard


# Who may take which action in which situation, in the order of the process (the desk shows its
# buttons in this order).
RULES: dict[str, Guard] = {
    "accept": _simple(Situation.desk, Status.NEW),
    "request_supplement": _request_supplement,
    "refuse": _simple(Situation.desk, Status.NEW),
    "provide_supplement": _provide_supplement,
    "transfer": _transfer,
    "assign": _assign,
    "appraise": _simple(Situation.assigned_handler, Status.PROCESSING),
    "propose": _simple(Situation.assigned_handler, Status.PROCESSING),
    "decide": _simple(Situation.leader, Status.PENDING_APPROVAL),
    "send_back": _simple(Situation.leader, Status.PENDING_APPROVAL),
    "return": _simple(Situation.desk, Status.PROCESSED),
    "extend": _extend,
    "withdraw": _withdraw,
    "stop": _stop,
}


def guard(name: str, situation: Situation) -> None:
    """Raise the reason `name` may not be taken in this situation: NotFound when the actor may not
    take it at all, Conflict when the dossier's situation does not allow it now."""
    RULES[name](situation)


def allowed(name: str, situation: Situation) -> bool:
    try:
        guard(name, situation)
    except (NotFound, Conflict):
        return False
    return True


def available_actions(
    dossier: Dossier, user: User | None, now: datetime, *, situation: Situation | None = None
) -> list[str]:
    """The actions `user` may take on `dossier` at `now`, in the order of the process."""
    s = situation or situation_of(dossier, user, now)
    return [name for name in RULES if allowed(name, s)]


def supplement_wait_long(supplement: Supplement, now: datetime) -> bool:
    """A reception-stage supplement is never closed automatically (Art.17 provides no closure): the
    desk's queue flags it once the applicant has been waited for longer than the setting."""
    days = int(getattr(settings, "MOTCUA_SUPPLEMENT_LONG_WAIT_DAYS", CLOSURE_DAYS))
    return (
        supplement.provided_at is None
        and supplement.closed_at is None
        and (now - supplement.requested_at > timedelta(days=days))
    )
