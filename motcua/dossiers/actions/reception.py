"""The reception decision (Art.17), supplements (Art.17, 19.5), withdrawal and stop (Art.21)."""

from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalog.models import TimeVariant
from motcua.catalog.selectors import CLOSURE_DAYS, SUPPLEMENT_WINDOW_DAYS
from motcua.core.errors import Conflict, InvalidInput
from motcua.dossiers.actions.common import (
    calendar_of,
    moment,
    permitted,
    required_text,
    transition,
)
from motcua.dossiers.attachments import IncomingFile, attachments_store, files_check
from motcua.dossiers.models import Attachment, Dossier, Supplement
from motcua.dossiers.policy import (
    EventKind,
    closure_time,
    due_for,
    periods_of,
    supplement_stage,
)
from motcua.dossiers.states import BEFORE_DECISION, CLOCK_RUNNING, Channel, Status

# The decree's defaults, for the synthetic-data writers; the rules read `policy.periods_of`.
SUPPLEMENT_REQUEST_WORKING_DAYS = SUPPLEMENT_WINDOW_DAYS
SUPPLEMENT_ANSWER_DAYS = CLOSURE_DAYS


@transaction.atomic
def dossier_accept(
    *,
    actor: User,
    dossier: Dossier,
    time_variant: TimeVariant | None = None,
    time_variant_reason: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Valid acceptance starts the clock (Art.17.3): the due time comes from the procedure's legal
    time on the calendar of the competent unit's province, or from the conditional legal time the
    desk chose, with its reason, when the procedure's condition holds (a variant of the procedure)."""
    now = moment(now)
    permitted("accept", actor=actor, dossier=dossier, now=now, expected_version=expected_version)
    procedure = dossier.procedure
    # The legal time of the procedure's version in force on the day of receipt (a change of law
    # applies to dossiers received from its date), else the procedure's own.
    periods = periods_of(dossier)
    amount, unit = (
        (periods.time_amount, periods.time_unit)
        if periods.time_amount is not None
        else (procedure.time_amount, procedure.time_unit)
    )
    reason = time_variant_reason.strip()
    if time_variant is not None:
        if time_variant.procedure_id != procedure.pk:
            raise InvalidInput(
                _("The conditional legal time “%(variant)s” is not one of this procedure's.")
                % {"variant": time_variant.code},
                field="time_variant",
            )
        reason = required_text(
            reason, _("Say why the conditional legal time applies to this dossier."), "time_variant_reason"
        )
        amount, unit = time_variant.time_amount, time_variant.time_unit
    elif reason:
        raise InvalidInput(
            _("A reason is given only with a conditional legal time."), field="time_variant_reason"
        )
    due = due_for(calendar_of(dossier), now, amount, unit)
    data: dict[str, object] = {"due_at": due.isoformat()}
    if time_variant is not None:
        data.update(time_variant=time_variant.code, time_variant_reason=reason)
    return transition(
        dossier,
        allowed_from=(Status.NEW,),
        to=Status.ACCEPTED,
        actor=actor,
        kind=EventKind.ACCEPTED,
        at=now,
        data=data,
        accepted_at=now,
        legal_amount=amount,
        legal_unit=unit,
        clock_started_at=now,
        due_at=due,
        original_due_at=due,
        time_variant=time_variant,
        time_variant_reason=reason,
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
    now = moment(now)
    permitted("refuse", actor=actor, dossier=dossier, now=now, expected_version=expected_version)
    reason = required_text(reason, _("Give the reason for refusing the dossier."), "reason")
    return transition(
        dossier,
        allowed_from=(Status.NEW,),
        to=Status.NOT_ACCEPTED,
        actor=actor,
        kind=EventKind.REFUSED,
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


@transaction.atomic
def supplement_request(
    *,
    actor: User,
    dossier: Dossier,
    items: list[str],
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Ask the applicant for everything missing, at once (the policy's guard: who, when, how often).
    After acceptance the dossier is closed if nothing arrives by the closure time (Art.19.5); at
    reception the decree provides no closure, so the date is only what the applicant is asked for."""
    now = moment(now)
    situation = permitted(
        "request_supplement", actor=actor, dossier=dossier, now=now, expected_version=expected_version
    )
    stage = supplement_stage(situation)
    cleaned = _items(items)
    answer_by = closure_time(now, situation.calendar, situation.periods.closure_days)
    resume = Status.PROCESSING if dossier.status == Status.PENDING_APPROVAL else dossier.status
    dossier = transition(
        dossier,
        allowed_from=(Status.NEW, *CLOCK_RUNNING),
        to=Status.SUPPLEMENT_REQUESTED,
        actor=actor,
        kind=EventKind.SUPPLEMENT_REQUESTED,
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


@transaction.atomic
def supplement_provide(
    *,
    actor: User | None,
    dossier: Dossier,
    files: list[IncomingFile] | None = None,
    note: str = "",
    proven_applicant: bool = False,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """The completed dossier arrives. After acceptance the legal time restarts from zero
    (Art.19.5: a restart, not a pause); the due times of the replaced run stay on the supplement."""
    now = moment(now)
    situation = permitted(
        "provide_supplement",
        actor=actor,
        dossier=dossier,
        now=now,
        expected_version=expected_version,
        proven_applicant=proven_applicant,
    )
    checked = files_check(files or [], field="files", procedure_id=dossier.procedure_id)
    if not checked and not note.strip():
        raise InvalidInput(_("Attach the missing papers or describe what was handed in."), field="files")
    supplement = situation.open_supplement
    fields: dict[str, object] = {"resume_status": ""}
    data: dict[str, object] = {"note": note.strip(), "files": [f.sha256 for f in checked]}
    calendar = situation.calendar
    if supplement is not None and supplement.stage == Supplement.Stage.PROCESSING:
        due = due_for(calendar, now, dossier.legal_amount or 0, dossier.legal_unit)
        supplement.previous_due_at = dossier.due_at
        supplement.previous_original_due_at = dossier.original_due_at
        fields.update(clock_started_at=now, restarts=dossier.restarts + 1, due_at=due, original_due_at=due)
        data.update(due_at=due.isoformat(), restarted=True)
    elif dossier.channel == Channel.ONLINE:
        hours = situation.periods.decision_hours
        fields.update(decision_due_at=calendar.due_after_working_hours(now, hours).due)
    dossier = transition(
        dossier,
        allowed_from=(Status.SUPPLEMENT_REQUESTED,),
        to=dossier.resume_status or Status.NEW,
        actor=actor,
        kind=EventKind.SUPPLEMENT_PROVIDED,
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
    """Close every dossier whose processing-stage supplement went unanswered until its closure
    time (Art.19.5; a periodic job). Reception-stage requests are never closed: the decree provides
    no closure there, so those dossiers wait in the desk's supplement queue. Each closure is its own
    transaction; a dossier someone acted on meanwhile is left alone."""
    now = moment(now)
    closed = 0
    expired = Supplement.objects.filter(
        stage=Supplement.Stage.PROCESSING, provided_at__isnull=True, closed_at__isnull=True, answer_by__lt=now
    ).select_related("dossier")
    for supplement in expired.iterator():
        with transaction.atomic():
            dossier = supplement.dossier
            try:
                transition(
                    dossier,
                    allowed_from=(Status.SUPPLEMENT_REQUESTED,),
                    to=Status.STOPPED,
                    actor=None,
                    kind=EventKind.SUPPLEMENT_EXPIRED,
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


def _request_record(
    situation_desk: bool, request_date: date | None, request_reference: str, now: datetime
) -> dict[str, object]:
    """The applicant's request the withdrawal or stop rests on (Art.21): on paper at the desk, the
    officer records its date and reference; online, the applicant's own act is the request."""
    if not situation_desk:
        return {"via": "online", "date": now.date().isoformat(), "reference": ""}
    reference = required_text(
        request_reference, _("Give the reference of the applicant's written request."), "request_reference"
    )
    if request_date is None:
        raise InvalidInput(_("Give the date of the applicant's written request."), field="request_date")
    if request_date > now.date():
        raise InvalidInput(_("The applicant's request cannot be dated in the future."), field="request_date")
    return {"via": "desk", "date": request_date.isoformat(), "reference": reference}


def _end_on_request(
    name: str,
    *,
    actor: User | None,
    dossier: Dossier,
    reason: str,
    request_date: date | None,
    request_reference: str,
    proven_applicant: bool,
    expected_version: int | None,
    now: datetime | None,
) -> Dossier:
    now = moment(now)
    situation = permitted(
        name,
        actor=actor,
        dossier=dossier,
        now=now,
        expected_version=expected_version,
        proven_applicant=proven_applicant,
    )
    message = (
        _("Give the applicant's reason for withdrawing the dossier.")
        if name == "withdraw"
        else _("Give the applicant's reason for stopping the dossier.")
    )
    reason = required_text(reason, message, "reason")
    local_now = now.astimezone(situation.calendar.tz)
    request = _request_record(situation.desk(), request_date, request_reference, local_now)
    _close_open_supplement(dossier, now)
    return transition(
        dossier,
        allowed_from=BEFORE_DECISION,
        to=Status.WITHDRAWN if name == "withdraw" else Status.STOPPED,
        actor=actor,
        kind=EventKind.WITHDRAWN if name == "withdraw" else EventKind.STOPPED,
        at=now,
        data={"reason": reason, "request": request},
        finished_at=now,
        resume_status="",
    )


@transaction.atomic
def dossier_withdraw(
    *,
    actor: User | None,
    dossier: Dossier,
    reason: str,
    request_date: date | None = None,
    request_reference: str = "",
    proven_applicant: bool = False,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Withdraw the dossier on the applicant's request (national code 7, Art.21): recorded by the
    receiving desk with the written request's date and reference, or done online by the applicant
    of an online dossier (their account, or the tracking secret: `proven_applicant`)."""
    return _end_on_request(
        "withdraw",
        actor=actor,
        dossier=dossier,
        reason=reason,
        request_date=request_date,
        request_reference=request_reference,
        proven_applicant=proven_applicant,
        expected_version=expected_version,
        now=now,
    )


@transaction.atomic
def dossier_stop(
    *,
    actor: User | None,
    dossier: Dossier,
    reason: str,
    request_date: date | None = None,
    request_reference: str = "",
    proven_applicant: bool = False,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Stop processing on the applicant's request only (national code 8, Art.21): recorded by the
    receiving desk with the request's date and reference, or online by the applicant. A unit
    leader cannot stop a dossier alone."""
    return _end_on_request(
        "stop",
        actor=actor,
        dossier=dossier,
        reason=reason,
        request_date=request_date,
        request_reference=request_reference,
        proven_applicant=proven_applicant,
        expected_version=expected_version,
        now=now,
    )
