"""The financial step and transfer panel of the desk's dossier page."""

from typing import Any

from django import template

from motcua.web.views.desk_payments import payment_panel

register = template.Library()


@register.inclusion_tag("web/desk/_payments.html", takes_context=True)
def payments_panel(context: template.Context, dossier: Any) -> dict[str, Any]:
    request = context["request"]
    return {"panel": payment_panel(request.user, dossier), "dossier": dossier, "request": request}
