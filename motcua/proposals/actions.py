"""Writes on proposals: each one transaction on a locked row, each writing its event."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import can
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.dossiers.attachments import IncomingFile, files_check
from motcua.proposals.models import Proposal, ProposalAttachment, ProposalEvent
from motcua.units.models import Unit
from motcua.units.selectors import calendar_for_province

MAX_TEXT = 5000
MAX_FILES = 5
MAX_WORKING_DAYS = 60
# The commune's leadership speaks for the commune to the province.
FILE_PERMISSIONS = (Permission.APPROVE_DOSSIER, Permission.ASSIGN_DOSSIER, Permission.MANAGE_UNIT)
# The province's office (its monitors) dispatches proposals to the departments.
ASSIGN_PERMISSION = Permission.MONITOR_PROVINCE
# Anyone who works the department's files may write its answer.
ANSWER_PERMISSIONS = (Permission.HANDLE_DOSSIER, Permission.APPROVE_DOSSIER, Permission.ASSIGN_DOSSIER)

NOT_FOUND = _("No proposal has this number.")


def may_file(user: User | None, unit: Unit) -> bool:
    return user is not None and unit.is_commune_level and any(can(user, p, unit) for p in FILE_PERMISSIONS)


def may_assign(user: User | None, unit: Unit) -> bool:
    return user is not None and can(user, ASSIGN_PERMISSION, unit)


def may_answer(user: User | None, department: Unit | None) -> bool:
    return (
        user is not None
        and department is not None
        and any(can(user, p, department) for p in ANSWER_PERMISSIONS)
    )


def _event(proposal: Proposal, kind: str, at: datetime, actor: User, note: str = "", **data: Any) -> None:
    ProposalEvent.objects.create(proposal=proposal, kind=kind, at=at, actor=actor, note=note, data=data)


def _text(value: str, field_name: str, message: Any) -> str:
    value = value.strip()
    if not value or len(value) > MAX_TEXT:
        raise InvalidInput(message, field=field_name)
    return value


@dataclass(frozen=True)
class Filing:
    category: str
    title: str
    text: str
    files: list[IncomingFile] = field(default_factory=list)


@transaction.atomic
def proposal_file(*, actor: User, unit: Unit, filing: Filing, at: datetime | None = None) -> Proposal:
    """A commune sends a proposal or difficulty to the province, with its files."""
    at = at or timezone.now()
    if not may_file(actor, unit):
        raise NotFound(_("No unit of yours has this code."))
    if filing.category not in Proposal.Category.values:
        raise InvalidInput(_("Choose a category."), field="category")
    title = filing.title.strip()
    if not title or len(title) > 200:
        raise InvalidInput(_("Give a title of at most 200 characters."), field="title")
    text = _text(filing.text, "text", _("Describe the proposal, at most 5000 characters."))
    if len(filing.files) > MAX_FILES:
        raise InvalidInput(_("Attach at most %(count)s files.") % {"count": MAX_FILES}, field="files")
    checked = files_check(filing.files, field="files")
    proposal = Proposal.objects.create(
        unit=unit, category=filing.category, title=title, text=text, filed_at=at, filed_by=actor
    )
    for f in checked:
        attachment = ProposalAttachment(
            proposal=proposal,
            name=f.name[:200],
            content_type=f.content_type,
            size=len(f.content),
            sha256=f.sha256,
        )
        attachment.file.save(f"{f.sha256}.{f.extension}", ContentFile(f.content), save=False)
        attachment.save()
    _event(proposal, ProposalEvent.Kind.FILED, at, actor, category=filing.category, files=len(checked))
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("unit__province", "department")
        .get(pk=proposal.pk)
    )


@transaction.atomic
def proposal_assign(
    *,
    actor: User,
    proposal: Proposal,
    department: Unit,
    working_days: int,
    note: str = "",
    at: datetime | None = None,
) -> Proposal:
    """The province's office hands the proposal to a department of the province with a deadline
    in working days, counted on the province's working calendar from now. A proposal still with
    a department may be handed to another one: the deadline is set afresh."""
    at = at or timezone.now()
    item = _locked(proposal)
    if not may_assign(actor, item.unit):
        raise NotFound(NOT_FOUND)
    if item.status not in Proposal.OPEN:
        raise Conflict(_("The proposal has already been answered."))
    if department.kind != Unit.Kind.DEPARTMENT or department.province_id != item.unit.province_id:
        raise InvalidInput(_("Choose a department of the province."), field="department")
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise InvalidInput(
            _("The deadline is from 1 to %(max)s working days.") % {"max": MAX_WORKING_DAYS},
            field="working_days",
        )
    previous = item.department.code if item.department else ""
    item.department = department
    item.working_days = working_days
    item.assigned_at = at
    item.due_at = calendar_for_province(item.unit.province).due_time_after_working_days(at, working_days)
    item.status = Proposal.Status.ASSIGNED
    item.save(update_fields=["department", "working_days", "assigned_at", "due_at", "status"])
    _event(
        item,
        ProposalEvent.Kind.ASSIGNED,
        at,
        actor,
        note.strip()[:MAX_TEXT],
        department=department.code,
        previous=previous,
        working_days=working_days,
        due_at=item.due_at.isoformat(),
    )
    return item


@transaction.atomic
def proposal_answer(*, actor: User, proposal: Proposal, answer: str, at: datetime | None = None) -> Proposal:
    """The department answers; an answer after the deadline counts as late for good."""
    at = at or timezone.now()
    item = _locked(proposal)
    if not may_answer(actor, item.department):
        raise NotFound(NOT_FOUND)
    if item.status != Proposal.Status.ASSIGNED:
        raise Conflict(_("The proposal is not waiting for an answer."))
    item.answer = _text(answer, "answer", _("Write the answer, at most 5000 characters."))
    item.answered_at = at
    item.answered_by = actor
    item.status = Proposal.Status.ANSWERED
    assert item.due_at is not None and item.department is not None
    on_time = at <= item.due_at
    item.late_answers += 0 if on_time else 1
    item.save(update_fields=["answer", "answered_at", "answered_by", "status", "late_answers"])
    _event(item, ProposalEvent.Kind.ANSWERED, at, actor, on_time=on_time, department=item.department.code)
    return item


@transaction.atomic
def proposal_accept(
    *, actor: User, proposal: Proposal, note: str = "", at: datetime | None = None
) -> Proposal:
    """The commune accepts the answer: the proposal is closed."""
    at = at or timezone.now()
    item = _locked(proposal)
    if not may_file(actor, item.unit):
        raise NotFound(NOT_FOUND)
    if item.status != Proposal.Status.ANSWERED:
        raise Conflict(_("Only an answered proposal can be accepted."))
    item.status = Proposal.Status.ACCEPTED
    item.closed_at = at
    item.save(update_fields=["status", "closed_at"])
    _event(item, ProposalEvent.Kind.ACCEPTED, at, actor, note.strip()[:MAX_TEXT])
    return item


@transaction.atomic
def proposal_reopen(*, actor: User, proposal: Proposal, reason: str, at: datetime | None = None) -> Proposal:
    """The commune finds the answer insufficient: the same department answers again, with the
    same number of working days counted afresh from now."""
    at = at or timezone.now()
    item = _locked(proposal)
    if not may_file(actor, item.unit):
        raise NotFound(NOT_FOUND)
    if item.status != Proposal.Status.ANSWERED:
        raise Conflict(_("Only an answered proposal can be reopened."))
    reason = _text(reason, "reason", _("Say why the answer does not settle the matter."))
    assert item.working_days is not None
    item.status = Proposal.Status.ASSIGNED
    item.reopened += 1
    item.due_at = calendar_for_province(item.unit.province).due_time_after_working_days(at, item.working_days)
    item.save(update_fields=["status", "reopened", "due_at"])
    _event(
        item,
        ProposalEvent.Kind.REOPENED,
        at,
        actor,
        reason,
        due_at=item.due_at.isoformat(),
        round=item.reopened + 1,
    )
    return item
