"""Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) over the same feedback, at /open311/v2/.

Services are the four subjects of feedback; `jurisdiction_id` is the province code. A request's
`service_request_id` is the item's tracking token, so that a request can be looked up by whoever
sent it and by nobody who guesses numbers. The list of requests shows only answered items marked
public, as the public page does. The standard has only the states open and closed: the finer
state is in `status_notes` and in the extension field `x-motcua-status`. Errors are the standard's
`errors` array (`[{code, description}]`) with the HTTP status. JSON and XML."""

from collections.abc import Callable
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from motcua.accounts.models import User
from motcua.accounts.tokens import user_for_token
from motcua.core.calendar import VIETNAM_TZ
from motcua.core.errors import DomainError
from motcua.feedback import actions
from motcua.feedback.models import Feedback
from motcua.units.models import Province

FORMATS = ("json", "xml")
DEFAULT_DAYS = 90
MAX_RECORDS = 1000
_XML_HEAD = b'<?xml version="1.0" encoding="utf-8"?>'

SERVICE_DESCRIPTIONS = {
    Feedback.Subject.DOSSIER: gettext_lazy(
        "Feedback about a dossier: give its code in attribute[dossier_code]."
    ),
    Feedback.Subject.PROCEDURE: gettext_lazy(
        "Feedback or a recommendation about a procedure and its requirements."
    ),
    Feedback.Subject.OFFICIAL: gettext_lazy("Feedback about an official's conduct."),
    Feedback.Subject.UNIT: gettext_lazy("Feedback about a unit's service."),
}


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _xml(root: str, item: str, rows: list[dict[str, Any]]) -> bytes:
    top = ET.Element(root)
    for row in rows:
        _xml_fill(ET.SubElement(top, item), row)
    return _XML_HEAD + ET.tostring(top, encoding="utf-8", xml_declaration=False)


def _xml_fill(element: ET.Element, row: dict[str, Any]) -> None:
    for key, value in row.items():
        child = ET.SubElement(element, key)
        if isinstance(value, list):
            singular = {"attributes": "attribute", "values": "value"}.get(key, "item")
            for entry in value:
                _xml_fill(ET.SubElement(child, singular), entry)
        elif isinstance(value, bool):
            child.text = "true" if value else "false"
        elif value is not None:
            child.text = str(value)


def _answer(fmt: str, root: str, item: str, rows: list[dict[str, Any]], status: int = 200) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(_xml(root, item, rows), content_type="text/xml; charset=utf-8", status=status)
    return JsonResponse(rows, safe=False, status=status, json_dumps_params={"ensure_ascii": False})


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _answer(fmt, "errors", "error", [{"code": status, "description": description}], status)


def open311_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        if fmt not in FORMATS:
            return _error("json", 404, _("The format must be json or xml."))
        try:
            _jurisdiction(request)
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as error:
            return _error(fmt, error.status, error.description)
        except DomainError as error:
            return _error(fmt, 404 if error.status == 404 else 400, str(error.message))

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return csrf_exempt(wrapped)


def _jurisdiction(request: HttpRequest) -> None:
    given = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or "").strip()
    if given and not (given.isdigit() and Province.objects.filter(code=int(given)).exists()):
        raise Open311Error(404, _("Unknown jurisdiction_id: give the province code."))


def _local(moment: datetime | None) -> str | None:
    return moment.astimezone(VIETNAM_TZ).isoformat() if moment else None


def _service(subject: str, label: str) -> dict[str, Any]:
    return {
        "service_code": subject,
        "service_name": label,
        "description": str(SERVICE_DESCRIPTIONS[Feedback.Subject(subject)]),
        "metadata": True,
        "type": "realtime",
        "keywords": "phản ánh, kiến nghị, feedback",
        "group": "motcua",
    }


@open311_view
def services(request: HttpRequest, *, fmt: str) -> HttpResponse:
    rows = [_service(value, str(label)) for value, label in Feedback.Subject.choices]
    return _answer(fmt, "services", "service", rows)


def _attribute(code: str, description: str, order: int, *, required: bool) -> dict[str, Any]:
    return {
        "variable": True,
        "code": code,
        "datatype": "string",
        "required": required,
        "datatype_description": "",
        "order": order,
        "description": description,
    }


@open311_view
def service_definition(request: HttpRequest, code: str, *, fmt: str) -> HttpResponse:
    if code not in Feedback.Subject.values:
        raise Open311Error(404, _("No service has this code."))
    attributes = [
        _attribute("dossier_code", "Dossier code", 1, required=code == Feedback.Subject.DOSSIER),
        _attribute("unit_code", "Unit code (5 digits)", 2, required=code != Feedback.Subject.DOSSIER),
        _attribute("official_name", "Official's name", 3, required=False),
        _attribute("title", "Title", 4, required=False),
    ]
    row = {"service_code": code, "attributes": attributes}
    if fmt == "xml":
        top = ET.Element("service_definition")
        _xml_fill(top, row)
        body = _XML_HEAD + ET.tostring(top, encoding="utf-8", xml_declaration=False)
        return HttpResponse(body, content_type="text/xml; charset=utf-8")
    return JsonResponse(row, json_dumps_params={"ensure_ascii": False})


