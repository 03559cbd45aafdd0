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
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Role
from motcua.core.errors import NotFound
from motcua.documents.models import IssuedNumber, Series
from motcua.documents.registers import register_number
from motcua.dossiers.clock import control_sheet, timeliness
from motcua.dossiers.models import Attachment, Dossier, Event, ReceivedPaper
from motcua.dossiers.selectors import dossier_events, dossier_steps
from motcua.dossiers.states import Channel, ResultKind, Status, Timeliness
from motcua.units.models import Unit
from motcua.units.selectors import calendar_for_province

# WeasyPrint narrates every step at INFO; the application log is for the application.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

FORM_LANGUAGE = "vi"


@dataclass(frozen=True)
class FormKind:
    slug: str
    title: Any  # lazy translation, for the pages that link to the form
    template: str
    # The name Decree 118 gives the paper, printed as the heading: a legal name is not translated.
    legal_title: str = ""
    # The series of the agency's number register (Decree 30), for the forms that carry "Số: …".
    series: Series | None = None


KINDS: dict[str, FormKind] = {
    kind.slug: kind
    for kind in (
        FormKind(
            "receipt",
            gettext_lazy("Receipt and appointment"),
            "receipt",
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            Series.RECEIPT,
        ),
        FormKind(
            "supplement",
            gettext_lazy("Request to supplement the dossier"),
            "supplement",
            "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
            Series.SUPPLEMENT,
        ),
        FormKind(
            "refusal",
            gettext_lazy("Refusal to receive the dossier"),
            "refusal",
            "Phiếu từ chối giải quyết hồ sơ thủ tục hành chính",
            Series.REFUSAL,
        ),
        FormKind(
            "decision_refusal",
            gettext_lazy("Refusal to settle the dossier"),
            "decision_refusal",
            "Phiếu từ chối giải quyết hồ sơ",
            Series.REFUSAL,
        ),
        FormKind(
            "apology",
            gettext_lazy("Apology and new appointment"),
            "apology",
            "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
            Series.APOLOGY,
        ),
        FormKind(
            "stop", gettext_lazy("Notice of stopping the dossier"), "stop", "Thông báo dừng giải quyết hồ sơ"
        ),
        FormKind(
            "control",
            gettext_lazy("Process control sheet"),
            "control",
            "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        ),
    )
}

# The unit of a legal time as the receipt prints it ("05 working days").
_TIME_UNITS = {
    "days": gettext_lazy("working days"),
    "hours": gettext_lazy("working hours"),
    "same_day": gettext_lazy("the same day (15:00 cut-off)"),
    "cal_days": gettext_lazy("days"),
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


@dataclass(frozen=True)
class PaperLine:
    name: str
    form: str
    quantity: int


def received_paper_lines(dossier: Dossier) -> list[PaperLine]:
    """What the receipt certifies: the papers recorded as handed in (Art.17.1.c). A dossier whose
    papers were never recorded (online, before the record existed) shows its uploaded scans as
    electronic copies; never the catalogue's list, which says what should have come, not what did."""
    recorded = list(ReceivedPaper.objects.filter(dossier=dossier).order_by("id"))
    if recorded:
        return [PaperLine(p.name, str(p.get_form_display()), p.quantity) for p in recorded]
    electronic = str(ReceivedPaper.Form.ELECTRONIC.label)
    attachments = dossier.attachments.filter(kind=Attachment.Kind.COMPONENT).select_related("component")
    return [PaperLine(a.component.name if a.component else a.name, electronic, 1) for a in attachments]


def legal_time_text(amount: int | None, unit: str) -> str:
    if unit == "same_day":
        return str(_TIME_UNITS["same_day"])
    if amount is None or not unit:
        return ""
    return f"{amount:02d} {_TIME_UNITS.get(unit, unit)}"


def _receipt(dossier: Dossier, events: list[Event]) -> dict[str, Any]:
    if dossier.accepted_at is None:
        raise _missing(dossier, "receipt")
    accepted = _last_event(events, "accepted")
    variant = dossier.time_variant
    delivery = dossier.result_delivery or Channel.IN_PERSON
    return {
        "officer": _actor_name(accepted),
        "accepted_at": _local(dossier.accepted_at),
        "due_at": _local(dossier.original_due_at),
        "papers": received_paper_lines(dossier),
        "legal_time": legal_time_text(dossier.legal_amount, dossier.legal_unit),
        "variant": variant.label if variant is not None else "",
        "variant_reason": dossier.time_variant_reason,
        "delivery": delivery,
        "delivery_label": Channel(delivery).label,
        "number_key": f"receipt:{dossier.code}",
        "number_at": dossier.accepted_at,
    }


def _recipients(dossier: Dossier) -> list[str]:
    """ "Nơi nhận" of a letter of the competent agency: the applicant (named in "Kính gửi") and the
    one-stop desk that returns it to them (Art.19.3, 19.6)."""
    return [
        _("As above"),
        _("One-stop desk of %(unit)s") % {"unit": dossier.receiving_unit.name},
    ]


def head_of(unit: Unit) -> User | None:
    """The head of the agency, in whose name its letters go out (Art.12.5, 19.6): its leader."""
    membership = (
        Membership.objects.filter(unit=unit, role=Role.UNIT_LEADER, active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership is not None else None


def _supplement(dossier: Dossier, events: list[Event]) -> dict[str, Any]:
    supplement = dossier.supplements.select_related("requested_by").order_by("-requested_at").first()
    if supplement is None:
        raise _missing(dossier, "supplement")
    at_reception = supplement.stage == "reception"
    # At reception the desk asks in its own name; after acceptance the competent agency asks.
    head = None if at_reception else head_of(dossier.competent_unit)
    return {
        "items": supplement.items,
        "officer": supplement.requested_by.display_name,
        "requested_at": _local(supplement.requested_at),
        "answer_by": _local(supplement.answer_by),
        "stage": supplement.get_stage_display(),
        "at_reception": at_reception,
        "head": head.display_name if head is not None else "",
        "recipients": _recipients(dossier),
        "number_key": f"supplement:{dossier.code}:{supplement.pk}",
        "number_at": supplement.requested_at,
        "number_unit": dossier.receiving_unit if at_reception else dossier.competent_unit,
    }


def _refusal(dossier: Dossier, events: list[Event]) -> dict[str, Any]:
    refused = _last_event(events, "refused")
    if refused is None:
        raise _missing(dossier, "refusal")
    return {
        "reason": refused.data.get("reason", ""),
        "officer": _actor_name(refused),
        "at": _local(refused.at),
        "number_key": f"refusal:{dossier.code}",
        "number_at": refused.at,
        "number_unit": dossier.receiving_unit,
    }


def _decision_refusal(dossier: Dossier, events: list[Event]) -> dict[str, Any]:
    """Art.19.3: a dossier refused after appraisal gets its own paper, issued by the competent
    agency and returned to the applicant through the one-stop desk."""
    resolved = _last_event(events, "resolved")
    if resolved is None or resolved.data.get("result_kind") != ResultKind.REFUSED:
        raise _missing(dossier, "decision_refusal")
    head = head_of(dossier.competent_unit)
    return {
        "reason": resolved.data.get("reason", ""),
        "signer": _actor_name(resolved) or (head.display_name if head else ""),
        "recipients": _recipients(dossier),
        "at": _local(resolved.at),
        "number_key": f"decision_refusal:{dossier.code}",
        "number_at": resolved.at,
        "number_unit": dossier.competent_unit,
    }


def _apology(dossier: Dossier, events: list[Event]) -> dict[str, Any]:
    extension = getattr(dossier, "extension", None)
    if extension is None:
        raise _missing(dossier, "apology")
    # Issued in the name of the head of the competent agency (Art.19.6, 12.5), whoever moved the date.
    head = head_of(dossier.competent_unit)
    return {
        "reason": extension.reason,
        "previous_due_at": _local(extension.previous_due_at),
        "new_due_at": _local(extension.new_due_at),
        "officer": extension.by.display_name,
        "head": head.display_name if head is not None else "",
        "recipients": _recipients(dossier),
        "at": _local(extension.at),
        "accepted_at": _local(dossier.accepted_at),
        "number_key": f"apology:{dossier.code}",
        "number_at": extension.at,
        "number_unit": dossier.competent_unit,
    }


def _stop(dossier: Dossier, events: list[Event]) -> dict[str, Any]:
    stopped = _last_event(events, "stopped", "withdrawn", "supplement_expired")
    if stopped is None or dossier.status not in (Status.STOPPED, Status.WITHDRAWN):
        raise _missing(dossier, "stop")
    reason = stopped.data.get("reason") or _("The dossier was not completed within the time allowed.")
    # Art.21: a stop or withdrawal follows the applicant's written request; the notice cites it.
    request = stopped.data.get("request") or {}
    return {
        "reason": reason,
        "officer": _actor_name(stopped) or _("the system"),
        "at": _local(stopped.at),
        "request_reference": request.get("reference", "") if isinstance(request, dict) else "",
        "request_date": request.get("date", "") if isinstance(request, dict) else "",
    }


def _earlier_hand_overs(dossier: Dossier, events: list[Event]) -> list[dict[str, Any]]:
    """The hand-overs of a legal run a supplement restarted (Art.19.5): the sheet keeps them,
    untimed, so the paper trail of the dossier is whole."""
    if dossier.clock_started_at is None:
        return []
    desk = _("One-stop desk of %(unit)s") % {"unit": dossier.receiving_unit.name}
    leader = _("Leader of %(unit)s") % {"unit": dossier.competent_unit.name}
    handler = ""
    rows = []
    for event in events:
        if event.at >= dossier.clock_started_at:
            break
        name = _actor_name(event) or _("the system")
        if event.kind == "assigned":
            handler = event.data.get("handler_name") or str(event.data.get("handler", ""))
        found = {
            "accepted": (_("Reception"), dossier.applicant_name, name),
            "transferred": (_("Sent to the competent unit"), name, dossier.competent_unit.name),
            "assigned": (_("Assignment"), name, handler),
            "proposed": (_("Submitted to the leader"), name, leader),
            "sent_back": (_("Returned to the handler for review"), name, handler),
            "supplement_requested": (_("Supplement requested"), name, dossier.applicant_name),
        }.get(event.kind)
        if found is not None:
            rows.append(
                {
                    "step": found[0],
                    "giver": found[1],
                    "receiver": found[2] or desk,
                    "at": _local(event.at),
                    "due": None,
                    "timeliness": "",
                    "earlier": True,
                }
            )
    return rows


def _control(dossier: Dossier, events: list[Event]) -> dict[str, Any]:
    calendar = calendar_for_province(dossier.competent_unit.province)
    rows = control_sheet(dossier, events, dossier_steps(dossier), calendar)
    earlier = _earlier_hand_overs(dossier, events)
    if not rows and not earlier:
        raise _missing(dossier, "control")
    return {
        "rows": earlier
        + [
            {
                "step": row.step,
                "giver": row.giver,
                "receiver": row.receiver,
                "at": _local(row.at),
                "due": _local(row.due),
                "timeliness": Timeliness(row.timeliness).label if row.timeliness else "",
                "earlier": False,
            }
            for row in rows
        ],
        "restarts": dossier.restarts,
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
    "decision_refusal": _decision_refusal,
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


def _number(form: FormKind, issuer: Unit, context: dict[str, Any]) -> IssuedNumber | None:
    """The form's number, given once from the issuing agency's register: a re-print shows the
    same number (the document key names the fact the form certifies)."""
    if form.series is None or "number_key" not in context:
        return None
    return register_number(
        unit=context.get("number_unit") or issuer,
        series=form.series,
        document_key=context["number_key"],
        at=context["number_at"],
    )


def form_pdf(*, dossier: Dossier, kind: str, now: datetime | None = None) -> bytes:
    if kind not in KINDS:
        raise NotFound(_("There is no form “%(kind)s”.") % {"kind": kind[:40]})
    events = dossier_events(dossier)
    context = _BUILDERS[kind](dossier, events)
    form = KINDS[kind]
    issuer = dossier.receiving_unit if kind in ("receipt", "refusal") else dossier.competent_unit
    if kind == "supplement":
        issuer = context["number_unit"]
    with transaction.atomic():
        number = _number(form, issuer, context)
    context.update(
        dossier=dossier,
        form=form,
        number=number,
        qr=qr_data_uri(dossier.code),
        issuer=issuer,
        today=timezone.localtime(now or timezone.now()),
        received_at=_local(dossier.received_at),
    )
    return pdf_render(form.template, context)


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
            "sets": 1,  # one dossier is one set of papers (bộ hồ sơ)
            "received_at": _local(dossier.received_at),
            "due_at": _local(dossier.original_due_at),
            # Sent to the competent agency: the transfer when another agency settles it, else acceptance.
            "sent_at": _local(dossier.transferred_at or dossier.accepted_at),
            "resolved_at": _local(dossier.resolved_at),
            "returned_at": _local(dossier.finished_at) if dossier.status == Status.RETURNED else None,
            "note": "" if dossier.status == Status.RETURNED else dossier.get_status_display(),
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
