"""Forms of the staff pages: they only read input; the rules live in `actions`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.staff.models import Assignment

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class MoveForm(forms.Form):
    """A new position for an official: a transfer of the main one, or a concurrent one."""

    position = forms.ChoiceField(label=_("Position"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Assignment.Kind.choices)
    start = forms.DateField(label=_("From (dd/mm/yyyy)"), input_formats=DATE_FORMATS)
    note = forms.CharField(label=_("Decision or note"), max_length=300, required=False)

    def __init__(self, *args: object, positions: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["position"].choices = positions  # type: ignore[attr-defined]
