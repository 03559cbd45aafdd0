"""Counter reception in one screen: the procedure (searched as you type, diacritics ignored), the
competent unit (the desk's own commune by default, or found from an address before 2025), the
applicant, the checklist of components with their scans, then accept, request a supplement or
refuse. The intake and the decision are one transaction: a refused decision leaves no dossier."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from motcua.accounts.access import units_where
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.catalog.models import Component, Procedure, TimeVariant
from motcua.catalog.selectors import procedure_search
from motcua.core.errors import Conflict, DomainError, InvalidInput, NotFound
from motcua.dossiers import actions
from motcua.dossiers.actions.papers import PaperIn, record_received_papers
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.models import Dossier, ReceivedPaper
from motcua.dossiers.selectors import visible_dossiers
from motcua.dossiers.states import Channel
from motcua.registries.actions import lookup_attach
from motcua.registries.models import RegistryLookup
from motcua.units.models import Unit
from motcua.units.selectors import address_convert
from motcua.web.forms.desk import ReceptionForm, form_field_for, lines
from motcua.web.views.desk_http import actor, officials_only
from motcua.web.views.desk_reads import nav_flags

# How many procedures the search shows at once: enough to choose, few enough to read aloud.
SEARCH_LIMIT = 12


@dataclass(frozen=True)
class UnitChoice:
    code: str
    name: str
    group: str


def receiving_units(user: User) -> list[Unit]:
    units = units_where(user, Permission.RECEIVE_DOSSIER).select_related("province").order_by("code")
    return list(units)


def competent_choices() -> list[Unit]:
    """The units of the province that settle procedures: its communes, wards, special zone and
    departments."""
    return list(
        Unit.objects.filter(
            province__code=settings.MOTCUA_PROVINCE_CODE, kind__in=(*Unit.COMMUNE_LEVEL, Unit.Kind.DEPARTMENT)
        ).order_by("kind", "search_name")
    )


def _procedure(code: str) -> Procedure | None:
    if not code:
        return None
    return Procedure.objects.filter(code=code, active=True).select_related("field").first()


def default_unit(procedure: Procedure | None, current: str, desk_unit: Unit | None, units: list[Unit]) -> str:
    """The competent unit to preselect: the department of a department procedure, otherwise the
    commune already chosen, otherwise the desk's own commune."""
    by_code = {u.code: u for u in units}
    if procedure is not None and procedure.level == Procedure.Level.DEPARTMENT:
        department = next(
            (
                u.code
                for u in units
                if u.kind == Unit.Kind.DEPARTMENT and u.code.endswith(f".{procedure.department}")
            ),
            "",
        )
        return department or current
    chosen = by_code.get(current)
    if chosen is not None and chosen.kind in Unit.COMMUNE_LEVEL:
        return current
    if desk_unit is not None and desk_unit.kind in Unit.COMMUNE_LEVEL:
        return desk_unit.code
    return current


def _components(procedure: Procedure | None) -> list[Component]:
    return list(procedure.components.all()) if procedure is not None else []


def _variants(procedure: Procedure | None) -> list[TimeVariant]:
    return list(procedure.time_variants.all()) if procedure is not None else []


# The forms a paper handed in at the counter may take (an upload is an electronic copy by itself).
PAPER_FORMS = [
    (ReceivedPaper.Form.ORIGINAL, ReceivedPaper.Form.ORIGINAL.label),
    (ReceivedPaper.Form.CERTIFIED_COPY, ReceivedPaper.Form.CERTIFIED_COPY.label),
    (ReceivedPaper.Form.COPY, ReceivedPaper.Form.COPY.label),
]
# How the applicant may receive the result (Art.22), the desk first.
DELIVERIES = [
    (Channel.IN_PERSON, _lazy("At the one-stop desk")),
    (Channel.POST, _lazy("By post")),
    (Channel.ONLINE, _lazy("Online")),
]


def _papers(components: list[Component], values: dict[str, Any]) -> list[PaperIn]:
    """The ticked components, each with the form and quantity chosen on its line."""
    checked = {int(v) for v in values.get("components", []) if str(v).isdigit()}
    papers = []
    for component in components:
        if component.pk not in checked:
            continue
        quantity = values.get(f"quantity_{component.pk}", "") or "1"
        if not quantity.isdigit():
            raise InvalidInput(
                _("The quantity of “%(name)s” must be a whole number.") % {"name": component.name},
                field="components",
            )
        form = values.get(f"form_{component.pk}", "") or ReceivedPaper.Form.ORIGINAL
        papers.append(PaperIn(form=form, quantity=int(quantity), component_id=component.pk))
    return papers


