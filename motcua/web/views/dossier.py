"""The dossier page of the desk: applicant, procedure, papers, the clock, the history, and the
actions this official may take now; the action posts; the printable reception slip."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.core.errors import Conflict, DomainError, InvalidInput, NotFound
from motcua.dossiers.clock import control_sheet, timeliness, working_hours_left
from motcua.dossiers.models import Dossier, Event, Extension
from motcua.dossiers.policy import EventKind, situation_of
from motcua.dossiers.selectors import dossier_events, dossier_get, dossier_steps
from motcua.dossiers.states import Channel, ResultKind, Status, Timeliness
from motcua.units.selectors import calendar_for_province
from motcua.web.forms.desk import VersionForm
from motcua.web.views.desk_actions import (
    DESK_ACTIONS,
    DeskAction,
    Situation,
    available,
    bound_form,
    form_errors_from,
    incoming_files,
    variant_choices,
)
from motcua.web.views.desk_http import actor, officials_only, safe_next
from motcua.web.views.desk_reads import nav_flags, unit_handlers

# The history's wording of each event is the label of its kind.
EVENT_LABELS = {kind.value: kind.label for kind in EventKind}

_DETAIL_LABELS = {
    "reason": gettext_lazy("Reason"),
    "items": gettext_lazy("Missing items"),
    "opinion": gettext_lazy("Opinion"),
    "note": gettext_lazy("Note"),
    "handler_name": gettext_lazy("Handler"),
    "proposal": gettext_lazy("Proposal"),
    "result_kind": gettext_lazy("Result"),
    "due_at": gettext_lazy("Due"),
    "new_due_at": gettext_lazy("New appointment"),
    "answer_by": gettext_lazy("Answer by"),
    "via": gettext_lazy("Returned"),
    "score": gettext_lazy("Score"),
    "total": gettext_lazy("Total (đồng)"),
    "receipt_number": gettext_lazy("Receipt number"),
    "reference": gettext_lazy("Reference"),
    "paper_by": gettext_lazy("Paper to be sent by"),
    "time_variant_reason": gettext_lazy("Conditional legal time, because"),
    "request": gettext_lazy("The applicant's request"),
}


@dataclass(frozen=True)
class TimelineEntry:
    event: Event
    label: str
    details: list[tuple[str, str]]


def _when(value: str) -> str:
    moment = parse_datetime(value)
    if moment is None:
        return value
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _detail(key: str, value: Any) -> str:
    if key in ("due_at", "new_due_at", "answer_by", "paper_by"):
        return _when(str(value))
    if key == "request" and isinstance(value, dict):
        if value.get("via") == "online":
            return _("made online by the applicant")
        return _("of %(date)s, reference %(reference)s") % {
            "date": str(value.get("date", "")),
            "reference": str(value.get("reference", "")),
        }
    if key == "items":
        return "; ".join(str(v) for v in value)
    if key in ("proposal", "result_kind"):
        return str(ResultKind(value).label) if value in ResultKind.values else str(value)
    if key == "via":
        return str(Channel(value).label) if value in Channel.values else str(value)
    return str(value)


def timeline(events: list[Event]) -> list[TimelineEntry]:
    entries = []
    for event in events:
        details = [
            (str(label), _detail(key, event.data[key]))
            for key, label in _DETAIL_LABELS.items()
            if event.data.get(key) not in (None, "", [])
        ]
        entries.append(TimelineEntry(event, str(EVENT_LABELS.get(event.kind, event.kind)), details))
    return entries


def _hours(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ActionPanel:
    action: DeskAction
    form: VersionForm
    failed: bool


def _situation(user: User, dossier: Dossier, now: datetime) -> tuple[Situation, dict[str, Any]]:
    """The guards' view of the dossier, and what the page shows of its clock and papers."""
    calendar = calendar_for_province(dossier.competent_unit.province)
    clock_ran = dossier.clock_started_at is not None
    extension = Extension.objects.filter(dossier=dossier).first() if clock_ran else None
    supplements = list(dossier.supplements.all())
    open_supplement = next((s for s in supplements if s.provided_at is None and s.closed_at is None), None)
    situation = situation_of(
        dossier, user, now, calendar=calendar, supplements=supplements, extended=extension is not None
    )
    facts = {
        "calendar": calendar,
        "extension": extension,
        "supplements": supplements,
        "open_supplement": open_supplement,
        "clock_ran": clock_ran,
    }
    return situation, facts


def _handler_choices(dossier: Dossier) -> list[tuple[str, str]]:
    return [(u.get_username(), u.display_name) for u in unit_handlers(dossier.competent_unit)]


