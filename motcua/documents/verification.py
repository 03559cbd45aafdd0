"""Public verification: by the code printed on a document, or by uploading the PDF. The answer
holds only five facts (document type, issuing unit, date, signer's title, status) and every
question is logged. Nothing a visitor sends produces an error page: a file that is not a PDF,
not ours, broken or altered gets a plain answer."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from motcua.documents.authority import AuthorityMissing, authority_certificate
from motcua.documents.models import Certificate, SignedDocument, Verification
from motcua.documents.pdfsign import NotAPdf, pdf_signatures
from motcua.dossiers.actions.common import moment

Outcome = Verification.Outcome


@dataclass(frozen=True)
class Answer:
    outcome: str
    document_type: str = ""
    issuing_unit: str = ""
    signed_at: datetime | None = None
    signer_title: str = ""

    @property
    def found(self) -> bool:
        return bool(self.document_type)

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)


def _status(document: SignedDocument, now: datetime) -> str:
    revoked_at = document.certificate.revoked_at
    return Outcome.REVOKED if revoked_at is not None and revoked_at <= now else Outcome.VALID


def _answer(document: SignedDocument, outcome: str) -> Answer:
    return Answer(
        outcome=outcome,
        document_type=str(document.get_kind_display()),
        issuing_unit=document.unit.name,
        signed_at=document.signed_at,
        signer_title=document.signer_title,
    )


@transaction.atomic
def verify_code(*, code: str, now: datetime | None = None) -> Answer:
    now = moment(now)
    code = code.strip().upper()[:64]
    document = SignedDocument.objects.select_related("unit", "certificate").filter(code=code).first()
    if document is None:
        answer = Answer(outcome=Outcome.UNKNOWN)
    else:
        answer = _answer(document, _status(document, now))
    Verification.objects.create(
        at=now, via=Verification.Via.CODE, code=code, document=document, outcome=answer.outcome
    )
    return answer


def _judge(content: bytes, now: datetime) -> tuple[Answer, SignedDocument | None, str]:
    if b"%PDF-" not in content[:1024]:
        return Answer(outcome=Outcome.UNREADABLE), None, ""
    try:
        root = authority_certificate()
    except AuthorityMissing:
        return Answer(outcome=Outcome.UNKNOWN), None, ""
    try:
        signatures = pdf_signatures(content, root)
    except NotAPdf:
        return Answer(outcome=Outcome.UNREADABLE), None, ""
    ours = [s for s in signatures if s.code]
    if not ours:
        return Answer(outcome=Outcome.UNKNOWN), None, ""
    # The last of our signatures names the document this file claims to be.
    last = ours[-1]
    document = (
        SignedDocument.objects.select_related("unit", "certificate").filter(code=last.code.upper()).first()
    )
    known_serials = set(
        Certificate.objects.filter(serial__in=[s.serial for s in ours]).values_list("serial", flat=True)
    )
    if document is None or last.serial not in known_serials or document.certificate.serial != last.serial:
        return Answer(outcome=Outcome.UNKNOWN), None, last.code
    intact = all(s.intact and s.issuer_matches for s in ours) and last.covers_everything
    if not intact:
        return _answer(document, Outcome.ALTERED), document, last.code
    return _answer(document, _status(document, now)), document, last.code


@transaction.atomic
def verify_upload(*, content: bytes, now: datetime | None = None) -> Answer:
    now = moment(now)
    answer, document, code = _judge(content, now)
    Verification.objects.create(
        at=now,
        via=Verification.Via.UPLOAD,
        code=code[:64],
        document=document,
        outcome=answer.outcome,
        uploaded_sha256=hashlib.sha256(content).hexdigest(),
    )
    return answer
