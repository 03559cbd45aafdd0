"""Reports: the periodic report of dossier handling per unit and field as Excel and PDF, and CSV
lists of dossiers. Each is built by a background task into a file on the export's row, which the
page polls for progress."""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any, Final

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from motcua.accounts.models import User
from motcua.catalog.models import Field
from motcua.core.errors import InvalidInput, NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import visible_dossiers
from motcua.monitor import selectors
from motcua.monitor.drill import figure_dossiers
from motcua.monitor.models import ReportExport
from motcua.monitor.selectors import Figures, Period

# A list longer than this is exported in the background rather than streamed at once.
EXPORT_ROWS_INLINE: Final = 5000
_PROGRESS_EVERY: Final = 1000

COLUMNS: Final = (
    (gettext_lazy("Received"), "received"),
    (gettext_lazy("Online"), "received_online"),
    (gettext_lazy("Online share (%)"), "online_share"),
    (gettext_lazy("Settled"), "resolved"),
    (gettext_lazy("Early"), "resolved_early"),
    (gettext_lazy("On time"), "resolved_on_time"),
    (gettext_lazy("Late"), "resolved_late"),
    (gettext_lazy("Early or on time (%)"), "timely_rate"),
    (gettext_lazy("Average working days"), "average_days"),
    (gettext_lazy("Supplements"), "supplements"),
    (gettext_lazy("Refusals"), "refusals"),
    (gettext_lazy("Extensions with apology"), "extensions"),
    (gettext_lazy("Withdrawn"), "withdrawn"),
    (gettext_lazy("Average score"), "average_score"),
)


def _value(figures: Figures, name: str) -> Any:
    value = getattr(figures, name)
    return float(value) if value is not None and not isinstance(value, int) else value


# -- requests -------------------------------------------------------------------------------


def export_request(*, actor: User, kind: str, fmt: str, params: dict[str, str]) -> ReportExport:
    """Check what is asked (the period, and that the actor may see the province or unit), record
    the export and queue its building after the commit."""
    if kind not in ReportExport.Kind.values:
        raise InvalidInput(_("Unknown report."), field="kind")
    allowed = ("csv",) if kind == ReportExport.Kind.DOSSIERS else ("xlsx", "pdf")
    if fmt not in allowed:
        raise InvalidInput(
            _("Choose a format: %(formats)s.") % {"formats": ", ".join(allowed)}, field="format"
        )
    _scope(actor, params)
    selectors.field_for(params.get("field"))  # an unknown field is refused now, not in the worker
    with transaction.atomic():
        export = ReportExport.objects.create(
            requested_by=actor, kind=kind, format=fmt, params=params, created_at=timezone.now()
        )
        transaction.on_commit(lambda: export_build.enqueue(export.pk), robust=True)
    return export


def _scope(actor: User, params: dict[str, str]) -> tuple[Period, Any]:
    period = selectors.period_parse(
        kind=params.get("period", ""),
        start=params.get("from"),
        end=params.get("to"),
        today=timezone.localdate(),
    )
    if params.get("unit"):
        return period, selectors.unit_for(actor, params["unit"])
    return period, selectors.province_for(actor, params.get("province") or None)


def export_get(*, actor: User, pk: int) -> ReportExport:
    export = ReportExport.objects.filter(pk=pk, requested_by_id=actor.pk).first()
    if export is None:
        raise NotFound(_("There is no such report."))
    return export


def exports_of(actor: User) -> QuerySet[ReportExport]:
    return ReportExport.objects.filter(requested_by_id=actor.pk)[:20]


# -- building -------------------------------------------------------------------------------


