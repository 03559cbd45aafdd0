"""Forms as PDF, signed documents and their verification."""

from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from motcua.accounts.models import User
from motcua.api.auth import BearerToken
from motcua.api.idempotency import Answer, idempotent
from motcua.core.errors import InvalidInput, NotFound
from motcua.documents import actions
from motcua.documents.forms import KINDS, form_pdf, register_pdf
from motcua.documents.models import SignedDocument
from motcua.documents.selectors import register_dossiers, signed_documents
from motcua.documents.verification import Answer as Verdict
from motcua.documents.verification import verify_code, verify_upload
from motcua.dossiers.selectors import dossier_get

router = Router(tags=["documents"])

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _actor(request: HttpRequest) -> User:
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        raise NotFound(_("There is no such dossier."))
    return user


@router.get(
    "/dossiers/{code}/forms/{kind}.pdf",
    auth=BearerToken(),
    summary="A form of the dossier as PDF: receipt, supplement, refusal, apology, stop, control",
    response={200: bytes},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def dossier_form(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    dossier = dossier_get(actor=_actor(request), code=code)
    if kind not in KINDS:
        raise NotFound(_("There is no form “%(kind)s”.") % {"kind": kind[:40]})
    return _pdf(form_pdf(dossier=dossier, kind=kind), f"{kind}-{dossier.code}.pdf")


class RegisterQuery(Schema):
    first: date = Field(..., alias="from")
    to: date


@router.get(
    "/units/{code}/register.pdf",
    auth=BearerToken(),
    summary="The dossier register of a unit for a period (`from`, `to`: dates, inclusive)",
    response={200: bytes},
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def unit_register(request: HttpRequest, code: str, query: Query[RegisterQuery]) -> HttpResponse:
    unit, dossiers = register_dossiers(
        actor=_actor(request), unit_code=code, first_day=query.first, last_day=query.to
    )
    content = register_pdf(unit=unit, dossiers=dossiers, first_day=query.first, last_day=query.to)
    return _pdf(content, f"register-{unit.code}.pdf")


class SignedOut(Schema):
    code: str
    kind: str
    name: str
    signer: str
    signer_title: str
    on_behalf_of: str | None
    signed_at: datetime
    sha256: str
    verify_path: str


def _signed_body(document: SignedDocument) -> dict[str, object]:
    return {
        "code": document.code,
        "kind": document.kind,
        "name": document.name,
        "signer": document.certificate.subject_name,
        "signer_title": document.signer_title,
        "on_behalf_of": document.on_behalf_of.display_name if document.on_behalf_of else None,
        "signed_at": timezone.localtime(document.signed_at).isoformat(),
        "sha256": document.sha256,
        "verify_path": f"/verify/{document.code}/",
    }


@router.get(
    "/dossiers/{code}/signed",
    auth=BearerToken(),
    response=list[SignedOut],
    summary="The signed documents of a dossier",
)
def list_signed(request: HttpRequest, code: str) -> object:
    dossier = dossier_get(actor=_actor(request), code=code)
    return [_signed_body(d) for d in signed_documents(dossier)]


_SIGNERS = {"scans": actions.scans_sign, "result": actions.result_sign, "certify": actions.copy_certify}


@router.post(
    "/dossiers/{code}/sign/{what}",
    auth=BearerToken(),
    response={201: list[SignedOut]},
    summary="Sign `scans` (receiving officer), `result` (leader or deputy), `certify` (agency seal)",
)
def sign(request: HttpRequest, code: str, what: str) -> HttpResponse:
    from motcua.api.api import api

    def run() -> Answer:
        actor = _actor(request)
        dossier = dossier_get(actor=actor, code=code)
        signer = _SIGNERS.get(what)
        if signer is None:
            raise NotFound(_("There is no such action."))
        documents = signer(actor=actor, dossier=dossier)
        return 201, [_signed_body(d) for d in documents]

    status, body = idempotent(request, run)
    return api.create_response(request, body, status=status)


class ReuseIn(Schema):
    ids: list[int]


@router.post(
    "/dossiers/{code}/reuse",
    auth=BearerToken(),
    response={201: list[str]},
    summary="Attach the applicant's earlier digitised, signed papers (answers their SHA-256)",
)
def reuse(request: HttpRequest, code: str, body: ReuseIn) -> HttpResponse:
    from motcua.api.api import api

    def run() -> Answer:
        actor = _actor(request)
        dossier = dossier_get(actor=actor, code=code)
        attached = actions.digitised_reuse(actor=actor, dossier=dossier, ids=body.ids)
        return 201, [a.sha256 for a in attached]

    status, answer = idempotent(request, run)
    return api.create_response(request, answer, status=status)


class VerdictOut(Schema):
    outcome: str
    outcome_label: str
    document_type: str
    issuing_unit: str
    date: date | None
    signer_title: str


def _verdict(verdict: Verdict) -> dict[str, object]:
    return {
        "outcome": verdict.outcome,
        "outcome_label": verdict.outcome_label,
        "document_type": verdict.document_type,
        "issuing_unit": verdict.issuing_unit,
        "date": timezone.localtime(verdict.signed_at).date() if verdict.signed_at else None,
        "signer_title": verdict.signer_title,
    }


@router.get("/verify/{code}", response=VerdictOut, summary="Verify a signed document by its code (public)")
def verify_by_code(request: HttpRequest, code: str) -> object:
    return _verdict(verify_code(code=code))


@router.post("/verify", response=VerdictOut, summary="Verify an uploaded PDF (public, multipart `file`)")
def verify_file(request: HttpRequest, file: File[UploadedFile]) -> object:
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise InvalidInput(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            field="file",
        )
    return _verdict(verify_upload(content=file.read()))