def _variant(procedure: Procedure | None, values: dict[str, Any]) -> TimeVariant | None:
    code = values.get("time_variant", "")
    if not code:
        return None
    variant = next((v for v in _variants(procedure) if v.code == code), None)
    if variant is None:
        raise InvalidInput(_("Choose one of the procedure's conditional legal times."), field="time_variant")
    return variant


def _delivery(values: dict[str, Any]) -> int:
    raw = values.get("result_delivery", "") or str(Channel.IN_PERSON)
    if not raw.isdigit() or int(raw) not in Channel.values:
        raise InvalidInput(_("Choose how the applicant receives the result."), field="result_delivery")
    return int(raw)


def _context(
    request: HttpRequest,
    form: ReceptionForm,
    desks: list[Unit],
    *,
    values: dict[str, Any],
    address_note: str = "",
) -> dict[str, Any]:
    procedure = _procedure(values.get("procedure", ""))
    query = values.get("procedure_q", "")
    units = competent_choices()
    desk_unit = next(
        (u for u in desks if u.code == values.get("receiving_unit")), desks[0] if desks else None
    )
    competent = default_unit(procedure, values.get("competent_unit", ""), desk_unit, units)
    checked = {int(v) for v in values.get("components", []) if str(v).isdigit()}
    components = _components(procedure)
    for component in components:
        # Shown again as the officer chose them when the page comes back with an error.
        component.chosen_form = values.get(f"form_{component.pk}", "")  # type: ignore[attr-defined]
        component.chosen_quantity = values.get(f"quantity_{component.pk}", "")  # type: ignore[attr-defined]
    return {
        "form": form,
        "procedure": procedure,
        "results": list(procedure_search(query=query)[:SEARCH_LIMIT]) if query else [],
        "query": query,
        "components": components,
        "checked": checked,
        "variants": _variants(procedure),
        "paper_forms": PAPER_FORMS,
        "deliveries": DELIVERIES,
        "units": units,
        "competent": competent,
        "desks": desks,
        "desk_unit": desk_unit,
        "values": values,
        "address_note": address_note,
        **nav_flags(actor(request)),
    }


def _values(request: HttpRequest) -> dict[str, Any]:
    values: dict[str, Any] = {key: request.POST.get(key, "").strip() for key in request.POST}
    values["components"] = request.POST.getlist("components")
    return values


