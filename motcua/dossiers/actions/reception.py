"""The reception decision (Art.17), supplements (Art.17, 19.5), withdrawal and stop (Art.21)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.errors import Conflict, InvalidInput
from motcua.dossiers.actions.common import (
    calendar_of,
    check_version,
    is_applicant,
    may,
    moment,
    require,
    required_text,
    transition,
)
from motcua.dossiers.actions.intake import ONLINE_DECISION_HOURS
from motcua.dossiers.attachments import IncomingFile, attachments_store, files_check
from motcua.dossiers.models import Attachment, Dossier, Supplement
from motcua.dossiers.states import BEFORE_DECISION, CLOCK_RUNNING, Channel, Status

# Art.19.5: a supplement after acceptance is asked for within 3 working days of receipt, and
# a dossier left incomplete for 15 days is closed.
SUPPLEMENT_REQUEST_WORKING_DAYS = 3
SUPPLEMENT_ANSWER_DAYS = 15


def _desk(actor: User | None, dossier: Dossier) -> bool:
    return may(actor, Permission.RECEIVE_DOSSIER, dossier.receiving_unit)


@transaction.atomic
def dossier_accept(
    *, actor: User, dossier: Dossier, expected_version: int | None = None, now: datetime | None = None
) -> Dossier:
    """Valid acceptance starts the clock (Art.17.3): the due time comes from the procedure's legal
    time on the calendar of the competent unit's province."""
    require(_desk(actor, dossier), dossier)
    check_version(dossier, expected_version)
    now = moment(now)
    procedure = dossier.procedure
    due = calendar_of(dossier).due(now, procedure.time_amount, procedure.time_unit).due
    return transition(
        dossier,
        allowed_from=(Status.NEW,),
        to=Status.ACCEPTED,
        actor=actor,
        kind="accepted",
        at=now,
        data={"due_at": due.isoformat()},
        accepted_at=now,
        legal_amount=procedure.time_amount,
        legal_unit=procedure.time_unit,
        clock_started_at=now,
        due_at=due,
        original_due_at=due,
    )


