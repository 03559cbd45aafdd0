"""Forms of the officials' desk. They check presence and shape, so that every problem of a form is
named at once beside its field; the rules (competence, states, deadlines) stay in the actions, whose
errors come back beside the field they name."""

import re
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.states import Channel, ResultKind

# What the browser offers in its file picker; the server still recognises files by content.
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
_NATIONAL_ID = re.compile(r"^[0-9]{12}$")
_PHONE = re.compile(r"^(?:0|\+84)[1-9][0-9]{8,9}$")

# Where an action's error lands in a desk form: the action names its input, the form its field.
FIELD_OF_ERROR = {
    "applicant.name": "applicant_name",
    "applicant.national_id": "applicant_national_id",
    "applicant.phone": "applicant_phone",
    "applicant.email": "applicant_email",
    "address": "applicant_address",
    "items": "missing",
}


def form_field_for(error_field: str | None, form: forms.Form) -> str | None:
    """The form field an action's error belongs beside, or None for the form as a whole."""
    if not error_field:
        return None
    if error_field.startswith("files"):
        return "scans" if "scans" in form.fields else None
    name = FIELD_OF_ERROR.get(error_field, error_field)
    return name if name in form.fields else None


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ReceptionForm(forms.Form):
    """Counter reception in one screen. `token` is a one-time key: a second click on the same form
    finds the dossier the first one created."""

    DECISIONS = ("accept", "supplement", "refuse")

    token = forms.CharField(widget=forms.HiddenInput, max_length=40)
    procedure_q = forms.CharField(label=_("Find the procedure"), required=False, max_length=100)
    procedure = forms.CharField(
        label=_("Procedure"), error_messages={"required": _("Choose the procedure.")}, max_length=16
    )
    competent_unit = forms.CharField(label=_("Competent unit"), max_length=16)
    receiving_unit = forms.CharField(label=_("Receiving desk"), required=False, max_length=16)
    applicant_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter the applicant's full name.")},
    )
    applicant_national_id = forms.CharField(
        label=_("Personal ID number"),
        max_length=12,
        error_messages={"required": _("The personal ID number must have exactly 12 digits.")},
    )
    applicant_phone = forms.CharField(
        label=_("Phone"),
        max_length=15,
        error_messages={
            "required": _("The phone number must be a Vietnamese number, for example 0912345678.")
        },
    )
    applicant_email = forms.EmailField(
        label=_("E-mail"), required=False, error_messages={"invalid": _("The e-mail address is not valid.")}
    )
    applicant_address = forms.CharField(label=_("Address"), required=False, max_length=300)
    missing = forms.CharField(
        label=_("Other missing items, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Reason for refusal"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    scans = forms.FileField(label=_("Other scans (PDF, JPEG or PNG)"), required=False)
    decision = forms.ChoiceField(choices=[(d, d) for d in DECISIONS], required=False)

    @classmethod
    def new_token(cls) -> str:
        return f"desk-{uuid.uuid4().hex}"

    def clean_applicant_national_id(self) -> str:
        value: str = self.cleaned_data["applicant_national_id"].strip()
        if not _NATIONAL_ID.match(value):
            raise forms.ValidationError(_("The personal ID number must have exactly 12 digits."))
        return value

    def clean_applicant_phone(self) -> str:
        value: str = self.cleaned_data["applicant_phone"].replace(" ", "")
        if not _PHONE.match(value):
            raise forms.ValidationError(
                _("The phone number must be a Vietnamese number, for example 0912345678.")
            )
        return value

    def clean_token(self) -> str:
        value: str = self.cleaned_data["token"]
        if not re.fullmatch(r"desk-[0-9a-f]{32}", value):
            raise forms.ValidationError(
                _("The form has expired. Reload the page and enter the dossier again.")
            )
        return value


class VersionForm(forms.Form):
    """Every action form carries the version of the dossier the officer saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReasonForm(VersionForm):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RefuseForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason for refusal"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SupplementRequestForm(VersionForm):
    items = forms.CharField(
        label=_("Missing items, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class SupplementProvideForm(VersionForm):
    note = forms.CharField(
        label=_("What the applicant handed in"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    scans = forms.FileField(label=_("Scans of the papers"), required=False)


class AssignForm(VersionForm):
    handler = forms.ChoiceField(label=_("Handler"), required=False)

    def __init__(self, *args: Any, handlers: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose automatically (least loaded)")), *(handlers or [])]
        self.fields["handler"].choices = choices  # type: ignore[attr-defined]


class AppraiseForm(VersionForm):
    opinion = forms.CharField(
        label=_("Appraisal opinion"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProposeForm(VersionForm):
    proposal = forms.ChoiceField(
        label=_("Proposal"),
        choices=[(ResultKind.GRANTED, _("Grant")), (ResultKind.REFUSED, _("Refuse"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Propose to grant or to refuse.")},
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(VersionForm):
    result = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ResultKind.GRANTED, _("Approve and sign")), (ResultKind.REFUSED, _("Refuse"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Decide to grant or to refuse.")},
    )
    reason = forms.CharField(
        label=_("Reason, if refused"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    scans = forms.FileField(label=_("Signed result"), required=False)


class ExtendForm(VersionForm):
    new_due_at = forms.DateTimeField(
        label=_("New appointment"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Enter the new appointment date and time."),
            "invalid": _("Enter the new appointment as a date and time, for example 27/11/2026 16:00."),
        },
    )
    reason = forms.CharField(
        label=_("Reason for the delay (goes into the apology)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReturnForm(VersionForm):
    via = forms.TypedChoiceField(
        label=_("Returned"), choices=Channel.choices, coerce=int, initial=Channel.IN_PERSON
    )