def _page(
    request: HttpRequest,
    dossier: Dossier,
    *,
    failed: DeskAction | None = None,
    failed_form: VersionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = actor(request)
    now = timezone.now()
    situation, facts = _situation(user, dossier, now)
    calendar = facts["calendar"]
    events = dossier_events(dossier)
    sheet = control_sheet(dossier, events, dossier_steps(dossier), calendar) if facts["clock_ran"] else []
    open_actions = available(situation)
    if failed is not None and failed not in open_actions:
        open_actions.append(failed)
    handlers = _handler_choices(dossier) if any(a.name == "assign" for a in open_actions) else []
    variants = variant_choices(dossier) if any(a.name == "accept" for a in open_actions) else []
    panels = []
    for action in open_actions:
        if failed is not None and action is failed and failed_form is not None:
            panels.append(ActionPanel(action, failed_form, True))
        else:
            form = bound_form(
                action, initial={"version": dossier.version}, handlers=handlers, variants=variants
            )
            panels.append(ActionPanel(action, form, False))
    state = timeliness(dossier, now, calendar)
    context = {
        "dossier": dossier,
        "components": list(dossier.procedure.components.all()),
        "attachments": list(dossier.attachments.all()),
        "timeline": timeline(events),
        "sheet": sheet,
        "hours_left": _hours(working_hours_left(dossier, now, calendar)),
        "timeliness": state,
        "timeliness_label": Timeliness(state).label if state else "",
        "panels": panels,
        "has_slip": dossier.status in (Status.NOT_ACCEPTED,)
        or dossier.accepted_at is not None
        or any(s.stage == "reception" for s in facts["supplements"]),
        **facts,
    }
    return render(request, "web/desk/dossier.html", {**context, **nav_flags(actor(request))}, status=status)


@officials_only
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_get(actor=actor(request), code=code)
    return _page(request, dossier)


@require_POST
@officials_only
def dossier_act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """Take one action. A bad input re-displays the page with the error beside its field; a stale
    version or a state that moved on re-displays it with the reason; nothing changes either way."""
    user = actor(request)
    dossier = dossier_get(actor=user, code=code)
    desk_action = DESK_ACTIONS.get(action)
    if desk_action is None:
        raise NotFound(_("There is no such action."))
    handlers = _handler_choices(dossier) if desk_action.name == "assign" else []
    variants = variant_choices(dossier) if desk_action.name == "accept" else []
    form = bound_form(desk_action, request.POST, request.FILES, handlers=handlers, variants=variants)
    if not form.is_valid():
        return _page(request, dossier, failed=desk_action, failed_form=form, status=422)
    data = dict(form.cleaned_data)
    if desk_action.name == "assign" and data.get("handler"):
        data["handler_user"] = User.objects.filter(username=data["handler"]).first()
    files = incoming_files(request.FILES.getlist("scans"))
    try:
        desk_action.perform(user, dossier, data, files)
    except NotFound:
        raise
    except DomainError as error:
        form_errors_from(form, error.field if isinstance(error, InvalidInput) else None, str(error.message))
        dossier.refresh_from_db()
        status = 409 if isinstance(error, Conflict) else 422
        return _page(request, dossier, failed=desk_action, failed_form=form, status=status)
    messages.success(
        request,
        _("%(action)s: done for dossier %(code)s.") % {"action": desk_action.title, "code": dossier.code},
    )
    return redirect(safe_next(request, reverse("web:desk_dossier", args=[dossier.code])))


@officials_only
def dossier_slip(request: HttpRequest, code: str) -> HttpResponse:
    """The paper the applicant takes home from reception: the receipt with the appointment, the
    supplement request listing everything missing, or the refusal with its reason."""
    dossier = dossier_get(actor=actor(request), code=code)
    supplement = (
        dossier.supplements.filter(stage="reception").order_by("-requested_at").first()
        if dossier.accepted_at is None
        else None
    )
    refusal = (
        Event.objects.filter(dossier=dossier, kind="refused").order_by("-seq").first()
        if dossier.status == Status.NOT_ACCEPTED
        else None
    )
    if dossier.accepted_at is not None:
        kind = "receipt"
    elif refusal is not None:
        kind = "refusal"
    elif supplement is not None:
        kind = "supplement"
    else:
        raise NotFound(_("Dossier %(code)s has no reception slip yet.") % {"code": dossier.code})
    receipt_event = (
        Event.objects.filter(dossier=dossier, kind="accepted").select_related("actor").first()
        if kind == "receipt"
        else None
    )
    context = {
        "dossier": dossier,
        "kind": kind,
        "supplement": supplement,
        "refusal": refusal,
        "officer": (receipt_event.actor if receipt_event else None) or actor(request),
        "components": list(dossier.procedure.components.all()),
        "attachments": list(dossier.attachments.filter(kind="component")),
        "printed_at": timezone.now(),
    }
    return render(request, "web/desk/slip.html", {**context, **nav_flags(actor(request))})
