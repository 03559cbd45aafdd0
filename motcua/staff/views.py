"""Staff pages of the desk: a unit's positions with their gaps and workload, the province's gaps
per unit and field, an official's history, and the import of a staff list with its preview."""

import base64
import binascii
from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.calendar import VIETNAM_TZ
from motcua.core.errors import DomainError, InvalidInput, NotFound
from motcua.staff import actions, importing, reports, selectors
from motcua.staff.forms import MoveForm
from motcua.staff.models import Assignment, Level, Sector
from motcua.web.views.desk_http import actor, officials_only


def _today() -> date:
    return timezone.now().astimezone(VIETNAM_TZ).date()


@officials_only
def index(request: HttpRequest) -> HttpResponse:
    """One unit: straight to its page; several (the province): the overview of gaps."""
    units = list(selectors.staff_units(actor(request))[:2])
    if len(units) == 1:
        return redirect("staff:unit", code=units[0].code)
    return redirect("staff:province")


@officials_only
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    user = actor(request)
    unit = selectors.staff_unit_get(user, code)
    now = timezone.now()
    today = now.astimezone(VIETNAM_TZ).date()
    positions = selectors.unit_positions(unit, on=today)
    loads, per_position = selectors.unit_workload(unit, now=now, on=today)
    rows = [(view, per_position.get(view.position.pk, 0)) for view in positions]
    context = {
        "unit": unit,
        "rows": rows,
        "loads": loads,
        "events": selectors.unit_events(unit),
        "vacant": sum(1 for v in positions if v.vacant),
        "over": sum(1 for v in positions if v.over),
        "mismatches": sum(v.mismatches for v in positions),
        "headcount": sum(v.position.headcount for v in positions),
        "filled": sum(v.filled for v in positions),
        "may_manage": actions.may_manage(user, unit),
        "today": today,
    }
    return render(request, "staff/unit.html", context)


@officials_only
def province_page(request: HttpRequest) -> HttpResponse:
    sector = request.GET.get("sector", "")
    if sector not in Sector.values:
        sector = ""
    rows = selectors.province_gaps(actor(request), on=_today(), sector=sector)
    totals = {
        key: sum(getattr(r, key) for r in rows)
        for key in ("positions", "headcount", "filled", "vacant", "over", "mismatches", "short")
    }
    if request.GET.get("format") == "xlsx":
        label = str(Sector(sector).label) if sector else _("All fields")
        response = HttpResponse(
            reports.gaps_workbook(rows, on=_today(), sector_label=label),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="staff-gaps-{_today():%Y%m%d}.xlsx"'
        return response
    context = {"rows": rows, "totals": totals, "sector": sector, "sectors": Sector.choices}
    return render(request, "staff/province.html", context)


def _position_choices(request: HttpRequest) -> list[tuple[str, str]]:
    return [
        (str(p.pk), f"{p.unit.name} · {p.code} {p.title}")
        for p in selectors.positions_managed(actor(request))
    ]


def _official_page(
    request: HttpRequest, pk: int, form: MoveForm | None = None, status: int = 200
) -> HttpResponse:
    official = selectors.official_get(actor(request), pk)
    choices = _position_choices(request)
    context = {
        "official": official,
        "history": selectors.official_history(official),
        "today": _today(),
        "move_form": (form or MoveForm(positions=choices)) if choices else None,
    }
    return render(request, "staff/official.html", context, status=status)


@officials_only
def official_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _official_page(request, pk)


@officials_only
@require_POST
def official_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Transfer the official's main position, or give them a concurrent one."""
    user = actor(request)
    official = selectors.official_get(user, pk)
    form = MoveForm(request.POST, positions=_position_choices(request))
    if not form.is_valid():
        return _official_page(request, pk, form, 422)
    data = form.cleaned_data
    position = next(p for p in selectors.positions_managed(user) if str(p.pk) == data["position"])
    try:
        if data["kind"] == Assignment.Kind.MAIN:
            actions.official_transfer(
                actor=user, official=official, position=position, start=data["start"], note=data["note"]
            )
        else:
            actions.assignment_start(
                actor=user,
                official=official,
                position=position,
                kind=data["kind"],
                start=data["start"],
                note=data["note"],
            )
    except NotFound:
        raise
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _official_page(request, pk, form, error.status)
    messages.success(request, _("The new position is recorded."))
    return redirect("staff:official", pk=official.pk)


def _import_context(unit: object, **extra: object) -> dict[str, object]:
    return {
        "unit": unit,
        "sectors": Sector.choices,
        "levels": Level.choices,
        "columns": importing.COLUMNS,
        **extra,
    }


@officials_only
def import_page(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the form. POST with a file: the preview, row by row, and the confirmation if no row
    has an error. POST with `content` (the previewed file): the import, all rows or none."""
    user = actor(request)
    unit = selectors.staff_unit_get(user, code)
    if not actions.may_manage(user, unit):
        raise NotFound(_("No unit of yours has this code."))
    if request.method != "POST":
        return render(request, "staff/import.html", _import_context(unit))
    upload = request.FILES.get("file")
    try:
        if upload is not None:
            if upload.size and upload.size > importing.MAX_BYTES:
                raise InvalidInput(_("The file is larger than 2 MB."), field="file")
            content = upload.read()
            plan = importing.plan_import(unit, content)
            encoded = base64.b64encode(content).decode() if not plan.errors else ""
            return render(
                request,
                "staff/import.html",
                _import_context(unit, plan=plan, content=encoded, filename=upload.name),
                status=422 if plan.errors else 200,
            )
        try:
            content = base64.b64decode(request.POST.get("content", ""), validate=True)
        except (binascii.Error, ValueError) as error:
            raise InvalidInput(_("Choose the Excel file of the staff list."), field="file") from error
        if not content:
            raise InvalidInput(_("Choose the Excel file of the staff list."), field="file")
        made = actions.staff_import(actor=user, unit=unit, content=content)
    except DomainError as error:
        return render(
            request, "staff/import.html", _import_context(unit, error=error.message), status=error.status
        )
    messages.success(request, _("%(count)s assignments imported.") % {"count": made})
    return redirect("staff:unit", code=unit.code)


@officials_only
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        importing.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="staff-list.xlsx"'
    return response


@officials_only
@require_POST
def end_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    """End one assignment today (the official keeps their history)."""
    user = actor(request)
    assignment = selectors.assignment_get(user, pk)
    try:
        actions.assignment_end(actor=user, assignment=assignment, end=_today())
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("staff:official", pk=assignment.official_id)
