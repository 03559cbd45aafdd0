"""Processing at the competent unit (Art.18–20, 19.6): transfer, assignment, appraisal,
approval, and the one permitted extension."""

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Permission, Role
from motcua.core.calendar import SAME_DAY_CUTOFF, WorkingCalendar
from motcua.core.errors import Conflict, InvalidInput
from motcua.dossiers.actions.common import (
    calendar_of,
    check_version,
    may,
    moment,
    require,
    required_text,
    transition,
)
from motcua.dossiers.attachments import IncomingFile, attachments_store, files_check
from motcua.dossiers.models import Attachment, Dossier, Extension, Specialty
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
    require(may(actor, Permission.RECEIVE_DOSSIER, dossier.receiving_unit), dossier)
    check_version(dossier, expected_version)
    if dossier.receiving_unit_id == dossier.competent_unit_id:
        raise Conflict(_("The dossier is already at the unit that settles it."))
    if dossier.transferred_at is not None:
        raise Conflict(_("The dossier was already sent to %(unit)s.") % {"unit": dossier.competent_unit.name})
    now = moment(now)
    paper_by = transfer_due_of(dossier)
    assert paper_by is not None
    return transition(
        dossier,
        allowed_from=(Status.ACCEPTED,),
        to=Status.ACCEPTED,
        actor=actor,
        kind="transferred",
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
    require(may(actor, Permission.ASSIGN_DOSSIER, dossier.competent_unit), dossier)
    check_version(dossier, expected_version)
    if dossier.receiving_unit_id != dossier.competent_unit_id and dossier.transferred_at is None:
        raise Conflict(_("The receiving desk has not sent the dossier to this unit yet."))
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
    now = moment(now)
    return transition(
        dossier,
        allowed_from=(Status.ACCEPTED, Status.PROCESSING),
        to=Status.PROCESSING,
        actor=actor,
        kind="assigned",
        at=now,
        data={"handler": handler.get_username(), "handler_name": handler.full_name, "auto": auto},
        handler=handler,
    )


def _assigned_handler(actor: User, dossier: Dossier) -> bool:
    return dossier.handler_id == actor.pk and may(actor, Permission.HANDLE_DOSSIER, dossier.competent_unit)


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
    require(_assigned_handler(actor, dossier), dossier)
    check_version(dossier, expected_version)
    opinion = required_text(opinion, _("Write the appraisal opinion."), "opinion")
    now = moment(now)
    return transition(
        dossier,
        allowed_from=(Status.PROCESSING,),
        to=Status.PROCESSING,
        actor=actor,
        kind="appraised",
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
    require(_assigned_handler(actor, dossier), dossier)
    check_version(dossier, expected_version)
    if proposal not in ResultKind.values:
        raise InvalidInput(_("Propose to grant or to refuse."), field="proposal")
    now = moment(now)
    return transition(
        dossier,
        allowed_from=(Status.PROCESSING,),
        to=Status.PENDING_APPROVAL,
        actor=actor,
        kind="proposed",
        at=now,
        data={"proposal": proposal, "note": note.strip()},
    )


def _leader(actor: User, dossier: Dossier) -> bool:
    return may(actor, Permission.APPROVE_DOSSIER, dossier.competent_unit)


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
    require(_leader(actor, dossier), dossier)
    check_version(dossier, expected_version)
    reason = required_text(reason, _("Say what the handler must review."), "reason")
    now = moment(now)
    return transition(
        dossier,
        allowed_from=(Status.PENDING_APPROVAL,),
        to=Status.PROCESSING,
        actor=actor,
        kind="sent_back",
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
    require(_leader(actor, dossier), dossier)
    check_version(dossier, expected_version)
    if result not in ResultKind.values:
        raise InvalidInput(_("Decide to grant or to refuse."), field="result")
    checked = files_check(files or [], field="files")
    if result == ResultKind.GRANTED and not checked:
        raise InvalidInput(_("Attach the signed result."), field="files")
    if result == ResultKind.REFUSED:
        reason = required_text(reason, _("Give the reason for the refusal."), "reason")
    now = moment(now)
    dossier = transition(
        dossier,
        allowed_from=(Status.PENDING_APPROVAL,),
        to=Status.PROCESSED,
        actor=actor,
        kind="resolved",
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
    reason and the new time (Art.19.6). Timeliness is still judged against the original due time."""
    require(_assigned_handler(actor, dossier) or _leader(actor, dossier), dossier)
    check_version(dossier, expected_version)
    reason = required_text(reason, _("Give the reason for the delay; it goes into the apology."), "reason")
    if Extension.objects.filter(dossier=dossier).exists():
        raise Conflict(_("The appointment was already moved once; it cannot be moved again."))
    if dossier.status not in CLOCK_RUNNING or dossier.due_at is None:
        raise Conflict(
            _("This action is not possible: the dossier is “%(status)s”.")
            % {"status": dossier.get_status_display()}
        )
    if new_due_at.tzinfo is None:
        raise InvalidInput(_("The new appointment must include a time zone."), field="new_due_at")
    if new_due_at <= dossier.due_at:
        raise InvalidInput(_("The new appointment must be later than the current one."), field="new_due_at")
    now = moment(now)
    calendar = calendar_of(dossier)
    if calendar.working_hours_between(now, dossier.due_at) < calendar.office_hours.hours_per_day:
        raise Conflict(
            _("The appointment can be moved only until one working day before it (%(due)s).")
            % {"due": dossier.due_at.astimezone(calendar.tz).strftime("%H:%M %d/%m/%Y")}
        )
    previous = dossier.due_at
    dossier = transition(
        dossier,
        allowed_from=CLOCK_RUNNING,
        to=dossier.status,
        actor=actor,
        kind="extended",
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
