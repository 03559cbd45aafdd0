"""Forms of the programme pages: they only read input; the rules live in `actions`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.programmes.models import Task

VERDICTS = [(s, label) for s, label in Task.Status.choices if s != Task.Status.OPEN]


class EvaluateForm(forms.Form):
    status = forms.ChoiceField(label=_("Verdict"), choices=VERDICTS)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False)
    year_end = forms.BooleanField(label=_("Year-end evaluation"), required=False)


class ProgressForm(forms.Form):
    period_end = forms.DateField(label=_("Period ending"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    evidence = forms.CharField(label=_("Evidence (documents, figures)"), max_length=2000, required=False)
