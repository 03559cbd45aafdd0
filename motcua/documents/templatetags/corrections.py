"""`{% correction_panel dossier user as panel %}`: the corrections of a dossier's result and what
the user may do about them, for `web/desk/_correction.html` (Decree 118 Art.23)."""

from dataclasses import dataclass
from typing import Any

from django import template

from motcua.accounts.models import User
from motcua.dossiers.actions.correction import WITH_RESULT, correction_choices
from motcua.dossiers.models import Dossier, ResultCorrection

register = template.Library()


@dataclass(frozen=True)
class CorrectionPanel:
    corrections: list[ResultCorrection]
    report: list[tuple[str, str]]  # (reported_via, label) the user may choose
    complete: bool


@register.simple_tag
def correction_panel(dossier: Dossier, user: Any) -> CorrectionPanel:
    if dossier.status not in WITH_RESULT or dossier.resolved_at is None:
        # No result yet, so nothing to correct: the page spends no query on the panel.
        return CorrectionPanel(corrections=[], report=[], complete=False)
    official = user if isinstance(user, User) else None
    ways, complete = correction_choices(official, dossier)
    labels = dict(ResultCorrection.ReportedVia.choices)
    return CorrectionPanel(
        corrections=list(dossier.corrections.order_by("reported_at", "pk")),
        report=[(via, str(labels[via])) for via in ways],
        complete=complete,
    )
