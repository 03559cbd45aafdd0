"""Intake on every channel: a dossier is recorded, coded and, online, put on the desk's clock."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.catalog.models import Procedure, ProcessVersion
from motcua.catalog.selectors import DECISION_HOURS
from motcua.core.errors import InvalidInput, NotFound
from motcua.dossiers.actions.common import may, moment
from motcua.dossiers.attachments import IncomingFile, attachments_store, files_check
from motcua.dossiers.events import event_append
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.policy import EventKind, periods_for, settles
from motcua.dossiers.sequence import code_agency, dossier_code, sequence_next
from motcua.dossiers.states import Channel
from motcua.units.models import Unit
from motcua.units.selectors import calendar_for_province

_NATIONAL_ID = re.compile(r"^[0-9]{12}$")
# Vietnamese mobile and landline numbers: 0 or +84, then 9 or 10 digits.
_PHONE = re.compile(r"^(?:0|\+84)[1-9][0-9]{8,9}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Art.17: an online dossier is accepted or sent back within 8 working hours of its arrival (the
# decree's default; a procedure's sector law may set its own, see `policy.periods_for`).
ONLINE_DECISION_HOURS = DECISION_HOURS


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
        if self.email and not _EMAIL.match(self.email):
            raise InvalidInput(_("The e-mail address is not valid."), field="applicant.email")


def _unit(code: str, field: str) -> Unit:
    """The unit named by a field of the request."""
    try:
        return Unit.objects.select_related("province").get(code=code)
    except Unit.DoesNotExist:
        raise NotFound(_("There is no unit with code %(code)s.") % {"code": code}, field=field) from None


def dossier_submit(
    *,
    actor: User | None,
    procedure_code: str,
    competent_unit_code: str,
    applicant: Applicant,
    channel: int = Channel.ONLINE,
    receiving_unit_code: str | None = None,
    files: list[IncomingFile] | None = None,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Record a new dossier and give it its code. Online, the competent unit's desk receives it;
    at a counter or by post, the officer's own unit does, whatever unit is competent (boundary-free
    within the province). Every file is checked before anything is stored. A retried submission
    with the same key returns the first dossier."""
    if idempotency_key:
        existing = Dossier.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if channel not in Channel.values:
        raise InvalidInput(_("Unknown channel."), field="channel")
    applicant.check()
    # The procedure with its current process version in one query; in a submission an unknown
    # code is bad input (422), not a missing page.
    version = (
        ProcessVersion.objects.select_related("procedure")
        .filter(procedure__code=procedure_code, procedure__active=True, current=True)
        .first()
    )
    procedure = (
        version.procedure if version else Procedure.objects.filter(code=procedure_code, active=True).first()
    )
    if procedure is None:
        raise InvalidInput(
            _("There is no procedure with code %(code)s.") % {"code": procedure_code}, field="procedure"
        )
    try:
        competent = _unit(competent_unit_code, "competent_unit")
    except NotFound as missing:
        raise InvalidInput(missing.message, field="competent_unit") from None
    if not settles(competent, procedure):
        raise InvalidInput(
            _("%(unit)s does not settle the procedure “%(procedure)s”.")
            % {"unit": competent.name, "procedure": procedure.name},
            field="competent_unit",
        )
    if channel == Channel.ONLINE:
        if competent.province.code != settings.MOTCUA_PROVINCE_CODE:
            # A dossier for another province's unit would sit where no desk of this installation sees it.
            raise InvalidInput(
                _("This installation receives the dossiers of its own province only."), field="competent_unit"
            )
        receiving = competent
    else:
        receiving = _unit(receiving_unit_code or "", "receiving_unit")
        if not may(actor, Permission.RECEIVE_DOSSIER, receiving):
            raise NotFound(
                _("There is no unit with code %(code)s.") % {"code": receiving.code}, field="receiving_unit"
            )
        if receiving.province_id != competent.province_id:
            raise InvalidInput(
                _("A desk receives the procedures of its own province only."), field="competent_unit"
            )
    checked = files_check(files or [], field="files", procedure_id=procedure.pk)
    now = moment(now)
    decision_due = None
    if channel == Channel.ONLINE:
        calendar = calendar_for_province(receiving.province, cached=True)
        hours = periods_for(procedure, timezone.localtime(now, calendar.tz).date()).decision_hours
        decision_due = calendar.due_after_working_hours(now, hours).due
    citizen = actor if actor is not None and actor.kind == User.Kind.CITIZEN else None
    # Art.28.2.a: the code names the competent agency (inter-linked groups: the desk or the portal).
    agency = code_agency(procedure=procedure, competent=competent, receiving=receiving, channel=channel)
    if version is None:  # a procedure without a current version: an error, as it always was
        version = ProcessVersion.objects.get(procedure=procedure, current=True)
    try:
        with transaction.atomic():
            day = timezone.localtime(now).date()
            number = sequence_next(agency_code=agency, day=day)
            dossier = Dossier.objects.create(
                code=dossier_code(agency_code=agency, day=day, number=number),
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
                applicant_user=citizen,
                received_at=now,
                decision_due_at=decision_due,
            )
            attachments_store(
                dossier=dossier, files=checked, kind=Attachment.Kind.COMPONENT, actor=actor, at=now
            )
            event_append(
                dossier=dossier,
                kind=EventKind.SUBMITTED,
                actor=actor,
                at=now,
                data={"channel": channel, "files": [f.sha256 for f in checked]},
                first=True,
            )
    except IntegrityError:
        # The same key raced in from a retry: the first one won; answer with its dossier.
        if idempotency_key:
            existing = Dossier.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        raise
    return dossier