def _decimal(raw: str, name: str) -> Decimal | None:
    if not raw.strip():
        return None
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise Open311Error(400, _("%(name)s must be a number.") % {"name": name}) from None
    if not value.is_finite() or abs(value) > 180:
        raise Open311Error(400, _("%(name)s must be a number.") % {"name": name})
    return value.quantize(Decimal("0.000001"))


@open311_view
def requests_view(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    return _list(request, fmt)


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    user = user_for_token(data.get("api_key", "")) if data.get("api_key") else None
    if user is None:
        raise Open311Error(403, _("A valid api_key is required."))
    code = data.get("service_code", "")
    if not code:
        raise Open311Error(400, _("service_code is required."))
    if code not in Feedback.Subject.values:
        raise Open311Error(404, _("No service has this code."))
    lat, long = _decimal(data.get("lat", ""), "lat"), _decimal(data.get("long", ""), "long")
    address = data.get("address_string", "") or data.get("address_id", "")
    if not address and (lat is None or long is None):
        raise Open311Error(400, _("A location is required: lat and long, address_string or address_id."))
    description = data.get("description", "")
    title = data.get("attribute[title]", "") or " ".join(description.split())[:80]
    name = (
        " ".join(p for p in (data.get("first_name", ""), data.get("last_name", "")) if p) or user.display_name
    )
    citizen = user if user.kind == User.Kind.CITIZEN else None
    submission = actions.Submission(
        subject=code,
        title=title,
        text=description,
        name=name,
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        unit_code=data.get("attribute[unit_code]", ""),
        dossier_code=data.get("attribute[dossier_code]", ""),
        official_name=data.get("attribute[official_name]", ""),
        address=address,
        lat=lat,
        long=long,
    )
    item = actions.feedback_submit(actor=citizen, channel=Feedback.Channel.OPEN311, submission=submission)
    notice = _("The unit responsible answers by %(due)s.") % {"due": _local(item.due_at)}
    return _answer(
        fmt,
        "service_requests",
        "request",
        [{"service_request_id": item.token, "service_notice": notice, "account_id": None}],
    )


def _row(item: Feedback) -> dict[str, Any]:
    return {
        "service_request_id": item.token,
        "status": "open" if item.status == Feedback.Status.RECEIVED else "closed",
        "status_notes": item.answer or str(item.get_status_display()),
        "x-motcua-status": item.status,
        "service_name": str(item.get_subject_display()),
        "service_code": item.subject,
        "description": item.text,
        "agency_responsible": item.unit.name,
        "service_notice": None,
        "requested_datetime": _local(item.received_at),
        "updated_datetime": _local(item.rated_at or item.answered_at or item.received_at),
        "expected_datetime": _local(item.due_at),
        "address": item.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": str(item.lat) if item.lat is not None else None,
        "long": str(item.long) if item.long is not None else None,
        "media_url": None,
    }


def _bound(raw: str, name: str, *, end: bool) -> datetime | None:
    if not raw:
        return None
    moment = parse_datetime(raw)
    if moment is None:
        day = parse_date(raw)
        if day is None:
            raise Open311Error(400, _("%(name)s must be a date in ISO 8601.") % {"name": name})
        moment = datetime.combine(day + timedelta(days=1) if end else day, time.min, tzinfo=VIETNAM_TZ)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=VIETNAM_TZ)
    return moment


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    """Answered public items, newest first; by default those of the last 90 days, at most 1,000."""
    q = request.GET
    ids = [i for i in q.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        items = Feedback.objects.filter(token__in=[i.strip() for i in ids])
    else:
        items = Feedback.objects.filter(public=True).exclude(status=Feedback.Status.RECEIVED)
        if q.get("service_code"):
            items = items.filter(subject__in=q["service_code"].split(","))
        status = q.get("status", "")
        if status and status not in ("open", "closed"):
            raise Open311Error(400, _("status must be open or closed."))
        if status == "open":
            items = items.none()
        end = _bound(q.get("end_date", ""), "end_date", end=True) or timezone.now()
        start = _bound(q.get("start_date", ""), "start_date", end=False) or end - timedelta(days=DEFAULT_DAYS)
        items = items.filter(received_at__gte=start, received_at__lt=end)
    rows = [_row(i) for i in items.select_related("unit").order_by("-received_at", "-pk")[:MAX_RECORDS]]
    return _answer(fmt, "service_requests", "request", rows)


@open311_view
def request_detail(request: HttpRequest, token: str, *, fmt: str) -> HttpResponse:
    item = Feedback.objects.select_related("unit").filter(token=token).first()
    if item is None:
        raise Open311Error(404, _("No request has this id."))
    return _answer(fmt, "service_requests", "request", [_row(item)])


@open311_view
def token_lookup(request: HttpRequest, token: str, *, fmt: str) -> HttpResponse:
    if not Feedback.objects.filter(token=token).exists():
        raise Open311Error(404, _("No request has this token."))
    return _answer(fmt, "service_requests", "request", [{"service_request_id": token, "token": token}])
