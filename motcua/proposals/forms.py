"""Forms of the proposal pages: they only read input; the rules live in `actions`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.feedback.forms import MultipleFileField
from motcua.proposals.actions import MAX_TEXT, MAX_WORKING_DAYS
from motcua.proposals.models import Proposal


class FileForm(forms.Form):
    unit = forms.ChoiceField(label=_("Commune"))
    category = forms.ChoiceField(label=_("Category"), choices=Proposal.Category.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Proposal or difficulty"), widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX_TEXT
    )
    attachments = MultipleFileField(label=_("Attachments (PDF, JPEG or PNG)"), required=False)

    def __init__(self, *args: object, units: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    department = forms.ChoiceField(label=_("Department in charge"))
    working_days = forms.IntegerField(
        label=_("Working days to answer"), min_value=1, max_value=MAX_WORKING_DAYS, initial=10
    )
    note = forms.CharField(
        label=_("Note to the department"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: object, departments: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["department"].choices = departments  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX_TEXT)


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the answer does not settle the matter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
    )
