"""Proposal pages of the desk: the list with its tabs, the filing form, a proposal with its
history and the step the user may take (assign, answer, accept or reopen), the dashboard."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.attachments import IncomingFile
from motcua.proposals import actions, reports, selectors
from motcua.proposals.forms import AcceptForm, AnswerForm, AssignForm, FileForm, ReopenForm
from motcua.proposals.models import Proposal
from motcua.units.models import Unit
from motcua.web.views.desk_http import actor, officials_only


def _unit_choices(request: HttpRequest) -> list[tuple[str, str]]:
    return [(u.code, u.name) for u in selectors.units_filing(actor(request))]


@officials_only
def list_page(request: HttpRequest, state: str = "open") -> HttpResponse:
    if state not in selectors.STATES:
        raise NotFound(_("No such list."))
    now = timezone.now()
    items = selectors.proposal_list(actor(request), state=state, now=now)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    context = {"page": page, "state": state, "now": now, "may_file": bool(_unit_choices(request))}
    return render(request, "proposals/list.html", context)


@officials_only
def file_page(request: HttpRequest) -> HttpResponse:
    units = _unit_choices(request)
    if not units:
        raise NotFound(_("Proposals to the province are filed by a commune's leaders."))
    if request.method != "POST":
        return render(request, "proposals/file.html", {"form": FileForm(units=units)})
    form = FileForm(request.POST, request.FILES, units=units)
    if not form.is_valid():
        return render(request, "proposals/file.html", {"form": form}, status=422)
    data = form.cleaned_data
    files = [IncomingFile.read(f, f.name or "file") for f in request.FILES.getlist("attachments")]
    unit = Unit.objects.select_related("province").get(code=data["unit"])
    try:
        item = actions.proposal_file(
            actor=actor(request),
            unit=unit,
            filing=actions.Filing(
                category=data["category"], title=data["title"], text=data["text"], files=files
            ),
        )
    except DomainError as error:
        field = (error.field or "").split("[")[0]
        field = "attachments" if field == "files" else field
        form.add_error(field if field in form.fields else None, str(error.message))
        return render(request, "proposals/file.html", {"form": form}, status=error.status)
    return redirect("proposals:item", pk=item.pk)


def _item_page(request: HttpRequest, item: Proposal, status: int = 200, **forms: object) -> HttpResponse:
    user = actor(request)
    departments = [(u.code, u.name) for u in selectors.departments_of(item.unit)]
    may_assign = item.status in Proposal.OPEN and actions.may_assign(user, item.unit)
    answered = item.status == Proposal.Status.ANSWERED
    context = {
        "item": item,
        "events": selectors.proposal_events(item),
        "attachments": selectors.proposal_attachments(item),
        "now": timezone.now(),
        "may_assign": may_assign,
        "may_answer": item.status == Proposal.Status.ASSIGNED and actions.may_answer(user, item.department),
        "may_close": answered and actions.may_file(user, item.unit),
        "assign_form": forms.get("assign_form")
        or AssignForm(
            departments=departments,
            initial={"department": item.department.code if item.department else "", "working_days": 10},
        ),
        "answer_form": forms.get("answer_form") or AnswerForm(),
        "accept_form": forms.get("accept_form") or AcceptForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
    }
    return render(request, "proposals/item.html", context, status=status)


@officials_only
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, selectors.proposal_get(actor(request), pk))


@officials_only
def attachment(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    item = selectors.proposal_get(actor(request), pk)
    found = item.attachments.filter(pk=file_pk).first()
    if found is None:
        raise NotFound(_("No file has this number."))
    with found.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=found.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=found.name)
    return response


@officials_only
@require_POST
def step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One step on a proposal: `assign`, `answer`, `accept` or `reopen`."""
    user = actor(request)
    item = selectors.proposal_get(user, pk)
    form_class = {"assign": AssignForm, "answer": AnswerForm, "accept": AcceptForm, "reopen": ReopenForm}.get(
        name
    )
    if form_class is None:
        raise NotFound(_("No such step."))
    if form_class is AssignForm:
        form = AssignForm(
            request.POST, departments=[(u.code, u.name) for u in selectors.departments_of(item.unit)]
        )
    else:
        form = form_class(request.POST)
    if not form.is_valid():
        return _item_page(request, item, 422, **{f"{name}_form": form})
    data = form.cleaned_data
    try:
        if name == "assign":
            department = Unit.objects.get(code=data["department"])
            actions.proposal_assign(
                actor=user,
                proposal=item,
                department=department,
                working_days=data["working_days"],
                note=data["note"],
            )
        elif name == "answer":
            actions.proposal_answer(actor=user, proposal=item, answer=data["answer"])
        elif name == "accept":
            actions.proposal_accept(actor=user, proposal=item, note=data["note"])
        else:
            actions.proposal_reopen(actor=user, proposal=item, reason=data["reason"])
    except NotFound:
        raise
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _item_page(request, item, error.status, **{f"{name}_form": form})
    return redirect("proposals:item", pk=item.pk)


@officials_only
def dashboard_page(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    board = selectors.dashboard(actor(request), now=now)
    if request.GET.get("format") == "xlsx":
        items = selectors.proposal_list(actor(request), state="all", now=now)
        response = HttpResponse(
            reports.dashboard_workbook(board, items),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="proposals.xlsx"'
        return response
    return render(request, "proposals/dashboard.html", {"board": board, "buckets": selectors.AGE_BUCKETS})
