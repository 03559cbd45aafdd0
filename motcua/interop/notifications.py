"""What the applicant is told when their dossier moves: an e-mail and a short SMS per event.

The texts are always in Vietnamese, whatever language the acting officer's screen is in: the
message goes to the applicant, not to the officer. Message ids are English like the rest of the
project; the Vietnamese lives in the catalogue. Times are local (Asia/Ho_Chi_Minh), "HH:MM dd/mm/YYYY".
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from django.utils import translation
from django.utils.translation import gettext

from motcua.core.calendar import VIETNAM_TZ
from motcua.dossiers.models import Dossier

APPLICANT_LANGUAGE: Final = "vi"
# One SMS text stays under this many characters (a few concatenated segments at most).
SMS_MAX_CHARS: Final = 300
SUBJECT_MAX_CHARS: Final = 200
_REASON_IN_SMS: Final = 120


@dataclass(frozen=True)
class Notice:
    subject: str
    email_body: str
    sms: str


def local_time(value: datetime) -> str:
    """An aware instant as Vietnamese wall-clock time, "17:30 25/11/2026"."""
    return value.astimezone(VIETNAM_TZ).strftime("%H:%M %d/%m/%Y")


def shorten(text: str, limit: int) -> str:
    """Text on one line, cut with an ellipsis if longer than `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _instant(data: dict[str, Any], key: str, fallback: datetime | None) -> str:
    raw = data.get(key)
    value = datetime.fromisoformat(raw) if isinstance(raw, str) and raw else fallback
    return local_time(value) if value is not None else "—"


def _email_body(dossier: Dossier, *paragraphs: str) -> str:
    lines = [
        gettext("Dear %(name)s,") % {"name": dossier.applicant_name},
        "",
        *paragraphs,
        "",
        gettext("Dossier code: %(code)s") % {"code": dossier.code},
        gettext("Procedure: %(procedure)s") % {"procedure": dossier.procedure.name},
        "",
        gettext("This message was sent automatically by the one-stop system. Please do not reply to it."),
    ]
    return "\n".join(lines)


def _accepted(dossier: Dossier, data: dict[str, Any]) -> Notice:
    values = {
        "code": dossier.code,
        "unit": dossier.receiving_unit.name,
        "due": _instant(data, "due_at", dossier.due_at),
    }
    return Notice(
        subject=gettext("Dossier %(code)s has been received") % values,
        email_body=_email_body(
            dossier, gettext("%(unit)s has received your dossier. The result is due at %(due)s.") % values
        ),
        sms=gettext("Dossier %(code)s has been received. Appointment for the result: %(due)s.") % values,
    )


def _supplement_requested(dossier: Dossier, data: dict[str, Any]) -> Notice:
    items = [" ".join(str(item).split()) for item in data.get("items", [])]
    items = [item for item in items if item]
    values = {
        "code": dossier.code,
        "unit": dossier.receiving_unit.name,
        "answer_by": _instant(data, "answer_by", None),
        "count": len(items),
        "items": "; ".join(item.rstrip(" .;") for item in items),
    }
    sms = gettext("Dossier %(code)s must be supplemented by %(answer_by)s with: %(items)s.") % values
    if len(sms) > SMS_MAX_CHARS:
        sms = (
            gettext(
                "Dossier %(code)s must be supplemented with %(count)s document(s) by %(answer_by)s. "
                "The list is at the one-stop desk of %(unit)s."
            )
            % values
        )
    return Notice(
        subject=gettext("Dossier %(code)s: documents to supplement") % values,
        email_body=_email_body(
            dossier,
            gettext("Your dossier must be supplemented with the following documents:"),
            *(f"- {item}" for item in items),
            "",
            gettext("Please provide them by %(answer_by)s. A dossier not supplemented by then is closed.")
            % values,
        ),
        sms=sms,
    )


def _extended(dossier: Dossier, data: dict[str, Any]) -> Notice:
    reason = " ".join(str(data.get("reason", "")).split())
    values = {
        "code": dossier.code,
        "reason": reason,
        "due": _instant(data, "new_due_at", dossier.due_at),
        "previous": _instant(data, "previous_due_at", dossier.original_due_at),
    }
    return Notice(
        subject=gettext("Dossier %(code)s: apology for the delay and new appointment") % values,
        email_body=_email_body(
            dossier,
            gettext(
                "We sincerely apologise: your dossier could not be settled by the appointed time, "
                "%(previous)s."
            )
            % values,
            gettext("Reason: %(reason)s") % values,
            gettext("New appointment for the result: %(due)s.") % values,
        ),
        sms=gettext("We apologise: dossier %(code)s is late (%(reason)s). New appointment: %(due)s.")
        % {**values, "reason": shorten(reason, _REASON_IN_SMS)},
    )


def _resolved(dossier: Dossier, data: dict[str, Any]) -> Notice:
    values = {"code": dossier.code, "unit": dossier.receiving_unit.name}
    return Notice(
        subject=gettext("Dossier %(code)s: the result is ready") % values,
        email_body=_email_body(
            dossier,
            gettext(
                "The result of your dossier is ready. Please collect it at the one-stop desk of %(unit)s."
            )
            % values,
        ),
        sms=gettext(
            "The result of dossier %(code)s is ready. Please collect it at the one-stop desk of %(unit)s."
        )
        % values,
    )


def _refused(dossier: Dossier, data: dict[str, Any]) -> Notice:
    reason = " ".join(str(data.get("reason", "")).split())
    values = {"code": dossier.code, "unit": dossier.receiving_unit.name, "reason": reason}
    return Notice(
        subject=gettext("Dossier %(code)s was not accepted") % values,
        email_body=_email_body(
            dossier,
            gettext("%(unit)s could not accept your dossier.") % values,
            gettext("Reason: %(reason)s") % values,
        ),
        sms=gettext("Dossier %(code)s was not accepted. Reason: %(reason)s")
        % {**values, "reason": shorten(reason, _REASON_IN_SMS)},
    )


_COMPOSERS: Final[dict[str, Callable[[Dossier, dict[str, Any]], Notice]]] = {
    "accepted": _accepted,
    "supplement_requested": _supplement_requested,
    "extended": _extended,
    "resolved": _resolved,
    "refused": _refused,
}
NOTIFIED_KINDS: Final = frozenset(_COMPOSERS)


def notice_for(*, kind: str, data: dict[str, Any], dossier: Dossier) -> Notice | None:
    """The applicant's notice for an event of this kind, or None if the applicant is not told."""
    compose = _COMPOSERS.get(kind)
    if compose is None:
        return None
    with translation.override(APPLICANT_LANGUAGE):
        notice = compose(dossier, data)
    return Notice(
        subject=shorten(notice.subject, SUBJECT_MAX_CHARS),
        email_body=notice.email_body,
        sms=shorten(notice.sms, SMS_MAX_CHARS),
    )
