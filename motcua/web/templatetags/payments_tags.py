"""The financial step and transfer panel of the desk's dossier page."""

from typing import Any

from django import template

from motcua.payments.models import PaymentNotice
from motcua.payments.selectors import PaymentPause, payment_pause, remittances_due
from motcua.web.views.desk_payments import payment_panel

register = template.Library()


@register.inclusion_tag("web/desk/_payments.html", takes_context=True)
def payments_panel(context: template.Context, dossier: Any) -> dict[str, Any]:
    request = context["request"]
    return {"panel": payment_panel(request.user, dossier), "dossier": dossier, "request": request}


@register.simple_tag
def payment_step(dossier: Any) -> PaymentPause | None:
    """The dossier's latest financial step, for the citizen's tracking page (the view has already
    checked the code and the secret)."""
    if dossier.handler_id is None:  # only the assigned handler issues a notice: none without one
        return None
    return payment_pause(dossier)


@register.simple_tag
def charges_to_remit(user: Any) -> list[PaymentNotice]:
    """The charges collected at the user's desks and not yet remitted, earliest due first."""
    return remittances_due(user)
