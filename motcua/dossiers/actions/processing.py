"""Processing at the competent unit (Art.18–20, 19.6): transfer, assignment, appraisal,
approval, and the one permitted extension."""

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Role
from motcua.core.calendar import SAME_DAY_CUTOFF, WorkingCalendar
from motcua.core.errors import InvalidInput
from motcua.dossiers.actions.common import calendar_of, moment, permitted, required_text, transition
from motcua.dossiers.attachments import IncomingFile, attachments_store, files_check
from motcua.dossiers.models import Attachment, Dossier, Extension, Specialty
from motcua.dossiers.policy import EventKind, extension_latest
from motcua.dossiers.states import CLOCK_RUNNING, ResultKind, Status
from motcua.units.models import Unit

# Dossiers that count towards a handler's load when choosing automatically.
OPEN_FOR_HANDLER = (Status.PROCESSING, Status.PENDING_APPROVAL, Status.SUPPLEMENT_REQUESTED)


def transfer_due_at(
    received_at: datetime, calendar: WorkingCalendar, *, cross_level: bool = False
) -> datetime:
    """When the paper of a dossier received at one desk for another unit must have left, counted
    from reception, not from the transfer (Art.18.2): the close of the day of reception, or the
    start of the next working day when received after 15:00 or on a day off. From a commune's desk
    to a department or the province (or back), within one working day of reception (Art.20.1.a)."""
    if cross_level:
        return calendar.due_after_working_hours(received_at, calendar.office_hours.hours_per_day).due
    local = received_at.astimezone(calendar.tz)
    if calendar.is_working_day(local.date()) and local.time() < SAME_DAY_CUTOFF:
        return calendar.due_after_working_days(received_at, 0).due
    start = calendar.next_working_day(local.date())
    return datetime.combine(start, calendar.office_hours.opens, calendar.tz)


def transfer_due_of(dossier: Dossier, calendar: WorkingCalendar | None = None) -> datetime | None:
    """The paper-transfer deadline of a dossier received at a desk other than the competent unit's,
    from its acceptance at the desk; None when nothing has to travel."""
    if dossier.receiving_unit_id == dossier.competent_unit_id:
        return None
    received = dossier.accepted_at or dossier.received_at
    levels = {unit.kind in Unit.COMMUNE_LEVEL for unit in (dossier.receiving_unit, dossier.competent_unit)}
    return transfer_due_at(received, calendar or calendar_of(dossier), cross_level=len(levels) == 2)


@transaction.atomic
def dossier_transfer(
    *, actor: User, dossier: Dossier, expected_version: int | None = None, now: datetime | None = None
) -> Dossier:
    """The receiving desk sends a dossier it accepted for another unit to that unit. The e-dossier
    moves at once; the paper must follow by `transfer_due_of` (Art.18.2, 20.1.a)."""
    now = moment(now)
    permitted("transfer", actor=actor, dossier=dossier, now=now, expected_version=expected_version)
    paper_by = transfer_due_of(dossier)
    assert paper_by is not None
    return transition(
        dossier,
        allowed_from=(Status.ACCEPTED,),
        to=Status.ACCEPTED,
        actor=actor,
        kind=EventKind.TRANSFERRED,
        at=now,
        data={"to": dossier.competent_unit.code, "paper_by": paper_by.isoformat()},
        transferred_at=now,
    )


def handler_least_loaded(dossier: Dossier) -> User | None:
    """The handler of the dossier's field in the competent unit with the fewest open dossiers;
    any handler of the unit when nobody holds the field. Ties go to the longest-serving account."""
    unit = dossier.competent_unit
    active = Membership.objects.filter(unit=unit, role=Role.HANDLER, active=True).values("user_id")
    specialists = Specialty.objects.filter(unit=unit, field_id=dossier.procedure.field_id).values("user_id")
    candidates = User.objects.filter(pk__in=active, is_active=True)
    if candidates.filter(pk__in=specialists).exists():
        candidates = candidates.filter(pk__in=specialists)
    return (
        candidates.annotate(
            load=Count(
                "handled_dossiers",
                filter=Q(
                    handled_dossiers__status__in=OPEN_FOR_HANDLER, handled_dossiers__competent_unit=unit
                ),
            )
        )
        .order_by("load", "pk")
        .first()
    )


