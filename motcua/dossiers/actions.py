"""Writes for dossiers. Each action is one transaction: it checks the state and the actor's role,
changes the dossier with a conditional update, and appends the event that records it."""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import can
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.catalog.models import Procedure, ProcessVersion
from motcua.catalog.selectors import procedure_get
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.dossiers.events import event_append
from motcua.dossiers.models import Dossier
from motcua.dossiers.sequence import dossier_code, sequence_next
from motcua.dossiers.states import Channel, Status
from motcua.units.models import Unit
from motcua.units.selectors import calendar_for_province

_NATIONAL_ID = re.compile(r"^[0-9]{12}$")
# Vietnamese mobile and landline numbers: 0 or +84, then 9 or 10 digits.
_PHONE = re.compile(r"^(?:0|\+84)[1-9][0-9]{8,9}$")


@dataclass(frozen=True)
class Applicant:
    name: str
    national_id: str
    phone: str
    email: str = ""
    address: str = ""

    def check(self) -> None:
        if not self.name.strip():
            raise InvalidInput(_("Enter the applicant's full name."), field="applicant.name")
        if not _NATIONAL_ID.match(self.national_id):
            raise InvalidInput(
                _("The personal ID number must have exactly 12 digits."), field="applicant.national_id"
            )
        if not _PHONE.match(self.phone.replace(" ", "")):
            raise InvalidInput(
                _("The phone number must be a Vietnamese number, for example 0912345678."),
                field="applicant.phone",
            )


def _unit(code: str, field: str) -> Unit:
    try:
        return Unit.objects.select_related("province").get(code=code)
    except Unit.DoesNotExist:
        raise NotFound(_("There is no unit with code %(code)s.") % {"code": code}, field=field) from None


def _settles(unit: Unit, procedure: Procedure) -> bool:
    if procedure.level == Procedure.Level.COMMUNE:
        return unit.kind in Unit.COMMUNE_LEVEL
    return unit.kind == Unit.Kind.DEPARTMENT and unit.code.split(".", 1)[1] == procedure.department


