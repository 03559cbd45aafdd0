"""Dossiers: submission, queues, the dossier with its clock and history, every action, and public
tracking. Mutating calls accept JSON, or multipart with the JSON in a `data` part and the files in
`files` parts; every one of them honours `Idempotency-Key`."""

import base64
import binascii
import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from motcua.accounts.models import User
from motcua.api.auth import BearerToken, OptionalBearerToken
from motcua.api.idempotency import Answer, idempotent
from motcua.catalog.models import TimeVariant
from motcua.core.calendar import WorkingCalendar
from motcua.core.errors import InvalidInput, NotFound
from motcua.dossiers import actions, policy, selectors
from motcua.dossiers.actions.processing import transfer_due_of
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.clock import control_sheet, needs_steps, timeliness, working_hours_left
from motcua.dossiers.models import Dossier
from motcua.dossiers.policy import EventKind
from motcua.dossiers.states import BEFORE_DECISION, NATIONAL_CODES, Channel, Status
from motcua.dossiers.tracking import dossier_tracked, rating_channel_check, request_refusal
from motcua.payments import actions as payment_actions
from motcua.payments.models import PaymentNotice
from motcua.payments.selectors import notice_of
from motcua.units.selectors import calendar_for_province, province_get

router = Router(tags=["dossiers"])
# The request bodies read by hand (multipart or JSON), added to the OpenAPI document at the end.
_EXTRA_SCHEMAS: list[type[BaseModel]] = []

# --- what the API answers -------------------------------------------------------------------------


class Ref(Schema):
    code: str
    name: str


class ApplicantIn(Schema):
    name: str = Field(..., max_length=200)
    national_id: str
    phone: str
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)


class ApplicantOut(ApplicantIn):
    pass


class AttachmentOut(Schema):
    kind: str
    name: str
    content_type: str
    size: int
    sha256: str
    component: int | None


class SupplementOut(Schema):
    stage: str
    items: list[str]
    requested_at: datetime
    answer_by: datetime
    provided_at: datetime | None
    closed_at: datetime | None
    previous_due_at: datetime | None
    previous_original_due_at: datetime | None


class ExtensionOut(Schema):
    reason: str
    at: datetime
    previous_due_at: datetime
    new_due_at: datetime


class EventOut(Schema):
    seq: int
    kind: str
    at: datetime
    actor: str | None
    data: dict[str, Any]


class HandOverOut(Schema):
    step: str
    giver: str
    receiver: str
    at: datetime
    due: datetime | None
    timeliness: str | None


class RatingOut(Schema):
    score: int | None
    dislike: bool
    comment: str
    at: datetime


class DossierBrief(Schema):
    code: str
    status: str
    status_label: str
    national_status: int
    channel: int
    procedure: Ref
    receiving_unit: Ref
    competent_unit: Ref
    applicant_name: str
    received_at: datetime
    decision_due_at: datetime | None
    due_at: datetime | None
    original_due_at: datetime | None
    handler: str | None
    version: int
    working_hours_left: Decimal | None
    timeliness: str | None


class PaymentLineOut(Schema):
    fee: int
    label: str
    kind: str
    amount: int


class PaymentNoticeOut(Schema):
    """The financial step (national code 6): what is to pay, and how and when it was paid."""

    issued_at: datetime
    lines: list[PaymentLineOut]
    total: int
    charges_total: int
    clock_paused: bool
    paid_at: datetime | None
    method: str
    receipt_number: str
    reference: str
    platform_transaction_id: str
    paused_hours: Decimal | None
    remittance_due_at: datetime | None
    remitted_at: datetime | None
    remittance_reference: str


class DossierOut(DossierBrief):
    applicant: ApplicantOut
    accepted_at: datetime | None
    clock_started_at: datetime | None
    restarts: int
    transferred_at: datetime | None
    resolved_at: datetime | None
    result_kind: str
    returned_at: datetime | None
    returned_via: int | None
    finished_at: datetime | None
    timeliness: str | None
    working_hours_left: Decimal | None
    extension: ExtensionOut | None
    supplements: list[SupplementOut]
    attachments: list[AttachmentOut]
    rating: RatingOut | None
    events: list[EventOut]
    control_sheet: list[HandOverOut]
    transfer_due_at: datetime | None = None
    payment_notice: PaymentNoticeOut | None = None
    time_variant: str | None = None
    time_variant_reason: str = ""
    available_actions: list[str] = Field(
        [], description="The actions the caller may take now (POST /dossiers/{code}/actions/{name})."
    )