@transaction.atomic
def dossier_assign(
    *,
    actor: User,
    dossier: Dossier,
    handler: User | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """The head of the competent unit assigns a handler (Art.19), or lets the system choose the
    least-loaded handler of the field. Reassigning a dossier in processing is allowed."""
    now = moment(now)
    permitted("assign", actor=actor, dossier=dossier, now=now, expected_version=expected_version)
    auto = handler is None
    if handler is None:
        handler = handler_least_loaded(dossier)
        if handler is None:
            raise InvalidInput(_("The unit has no handler to assign the dossier to."), field="handler")
    elif not Membership.objects.filter(
        user=handler, unit=dossier.competent_unit, role=Role.HANDLER, active=True
    ).exists():
        raise InvalidInput(
            _("%(user)s is not a handler of %(unit)s.")
            % {"user": handler.get_username(), "unit": dossier.competent_unit.name},
            field="handler",
        )
    return transition(
        dossier,
        allowed_from=(Status.ACCEPTED, Status.PROCESSING),
        to=Status.PROCESSING,
        actor=actor,
        kind=EventKind.ASSIGNED,
        at=now,
        data={"handler": handler.get_username(), "handler_name": handler.full_name, "auto": auto},
        handler=handler,
    )


@transaction.atomic
def dossier_appraise(
    *,
    actor: User,
    dossier: Dossier,
    opinion: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """The assigned handler records the appraisal of the dossier."""
    now = moment(now)
    permitted("appraise", actor=actor, dossier=dossier, now=now, expected_version=expected_version)
    opinion = required_text(opinion, _("Write the appraisal opinion."), "opinion")
    return transition(
        dossier,
        allowed_from=(Status.PROCESSING,),
        to=Status.PROCESSING,
        actor=actor,
        kind=EventKind.APPRAISED,
        at=now,
        data={"opinion": opinion},
    )


@transaction.atomic
def dossier_propose(
    *,
    actor: User,
    dossier: Dossier,
    proposal: str,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """The handler submits the dossier to the leader, proposing to grant or to refuse."""
    now = moment(now)
    permitted("propose", actor=actor, dossier=dossier, now=now, expected_version=expected_version)
    if proposal not in ResultKind.values:
        raise InvalidInput(_("Propose to grant or to refuse."), field="proposal")
    return transition(
        dossier,
        allowed_from=(Status.PROCESSING,),
        to=Status.PENDING_APPROVAL,
        actor=actor,
        kind=EventKind.PROPOSED,
        at=now,
        data={"proposal": proposal, "note": note.strip()},
    )


@transaction.atomic
def dossier_send_back(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """The leader returns the proposal to the handler for more work."""
    now = moment(now)
    permitted("send_back", actor=actor, dossier=dossier, now=now, expected_version=expected_version)
    reason = required_text(reason, _("Say what the handler must review."), "reason")
    return transition(
        dossier,
        allowed_from=(Status.PENDING_APPROVAL,),
        to=Status.PROCESSING,
        actor=actor,
        kind=EventKind.SENT_BACK,
        at=now,
        data={"reason": reason},
    )


@transaction.atomic
def dossier_decide(
    *,
    actor: User,
    dossier: Dossier,
    result: str,
    reason: str = "",
    files: list[IncomingFile] | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """The leader approves (the result file is required) or refuses (the reason is required). Either
    way the result goes to the receiving desk to be returned (Art.19, 22)."""
    now = moment(now)
    permitted("decide", actor=actor, dossier=dossier, now=now, expected_version=expected_version)
    if result not in ResultKind.values:
        raise InvalidInput(_("Decide to grant or to refuse."), field="result")
    checked = files_check(files or [], field="files")
    if result == ResultKind.GRANTED and not checked:
        raise InvalidInput(_("Attach the signed result."), field="files")
    if result == ResultKind.REFUSED:
        reason = required_text(reason, _("Give the reason for the refusal."), "reason")
    dossier = transition(
        dossier,
        allowed_from=(Status.PENDING_APPROVAL,),
        to=Status.PROCESSED,
        actor=actor,
        kind=EventKind.RESOLVED,
        at=now,
        data={"result_kind": result, "reason": reason.strip(), "files": [f.sha256 for f in checked]},
        resolved_at=now,
        result_kind=result,
    )
    attachments_store(dossier=dossier, files=checked, kind=Attachment.Kind.RESULT, actor=actor, at=now)
    return dossier


@transaction.atomic
def dossier_extend(
    *,
    actor: User,
    dossier: Dossier,
    new_due_at: datetime,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Move the appointment once, at least one working day before it, with an apology giving the
    reason and the new time (Art.19.6). The new appointment falls within office hours of a working
    day, and no later than the legal time again after the current one (security finding M2). The
    desk is told through the event (notifications). Timeliness is still judged against the original
    due time."""
    now = moment(now)
    situation = permitted("extend", actor=actor, dossier=dossier, now=now, expected_version=expected_version)
    reason = required_text(reason, _("Give the reason for the delay; it goes into the apology."), "reason")
    if new_due_at.tzinfo is None:
        raise InvalidInput(_("The new appointment must include a time zone."), field="new_due_at")
    assert dossier.due_at is not None  # the guard checked the clock runs
    if new_due_at <= dossier.due_at:
        raise InvalidInput(_("The new appointment must be later than the current one."), field="new_due_at")
    calendar = situation.calendar
    local = new_due_at.astimezone(calendar.tz)
    hours = calendar.office_hours
    sessions = ((hours.morning_start, hours.morning_end), (hours.afternoon_start, hours.afternoon_end))
    in_session = any(start <= local.time() <= end for start, end in sessions)
    if not calendar.is_working_day(local.date()) or not in_session:
        raise InvalidInput(
            _("The new appointment must fall within office hours on a working day."), field="new_due_at"
        )
    latest = extension_latest(dossier, calendar)
    if latest is not None and new_due_at > latest:
        raise InvalidInput(
            _("The new appointment can be at most %(latest)s: the legal time again after the current one.")
            % {"latest": latest.astimezone(calendar.tz).strftime("%H:%M %d/%m/%Y")},
            field="new_due_at",
        )
    previous = dossier.due_at
    dossier = transition(
        dossier,
        allowed_from=CLOCK_RUNNING,
        to=dossier.status,
        actor=actor,
        kind=EventKind.EXTENDED,
        at=now,
        data={
            "reason": reason,
            "previous_due_at": previous.isoformat(),
            "new_due_at": new_due_at.isoformat(),
        },
        due_at=new_due_at,
    )
    Extension.objects.create(
        dossier=dossier, by=actor, at=now, reason=reason, previous_due_at=previous, new_due_at=new_due_at
    )
    return dossier
