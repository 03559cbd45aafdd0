"""Programme pages of the desk: the list with the province's comparison and the overdue tasks, and
a programme with its five-clears tasks, their evaluations, and its targets with their progress."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.access import units_where
from motcua.core.calendar import VIETNAM_TZ
from motcua.core.errors import DomainError, NotFound
from motcua.programmes import actions, reports, selectors
from motcua.programmes.forms import EvaluateForm, ProgrammeForm, ProgressForm, TargetForm, TaskForm
from motcua.programmes.models import Target, Task
from motcua.units.models import Unit
from motcua.web.views.desk_http import actor, officials_only


def _today() -> date:
    return timezone.now().astimezone(VIETNAM_TZ).date()


@officials_only
def list_page(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    today = _today()
    context = {
        "programmes": selectors.visible_programmes(user)
        .select_related("unit")
        .order_by("unit__name", "-issued_on"),
        "rows": selectors.province_overview(user, today=today),
        "overdue": selectors.overdue_tasks(user, today=today)[:50],
        "today": today,
        "may_create": bool(_managed_units(request)),
    }
    return render(request, "programmes/list.html", context)


def _page(request: HttpRequest, pk: int, status: int = 200, error: str = "", **forms: object) -> HttpResponse:
    user = actor(request)
    programme = selectors.programme_get(user, pk)
    today = _today()
    context = {
        "programme": programme,
        "tasks": selectors.programme_tasks(programme, today=today),
        "targets": selectors.programme_targets(programme, today=today),
        "events": selectors.programme_events(programme),
        "may_manage": actions.may_manage(user, programme.unit),
        "may_create": bool(_managed_units(request)),
        "evaluate_form": EvaluateForm(),
        "progress_form": ProgressForm(),
        "task_form": forms.get("task_form") or TaskForm(),
        "target_form": forms.get("target_form") or TargetForm(),
        "today": today,
        "error": error,
    }
    return render(request, "programmes/programme.html", context, status=status)


@officials_only
def programme_page(request: HttpRequest, pk: int) -> HttpResponse:
    if request.GET.get("format") == "xlsx":
        programme = selectors.programme_get(actor(request), pk)
        today = _today()
        response = HttpResponse(
            reports.programme_workbook(
                programme,
                selectors.programme_tasks(programme, today=today),
                selectors.programme_targets(programme, today=today),
            ),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="programme-{programme.pk}.xlsx"'
        return response
    return _page(request, pk)


@officials_only
@require_POST
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    task = Task.objects.filter(pk=pk, programme__in=selectors.visible_programmes(user)).first()
    if task is None:
        raise NotFound(_("No programme of yours has this number."))
    form = EvaluateForm(request.POST)
    if not form.is_valid():
        return _page(request, task.programme_id, 422, _("Choose done, on track, late or not done."))
    try:
        actions.task_evaluate(
            actor=user,
            task=task,
            status=form.cleaned_data["status"],
            comment=form.cleaned_data["comment"],
            year_end=form.cleaned_data["year_end"],
        )
    except NotFound:
        raise
    except DomainError as error:
        return _page(request, task.programme_id, error.status, str(error.message))
    messages.success(request, _("Evaluation recorded."))
    return redirect("programmes:programme", pk=task.programme_id)


@officials_only
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    target = (
        Target.objects.filter(pk=pk, programme__in=selectors.visible_programmes(user))
        .select_related("programme__unit")
        .first()
    )
    if target is None:
        raise NotFound(_("No programme of yours has this number."))
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _page(
            request, target.programme_id, 422, _("Give the period's last day (dd/mm/yyyy) and the value.")
        )
    try:
        actions.progress_report(
            actor=user,
            target=target,
            period_end=form.cleaned_data["period_end"],
            value=form.cleaned_data["value"],
            evidence=form.cleaned_data["evidence"],
        )
    except NotFound:
        raise
    except DomainError as error:
        return _page(request, target.programme_id, error.status, str(error.message))
    messages.success(request, _("Progress recorded."))
    return redirect("programmes:programme", pk=target.programme_id)


def _managed_units(request: HttpRequest) -> list[tuple[str, str]]:
    """The units whose programmes the user writes."""
    user = actor(request)
    units: set[Unit] = set()
    for permission in actions.MANAGE_PERMISSIONS:
        units.update(u for u in units_where(user, permission) if u.is_commune_level)
    return [(u.code, u.name) for u in sorted(units, key=lambda u: u.name)]


@officials_only
def programme_new(request: HttpRequest) -> HttpResponse:
    units = _managed_units(request)
    if not units:
        raise NotFound(_("Programmes are written by a commune's leaders."))
    if request.method != "POST":
        return render(request, "programmes/new.html", {"form": ProgrammeForm(units=units)})
    form = ProgrammeForm(request.POST, units=units)
    if not form.is_valid():
        return render(request, "programmes/new.html", {"form": form}, status=422)
    data = form.cleaned_data
    try:
        programme = actions.programme_create(
            actor=actor(request),
            unit=Unit.objects.get(code=data["unit"]),
            number=data["number"],
            title=data["title"],
            issued_on=data["issued_on"],
            start=data["start"],
            end=data["end"],
        )
    except NotFound:
        raise
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error.message))
        return render(request, "programmes/new.html", {"form": form}, status=error.status)
    return redirect("programmes:programme", pk=programme.pk)


@officials_only
@require_POST
def task_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    programme = selectors.programme_get(user, pk)
    form = TaskForm(request.POST)
    if not form.is_valid():
        return _page(request, pk, 422, _("Give the task's five clears."), task_form=form)
    data = form.cleaned_data
    try:
        actions.task_add(
            actor=user,
            programme=programme,
            clears=actions.FiveClears(
                work=data["work"],
                person=data["person"],
                lead=data["lead"],
                deadline=data["deadline"],
                expected_result=data["expected_result"],
                coordinating=data["coordinating"],
                kind=data["kind"],
            ),
        )
    except NotFound:
        raise
    except DomainError as error:
        return _page(request, pk, error.status, str(error.message), task_form=form)
    messages.success(request, _("Task added."))
    return redirect("programmes:programme", pk=pk)


@officials_only
@require_POST
def target_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    programme = selectors.programme_get(user, pk)
    form = TargetForm(request.POST)
    if not form.is_valid():
        return _page(
            request, pk, 422, _("Give the indicator, its baseline, target value and date."), target_form=form
        )
    data = form.cleaned_data
    try:
        actions.target_add(
            actor=user,
            programme=programme,
            indicator=data["indicator"],
            measure=data["measure"],
            baseline=data["baseline"],
            target=data["target"],
            due=data["due"],
            source=data["source"],
        )
    except NotFound:
        raise
    except DomainError as error:
        return _page(request, pk, error.status, str(error.message), target_form=form)
    messages.success(request, _("Target added."))
    return redirect("programmes:programme", pk=pk)