@transaction.atomic
def dossier_refuse(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    require(_desk(actor, dossier), dossier)
    check_version(dossier, expected_version)
    reason = required_text(reason, _("Give the reason for refusing the dossier."), "reason")
    now = moment(now)
    return transition(
        dossier,
        allowed_from=(Status.NEW,),
        to=Status.NOT_ACCEPTED,
        actor=actor,
        kind="refused",
        at=now,
        data={"reason": reason},
        finished_at=now,
        resume_status="",
    )


def _items(items: list[str]) -> list[str]:
    cleaned = [item.strip() for item in items if item.strip()]
    if not cleaned:
        raise InvalidInput(_("List every missing item of the dossier."), field="items")
    return cleaned


def supplement_once_per_stage(dossier: Dossier, stage: str) -> None:
    """Art.11.2.c, 16.3 and 17.2.a: everything missing is asked for once, completely; Art.5.1.đ
    forbids asking again at will. So one request at reception and one after acceptance at most."""
    if Supplement.objects.filter(dossier=dossier, stage=stage).exists():
        message = (
            _("A supplement was already requested at reception; the law allows it only once.")
            if stage == Supplement.Stage.RECEPTION
            else _("A supplement was already requested during processing; the law allows it only once.")
        )
        raise Conflict(message, code="supplement_once")


@transaction.atomic
def supplement_request(
    *,
    actor: User,
    dossier: Dossier,
    items: list[str],
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Ask the applicant for everything missing, at once. At reception the desk asks; after
    acceptance the competent unit's handler or leader asks, within 3 working days of receipt."""
    now = moment(now)
    if dossier.status == Status.NEW:
        require(_desk(actor, dossier), dossier)
        stage = Supplement.Stage.RECEPTION
    else:
        competent = dossier.competent_unit
        handler = dossier.handler_id == actor.pk and may(actor, Permission.HANDLE_DOSSIER, competent)
        require(handler or may(actor, Permission.APPROVE_DOSSIER, competent), dossier)
        stage = Supplement.Stage.PROCESSING
        if dossier.status in CLOCK_RUNNING and dossier.accepted_at is not None:
            elapsed = calendar_of(dossier).working_days_between(dossier.accepted_at, now)
            if elapsed > SUPPLEMENT_REQUEST_WORKING_DAYS:
                raise Conflict(
                    _(
                        "A supplement can be requested only within %(days)s working days of acceptance; "
                        "%(elapsed)s have passed."
                    )
                    % {"days": SUPPLEMENT_REQUEST_WORKING_DAYS, "elapsed": elapsed.normalize()}
                )
    check_version(dossier, expected_version)
    supplement_once_per_stage(dossier, stage)
    cleaned = _items(items)
    answer_by = now + timedelta(days=SUPPLEMENT_ANSWER_DAYS)
    resume = Status.PROCESSING if dossier.status == Status.PENDING_APPROVAL else dossier.status
    dossier = transition(
        dossier,
        allowed_from=(Status.NEW, *CLOCK_RUNNING),
        to=Status.SUPPLEMENT_REQUESTED,
        actor=actor,
        kind="supplement_requested",
        at=now,
        data={"items": cleaned, "stage": stage, "answer_by": answer_by.isoformat()},
        resume_status=resume,
    )
    Supplement.objects.create(
        dossier=dossier,
        stage=stage,
        items=cleaned,
        requested_by=actor,
        requested_at=now,
        answer_by=answer_by,
    )
    return dossier


def _may_provide(actor: User | None, dossier: Dossier) -> bool:
    """The desk records papers brought in; the citizen who owns the dossier may upload them."""
    return _desk(actor, dossier) or is_applicant(actor, dossier)


@transaction.atomic
def supplement_provide(
    *,
    actor: User | None,
    dossier: Dossier,
    files: list[IncomingFile] | None = None,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """The completed dossier arrives. After acceptance the legal time restarts from zero
    (Art.19.5: a restart, not a pause); the due times of the replaced run stay on the supplement."""
    require(_may_provide(actor, dossier), dossier)
    check_version(dossier, expected_version)
    checked = files_check(files or [], field="files", procedure_id=dossier.procedure_id)
    if not checked and not note.strip():
        raise InvalidInput(_("Attach the missing papers or describe what was handed in."), field="files")
    now = moment(now)
    supplement = Supplement.objects.filter(
        dossier=dossier, provided_at__isnull=True, closed_at__isnull=True
    ).first()
    if supplement is not None and now > supplement.answer_by:
        raise Conflict(
            _("The time to complete the dossier ended on %(date)s; the dossier is being closed.")
            % {"date": timezone.localtime(supplement.answer_by).strftime("%H:%M %d/%m/%Y")}
        )
    fields: dict[str, object] = {"resume_status": ""}
    data: dict[str, object] = {"note": note.strip(), "files": [f.sha256 for f in checked]}
    calendar = calendar_of(dossier)
    if supplement is not None and supplement.stage == Supplement.Stage.PROCESSING:
        due = calendar.due(now, dossier.legal_amount or 0, dossier.legal_unit).due
        supplement.previous_due_at = dossier.due_at
        supplement.previous_original_due_at = dossier.original_due_at
        fields.update(clock_started_at=now, restarts=dossier.restarts + 1, due_at=due, original_due_at=due)
        data.update(due_at=due.isoformat(), restarted=True)
    elif dossier.channel == Channel.ONLINE:
        decision_due = calendar.due_after_working_hours(now, ONLINE_DECISION_HOURS).due
        fields.update(decision_due_at=decision_due)
    dossier = transition(
        dossier,
        allowed_from=(Status.SUPPLEMENT_REQUESTED,),
        to=dossier.resume_status or Status.NEW,
        actor=actor,
        kind="supplement_provided",
        at=now,
        data=data,
        **fields,
    )
    if supplement is not None:
        supplement.provided_at = now
        supplement.save(update_fields=["provided_at", "previous_due_at", "previous_original_due_at"])
    attachments_store(dossier=dossier, files=checked, kind=Attachment.Kind.SUPPLEMENT, actor=actor, at=now)
    return dossier


def supplements_close_expired(*, now: datetime | None = None) -> int:
    """Close every dossier whose supplement went unanswered for 15 days (a periodic job). Each
    closure is its own transaction; a dossier someone acted on meanwhile is left alone."""
    now = moment(now)
    closed = 0
    expired = Supplement.objects.filter(
        Q(provided_at__isnull=True, closed_at__isnull=True, answer_by__lt=now)
    ).select_related("dossier")
    for supplement in expired.iterator():
        with transaction.atomic():
            dossier = supplement.dossier
            at_reception = supplement.stage == Supplement.Stage.RECEPTION
            try:
                transition(
                    dossier,
                    allowed_from=(Status.SUPPLEMENT_REQUESTED,),
                    to=Status.NOT_ACCEPTED if at_reception else Status.STOPPED,
                    actor=None,
                    kind="supplement_expired",
                    at=now,
                    data={"requested_at": supplement.requested_at.isoformat()},
                    finished_at=now,
                    resume_status="",
                )
            except Conflict:
                continue
            Supplement.objects.filter(pk=supplement.pk).update(closed_at=now)
            closed += 1
    return closed


def _close_open_supplement(dossier: Dossier, now: datetime) -> None:
    Supplement.objects.filter(dossier=dossier, provided_at__isnull=True, closed_at__isnull=True).update(
        closed_at=now
    )


@transaction.atomic
def dossier_withdraw(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Record the applicant's request to withdraw, taken by an officer of the receiving desk."""
    require(_desk(actor, dossier), dossier)
    check_version(dossier, expected_version)
    reason = required_text(reason, _("Give the applicant's reason for withdrawing the dossier."), "reason")
    now = moment(now)
    _close_open_supplement(dossier, now)
    return transition(
        dossier,
        allowed_from=BEFORE_DECISION,
        to=Status.WITHDRAWN,
        actor=actor,
        kind="withdrawn",
        at=now,
        data={"reason": reason},
        finished_at=now,
        resume_status="",
    )


@transaction.atomic
def dossier_stop(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Stop processing on the applicant's request (national code 8): taken by the receiving desk
    or by the leader of the competent unit."""
    require(_desk(actor, dossier) or may(actor, Permission.APPROVE_DOSSIER, dossier.competent_unit), dossier)
    check_version(dossier, expected_version)
    reason = required_text(reason, _("Give the reason for stopping the dossier."), "reason")
    now = moment(now)
    _close_open_supplement(dossier, now)
    return transition(
        dossier,
        allowed_from=BEFORE_DECISION,
        to=Status.STOPPED,
        actor=actor,
        kind="stopped",
        at=now,
        data={"reason": reason},
        finished_at=now,
        resume_status="",
    )
