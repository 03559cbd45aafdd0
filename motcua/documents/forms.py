"""The paper trail of a dossier as PDF (Decree 118/2025 forms), rendered from HTML templates with
WeasyPrint. Each form carries the dossier code as text and as a QR code, under the national
heading. Forms are official papers: they are written in Vietnamese whatever the reader's language.

Readers pass a dossier they were allowed to see (`dossiers.selectors.dossier_get`); a form whose
fact did not happen (no refusal, no extension…) does not exist for that dossier.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import NotFound
from motcua.dossiers.clock import control_sheet, timeliness
from motcua.dossiers.models import Dossier, Event
from motcua.dossiers.selectors import dossier_events, dossier_steps
from motcua.dossiers.states import Status, Timeliness
from motcua.units.models import Unit
from motcua.units.selectors import calendar_for_province

# WeasyPrint narrates every step at INFO; the application log is for the application.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

FORM_LANGUAGE = "vi"


@dataclass(frozen=True)
class FormKind:
    slug: str
    title: Any  # lazy translation
    template: str


KINDS: dict[str, FormKind] = {
    kind.slug: kind
    for kind in (
        FormKind("receipt", gettext_lazy("Receipt and appointment"), "receipt"),
        FormKind("supplement", gettext_lazy("Request to supplement the dossier"), "supplement"),
        FormKind("refusal", gettext_lazy("Refusal to receive the dossier"), "refusal"),
        FormKind("apology", gettext_lazy("Apology and new appointment"), "apology"),
        FormKind("stop", gettext_lazy("Notice of stopping the dossier"), "stop"),
        FormKind("control", gettext_lazy("Process control sheet"), "control"),
    )
}


def qr_data_uri(text: str) -> str:
    return str(segno.make(text, error="m").svg_data_uri(scale=3, border=2))


def _local(at: datetime | None) -> datetime | None:
    return timezone.localtime(at) if at is not None else None


def _last_event(events: list[Event], *kinds: str) -> Event | None:
    matching = [e for e in events if e.kind in kinds]
    return matching[-1] if matching else None


def _actor_name(event: Event | None) -> str:
    if event is None or event.actor is None:
        return ""
    return event.actor.display_name


def _missing(dossier: Dossier, kind: str) -> NotFound:
    return NotFound(
        _("Dossier %(code)s has no “%(form)s”.") % {"code": dossier.code, "form": KINDS[kind].title}
    )


def _receipt(dossier: Dossier, events: list[Event]) -> dict[str, Any]:
    if dossier.accepted_at is None:
        raise _missing(dossier, "receipt")
    accepted = _last_event(events, "accepted")
    attachments = list(dossier.attachments.filter(kind="component").select_related("component"))
    return {
        "officer": _actor_name(accepted),
        "accepted_at": _local(dossier.accepted_at),
        "due_at": _local(dossier.original_due_at),
        "components": [a.component.name if a.component else a.name for a in attachments]
        or [c.name for c in dossier.procedure.components.all()],
    }


def _supplement(dossier: Dossier, events: list[Event]) -> dict[str, Any]:
    supplement = dossier.supplements.select_related("requested_by").order_by("-requested_at").first()
    if supplement is None:
        raise _missing(dossier, "supplement")
    return {
        "items": supplement.items,
        "officer": supplement.requested_by.display_name,
        "requested_at": _local(supplement.requested_at),
        "answer_by": _local(supplement.answer_by),
        "stage": supplement.get_stage_display(),
    }


def _refusal(dossier: Dossier, events: list[Event]) -> dict[str, Any]:
    refused = _last_event(events, "refused")
    if refused is None:
        raise _missing(dossier, "refusal")
    return {
        "reason": refused.data.get("reason", ""),
        "officer": _actor_name(refused),
        "at": _local(refused.at),
    }


def _apology(dossier: Dossier, events: list[Event]) -> dict[str, Any]:
    extension = getattr(dossier, "extension", None)
    if extension is None:
        raise _missing(dossier, "apology")
    return {
        "reason": extension.reason,
        "previous_due_at": _local(extension.previous_due_at),
        "new_due_at": _local(extension.new_due_at),
        "officer": extension.by.display_name,
        "at": _local(extension.at),
    }


def _stop(dossier: Dossier, events: list[Event]) -> dict[str, Any]:
    stopped = _last_event(events, "stopped", "withdrawn", "supplement_expired")
    if stopped is None or dossier.status not in (Status.STOPPED, Status.WITHDRAWN):
        raise _missing(dossier, "stop")
    reason = stopped.data.get("reason") or _("The dossier was not completed within the time allowed.")
    return {"reason": reason, "officer": _actor_name(stopped) or _("the system"), "at": _local(stopped.at)}


def _control(dossier: Dossier, events: list[Event]) -> dict[str, Any]:
    calendar = calendar_for_province(dossier.competent_unit.province)
    rows = control_sheet(dossier, events, dossier_steps(dossier), calendar)
    if not rows:
        raise _missing(dossier, "control")
    return {
        "rows": [
            {
                "step": row.step,
                "giver": row.giver,
                "receiver": row.receiver,
                "at": _local(row.at),
                "due": _local(row.due),
                "timeliness": Timeliness(row.timeliness).label if row.timeliness else "",
            }
            for row in rows
        ],
        "due_at": _local(dossier.original_due_at),
        "timeliness": _timeliness_label(dossier, calendar),
    }


def _timeliness_label(dossier: Dossier, calendar: Any) -> str:
    judged = timeliness(dossier, timezone.now(), calendar)
    return str(Timeliness(judged).label) if judged else ""


_BUILDERS: dict[str, Callable[[Dossier, list[Event]], dict[str, Any]]] = {
    "receipt": _receipt,
    "supplement": _supplement,
    "refusal": _refusal,
    "apology": _apology,
    "stop": _stop,
    "control": _control,
}


def pdf_render(template: str, context: dict[str, Any]) -> bytes:
    with translation.override(FORM_LANGUAGE):
        html = render_to_string(f"documents/forms/{template}.html", context)
        # Imported on first use: WeasyPrint loads fonts and its stylesheet on import.
        from weasyprint import HTML

        return bytes(HTML(string=html).write_pdf())


def form_kinds_available(dossier: Dossier) -> list[FormKind]:
    """The forms that exist for this dossier now (for the links on its page)."""
    events = dossier_events(dossier)
    available = []
    for slug, build in _BUILDERS.items():
        try:
            build(dossier, events)
        except NotFound:
            continue
        available.append(KINDS[slug])
    return available


def form_pdf(*, dossier: Dossier, kind: str, now: datetime | None = None) -> bytes:
    if kind not in KINDS:
        raise NotFound(_("There is no form “%(kind)s”.") % {"kind": kind[:40]})
    events = dossier_events(dossier)
    context = _BUILDERS[kind](dossier, events)
    context.update(
        dossier=dossier,
        form=KINDS[kind],
        qr=qr_data_uri(dossier.code),
        issuer=dossier.receiving_unit
        if kind in ("receipt", "supplement", "refusal")
        else dossier.competent_unit,
        today=timezone.localtime(now or timezone.now()),
        received_at=_local(dossier.received_at),
    )
    return pdf_render(KINDS[kind].template, context)


def register_pdf(
    *, unit: Unit, dossiers: list[Dossier], first_day: date, last_day: date, now: datetime | None = None
) -> bytes:
    """The dossier register (Sổ theo dõi hồ sơ) of a unit for a period; `dossiers` come from a
    scoped selector."""
    code = f"{unit.code} {first_day:%d/%m/%Y}–{last_day:%d/%m/%Y}"
    rows = [
        {
            "number": index,
            "dossier": dossier,
            "received_at": _local(dossier.received_at),
            "due_at": _local(dossier.original_due_at),
            "resolved_at": _local(dossier.resolved_at),
            "finished_at": _local(dossier.finished_at),
        }
        for index, dossier in enumerate(dossiers, 1)
    ]
    context = {
        "unit": unit,
        "issuer": unit,
        "rows": rows,
        "first_day": first_day,
        "last_day": last_day,
        "qr": qr_data_uri(code),
        "code": code,
        "today": timezone.localtime(now or timezone.now()),
    }
    return pdf_render("register", context)
