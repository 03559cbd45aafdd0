"""Correction of a wrong result (Decree 118 Art.23): the applicant, the desk or the competent agency
reports the error; the competent agency corrects and reissues the result within 3 working days, at
no cost to the applicant. The wrong result stays on file; the corrected one is a new version."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import can
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.dossiers.attachments import IncomingFile, attachments_store, files_check
from motcua.dossiers.events import event_append
from motcua.dossiers.models import Attachment, Dossier, ResultCorrection
from motcua.dossiers.states import Status
from motcua.units.selectors import calendar_for_province

# Art.23: the result is corrected and returned within 3 working days of the report.
CORRECTION_WORKING_DAYS = 3
# The events the chain records (EventKind.CORRECTION_REQUESTED / RESULT_CORRECTED of the policy).
CORRECTION_REQUESTED = "correction_requested"
RESULT_CORRECTED = "result_corrected"
# A result exists once the decision is made: at the desk waiting to be returned, or returned.
WITH_RESULT = (Status.PROCESSED, Status.RETURNED)


def _not_yours(dossier: Dossier) -> NotFound:
    return NotFound(_("This action on dossier %(code)s is not available to you.") % {"code": dossier.code})


def _is_applicant(user: User | None, dossier: Dossier) -> bool:
    if user is None or user.kind != User.Kind.CITIZEN:
        return False
    return user.pk == dossier.applicant_user_id or (
        bool(user.national_id) and user.national_id == dossier.applicant_national_id
    )


def _agency(user: User | None, dossier: Dossier) -> bool:
    unit = dossier.competent_unit
    return user is not None and (
        can(user, Permission.HANDLE_DOSSIER, unit) or can(user, Permission.APPROVE_DOSSIER, unit)
    )


def _desk(user: User | None, dossier: Dossier) -> bool:
    return user is not None and can(user, Permission.RECEIVE_DOSSIER, dossier.receiving_unit)


def _may_report(via: str, by: User | None, dossier: Dossier, proven_applicant: bool) -> bool:
    if via == ResultCorrection.ReportedVia.APPLICANT:
        # The applicant's own account, or anyone holding the tracking secret; the desk may write
        # down what the applicant says at the counter.
        return _is_applicant(by, dossier) or (by is None and proven_applicant) or _desk(by, dossier)
    if via == ResultCorrection.ReportedVia.DESK:
        return _desk(by, dossier)
    return _agency(by, dossier)


@transaction.atomic
def correction_request(
    *,
    dossier: Dossier,
    reported_via: str,
    by: User | None,
    error: str,
    at: datetime | None = None,
    proven_applicant: bool = False,
) -> ResultCorrection:
    """Record a reported error in the result; the agency must correct it within 3 working days
    (counted on the competent unit's calendar). One open correction per dossier at a time."""
    if reported_via not in ResultCorrection.ReportedVia.values:
        raise InvalidInput(
            _("Say who reports the error: the applicant, the desk or the agency."), field="reported_via"
        )
    if not _may_report(reported_via, by, dossier, proven_applicant):
        raise _not_yours(dossier)
    text = error.strip()
    if not text:
        raise InvalidInput(_("Describe what is wrong in the result."), field="error")
    if len(text) > 2000:
        raise InvalidInput(_("Describe the error in at most 2,000 characters."), field="error")
    at = at or timezone.now()
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)  # two reports at once: one wins
    if locked.status not in WITH_RESULT or locked.resolved_at is None:
        raise Conflict(_("Only a result that was issued can be corrected."), code="no_result")
    if ResultCorrection.objects.filter(dossier=dossier, corrected_at__isnull=True).exists():
        raise Conflict(_("A correction of this result is already under way."), code="correction_open")
    calendar = calendar_for_province(dossier.competent_unit.province, cached=True)
    due = calendar.due_after_working_days(at, CORRECTION_WORKING_DAYS).due
    correction = ResultCorrection.objects.create(
        dossier=dossier, reported_via=reported_via, reported_by=by, reported_at=at, error=text, due_at=due
    )
    event_append(
        dossier=dossier,
        kind=CORRECTION_REQUESTED,
        actor=by,
        at=at,
        data={
            "correction": correction.pk,
            "reported_via": reported_via,
            "error": text,
            "due_at": due.isoformat(),
        },
    )
    return correction


@transaction.atomic
def correction_complete(
    *,
    correction: ResultCorrection,
    by: User,
    note: str = "",
    files: list[IncomingFile] | None = None,
    at: datetime | None = None,
) -> ResultCorrection:
    """The competent agency reissues the result: the corrected file is stored as a new result
    version beside the wrong one, which is kept. Nothing is charged (Art.23)."""
    dossier = correction.dossier
    if not _agency(by, dossier):
        raise _not_yours(dossier)
    checked = files_check(files or [], field="files")
    if not checked:
        raise InvalidInput(_("Attach the corrected result."), field="files")
    at = at or timezone.now()
    locked = ResultCorrection.objects.select_for_update().get(pk=correction.pk)
    if locked.corrected_at is not None:
        raise Conflict(_("This correction was already completed."), code="correction_done")
    stored = attachments_store(dossier=dossier, files=checked, kind=Attachment.Kind.RESULT, actor=by, at=at)
    clean_note = note.strip()[:2000]
    ResultCorrection.objects.filter(pk=correction.pk).update(
        corrected_at=at, corrected_by=by, note=clean_note
    )
    correction.refresh_from_db()
    event_append(
        dossier=dossier,
        kind=RESULT_CORRECTED,
        actor=by,
        at=at,
        data={
            "correction": correction.pk,
            "note": clean_note,
            "files": [a.sha256 for a in stored],
            "on_time": at <= correction.due_at,
        },
    )
    return correction


def correction_choices(user: User | None, dossier: Dossier) -> tuple[list[str], bool]:
    """What `user` may do about the dossier's result now: the ways they may report an error (empty
    when none, or when a correction is open or there is no result), and whether they may complete
    the open correction. For the buttons; the actions check again."""
    open_exists = ResultCorrection.objects.filter(dossier=dossier, corrected_at__isnull=True).exists()
    has_result = dossier.status in WITH_RESULT and dossier.resolved_at is not None
    report = []
    if has_result and not open_exists:
        report = [
            via for via in ResultCorrection.ReportedVia.values if _may_report(via, user, dossier, False)
        ]
    return report, open_exists and _agency(user, dossier)