def dossier_submit(
    *,
    actor: User | None,
    procedure_code: str,
    competent_unit_code: str,
    applicant: Applicant,
    channel: int = Channel.ONLINE,
    receiving_unit_code: str | None = None,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Record a new dossier and give it its code. Online, the competent unit's desk receives it;
    at a counter or by post, the officer's own unit does, whatever unit is competent (boundary-free
    within the province). A retried submission with the same key returns the first dossier."""
    if idempotency_key:
        existing = Dossier.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    applicant.check()
    procedure = procedure_get(procedure_code)
    competent = _unit(competent_unit_code, "competent_unit")
    if not _settles(competent, procedure):
        raise InvalidInput(
            _("%(unit)s does not settle the procedure “%(procedure)s”.")
            % {"unit": competent.name, "procedure": procedure.name},
            field="competent_unit",
        )
    if channel == Channel.ONLINE:
        receiving = competent
    else:
        receiving = _unit(receiving_unit_code or "", "receiving_unit")
        if actor is None or not can(actor, Permission.RECEIVE_DOSSIER, receiving):
            raise NotFound(
                _("There is no unit with code %(code)s.") % {"code": receiving.code}, field="receiving_unit"
            )
        if receiving.province_id != competent.province_id:
            raise InvalidInput(
                _("A desk receives the procedures of its own province only."), field="competent_unit"
            )
    now = now or timezone.now()
    version = ProcessVersion.objects.get(procedure=procedure, current=True)
    try:
        with transaction.atomic():
            day = timezone.localtime(now).date()
            number = sequence_next(agency_code=receiving.agency_code, day=day)
            dossier = Dossier.objects.create(
                code=dossier_code(agency_code=receiving.agency_code, day=day, number=number),
                procedure=procedure,
                process_version=version,
                receiving_unit=receiving,
                competent_unit=competent,
                channel=channel,
                applicant_name=applicant.name.strip(),
                applicant_national_id=applicant.national_id,
                applicant_phone=applicant.phone.replace(" ", ""),
                applicant_email=applicant.email,
                applicant_address=applicant.address,
                idempotency_key=idempotency_key or None,
                created_by=actor,
                received_at=now,
            )
            event_append(dossier=dossier, kind="submitted", actor=actor, at=now, data={"channel": channel})
    except IntegrityError:
        # The same key raced in from a retry: the first one won; answer with its dossier.
        if idempotency_key:
            existing = Dossier.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        raise
    return dossier


def _require_desk_officer(actor: User, dossier: Dossier) -> None:
    """Only the receiving desk acts on reception; anyone else is told the dossier does not exist."""
    if not can(actor, Permission.RECEIVE_DOSSIER, dossier.receiving_unit):
        raise NotFound(_("There is no dossier with code %(code)s.") % {"code": dossier.code})


def _transition(
    dossier: Dossier,
    *,
    allowed_from: tuple[str, ...],
    to: str,
    actor: User | None,
    kind: str,
    at: datetime,
    data: dict[str, Any] | None = None,
    **fields: Any,
) -> Dossier:
    """Move the dossier if it is still in an allowed state at the version the caller read."""
    if dossier.status not in allowed_from:
        raise Conflict(
            _("This action is not possible: the dossier is “%(status)s”.")
            % {"status": dossier.get_status_display()}
        )
    changed = Dossier.objects.filter(pk=dossier.pk, version=dossier.version, status__in=allowed_from).update(
        status=to, version=F("version") + 1, **fields
    )
    if not changed:
        raise Conflict(_("The dossier was changed by someone else meanwhile. Reload it and try again."))
    dossier.refresh_from_db()
    event_append(dossier=dossier, kind=kind, actor=actor, at=at, data=data)
    return dossier


@transaction.atomic
def dossier_accept(*, actor: User, dossier: Dossier, now: datetime | None = None) -> Dossier:
    """Valid acceptance starts the clock (Art.17.3): the due time comes from the procedure's legal
    time on the calendar of the competent unit's province."""
    _require_desk_officer(actor, dossier)
    now = now or timezone.now()
    procedure = dossier.procedure
    calendar = calendar_for_province(dossier.competent_unit.province)
    due = calendar.due(now, procedure.time_amount, procedure.time_unit).due
    return _transition(
        dossier,
        allowed_from=(Status.NEW,),
        to=Status.ACCEPTED,
        actor=actor,
        kind="accepted",
        at=now,
        data={"due_at": due.isoformat()},
        accepted_at=now,
        due_at=due,
        original_due_at=due,
    )


@transaction.atomic
def dossier_refuse(*, actor: User, dossier: Dossier, reason: str, now: datetime | None = None) -> Dossier:
    _require_desk_officer(actor, dossier)
    if not reason.strip():
        raise InvalidInput(_("Give the reason for refusing the dossier."), field="reason")
    now = now or timezone.now()
    return _transition(
        dossier,
        allowed_from=(Status.NEW,),
        to=Status.NOT_ACCEPTED,
        actor=actor,
        kind="refused",
        at=now,
        data={"reason": reason.strip()},
        finished_at=now,
    )


# The applicant may withdraw at any time before the decision (Decree 118 Art.21).
_BEFORE_DECISION = (
    Status.NEW,
    Status.ACCEPTED,
    Status.PROCESSING,
    Status.SUPPLEMENT_REQUESTED,
    Status.FINANCIAL_OBLIGATION,
)


@transaction.atomic
def dossier_withdraw(*, actor: User, dossier: Dossier, reason: str, now: datetime | None = None) -> Dossier:
    """Record the applicant's request to withdraw, taken by an officer of the receiving desk."""
    _require_desk_officer(actor, dossier)
    if not reason.strip():
        raise InvalidInput(_("Give the applicant's reason for withdrawing the dossier."), field="reason")
    now = now or timezone.now()
    return _transition(
        dossier,
        allowed_from=_BEFORE_DECISION,
        to=Status.WITHDRAWN,
        actor=actor,
        kind="withdrawn",
        at=now,
        data={"reason": reason.strip()},
        finished_at=now,
    )