class TrackOut(Schema):
    code: str
    status: str
    status_label: str
    national_status: int
    procedure: str
    receiving_unit: str
    received_at: datetime
    due_at: datetime | None
    returned_at: datetime | None
    supplement_items: list[str]
    answer_by: datetime | None
    may_rate: bool
    payment_total: int | None = None
    payment_clock_paused: bool = False
    may_withdraw: bool = Field(
        False, description="The applicant may still withdraw or stop this online dossier (Art.21.2)."
    )


def _local(value: Any) -> Any:
    """Times are answered in the province's local time (+07:00), the way officials read them."""
    if isinstance(value, datetime):
        return timezone.localtime(value)
    if isinstance(value, dict):
        return {k: _local(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_local(v) for v in value]
    return value


def _ref(obj: Any) -> dict[str, str]:
    return {"code": obj.code, "name": obj.name}


def _brief(d: Dossier, now: datetime, calendar: WorkingCalendar) -> dict[str, Any]:
    return {
        "code": d.code,
        "status": d.status,
        "status_label": str(d.get_status_display()),
        "national_status": NATIONAL_CODES[d.status],
        "channel": d.channel,
        "procedure": _ref(d.procedure),
        "receiving_unit": _ref(d.receiving_unit),
        "competent_unit": _ref(d.competent_unit),
        "applicant_name": d.applicant_name,
        "received_at": d.received_at,
        "decision_due_at": d.decision_due_at,
        "due_at": d.due_at,
        "original_due_at": d.original_due_at,
        "handler": d.handler.get_username() if d.handler_id and d.handler else None,
        "version": d.version,
        "working_hours_left": working_hours_left(d, now, calendar),
        "timeliness": timeliness(d, now, calendar),
    }


def _notice_body(notice: PaymentNotice | None) -> dict[str, Any] | None:
    if notice is None:
        return None
    fields = [name for name in PaymentNoticeOut.model_fields if name != "lines"]
    return {"lines": notice.lines, **{name: getattr(notice, name) for name in fields}}


def dossier_body(d: Dossier, now: datetime, actor: User | None = None) -> dict[str, Any]:
    """The full dossier, as JSON-ready values (stored as-is for idempotent replays), with the
    actions `actor` may take on it now, as the policy answers."""
    calendar = calendar_for_province(d.competent_unit.province, cached=True)
    events = selectors.dossier_events(d)
    # Only a dossier whose clock ran can have an extension or a control sheet, and only a returned
    # one a rating: skip those queries for the others.
    clock_ran = d.clock_started_at is not None
    extension = getattr(d, "extension", None) if clock_ran else None
    # A missing reverse one-to-one raises AttributeError, which getattr turns into None.
    rating = getattr(d, "rating", None) if d.status == Status.RETURNED else None
    steps = selectors.dossier_steps(d) if clock_ran and needs_steps(events) else []
    sheet = control_sheet(d, events, steps, calendar) if clock_ran else []
    body = {
        **_brief(d, now, calendar),
        "applicant": {
            "name": d.applicant_name,
            "national_id": d.applicant_national_id,
            "phone": d.applicant_phone,
            "email": d.applicant_email,
            "address": d.applicant_address,
        },
        "accepted_at": d.accepted_at,
        "clock_started_at": d.clock_started_at,
        "restarts": d.restarts,
        "transferred_at": d.transferred_at,
        "resolved_at": d.resolved_at,
        "result_kind": d.result_kind,
        "returned_at": d.finished_at if d.returned_via else None,
        "returned_via": d.returned_via,
        "finished_at": d.finished_at,
        "extension": extension
        and {
            "reason": extension.reason,
            "at": extension.at,
            "previous_due_at": extension.previous_due_at,
            "new_due_at": extension.new_due_at,
        },
        "supplements": [
            {
                "stage": s.stage,
                "items": s.items,
                "requested_at": s.requested_at,
                "answer_by": s.answer_by,
                "provided_at": s.provided_at,
                "closed_at": s.closed_at,
                "previous_due_at": s.previous_due_at,
                "previous_original_due_at": s.previous_original_due_at,
            }
            for s in d.supplements.all()
        ],
        "attachments": [
            {
                "kind": a.kind,
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                "component": a.component_id,
            }
            for a in d.attachments.all()
        ],
        "rating": rating
        and {"score": rating.score, "dislike": rating.dislike, "comment": rating.comment, "at": rating.at},
        "events": [
            {
                "seq": e.seq,
                "kind": e.kind,
                "at": e.at,
                "actor": e.actor.get_username() if e.actor else None,
                "data": e.data,
            }
            for e in events
        ],
        "control_sheet": [h.__dict__ for h in sheet],
        "transfer_due_at": transfer_due_of(d, calendar),
        # Only a dossier that reached the financial step has a notice: skip the query otherwise.
        "payment_notice": _notice_body(
            notice_of(d) if any(e.kind == EventKind.PAYMENT_REQUESTED for e in events) else None
        ),
        "time_variant": d.time_variant.code if d.time_variant_id and d.time_variant else None,
        "time_variant_reason": d.time_variant_reason,
        "available_actions": (
            policy.available_actions(
                d,
                actor,
                now,
                situation=policy.situation_of(
                    d, actor, now, calendar=calendar, extended=extension is not None if clock_ran else False
                ),
            )
            if actor is not None
            else []
        ),
    }
    return DossierOut.model_validate(_local(body)).model_dump(mode="json")


# --- reading the request --------------------------------------------------------------------------


class FileIn(Schema):
    """A file inside a JSON body (base64). Multipart requests send files as `files` parts instead."""

    name: str = Field(..., max_length=200)
    content_base64: str
    component: int | None = None


def _files_from_json(items: list[FileIn]) -> list[IncomingFile]:
    files = []
    for i, item in enumerate(items):
        try:
            content = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput(
                _("The file “%(name)s” is not valid base64.") % {"name": item.name}, field=f"files[{i}]"
            ) from None
        files.append(IncomingFile(name=item.name, content=content, component_id=item.component))
    return files


def read_body(request: HttpRequest, schema: type[BaseModel]) -> tuple[Any, list[IncomingFile]]:
    """The request's JSON (or multipart `data` part) validated by `schema`, and its files."""
    uploads: list[IncomingFile] = []
    if request.content_type == "multipart/form-data":
        raw = request.POST.get("data", "{}")
        components = request.POST.getlist("components")
        for i, upload in enumerate(request.FILES.getlist("files")):
            component = components[i] if i < len(components) and components[i].isdigit() else None
            uploads.append(
                IncomingFile.read(upload, upload.name or "file", int(component) if component else None)
            )
    else:
        raw = request.body.decode() if request.body else "{}"
    try:
        payload = json.loads(raw or "{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InvalidInput(_("The request body is not valid JSON."), field="request") from None
    if not isinstance(payload, dict):
        raise InvalidInput(_("The request body must be a JSON object."), field="request")
    try:
        data = schema.model_validate(payload)
    except PydanticValidationError as exc:
        raise ValidationError([dict(e) for e in exc.errors()]) from None
    embedded = getattr(data, "files", None)
    if isinstance(embedded, list):
        uploads += _files_from_json(embedded)
    return data, uploads


def _json_request(schema: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI request body of a mutating endpoint: JSON, or multipart with the JSON in `data`."""
    return {
        "requestBody": {
            "required": False,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{schema.__name__}"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "data": {"type": "string", "description": f"JSON: {schema.__name__}"},
                            "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                            "components": {"type": "array", "items": {"type": "integer"}},
                        },
                    }
                },
            },
        },
        "parameters": [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "maxLength": 64},
                "description": "A retry with the same key returns the first response and changes nothing.",
            }
        ],
    }


def _respond(request: HttpRequest, answer: Answer) -> HttpResponse:
    status, body = answer
    return api.create_response(request, body, status=status)


def _actor(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None


# --- submission, queues and the dossier -----------------------------------------------------------


class DossierIn(Schema):
    procedure: str
    competent_unit: str
    channel: Literal[1, 2, 3] = 2
    receiving_unit: str | None = None
    applicant: ApplicantIn
    files: list[FileIn] = []


@router.post(
    "/dossiers",
    auth=OptionalBearerToken(),
    response={201: DossierOut},
    summary="Submit a dossier (online), or record one received at a counter or by post",
    openapi_extra=_json_request(DossierIn),
)
def submit_dossier(request: HttpRequest) -> HttpResponse:
    def run() -> Answer:
        data, files = read_body(request, DossierIn)
        actor = _actor(request)
        dossier = actions.dossier_submit(
            actor=actor,
            procedure_code=data.procedure,
            competent_unit_code=data.competent_unit,
            applicant=actions.Applicant(**data.applicant.dict()),
            channel=data.channel,
            receiving_unit_code=data.receiving_unit,
            files=files,
        )
        return 201, dossier_body(dossier, timezone.now(), actor)

    return _respond(request, idempotent(request, run))


class QueueQuery(Schema):
    queue: str = "all"
    q: str = ""
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)


class QueuePage(Schema):
    count: int
    results: list[DossierBrief]


@router.get("/dossiers", auth=BearerToken(), response=QueuePage, summary="A work queue, searchable")
def list_dossiers(request: HttpRequest, query: Query[QueueQuery]) -> object:
    now = timezone.now()
    actor = _actor(request)
    if actor is None:
        raise NotFound(_("There is no such queue."))
    # "Due soon": by the end of the next working day of the province this installation serves.
    home = calendar_for_province(province_get(settings.MOTCUA_PROVINCE_CODE))
    soon = home.due_time_after_working_days(now, 1)
    dossiers = selectors.dossier_queue(actor=actor, queue=query.queue, query=query.q, now=now, soon=soon)
    page = selectors.dossiers_slice(
        dossiers.select_related("competent_unit__province"), query.offset, query.offset + query.limit
    )
    calendars: dict[int, WorkingCalendar] = {}
    results = []
    for d in page:
        province = d.competent_unit.province
        calendar = calendars.get(province.pk) or calendars.setdefault(
            province.pk, calendar_for_province(province)
        )
        results.append(_local(_brief(d, now, calendar)))
    return {"count": dossiers.count(), "results": results}


@router.get(
    "/dossiers/{code}",
    auth=BearerToken(),
    response=DossierOut,
    summary="A dossier with its clock and history",
)
def get_dossier(request: HttpRequest, code: str) -> object:
    dossier = selectors.dossier_get(actor=request.user, code=code)
    return dossier_body(dossier, timezone.now(), _actor(request))


# --- actions --------------------------------------------------------------------------------------


class ActionIn(Schema):
    expected_version: int | None = Field(
        None, description="The version the caller read; a stale one answers 409 and changes nothing."
    )


# Free text is bounded so one request cannot store megabytes in a dossier's history.
TEXT = 2000
ITEM = 500


class ReasonIn(ActionIn):
    reason: str = Field(..., max_length=TEXT)


class AcceptIn(ActionIn):
    time_variant: str | None = Field(
        None, description="Code of the procedure's conditional legal time that applies, if any."
    )
    time_variant_reason: str = Field("", max_length=500, description="Why the conditional time applies.")


class ApplicantRequestIn(ReasonIn):
    """A withdrawal or stop on the applicant's request (Art.21). The desk gives the written
    request's date and reference; the applicant acting online gives neither."""

    request_date: date | None = None
    request_reference: str = Field("", max_length=100)


class TrackRequestIn(Schema):
    secret: str = Field(..., description="The last 4 digits of the applicant's phone or personal ID number.")
    reason: str = Field(..., max_length=2000)


class SupplementRequestIn(ActionIn):
    items: list[Annotated[str, Field(max_length=ITEM)]] = Field(..., max_length=50)


class SupplementProvideIn(ActionIn):
    note: str = Field("", max_length=TEXT)
    files: list[FileIn] = []


class AssignIn(ActionIn):
    handler: str | None = Field(None, description="Username; omit to choose the least-loaded handler.")


class AppraiseIn(ActionIn):
    opinion: str = Field(..., max_length=TEXT)


class ProposeIn(ActionIn):
    proposal: Literal["granted", "refused"]
    note: str = Field("", max_length=TEXT)


class DecideIn(ActionIn):
    result: Literal["granted", "refused"]
    reason: str = Field("", max_length=TEXT)
    files: list[FileIn] = []


class ExtendIn(ActionIn):
    new_due_at: datetime
    reason: str = Field(..., max_length=TEXT)


class ReturnIn(ActionIn):
    via: Literal[1, 2, 3]


class PaymentRequestIn(ActionIn):
    amounts: dict[str, int] = Field(
        {},
        description="Amounts in đồng by fee id: required for fees computed at appraisal; 0 leaves one out.",
    )
    note: str = Field("", max_length=2000)


class PaymentRecordIn(ActionIn):
    receipt_number: str = Field(..., max_length=200)
    method: Literal["cash", "transfer"] = "cash"


class RemitIn(Schema):
    reference: str = Field(..., max_length=200)


class RateIn(Schema):
    score: int | None = Field(None, ge=1, le=5)
    dislike: bool = False
    comment: str = Field("", max_length=2000)
    secret: str = Field("", description="Without a citizen's token: the last 4 digits of phone or ID number.")


def _handler_named(username: str | None) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise InvalidInput(_("There is no user %(name)s.") % {"name": username}, field="handler")
    return user


Perform = Callable[[User, Dossier, Any, list[IncomingFile]], Dossier]
_ACTIONS: dict[str, tuple[type[BaseModel], Perform, str]] = {}


def _action(name: str, schema: type[BaseModel], summary: str) -> Callable[[Perform], Perform]:
    def register(perform: Perform) -> Perform:
        _ACTIONS[name] = (schema, perform, summary)
        return perform

    return register


def _variant_named(dossier: Dossier, code: str | None) -> TimeVariant | None:
    if not code:
        return None
    variant = TimeVariant.objects.filter(procedure_id=dossier.procedure_id, code=code).first()
    if variant is None:
        raise InvalidInput(
            _("The procedure has no conditional legal time “%(code)s”.") % {"code": code},
            field="time_variant",
        )
    return variant


@_action("accept", AcceptIn, "Accept the dossier: the clock starts and the receipt gives the appointment")
def _accept(actor: User, dossier: Dossier, data: AcceptIn, files: list[IncomingFile]) -> Dossier:
    return actions.dossier_accept(
        actor=actor,
        dossier=dossier,
        time_variant=_variant_named(dossier, data.time_variant),
        time_variant_reason=data.time_variant_reason,
        expected_version=data.expected_version,
    )


@_action("refuse", ReasonIn, "Refuse to accept the dossier, with the reason")
def _refuse(actor: User, dossier: Dossier, data: ReasonIn, files: list[IncomingFile]) -> Dossier:
    return actions.dossier_refuse(
        actor=actor, dossier=dossier, reason=data.reason, expected_version=data.expected_version
    )


@_action("request_supplement", SupplementRequestIn, "Ask the applicant for every missing item at once")
def _request_supplement(
    actor: User, dossier: Dossier, data: SupplementRequestIn, files: list[IncomingFile]
) -> Dossier:
    return actions.supplement_request(
        actor=actor, dossier=dossier, items=data.items, expected_version=data.expected_version
    )


@_action("provide_supplement", SupplementProvideIn, "Record the completed dossier (the legal time restarts)")
def _provide_supplement(
    actor: User, dossier: Dossier, data: SupplementProvideIn, files: list[IncomingFile]
) -> Dossier:
    return actions.supplement_provide(
        actor=actor, dossier=dossier, files=files, note=data.note, expected_version=data.expected_version
    )


@_action(
    "withdraw",
    ApplicantRequestIn,
    "Withdraw the dossier on the applicant's written request (Art.21), with its date and reference",
)
def _withdraw(actor: User, dossier: Dossier, data: ApplicantRequestIn, files: list[IncomingFile]) -> Dossier:
    return actions.dossier_withdraw(
        actor=actor,
        dossier=dossier,
        reason=data.reason,
        request_date=data.request_date,
        request_reference=data.request_reference,
        expected_version=data.expected_version,
    )


@_action(
    "stop",
    ApplicantRequestIn,
    "Stop processing on the applicant's written request only (Art.21), with its date and reference",
)
def _stop(actor: User, dossier: Dossier, data: ApplicantRequestIn, files: list[IncomingFile]) -> Dossier:
    return actions.dossier_stop(
        actor=actor,
        dossier=dossier,
        reason=data.reason,
        request_date=data.request_date,
        request_reference=data.request_reference,
        expected_version=data.expected_version,
    )


@_action("transfer", ActionIn, "Send the dossier to the competent unit")
def _transfer(actor: User, dossier: Dossier, data: ActionIn, files: list[IncomingFile]) -> Dossier:
    return actions.dossier_transfer(actor=actor, dossier=dossier, expected_version=data.expected_version)


@_action("assign", AssignIn, "Assign a handler, or let the system choose the least-loaded one")
def _assign(actor: User, dossier: Dossier, data: AssignIn, files: list[IncomingFile]) -> Dossier:
    return actions.dossier_assign(
        actor=actor,
        dossier=dossier,
        handler=_handler_named(data.handler),
        expected_version=data.expected_version,
    )


@_action("appraise", AppraiseIn, "Record the handler's appraisal")
def _appraise(actor: User, dossier: Dossier, data: AppraiseIn, files: list[IncomingFile]) -> Dossier:
    return actions.dossier_appraise(
        actor=actor, dossier=dossier, opinion=data.opinion, expected_version=data.expected_version
    )


@_action("propose", ProposeIn, "Submit the dossier to the leader with a proposal")
def _propose(actor: User, dossier: Dossier, data: ProposeIn, files: list[IncomingFile]) -> Dossier:
    return actions.dossier_propose(
        actor=actor,
        dossier=dossier,
        proposal=data.proposal,
        note=data.note,
        expected_version=data.expected_version,
    )


@_action("send_back", ReasonIn, "Return the proposal to the handler for review")
def _send_back(actor: User, dossier: Dossier, data: ReasonIn, files: list[IncomingFile]) -> Dossier:
    return actions.dossier_send_back(
        actor=actor, dossier=dossier, reason=data.reason, expected_version=data.expected_version
    )


@_action("decide", DecideIn, "Approve with the signed result, or refuse with the reason")
def _decide(actor: User, dossier: Dossier, data: DecideIn, files: list[IncomingFile]) -> Dossier:
    return actions.dossier_decide(
        actor=actor,
        dossier=dossier,
        result=data.result,
        reason=data.reason,
        files=files,
        expected_version=data.expected_version,
    )


@_action("extend", ExtendIn, "Move the appointment once, with an apology")
def _extend(actor: User, dossier: Dossier, data: ExtendIn, files: list[IncomingFile]) -> Dossier:
    return actions.dossier_extend(
        actor=actor,
        dossier=dossier,
        new_due_at=data.new_due_at,
        reason=data.reason,
        expected_version=data.expected_version,
    )


@_action("return", ReturnIn, "Return the result to the applicant")
def _return(actor: User, dossier: Dossier, data: ReturnIn, files: list[IncomingFile]) -> Dossier:
    return actions.dossier_return(
        actor=actor, dossier=dossier, via=data.via, expected_version=data.expected_version
    )


@_action(
    "payment_request", PaymentRequestIn, "Issue the payment notice: the dossier waits for payment (code 6)"
)
def _payment_request(
    actor: User, dossier: Dossier, data: PaymentRequestIn, files: list[IncomingFile]
) -> Dossier:
    payment_actions.payment_request(
        actor=actor,
        dossier=dossier,
        amounts=data.amounts,
        note=data.note,
        expected_version=data.expected_version,
    )
    return dossier


@_action(
    "payment_record",
    PaymentRecordIn,
    "Record the payment with its receipt: the dossier goes back to processing",
)
def _payment_record(
    actor: User, dossier: Dossier, data: PaymentRecordIn, files: list[IncomingFile]
) -> Dossier:
    payment_actions.payment_record(
        actor=actor,
        dossier=dossier,
        receipt_number=data.receipt_number,
        method=data.method,
        expected_version=data.expected_version,
    )
    return dossier


@_action("fees_remit", RemitIn, "Record that the charges collected reached the state budget (Art.24)")
def _fees_remit(actor: User, dossier: Dossier, data: RemitIn, files: list[IncomingFile]) -> Dossier:
    payment_actions.fees_remit_for_dossier(actor=actor, dossier=dossier, reference=data.reference)
    return dossier


def _action_endpoint(schema: type[BaseModel], perform: Perform) -> Callable[[HttpRequest, str], HttpResponse]:
    def endpoint(request: HttpRequest, code: str) -> HttpResponse:
        def run() -> Answer:
            data, files = read_body(request, schema)
            actor = _actor(request)
            dossier = selectors.dossier_get(actor=request.user, code=code)
            if actor is None:
                raise NotFound(_("There is no dossier with code %(code)s.") % {"code": code})
            return 200, dossier_body(perform(actor, dossier, data, files), timezone.now(), actor)

        return _respond(request, idempotent(request, run))

    return endpoint


for _name, (_schema, _perform, _summary) in _ACTIONS.items():
    _EXTRA_SCHEMAS.append(_schema)
    router.post(
        f"/dossiers/{{code}}/actions/{_name}",
        auth=BearerToken(),
        response={200: DossierOut},
        summary=_summary,
        operation_id=f"dossier_{_name}",
        openapi_extra=_json_request(_schema),
    )(_action_endpoint(_schema, _perform))


_EXTRA_SCHEMAS.append(RateIn)


@router.post(
    "/dossiers/{code}/actions/rate",
    auth=OptionalBearerToken(),
    response={200: TrackOut},
    summary="Rate a returned dossier (the owning citizen, or anyone with the tracking secret)",
    operation_id="dossier_rate",
    openapi_extra=_json_request(RateIn),
)
def rate_dossier(request: HttpRequest, code: str) -> HttpResponse:
    def run() -> Answer:
        data, _files = read_body(request, RateIn)
        actor = _actor(request)
        if data.secret:
            dossier = _tracked(request, code, data.secret)
            proven = True
        else:
            dossier = selectors.dossier_get(actor=request.user, code=code)
            proven = False
        # Review M7: an official never rates as the applicant, even with the secret.
        rating_channel_check(user=actor, dossier=dossier, by_secret=proven)
        actions.dossier_rate(
            actor=actor,
            dossier=dossier,
            score=data.score,
            dislike=data.dislike,
            comment=data.comment,
            proven_applicant=proven,
        )
        dossier.refresh_from_db()
        return 200, track_body(dossier)

    return _respond(request, idempotent(request, run))


# --- public tracking ------------------------------------------------------------------------------


def _tracked(request: HttpRequest, code: str, secret: str) -> Dossier:
    """Within the client address's and the dossier's budgets (review M3)."""
    return dossier_tracked(code=code, secret=secret, address=request.META.get("REMOTE_ADDR", ""))


def track_body(d: Dossier) -> dict[str, Any]:
    supplement = next((s for s in d.supplements.all() if s.provided_at is None and s.closed_at is None), None)
    body = {
        "code": d.code,
        "status": d.status,
        "status_label": str(d.get_status_display()),
        "national_status": NATIONAL_CODES[d.status],
        "procedure": d.procedure.name,
        "receiving_unit": d.receiving_unit.name,
        "received_at": d.received_at,
        "due_at": d.due_at,
        "returned_at": d.finished_at if d.returned_via else None,
        "supplement_items": supplement.items if supplement else [],
        "answer_by": supplement.answer_by if supplement else None,
        "may_rate": bool(d.returned_via) and not hasattr(d, "rating"),
    }
    body["may_withdraw"] = d.status in BEFORE_DECISION and d.channel == Channel.ONLINE
    if d.status == Status.FINANCIAL_OBLIGATION and (notice := notice_of(d)) is not None:
        body.update(payment_total=notice.total, payment_clock_paused=notice.clock_paused)
    return TrackOut.model_validate(_local(body)).model_dump(mode="json")


class TrackIn(Schema):
    secret: str = Field(..., description="The last 4 digits of the applicant's phone or personal ID number.")


# Review M3: the secret never travels in the address, which proxies, servers and browsers keep in logs.
TRACKING_SECRET_HEADER = "X-Tracking-Secret"


def _no_secret_in_address(request: HttpRequest) -> None:
    if "secret" in request.GET:
        raise InvalidInput(
            _(
                "Send the secret in the X-Tracking-Secret header or in the body of a POST, never in "
                "the address: addresses are kept in logs."
            ),
            field="secret",
        )


@router.post(
    "/track/{code}",
    response=TrackOut,
    summary="Public tracking by code and the last 4 digits of phone or ID number, sent in the body "
    "(rate limited per address and per dossier)",
    operation_id="track",
)
def track(request: HttpRequest, code: str, body: TrackIn) -> object:
    _no_secret_in_address(request)
    return track_body(_tracked(request, code, body.secret))


@router.get(
    "/track/{code}",
    response=TrackOut,
    summary="Public tracking with the secret in the X-Tracking-Secret header (rate limited per address "
    "and per dossier)",
    operation_id="track_get",
    openapi_extra={
        "parameters": [
            {
                "in": "header",
                "name": TRACKING_SECRET_HEADER,
                "required": True,
                "schema": {"type": "string"},
                "description": "The last 4 digits of the applicant's phone or personal ID number.",
            }
        ]
    },
)
def track_get(request: HttpRequest, code: str) -> object:
    _no_secret_in_address(request)
    secret = request.headers.get(TRACKING_SECRET_HEADER)
    if secret is None:
        raise InvalidInput(_("Send the last 4 digits in the X-Tracking-Secret header."), field="secret")
    return track_body(_tracked(request, code, secret))


_EXTRA_SCHEMAS.append(TrackRequestIn)


def _applicant_request_endpoint(name: str) -> Callable[[HttpRequest, str], HttpResponse]:
    perform = actions.dossier_withdraw if name == "withdraw" else actions.dossier_stop

    def endpoint(request: HttpRequest, code: str) -> HttpResponse:
        def run() -> Answer:
            data, _files = read_body(request, TrackRequestIn)
            dossier = _tracked(request, code, data.secret)
            actor = _actor(request)
            # Review M7: an official who knows the secret does not act as the applicant.
            if request_refusal(user=actor, dossier=dossier) is not None:
                raise NotFound(
                    _("This action on dossier %(code)s is not available to you.") % {"code": dossier.code},
                    code="not_found",
                )
            perform(actor=actor, dossier=dossier, reason=data.reason, proven_applicant=True)
            dossier.refresh_from_db()
            return 200, track_body(dossier)

        return _respond(request, idempotent(request, run))

    return endpoint


for _name, _summary in (
    ("withdraw", "The applicant withdraws their online dossier before the decision (Art.21.2)"),
    ("stop", "The applicant asks to stop their online dossier before the decision (Art.21.2)"),
):
    router.post(
        f"/track/{{code}}/{_name}",
        auth=OptionalBearerToken(),
        response={200: TrackOut},
        summary=_summary,
        operation_id=f"track_{_name}",
        openapi_extra=_json_request(TrackRequestIn),
    )(_applicant_request_endpoint(_name))


# Last, so that this module can be imported before or after `motcua.api.api` (which imports it to
# register its router): by the time this line runs, `router` and every route above exist.
from motcua.api.api import api  # noqa: E402

api.extra_schemas.extend(_EXTRA_SCHEMAS)
