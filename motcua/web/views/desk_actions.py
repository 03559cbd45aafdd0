"""The actions an official may take on a dossier from the desk: the label and the form of each, and
the call into `motcua.dossiers.actions`. Which ones are open to this user now is the policy's
answer (`motcua.dossiers.policy`), the same guard the action applies, so no button leads to a
refusal."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalog.models import TimeVariant
from motcua.dossiers import actions
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.models import Dossier
from motcua.dossiers.policy import Situation, available_actions
from motcua.web.forms import desk as desk_forms

__all__ = [
    "DESK_ACTIONS",
    "AcceptForm",
    "ApplicantRequestForm",
    "DeskAction",
    "Situation",
    "available",
    "bound_form",
    "form_errors_from",
    "incoming_files",
    "variant_choices",
]


class AcceptForm(desk_forms.VersionForm):
    """Acceptance, with the procedure's conditional legal time when its condition holds (Art.17.3)."""

    time_variant = forms.ChoiceField(label=_("Conditional legal time"), required=False)
    time_variant_reason = forms.CharField(
        label=_("Why the condition holds"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, variants: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not variants:
            # A procedure without conditional times: acceptance asks for nothing more.
            del self.fields["time_variant"], self.fields["time_variant_reason"]
            return
        usual = [("", _("The procedure's usual legal time"))]
        self.fields["time_variant"].choices = usual + variants  # type: ignore[attr-defined]


def variant_named(dossier: Dossier, code: str | None) -> TimeVariant | None:
    if not code:
        return None
    return TimeVariant.objects.filter(procedure_id=dossier.procedure_id, code=code).first()


def variant_choices(dossier: Dossier) -> list[tuple[str, str]]:
    return [
        (v.code, f"{v.label} ({v.time_amount} {v.get_time_unit_display()})")
        for v in TimeVariant.objects.filter(procedure_id=dossier.procedure_id).order_by("code")
    ]


class ApplicantRequestForm(desk_forms.ReasonForm):
    """A withdrawal or stop rests on the applicant's written request (Art.21): its date and number."""

    request_date = forms.DateField(
        label=_("Date of the applicant's request"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    request_reference = forms.CharField(
        label=_("Reference of the applicant's request"), required=False, max_length=100
    )


Perform = Callable[[User, Dossier, dict[str, Any], list[IncomingFile]], Dossier]


@dataclass(frozen=True)
class DeskAction:
    """How the desk shows one action of the policy's table: its labels and its form. Whether it is
    open to this user now is the policy's answer (`motcua.dossiers.policy.RULES`)."""

    name: str
    title: str | Promise
    button: str | Promise
    form: type[desk_forms.VersionForm]
    perform: Perform
    # Rare actions stay folded until opened; the usual ones are shown open.
    folded: bool = False


def _version(data: dict[str, Any]) -> int:
    return int(data["version"])


_REGISTRY: list[DeskAction] = [
    DeskAction(
        "accept",
        _("Accept the dossier"),
        _("Accept"),
        AcceptForm,
        lambda a, d, data, f: actions.dossier_accept(
            actor=a,
            dossier=d,
            time_variant=variant_named(d, data.get("time_variant")),
            time_variant_reason=data.get("time_variant_reason", ""),
            expected_version=_version(data),
        ),
    ),
    DeskAction(
        "request_supplement",
        _("Request a supplement"),
        _("Request supplement"),
        desk_forms.SupplementRequestForm,
        lambda a, d, data, f: actions.supplement_request(
            actor=a, dossier=d, items=desk_forms.lines(data["items"]), expected_version=_version(data)
        ),
    ),
    DeskAction(
        "refuse",
        _("Refuse to accept"),
        _("Refuse"),
        desk_forms.RefuseForm,
        lambda a, d, data, f: actions.dossier_refuse(
            actor=a, dossier=d, reason=data["reason"], expected_version=_version(data)
        ),
    ),
    DeskAction(
        "provide_supplement",
        _("Record the supplement"),
        _("Record the supplement"),
        desk_forms.SupplementProvideForm,
        lambda a, d, data, f: actions.supplement_provide(
            actor=a, dossier=d, files=f, note=data["note"], expected_version=_version(data)
        ),
    ),
    DeskAction(
        "transfer",
        _("Send to the competent unit"),
        _("Send to the competent unit"),
        desk_forms.VersionForm,
        lambda a, d, data, f: actions.dossier_transfer(actor=a, dossier=d, expected_version=_version(data)),
    ),
    DeskAction(
        "assign",
        _("Assign a handler"),
        _("Assign"),
        desk_forms.AssignForm,
        lambda a, d, data, f: actions.dossier_assign(
            actor=a, dossier=d, handler=data.get("handler_user"), expected_version=_version(data)
        ),
    ),
    DeskAction(
        "appraise",
        _("Appraisal"),
        _("Save the appraisal"),
        desk_forms.AppraiseForm,
        lambda a, d, data, f: actions.dossier_appraise(
            actor=a, dossier=d, opinion=data["opinion"], expected_version=_version(data)
        ),
    ),
    DeskAction(
        "propose",
        _("Submit to the leader"),
        _("Submit to the leader"),
        desk_forms.ProposeForm,
        lambda a, d, data, f: actions.dossier_propose(
            actor=a, dossier=d, proposal=data["proposal"], note=data["note"], expected_version=_version(data)
        ),
    ),
    DeskAction(
        "decide",
        _("Decision"),
        _("Record the decision"),
        desk_forms.DecideForm,
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
        lambda a, d, data, f: actions.dossier_send_back(
            actor=a, dossier=d, reason=data["reason"], expected_version=_version(data)
        ),
    ),
    DeskAction(
        "return",
        _("Return the result"),
        _("Return the result"),
        desk_forms.ReturnForm,
        lambda a, d, data, f: actions.dossier_return(
            actor=a, dossier=d, via=data["via"], expected_version=_version(data)
        ),
    ),
    DeskAction(
        "extend",
        _("Move the appointment (once, with an apology)"),
        _("Move the appointment"),
        desk_forms.ExtendForm,
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
        ApplicantRequestForm,
        lambda a, d, data, f: actions.dossier_withdraw(
            actor=a,
            dossier=d,
            reason=data["reason"],
            request_date=data.get("request_date"),
            request_reference=data.get("request_reference", ""),
            expected_version=_version(data),
        ),
        folded=True,
    ),
    DeskAction(
        "stop",
        _("Stop processing on the applicant's request"),
        _("Stop"),
        ApplicantRequestForm,
        lambda a, d, data, f: actions.dossier_stop(
            actor=a,
            dossier=d,
            reason=data["reason"],
            request_date=data.get("request_date"),
            request_reference=data.get("request_reference", ""),
            expected_version=_version(data),
        ),
        folded=True,
    ),
]

DESK_ACTIONS: dict[str, DeskAction] = {a.name: a for a in _REGISTRY}


def available(situation: Situation) -> list[DeskAction]:
    """The actions this user may take on this dossier now, in the order of the policy's table."""
    open_names = available_actions(situation.dossier, situation.actor, situation.now, situation=situation)
    return [DESK_ACTIONS[name] for name in open_names if name in DESK_ACTIONS]


def incoming_files(uploads: list[UploadedFile]) -> list[IncomingFile]:
    return [IncomingFile.read(upload, upload.name or "file") for upload in uploads]


def bound_form(
    action: DeskAction, data: Any = None, files: Any = None, **kwargs: Any
) -> desk_forms.VersionForm:
    """The action's form, with the handler choices when it assigns."""
    variants = kwargs.pop("variants", None)
    if action.form is desk_forms.AssignForm:
        return desk_forms.AssignForm(data, files, **kwargs)
    kwargs.pop("handlers", None)
    if action.form is AcceptForm:
        return AcceptForm(data, files, variants=variants, **kwargs)
    return action.form(data, files, **kwargs)


def form_errors_from(form: forms.Form, field: str | None, message: str) -> None:
    """Put an action's error beside its field, or on the form as a whole."""
    target = desk_forms.form_field_for(field, form)
    form.add_error(target, message)