@task()
def export_build(export_id: int) -> str:
    """Build one export; a second run of a finished one does nothing."""
    claimed = ReportExport.objects.filter(pk=export_id, status=ReportExport.Status.QUEUED).update(
        status=ReportExport.Status.RUNNING
    )
    if not claimed:
        return "skipped"
    export = ReportExport.objects.select_related("requested_by").get(pk=export_id)
    try:
        with translation.override("vi"):
            name, content = _build(export)
    except Exception as error:  # recorded for the requester; the task itself succeeds
        ReportExport.objects.filter(pk=export_id).update(
            status=ReportExport.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    export.file.save(name, ContentFile(content), save=False)
    ReportExport.objects.filter(pk=export_id).update(
        status=ReportExport.Status.DONE, file=export.file.name, finished_at=timezone.now()
    )
    return "done"


def _progress(export: ReportExport, done: int, total: int) -> None:
    ReportExport.objects.filter(pk=export.pk).update(done=done, total=total)


def _build(export: ReportExport) -> tuple[str, bytes]:
    actor = export.requested_by
    period, scope = _scope(actor, export.params)
    stamp = f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    if export.kind == ReportExport.Kind.DOSSIERS:
        visible = visible_dossiers(actor)
        field = selectors.field_for(export.params.get("field"))
        dossiers = figure_dossiers(
            dossiers=visible if field is None else visible.filter(procedure__field=field),
            unit_id=scope.pk,
            measure=export.params.get("measure", "received"),
            period=period,
            now=timezone.now(),
        )
        return f"{scope.code}-{export.params.get('measure')}-{stamp}.csv", _csv(export, dossiers)
    report = periodic_report(actor=actor, scope=scope, period=period)
    _progress(export, 1, 2)
    if export.format == ReportExport.Format.XLSX:
        return f"bao-cao-{report['code']}-{stamp}.xlsx", report_xlsx(report)
    return f"bao-cao-{report['code']}-{stamp}.pdf", report_pdf(report)


def dossier_csv_rows(dossiers: Iterable[Dossier]) -> Iterator[list[str]]:
    yield [
        _("Code"),
        _("Procedure"),
        _("Channel"),
        _("Status"),
        _("Received"),
        _("Due"),
        _("Result ready"),
        _("Handler"),
    ]
    for d in dossiers:
        yield [
            d.code,
            d.procedure.name,
            d.get_channel_display(),
            d.get_status_display(),
            _stamp(d.received_at),
            _stamp(d.original_due_at),
            _stamp(d.resolved_at),
            (d.handler.full_name or d.handler.username) if d.handler else "",
        ]


def _stamp(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _csv(export: ReportExport, dossiers: QuerySet[Dossier]) -> bytes:
    total = dossiers.count()
    out = io.StringIO()
    writer = csv.writer(out)
    for done, row in enumerate(dossier_csv_rows(dossiers.iterator(chunk_size=2000))):
        writer.writerow(row)
        if done and done % _PROGRESS_EVERY == 0:
            _progress(export, done, total)
    return ("\ufeff" + out.getvalue()).encode()  # the BOM makes Excel read UTF-8


def periodic_report(*, actor: User, scope: Any, period: Period) -> dict[str, Any]:
    """The rows of the periodic report: one per unit (the province's communes, or the one unit)
    and one per field, with the total."""
    from django.db.models import Q

    now = timezone.now()
    if hasattr(scope, "province_id"):  # a unit
        units = [scope]
        where = Q(unit_id=scope.pk)
        title, code = scope.name, scope.code
    else:
        units = selectors.ranked_units_of(scope)
        where = Q(unit__province_id=scope.pk)
        title, code = scope.name, str(scope.code)
    by_unit = selectors.counter_sums(period=period, units=where)
    by_field = selectors.counter_sums(period=period, units=where, by="field_id")
    fields = {f.pk: f.name for f in Field.objects.filter(pk__in=list(by_field))}
    unit_rows = [(u.code, u.name, selectors.figures_of(by_unit.get(u.pk))) for u in units]
    field_rows = sorted(
        ((str(pk), fields.get(pk, ""), selectors.figures_of(sums)) for pk, sums in by_field.items()),
        key=lambda r: r[1],
    )
    total: dict[str, int] = dict(selectors.ZERO)
    for sums in by_unit.values():
        for name, value in sums.items():
            total[name] += value
    return {
        "title": title,
        "code": code,
        "period": period,
        "generated": now,
        "columns": [str(label) for label, _name in COLUMNS],
        "units": [(c, n, [_value(f, name) for _l, name in COLUMNS]) for c, n, f in unit_rows],
        "fields": [(c, n, [_value(f, name) for _l, name in COLUMNS]) for c, n, f in field_rows],
        "total": [_value(selectors.figures_of(total), name) for _l, name in COLUMNS],
    }


def report_xlsx(report: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheets = ((_("By unit"), report["units"]), (_("By field"), report["fields"]))
    for index, (name, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = name[:31]
        sheet.append([_("Report of dossier handling: %(name)s") % {"name": report["title"]}])
        sheet.append([_("Period: %(period)s") % {"period": report["period"].label()}])
        sheet.append([])
        sheet.append([_("Code"), _("Name"), *report["columns"]])
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for code, label, values in rows:
            sheet.append([code, label, *values])
        if index == 0:
            sheet.append(["", _("Total"), *report["total"]])
        sheet.column_dimensions["B"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_pdf(report: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("monitor/report_pdf.html", {"report": report})
    return bytes(HTML(string=html).write_pdf())
