"""Forms of the programme pages: they only read input; the rules live in `actions`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.programmes.models import Source, Task

VERDICTS = [(s, label) for s, label in Task.Status.choices if s != Task.Status.OPEN]


class EvaluateForm(forms.Form):
    status = forms.ChoiceField(label=_("Verdict"), choices=VERDICTS)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False)
    year_end = forms.BooleanField(label=_("Year-end evaluation"), required=False)


class ProgressForm(forms.Form):
    period_end = forms.DateField(label=_("Period ending"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    evidence = forms.CharField(label=_("Evidence (documents, figures)"), max_length=2000, required=False)


DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class ProgrammeForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"))
    number = forms.CharField(label=_("Number"), max_length=64, help_text=_("For example 05-CTr/ĐU."))
    title = forms.CharField(label=_("Title"), max_length=300)
    issued_on = forms.DateField(label=_("Issued on (dd/mm/yyyy)"), input_formats=DATE_FORMATS)
    start = forms.DateField(label=_("From (dd/mm/yyyy)"), input_formats=DATE_FORMATS)
    end = forms.DateField(label=_("Until (dd/mm/yyyy)"), input_formats=DATE_FORMATS)

    def __init__(self, *args: object, units: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class TaskForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Task.Kind.choices)
    work = forms.CharField(label=_("The work"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    person = forms.CharField(label=_("Person in charge"), max_length=200)
    lead = forms.CharField(label=_("Lead unit"), max_length=200)
    coordinating = forms.CharField(label=_("Coordinating units"), max_length=300, required=False)
    deadline = forms.DateField(label=_("Deadline (dd/mm/yyyy)"), input_formats=DATE_FORMATS)
    expected_result = forms.CharField(label=_("Expected result or product"), max_length=300)


class TargetForm(forms.Form):
    indicator = forms.CharField(label=_("Indicator"), max_length=300)
    measure = forms.CharField(label=_("Unit of measure"), max_length=32)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=14, decimal_places=2)
    target = forms.DecimalField(label=_("Target value"), max_digits=14, decimal_places=2)
    due = forms.DateField(label=_("To be reached by (dd/mm/yyyy)"), input_formats=DATE_FORMATS)
    source = forms.ChoiceField(label=_("Figures from"), choices=Source.choices, initial=Source.REPORTED)