@officials_only
def receive(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    desks = receiving_units(user)
    if not desks:
        raise NotFound(_("You do not receive dossiers at any desk."))
    if request.method != "POST":
        values: dict[str, Any] = {"components": [], "receiving_unit": desks[0].code}
        form = ReceptionForm(initial={"token": ReceptionForm.new_token(), "receiving_unit": desks[0].code})
        return render(request, "web/desk/receive.html", _context(request, form, desks, values=values))
    values = _values(request)
    decision = values.get("decision", "")
    if decision in ("search", "convert", "choose"):
        # Without scripts the same buttons do what the page otherwise does as you type.
        note = ""
        if decision == "convert":
            note, unit = _convert(values.get("applicant_address", ""))
            if unit is not None:
                values["competent_unit"] = unit
        form = ReceptionForm(initial=values)
        return render(
            request, "web/desk/receive.html", _context(request, form, desks, values=values, address_note=note)
        )
    form = ReceptionForm(request.POST, request.FILES)
    if not form.is_valid() or decision not in ReceptionForm.DECISIONS:
        if form.is_bound and decision not in ReceptionForm.DECISIONS:
            form.add_error(None, _("Choose: accept, request a supplement or refuse."))
        return render(
            request, "web/desk/receive.html", _context(request, form, desks, values=values), status=422
        )
    data = form.cleaned_data
    replay = visible_dossiers(user).filter(idempotency_key=data["token"]).first()
    if replay is not None:
        return redirect("web:desk_receipt", replay.code)
    try:
        dossier = _record(user, data, values, decision, request)
    except DomainError as error:
        target = form_field_for(error.field, form) if isinstance(error, (InvalidInput, NotFound)) else None
        form.add_error(target, str(error.message))
        status = 409 if isinstance(error, Conflict) else 422
        return render(
            request, "web/desk/receive.html", _context(request, form, desks, values=values), status=status
        )
    messages.success(request, _("Dossier %(code)s recorded.") % {"code": dossier.code})
    return redirect("web:desk_receipt", dossier.code)


def _record(
    user: User, data: dict[str, Any], values: dict[str, Any], decision: str, request: HttpRequest
) -> Dossier:
    procedure = _procedure(data["procedure"])
    components = _components(procedure)
    checked = {int(v) for v in values.get("components", []) if str(v).isdigit()}
    files = [
        IncomingFile.read(upload, upload.name or "file", component.pk)
        for component in components
        for upload in request.FILES.getlist(f"file_{component.pk}")
    ]
    files += [IncomingFile.read(upload, upload.name or "file") for upload in request.FILES.getlist("scans")]
    with transaction.atomic():
        dossier = actions.dossier_submit(
            actor=user,
            procedure_code=data["procedure"],
            competent_unit_code=data["competent_unit"],
            applicant=actions.Applicant(
                name=data["applicant_name"],
                national_id=data["applicant_national_id"],
                phone=data["applicant_phone"],
                email=data["applicant_email"],
                address=data["applicant_address"],
            ),
            channel=Channel.IN_PERSON,
            receiving_unit_code=data["receiving_unit"] or None,
            files=files,
            idempotency_key=data["token"],
        )
        _attach_lookup(user, values.get("registry_lookup", ""), dossier)
        if dossier.version > 1:
            # A second click raced the first past the check above: the first one decided already.
            return dossier
        if decision == "accept":
            # Art.17.1.c: the receipt certifies the papers ticked here, in their form and number.
            record_received_papers(
                dossier=dossier,
                papers=_papers(components, values),
                by=user,
                at=dossier.received_at,
                result_delivery=_delivery(values),
            )
            variant = _variant(procedure, values)
            conditional: dict[str, Any] = {}
            if variant is not None:
                conditional = {
                    "time_variant": variant,
                    "time_variant_reason": values.get("time_variant_reason", ""),
                }
            return actions.dossier_accept(
                actor=user, dossier=dossier, expected_version=dossier.version, **conditional
            )
        if decision == "refuse":
            return actions.dossier_refuse(
                actor=user, dossier=dossier, reason=data["reason"], expected_version=dossier.version
            )
        missing = [c.name for c in components if c.required and c.pk not in checked]
        return actions.supplement_request(
            actor=user,
            dossier=dossier,
            items=missing + lines(data["missing"]),
            expected_version=dossier.version,
        )


def _attach_lookup(user: User, lookup_id: str, dossier: Dossier) -> None:
    """The population-database lookup made while typing is recorded on the dossier it led to."""
    if not lookup_id.isdigit():
        return
    lookup = RegistryLookup.objects.filter(pk=int(lookup_id), actor=user, dossier__isnull=True).first()
    if lookup is not None:
        lookup_attach(actor=user, lookup=lookup, dossier=dossier)


def _convert(address: str) -> tuple[str, str | None]:
    """A note for the officer and the 2025 unit of an address, when it names one."""
    try:
        match = address_convert(address)
    except InvalidInput as error:
        return str(error.message), None
    note = _("%(old)s is now part of %(new)s.") % {"old": str(match.old_unit), "new": match.unit.name}
    return note, match.unit.code


@require_GET
@officials_only
def procedure_results(request: HttpRequest) -> HttpResponse:
    """The search as you type: procedures whose name or code contains every word typed."""
    query = request.GET.get("procedure_q", "").strip()
    results = list(procedure_search(query=query)[:SEARCH_LIMIT]) if query else []
    context = {"results": results, "query": query, "values": {"procedure": request.GET.get("procedure", "")}}
    return render(request, "web/desk/_procedure_results.html", context)


@require_GET
@officials_only
def procedure_components(request: HttpRequest) -> HttpResponse:
    """The checklist of the chosen procedure, and the competent unit that goes with it."""
    desks = receiving_units(actor(request))
    procedure = _procedure(request.GET.get("procedure", ""))
    units = competent_choices()
    desk_unit = next(
        (u for u in desks if u.code == request.GET.get("receiving_unit")), desks[0] if desks else None
    )
    context: dict[str, Any] = {
        "procedure": procedure,
        "components": _components(procedure),
        "checked": set(),
        "variants": _variants(procedure),
        "paper_forms": PAPER_FORMS,
        "deliveries": DELIVERIES,
        "values": {},
        "units": units,
        "competent": default_unit(procedure, request.GET.get("competent_unit", ""), desk_unit, units),
        "oob": True,
    }
    return render(request, "web/desk/_components.html", context)


@require_GET
@officials_only
def address_unit(request: HttpRequest) -> HttpResponse:
    """The competent unit for an address before 2025 (commune procedures only)."""
    note, unit = _convert(request.GET.get("applicant_address", ""))
    procedure = _procedure(request.GET.get("procedure", ""))
    current = request.GET.get("competent_unit", "")
    if unit is not None and (procedure is None or procedure.level == Procedure.Level.COMMUNE):
        current = unit
    context: dict[str, Any] = {
        "address_note": note,
        "units": competent_choices(),
        "competent": current,
        "oob": True,
        "converted": unit is not None,
    }
    return render(request, "web/desk/_address_result.html", context)
