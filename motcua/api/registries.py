"""Lookups in the state's registries for officials, and online payment: the applicant starts it
(with the dossier's code and tracking secret), the national payment platform confirms it."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from motcua.accounts.models import User
from motcua.api.api import api, error_body
from motcua.api.auth import BearerToken
from motcua.dossiers import selectors
from motcua.dossiers.tracking import dossier_tracked
from motcua.payments import online
from motcua.registries import actions
from motcua.registries.handover import civil_status_hand_over
from motcua.registries.models import CivilStatusHandover

router = Router(tags=["registries and payments"])


class TypedIn(Schema):
    name: str = Field("", max_length=200)
    born: str = Field("", max_length=10, description="YYYY-MM-DD or the year")
    address: str = Field("", max_length=300)


class LookupIn(Schema):
    registry: str = Field(
        ..., description="population, business, household_business, tax, civil_status or data_store"
    )
    subject: str = Field(
        ...,
        max_length=32,
        description="ID number, enterprise code, tax code, or KS:/KH: and a civil-status record number",
    )
    purpose: str = Field(..., max_length=200, description="why: the procedure or the dossier")
    consent: str = Field("", description="at_desk or online (required for a person's data)")
    dossier_code: str = Field("", max_length=64)
    typed: TypedIn | None = None


class LookupOut(Schema):
    id: int
    outcome: str = Field(..., description="found, not_found, down or refused")
    message: str
    record: dict[str, Any] | None
    differences: list[str]
    from_cache: bool


@router.post(
    "/registries/lookups",
    response=LookupOut,
    auth=BearerToken(),
    summary="Look a person, business or tax code up in a state registry (logged; a person with consent)",
)
def lookup(request: HttpRequest, data: LookupIn) -> object:
    actor: User = request.auth  # type: ignore[attr-defined]
    dossier = selectors.dossier_get(actor=actor, code=data.dossier_code) if data.dossier_code else None
    result = actions.registry_lookup(
        actor=actor,
        registry=data.registry,
        subject=data.subject,
        purpose=data.purpose,
        consent=data.consent,
        dossier=dossier,
        typed=data.typed.dict() if data.typed else {},
    )
    return {
        "id": result.lookup.pk,
        "outcome": result.outcome,
        "message": result.message,
        "record": result.record,
        "differences": result.differences,
        "from_cache": result.lookup.from_cache,
    }


class PayIn(Schema):
    secret: str = Field(..., description="The last 4 digits of the applicant's phone or personal ID number.")


class PayOut(Schema):
    reference: str
    amount: int
    status: str
    pay_url: str


@router.post(
    "/dossiers/{code}/payments/online",
    response=PayOut,
    summary="The applicant pays the open payment notice online: answers the payment page's address",
)
def pay(request: HttpRequest, code: str, data: PayIn) -> object:
    dossier = dossier_tracked(code=code, secret=data.secret, address=request.META.get("REMOTE_ADDR", ""))
    attempt = online.payment_online_start(dossier=dossier, ip=request.META.get("REMOTE_ADDR", ""))
    return {
        "reference": attempt.reference,
        "amount": attempt.amount,
        "status": attempt.status,
        "pay_url": attempt.pay_url,
    }


@router.post(
    "/payments/dvcqg/confirm",
    summary="The national payment platform's server-to-server confirmation (MaXacThuc verified)",
)
def confirm(request: HttpRequest) -> HttpResponse:
    try:
        body = json.loads(request.body or b"null")
    except ValueError:
        body = None
    try:
        answer = online.payment_confirm(body=body)
    except online.CallbackRefused as exc:
        return api.create_response(request, error_body(exc.code, str(exc.message)), status=exc.status)
    return api.create_response(request, answer, status=200)


class HandoverIn(Schema):
    module: str = Field(..., description="LTKS birth, LTKT death or LTKH marriage registration")
    data: dict[str, Any] = Field(default_factory=dict, description="the civil-status fields of the dossier")


class HopOut(Schema):
    state: str
    at: str
    note: str


class HandoverOut(Schema):
    external_code: str
    module: str
    state: str
    hops: list[HopOut]
    result_received: bool


def _handover_body(handover: CivilStatusHandover) -> dict[str, Any]:
    return {
        "external_code": handover.external_code,
        "module": handover.module,
        "state": handover.state,
        "hops": handover.hops,
        "result_received": bool(handover.result_pdf),
    }


@router.post(
    "/dossiers/{code}/civil-status",
    response=HandoverOut,
    auth=BearerToken(),
    summary="Hand an inter-linked birth, death or marriage dossier to the civil-status e-registry",
)
def hand_over(request: HttpRequest, code: str, data: HandoverIn) -> object:
    actor: User = request.auth  # type: ignore[attr-defined]
    dossier = selectors.dossier_get(actor=actor, code=code)
    handover = civil_status_hand_over(actor=actor, dossier=dossier, module=data.module, data=data.data)
    return _handover_body(handover)


@router.get(
    "/dossiers/{code}/civil-status",
    response=list[HandoverOut],
    auth=BearerToken(),
    summary="The dossier's handovers to the civil-status e-registry, each hop with its time",
)
def handovers(request: HttpRequest, code: str) -> object:
    dossier = selectors.dossier_get(actor=request.auth, code=code)  # type: ignore[attr-defined]
    return [_handover_body(h) for h in dossier.civil_status_handovers.order_by("sent_at", "pk")]
