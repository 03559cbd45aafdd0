"""Forms of the feedback pages: they only read input; the rules live in `actions`."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from motcua.feedback.models import Feedback
from motcua.units.models import Unit

NATURE_CHOICES = [
    ("feedback", _("Feedback on how things are done (phản ánh)")),
    ("recommendation", _("A recommendation (kiến nghị)")),
    ("question", _("A question")),
    ("complaint", _("A complaint against a decision or an act (khiếu nại)")),
    ("denunciation", _("A denunciation of a violation (tố cáo)")),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern); their content is checked by the action."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class FeedbackForm(forms.Form):
    nature = forms.ChoiceField(label=_("What is your message?"), choices=NATURE_CHOICES, initial="feedback")
    subject = forms.ChoiceField(label=_("What is it about?"), choices=Feedback.Subject.choices)
    dossier_code = forms.CharField(label=_("Dossier code"), max_length=64, required=False)
    # A list to choose from, not a code to type; the action still checks what arrives.
    unit_code = forms.CharField(
        label=_("Commune, ward or agency"),
        max_length=16,
        required=False,
        help_text=_("The unit your message is about, if it is not about a dossier."),
        widget=forms.Select,
    )
    official_name = forms.CharField(label=_("Official's name, if any"), max_length=200, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=15, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    publish = forms.BooleanField(
        label=_("Publish my message and its answer, without my name or contact"), required=False, initial=True
    )
    attachments = MultipleFileField(label=_("Attachments (PDF, JPEG or PNG)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(province__code=settings.MOTCUA_PROVINCE_CODE).order_by("search_name")
        choices: list[Any] = [("", _("Choose…"))]
        # Grouped by kind, as on the submission page, so a citizen finds their commune among communes.
        for kind, label in Unit.Kind.choices:
            group = [(u.code, u.name) for u in units if u.kind == kind]
            if group:
                choices.append((label, group))
        widget = self.fields["unit_code"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = choices


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    publish = forms.BooleanField(
        label=_("Publish the message and the answer, without the person"), required=False, initial=True
    )


class ReassignForm(forms.Form):
    unit_code = forms.CharField(label=_("Responsible unit's code"), max_length=16)
    note = forms.CharField(label=_("Why"), max_length=1000)


class RateForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Does the answer satisfy you?"),
        choices=[("yes", _("Yes, satisfied")), ("no", _("No, not satisfied"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
