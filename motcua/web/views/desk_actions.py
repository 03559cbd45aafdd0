"""The actions an official may take on a dossier from the desk: which ones are open to this user
now (the same guards the actions apply, so no button leads to a refusal), the form each one asks
for, and the call into `motcua.dossiers.actions`."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.calendar import WorkingCalendar
from motcua.dossiers import actions
from motcua.dossiers.actions.common import may
from motcua.dossiers.actions.reception import SUPPLEMENT_REQUEST_WORKING_DAYS
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.models import Dossier, Supplement
from motcua.dossiers.states import BEFORE_DECISION, CLOCK_RUNNING, Status
from motcua.web.forms import desk as desk_forms


@dataclass(frozen=True)
class Situation:
    """What the guards need to know about the dossier beyond its own row."""

    actor: User
    dossier: Dossier
    now: datetime
    calendar: WorkingCalendar
    extended: bool
    open_supplement: Supplement | None

    def desk(self) -> bool:
        return may(self.actor, Permission.RECEIVE_DOSSIER, self.dossier.receiving_unit)

    def leader(self) -> bool:
        return may(self.actor, Permission.APPROVE_DOSSIER, self.dossier.competent_unit)

    def assigned_handler(self) -> bool:
        return self.dossier.handler_id == self.actor.pk and may(
            self.actor, Permission.HANDLE_DOSSIER, self.dossier.competent_unit
        )

    @property
    def status(self) -> str:
        return self.dossier.status


Perform = Callable[[User, Dossier, dict[str, Any], list[IncomingFile]], Dossier]


@dataclass(frozen=True)
class DeskAction:
    name: str
    title: str | Promise
    button: str | Promise
    form: type[desk_forms.VersionForm]
    allowed: Callable[[Situation], bool]
    perform: Perform
    # Rare actions stay folded until opened; the usual ones are shown open.
    folded: bool = False


def _supplement_allowed(s: Situation) -> bool:
    if s.status == Status.NEW:
        return s.desk()
    if s.status not in CLOCK_RUNNING:
        return False
    if not (s.assigned_handler() or s.leader()):
        return False
    accepted = s.dossier.accepted_at
    return accepted is None or (
        s.calendar.working_days_between(accepted, s.now) <= SUPPLEMENT_REQUEST_WORKING_DAYS
    )


def _provide_allowed(s: Situation) -> bool:
    if s.status != Status.SUPPLEMENT_REQUESTED or not s.desk():
        return False
    return s.open_supplement is None or s.now <= s.open_supplement.answer_by


def _transfer_allowed(s: Situation) -> bool:
    d = s.dossier
    return (
        s.status == Status.ACCEPTED
        and s.desk()
        and d.receiving_unit_id != d.competent_unit_id
        and d.transferred_at is None
    )


def _assign_allowed(s: Situation) -> bool:
    d = s.dossier
    arrived = d.receiving_unit_id == d.competent_unit_id or d.transferred_at is not None
    return (
        s.status in (Status.ACCEPTED, Status.PROCESSING)
        and arrived
        and may(s.actor, Permission.ASSIGN_DOSSIER, d.competent_unit)
    )


def _extend_allowed(s: Situation) -> bool:
    d = s.dossier
    if s.extended or s.status not in CLOCK_RUNNING or d.due_at is None:
        return False
    if not (s.assigned_handler() or s.leader()):
        return False
    return s.calendar.working_hours_between(s.now, d.due_at) >= s.calendar.office_hours.hours_per_day


def _version(data: dict[str, Any]) -> int:
    return int(data["version"])


_REGISTRY: list[DeskAction] = [
    DeskAction(
        "accept",
        _("Accept the dossier"),
        _("Accept"),
        desk_forms.VersionForm,
        lambda s: s.status == Status.NEW and s.desk(),
        lambda a, d, data, f: actions.dossier_accept(actor=a, dossier=d, expected_version=_version(data)),
    ),
    DeskAction(
        "request_supplement",
        _("Request a supplement"),
        _("Request supplement"),
        desk_forms.SupplementRequestForm,
        _supplement_allowed,
        lambda a, d, data, f: actions.supplement_request(
            actor=a, dossier=d, items=desk_forms.lines(data["items"]), expected_version=_version(data)
        ),
    ),
    DeskAction(
        "refuse",
        _("Refuse to accept"),
        _("Refuse"),
        desk_forms.RefuseForm,
        lambda s: s.status == Status.NEW and s.desk(),
        lambda a, d, data, f: actions.dossier_refuse(
            actor=a, dossier=d, reason=data["reason"], expected_version=_version(data)
        ),
    ),
    DeskAction(
        "provide_supplement",
        _("Record the supplement"),
        _("Record the supplement"),
        desk_forms.SupplementProvideForm,
        _provide_allowed,
        lambda a, d, data, f: actions.supplement_provide(
            actor=a, dossier=d, files=f, note=data["note"], expected_version=_version(data)
        ),
    ),
    DeskAction(
        "transfer",
        _("Send to the competent unit"),
        _("Send to the competent unit"),
        desk_forms.VersionForm,
        _transfer_allowed,
        lambda a, d, data, f: actions.dossier_transfer(actor=a, dossier=d, expected_version=_version(data)),
    ),
    DeskAction(
        "assign",
        _("Assign a handler"),
        _("Assign"),
        desk_forms.AssignForm,
        _assign_allowed,
        lambda a, d, data, f: actions.dossier_assign(
            actor=a, dossier=d, handler=data.get("handler_user"), expected_version=_version(data)
        ),
    ),
    DeskAction(
        "appraise",
        _("Appraisal"),
        _("Save the appraisal"),
        desk_forms.AppraiseForm,
        lambda s: s.status == Status.PROCESSING and s.assigned_handler(),
        lambda a, d, data, f: actions.dossier_appraise(
            actor=a, dossier=d, opinion=data["opinion"], expected_version=_version(data)
        ),
    ),
    DeskAction(
        "propose",
        _("Submit to the leader"),
        _("Submit to the leader"),
        desk_forms.ProposeForm,
        lambda s: s.status == Status.PROCESSING and s.assigned_handler(),
        lambda a, d, data, f: actions.dossier_propose(
            actor=a, dossier=d, proposal=data["proposal"], note=data["note"], expected_version=_version(data)
        ),
    ),
    DeskAction(
        "decide",
        _("Decision"),
        _("Record the decision"),
        desk_forms.DecideForm,
        lambda s: s.status == Status.PENDING_APPROVAL and s.leader(),
        lambda a, d, data, f: actions.dossier_decide(
            actor=a,
            dossier=d,
            result=data["result"],
            reason=data["reason"],
            files=f,
            expected_version=_version(data),
        ),
    ),
    DeskAction(
        "send_back",
        _("Send back to the handler"),
        _("Send back"),
        desk_forms.ReasonForm,
        lambda s: s.status == Status.PENDING_APPROVAL and s.leader(),
        lambda a, d, data, f: actions.dossier_send_back(
            actor=a, dossier=d, reason=data["reason"], expected_version=_version(data)
        ),
    ),
    DeskAction(
        "return",
        _("Return the result"),
        _("Return the result"),
        desk_forms.ReturnForm,
        lambda s: s.status == Status.PROCESSED and s.desk(),
        lambda a, d, data, f: actions.dossier_return(
            actor=a, dossier=d, via=data["via"], expected_version=_version(data)
        ),
    ),
    DeskAction(
        "extend",
        _("Move the appointment (once, with an apology)"),
        _("Move the appointment"),
        desk_forms.ExtendForm,
        _extend_allowed,
        lambda a, d, data, f: actions.dossier_extend(
            actor=a,
            dossier=d,
            new_due_at=data["new_due_at"],
            reason=data["reason"],
            expected_version=_version(data),
        ),
        folded=True,
    ),
    DeskAction(
        "withdraw",
        _("Withdraw on the applicant's request"),
        _("Withdraw"),
        desk_forms.ReasonForm,
        lambda s: s.status in BEFORE_DECISION and s.desk(),
        lambda a, d, data, f: actions.dossier_withdraw(
            actor=a, dossier=d, reason=data["reason"], expected_version=_version(data)
        ),
        folded=True,
    ),
    DeskAction(
        "stop",
        _("Stop processing on the applicant's request"),
        _("Stop"),
        desk_forms.ReasonForm,
        lambda s: s.status in BEFORE_DECISION and (s.desk() or s.leader()),
        lambda a, d, data, f: actions.dossier_stop(
            actor=a, dossier=d, reason=data["reason"], expected_version=_version(data)
        ),
        folded=True,
    ),
]

DESK_ACTIONS: dict[str, DeskAction] = {a.name: a for a in _REGISTRY}


def available(situation: Situation) -> list[DeskAction]:
    """The actions this user may take on this dossier now, in the order of the process."""
    return [a for a in _REGISTRY if a.allowed(situation)]


def incoming_files(uploads: list[UploadedFile]) -> list[IncomingFile]:
    return [IncomingFile.read(upload, upload.name or "file") for upload in uploads]


def bound_form(
    action: DeskAction, data: Any = None, files: Any = None, **kwargs: Any
) -> desk_forms.VersionForm:
    """The action's form, with the handler choices when it assigns."""
    if action.form is desk_forms.AssignForm:
        return desk_forms.AssignForm(data, files, **kwargs)
    kwargs.pop("handlers", None)
    return action.form(data, files, **kwargs)


def form_errors_from(form: forms.Form, field: str | None, message: str) -> None:
    """Put an action's error beside its field, or on the form as a whole."""
    target = desk_forms.form_field_for(field, form)
    form.add_error(target, message)
