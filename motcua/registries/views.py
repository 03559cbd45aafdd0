"""The desk's lookup endpoint, called by `web/static/web/id_lookup.js` as the officer types the
applicant's ID number: the registry's record, the fields that differ from what was typed, and a
clear message when the registry is down (the officer carries on by hand)."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.errors import DomainError
from motcua.dossiers import selectors
from motcua.registries import actions
from motcua.web.views.desk_http import actor, officials_only


def _labels() -> dict[str, str]:
    """The words of the lookup widget, in the officer's language (the script has none of its own)."""
    return {
        "consent": _("The applicant agrees that their data be read from the population database"),
        "button": _("Look up in the population database"),
        "use": _("Use the registry's value"),
        "registry": _("Registry"),
        "typed": _("Typed"),
        "busy": _("Looking up…"),
        "name": _("Full name"),
        "born": _("Date of birth"),
        "address": _("Address"),
    }


@require_http_methods(["GET", "POST"])
@officials_only
def lookup(request: HttpRequest) -> JsonResponse:
    """GET: the widget's words. POST registry, subject, purpose, consent, dossier (optional),
    typed_name, typed_born, typed_address. Answers {outcome, message, record, differences, lookup}."""
    if request.method == "GET":
        return JsonResponse({"labels": _labels()}, json_dumps_params={"ensure_ascii": False})
    data = request.POST
    try:
        code = data.get("dossier", "").strip()
        dossier = selectors.dossier_get(actor=actor(request), code=code) if code else None
        result = actions.registry_lookup(
            actor=actor(request),
            registry=data.get("registry", "population"),
            subject=data.get("subject", ""),
            purpose=data.get("purpose", ""),
            consent=data.get("consent", ""),
            dossier=dossier,
            typed={
                "name": data.get("typed_name", ""),
                "born": data.get("typed_born", ""),
                "address": data.get("typed_address", ""),
            },
        )
    except DomainError as error:
        return JsonResponse(
            {"error": {"code": error.code, "message": str(error.message), "field": error.field}},
            status=error.status,
        )
    return JsonResponse(
        {
            "outcome": result.outcome,
            "message": result.message,
            "record": result.record,
            "differences": result.differences,
            "lookup": result.lookup.pk,
        },
        json_dumps_params={"ensure_ascii": False},
    )
