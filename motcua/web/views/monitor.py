"""The province monitor's pages: overview of the units, a page per unit with charts, the index
explanation, the dossiers and handlers behind a figure, the national ranking, and reports."""

import csv
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.catalog.models import Field
from motcua.core.errors import DomainError, InvalidInput, NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import visible_dossiers
from motcua.monitor import selectors
from motcua.monitor.drill import JUDGED, MEASURES, figure_dossiers, handlers_of, measure_label
from motcua.monitor.reports import (
    EXPORT_ROWS_INLINE,
    dossier_csv_rows,
    export_get,
    export_request,
    exports_of,
)
from motcua.monitor.selectors import Period

PAGE_SIZE = 50


def _not_found(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(request, "web/not_found.html", {"message": error.message}, status=404)


def _period(request: HttpRequest) -> tuple[Period, str | None]:
    """The period asked for, or the current month with the reason when the input is bad: a page
    never fails on a period."""
    today = timezone.localdate()
    try:
        period = selectors.period_parse(
            kind=request.GET.get("period", ""),
            start=request.GET.get("from") or None,
            end=request.GET.get("to") or None,
            today=today,
        )
    except InvalidInput as error:
        return selectors.period_of("month", today), str(error.message)
    return period, None


def _field(request: HttpRequest) -> Field | None:
    """The field (lĩnh vực) the figures are limited to (`?field=<code>`); an unknown one is 404."""
    return selectors.field_for(request.GET.get("field"))


def _context(
    request: HttpRequest, period: Period, error: str | None, field: Field | None = None, **extra: Any
) -> dict[str, Any]:
    period_query = f"period={period.kind}&from={period.start:%Y-%m-%d}&to={period.end:%Y-%m-%d}"
    if field is not None:  # every link keeps the field: a figure and its dossiers agree
        period_query += f"&field={field.code}"
    return {
        "period": period,
        "period_error": error,
        "period_kinds": selectors.PERIOD_KINDS,
        "query": request.GET.urlencode(),
        "period_query": period_query,
        "field": field,
        **extra,
    }


def _dossiers_of(request: HttpRequest, field: Field | None) -> QuerySet[Dossier]:
    dossiers = visible_dossiers(request.user)
    return dossiers if field is None else dossiers.filter(procedure__field=field)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    period, error = _period(request)
    sort = request.GET.get("sort", "rank")
    try:
        field = _field(request)
        province, total, rows = selectors.province_overview(
            actor=request.user,
            province_code=request.GET.get("province"),
            period=period,
            now=timezone.now(),
            sort=sort,
            field=field,
        )
    except NotFound as missing:
        units = selectors.watched_units(request.user)
        if len(units) == 1 and "province" not in request.GET and missing.field != "field":
            return redirect("web:monitor_unit", code=units[0].code)
        return _not_found(request, missing)
    context = _context(
        request,
        period,
        error,
        field,
        province=province,
        total=total,
        rows=[row for row in rows if not row.empty],
        empty=[row for row in rows if row.empty],
        sort=sort,
        fields=selectors.fields_all(),
    )
    return render(request, "web/monitor/overview.html", context)


def _chart(series: list[tuple[Any, selectors.Figures]]) -> dict[str, Any]:
    return {
        "labels": [f"{month:%m/%Y}" for month, _f in series],
        "online": [f.received_online for _m, f in series],
        "in_person": [f.received_in_person + f.received_post for _m, f in series],
        "timely": [float(f.timely_rate) if f.timely_rate is not None else None for _m, f in series],
        "online_share": [float(f.online_share) if f.online_share is not None else None for _m, f in series],
        "names": {
            "online": _("Online"),
            "in_person": _("In person and by post"),
            "timely": _("Early or on time (%)"),
            "online_share": _("Online share (%)"),
        },
    }


@login_required
def unit(request: HttpRequest, code: str) -> HttpResponse:
    period, error = _period(request)
    try:
        field = _field(request)
        report = selectors.unit_overview(
            actor=request.user, code=code, period=period, now=timezone.now(), field=field
        )
    except NotFound as missing:
        return _not_found(request, missing)
    context = _context(
        request,
        period,
        error,
        field,
        report=report,
        unit=report.unit,
        chart=_chart(report.months),
        fields=selectors.fields_all(),
    )
    return render(request, "web/monitor/unit.html", context)


@login_required
def unit_index(request: HttpRequest, code: str) -> HttpResponse:
    period, error = _period(request)
    try:
        field = _field(request)
        report = selectors.unit_overview(
            actor=request.user, code=code, period=period, now=timezone.now(), field=field
        )
    except NotFound as missing:
        return _not_found(request, missing)
    return render(
        request,
        "web/monitor/index.html",
        _context(request, period, error, field, report=report, unit=report.unit),
    )


@login_required
def unit_dossiers(request: HttpRequest, code: str) -> HttpResponseBase:
    """The dossiers behind one figure of a unit; `format=csv` exports them (in the background when
    the list is long)."""
    period, error = _period(request)
    measure = request.GET.get("measure", "received")
    try:
        field = _field(request)
        the_unit = selectors.unit_for(request.user, code)
        label = measure_label(measure)
    except DomainError as missing:
        return _not_found(request, missing)
    dossiers = figure_dossiers(
        dossiers=_dossiers_of(request, field),
        unit_id=the_unit.pk,
        measure=measure,
        period=period,
        now=timezone.now(),
    )
    if request.GET.get("format") == "csv":
        return _csv(request, dossiers, the_unit.code, measure, period, field)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    rows = list(dossiers[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    context = _context(
        request,
        period,
        error,
        field,
        unit=the_unit,
        measure=measure,
        label=label,
        dossiers=rows[:PAGE_SIZE],
        page=page,
        has_next=len(rows) > PAGE_SIZE,
        measures=[(key, value[0]) for key, value in MEASURES.items()] + list(JUDGED.items()),
    )
    return render(request, "web/monitor/dossiers.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(
    request: HttpRequest, dossiers: Any, code: str, measure: str, period: Period, field: Field | None
) -> HttpResponseBase:
    if dossiers.count() > EXPORT_ROWS_INLINE:
        params = {"unit": code, "measure": measure, "from": f"{period.start}", "to": f"{period.end}"}
        if field is not None:
            params["field"] = field.code
        export = export_request(
            actor=request.user,  # type: ignore[arg-type]
            kind="dossiers",
            fmt="csv",
            params=params,
        )
        return redirect("web:monitor_report", pk=export.pk)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in dossier_csv_rows(dossiers)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{code}-{measure}-{period.start}-{period.end}.csv"'
    )
    return response


@login_required
def unit_handlers(request: HttpRequest, code: str) -> HttpResponse:
    period, error = _period(request)
    try:
        field = _field(request)
        the_unit = selectors.unit_for(request.user, code)
    except NotFound as missing:
        return _not_found(request, missing)
    rows = handlers_of(
        dossiers=_dossiers_of(request, field), unit_id=the_unit.pk, period=period, now=timezone.now()
    )
    return render(
        request,
        "web/monitor/handlers.html",
        _context(request, period, error, field, unit=the_unit, rows=rows),
    )


@login_required
def provinces(request: HttpRequest) -> HttpResponse:
    period, error = _period(request)
    try:
        field = _field(request)
        rows = selectors.provinces_ranked(actor=request.user, period=period, now=timezone.now(), field=field)
    except NotFound as missing:
        return _not_found(request, missing)
    ranked = [row for row in rows if not row.empty]
    empty = [row for row in rows if row.empty]
    return render(
        request,
        "web/monitor/provinces.html",
        _context(request, period, error, field, rows=ranked, empty=empty, fields=selectors.fields_all()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reports(request: HttpRequest) -> HttpResponse:
    """Ask for the periodic report of a province or unit as Excel or PDF; see earlier requests."""
    period, error = _period(request)
    form_error = None
    if request.method == "POST":
        try:
            export = export_request(
                actor=request.user,  # type: ignore[arg-type]
                kind="periodic",
                fmt=request.POST.get("format", ""),
                params={
                    "province": request.POST.get("province", ""),
                    "unit": request.POST.get("unit", ""),
                    "from": request.POST.get("from", ""),
                    "to": request.POST.get("to", ""),
                    "period": request.POST.get("period", ""),
                },
            )
        except DomainError as refused:
            form_error = str(refused.message)
        else:
            return redirect("web:monitor_report", pk=export.pk)
    context = _context(
        request,
        period,
        error,
        exports=exports_of(request.user),  # type: ignore[arg-type]
        provinces=selectors.watched_provinces(request.user),
        units=selectors.watched_units(request.user),
        form_error=form_error,
    )
    return render(request, "web/monitor/reports.html", context, status=422 if form_error else 200)


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """An export's progress; htmx polls the fragment until the file is ready."""
    try:
        export = export_get(actor=request.user, pk=pk)  # type: ignore[arg-type]
    except NotFound as missing:
        return _not_found(request, missing)
    template = (
        "web/monitor/_report_status.html" if request.headers.get("HX-Request") else "web/monitor/report.html"
    )
    return render(request, template, {"export": export})


@login_required
def report_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    try:
        export = export_get(actor=request.user, pk=pk)  # type: ignore[arg-type]
    except NotFound as missing:
        return _not_found(request, missing)
    if not export.file:
        return _not_found(request, NotFound(_("The file is not ready yet.")))
    name = (export.file.name or "").rsplit("/", 1)[-1]
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=name)
