"""Forms of the citizen portal. They check presence and shape only; the rules (ID number, phone,
file types and sizes, competence) are the actions' and come back as errors beside the fields."""

import uuid
from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component
from motcua.units.models import Unit

# What the browser offers in its file picker; the server still recognises files by content.
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
ACCEPT_TYPES = "application/pdf image/jpeg image/png"


def component_field_name(component: Component) -> str:
    return f"component_{component.pk}"


class DescribedForm(forms.Form):
    """Each input names its help text and its error line for screen readers. The error line is
    always in the page, empty and hidden when there is no error, so the file-checking script can
    fill it (Django sets `aria-invalid` itself)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.describe()

    def describe(self) -> None:
        for name, field in self.fields.items():
            if field.widget.is_hidden or isinstance(field.widget, forms.RadioSelect):
                continue
            auto_id = self[name].auto_id
            ids = [f"{auto_id}_error"] + ([f"{auto_id}_helptext"] if field.help_text else [])
            field.widget.attrs["aria-describedby"] = " ".join(ids)


class SubmissionForm(DescribedForm):
    """Online submission: the competent unit (chosen, or found from an address before 2025), the
    applicant, one file per component, the declaration and a one-time key against double clicks."""

    competent_unit = forms.ChoiceField(label=_("Commune, ward or special zone"), required=False)
    old_address = forms.CharField(
        label=_("Or your address before 1 July 2025"),
        required=False,
        max_length=300,
        help_text=_(
            "Commune, district and province, for example “Xã Đắk Drô, Huyện Krông Nô, Tỉnh Đắk Nông”."
        ),
    )
    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter the applicant's full name.")},
    )
    national_id = forms.CharField(
        label=_("Personal ID number"),
        max_length=20,
        help_text=_("12 digits."),
        error_messages={"required": _("Enter the personal ID number.")},
    )
    phone = forms.CharField(
        label=_("Phone number"), max_length=20, error_messages={"required": _("Enter a phone number.")}
    )
    email = forms.CharField(label=_("E-mail (optional)"), max_length=254, required=False)
    address = forms.CharField(label=_("Current address (optional)"), max_length=300, required=False)
    declaration = forms.BooleanField(
        label=_("I declare that the information and the files are true and complete."),
        error_messages={"required": _("Tick the declaration to submit the dossier.")},
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(
        self,
        *args: Any,
        units: Iterable[Unit],
        components: Iterable[Component],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        units = list(units)
        choices: list[Any] = [("", _("Choose…"))] if len(units) != 1 else []
        if len(units) == 1:
            choices.append((units[0].code, units[0].name))
        else:
            # Grouped by kind so that a citizen finds "Krông Nô" under communes, not after all the wards.
            for kind, label in Unit.Kind.choices:
                group = [(u.code, u.name) for u in units if u.kind == kind]
                if group:
                    choices.append((label, group))
        unit_field = self.fields["competent_unit"]
        assert isinstance(unit_field, forms.ChoiceField)
        unit_field.choices = choices
        if len(units) == 1:
            # A department procedure has one competent body: nothing to choose, no old address.
            self.fields["competent_unit"].label = _("Settled by")
            del self.fields["old_address"]
        self.components = list(components)
        for component in self.components:
            self.fields[component_field_name(component)] = forms.FileField(
                label=component.name,
                required=component.required,
                help_text=component.note,
                error_messages={"required": _("Attach this document.")},
                widget=forms.ClearableFileInput(
                    attrs={
                        "accept": ACCEPT,
                        "data-accept-types": ACCEPT_TYPES,
                        "data-max-bytes": str(settings.MOTCUA_ATTACHMENT_MAX_BYTES),
                    }
                ),
            )
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4().hex)
        self.describe()
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["national_id"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel", "type": "tel"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "type": "email"})
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        if "old_address" in self.fields:
            self.fields["old_address"].widget.attrs.update(
                {
                    "hx-get": reverse_lazy("web:portal_unit"),
                    "hx-trigger": "change",
                    "hx-target": "#unit-note",
                    "hx-swap": "outerHTML",
                }
            )

    def component_fields(self) -> list[forms.BoundField]:
        return [self[component_field_name(c)] for c in self.components]

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        try:
            return uuid.UUID(hex=key).hex
        except ValueError:
            raise forms.ValidationError(
                _("The form has expired. Reload the page and submit again.")
            ) from None


class TrackForm(DescribedForm):
    code = forms.CharField(
        label=_("Dossier code"),
        max_length=64,
        help_text=_("As written on the confirmation or the receipt, for example 000.60.20.H36-251201-0001."),
    )
    secret = forms.CharField(
        label=_("Last 4 digits of your phone number or personal ID number"),
        max_length=4,
        min_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{4}"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].error_messages["required"] = _("Enter the dossier code.")
        self.fields["secret"].error_messages.update(
            {
                "required": _("Enter the last 4 digits of your phone number or personal ID number."),
                "min_length": _("Enter the last 4 digits of your phone number or personal ID number."),
                "max_length": _("Enter the last 4 digits of your phone number or personal ID number."),
            }
        )


DISLIKE = "dislike"


class RatingForm(DescribedForm):
    secret = forms.CharField(widget=forms.HiddenInput, max_length=4)
    score = forms.ChoiceField(
        label=_("How satisfied are you with how your dossier was handled?"),
        widget=forms.RadioSelect,
        choices=[
            ("5", _("5 — very satisfied")),
            ("4", _("4 — satisfied")),
            ("3", _("3 — acceptable")),
            ("2", _("2 — poor")),
            ("1", _("1 — very poor")),
            (DISLIKE, _("Not satisfied: I want my complaint recorded")),
        ],
        error_messages={"required": _("Choose a score.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
