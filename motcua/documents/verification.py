"""Public verification: by the code printed on a document, or by uploading the PDF. The answer
holds only a few facts (document type, issuing unit, date, signer's title, number and symbol,
trusted time) and a status, and every question is logged. Nothing a visitor sends produces an
error page: a file that is not a PDF, not ours, broken or altered gets a plain answer.

The status, in the order it is decided:
- altered: the signed bytes changed, or something other than a later signature was added;
- demo: signed with the built-in demo CA, which has no legal value (said whatever else holds);
- untrusted: the signer's certificate does not lead to a configured trust anchor;
- valid at signing: good when signed (trusted timestamp, embedded revocation data), but the
  certificate has since been revoked or has expired;
- revoked: revoked, and no proof it was good when signed;
- valid."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from motcua.documents.models import Certificate, SignedDocument, Verification
from motcua.documents.pdfsign import Inspected, NotAPdf, pdf_codes, pdf_signatures
from motcua.documents.trust import anchors
from motcua.dossiers.actions.common import moment

Outcome = Verification.Outcome
_LONG_TERM = ("B-LT", "B-LTA")


@dataclass(frozen=True)
class Answer:
    outcome: str
    document_type: str = ""
    issuing_unit: str = ""
    signed_at: datetime | None = None
    signer_title: str = ""
    number: str = ""
    timestamped_at: datetime | None = None
    demo: bool = False

    @property
    def found(self) -> bool:
        return bool(self.document_type)

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)


def _since_signing(document: SignedDocument, now: datetime, good_now: bool = True) -> str:
    """The status from the certificate's life after the signature: still good, or good at signing."""
    certificate = document.certificate
    revoked_at = certificate.revoked_at
    if revoked_at is not None and revoked_at <= document.signed_at:
        return Outcome.REVOKED
    ended = (revoked_at is not None and revoked_at <= now) or certificate.not_after < now or not good_now
    if not ended:
        return Outcome.VALID
    proven = document.timestamped_at is not None and document.level in _LONG_TERM
    return Outcome.VALID_AT_SIGNING if proven else Outcome.REVOKED


def _status(document: SignedDocument, now: datetime) -> str:
    if document.demo:
        return Outcome.DEMO
    return _since_signing(document, now)


def _answer(document: SignedDocument, outcome: str) -> Answer:
    return Answer(
        outcome=outcome,
        document_type=str(document.get_kind_display()),
        issuing_unit=document.unit.name,
        signed_at=document.signed_at,
        signer_title=document.signer_title,
        number=document.number,
        timestamped_at=document.timestamped_at,
        demo=document.demo,
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


def _file_status(document: SignedDocument, ours: list[Inspected], now: datetime) -> str:
    last = ours[-1]
    if not (all(s.intact for s in ours) and last.covers_everything):
        return Outcome.ALTERED
    if document.demo:
        return Outcome.DEMO
    if not all(s.issuer_matches for s in ours):
        return Outcome.UNTRUSTED
    return _since_signing(document, now, good_now=last.good_now)


def _judge(content: bytes, now: datetime) -> tuple[Answer, SignedDocument | None, str]:
    if b"%PDF-" not in content[:1024]:
        return Answer(outcome=Outcome.UNREADABLE), None, ""
    try:
        codes = pdf_codes(content)
        claimed = SignedDocument.objects.filter(code=codes[-1].upper()).first() if codes else None
        # A demo signature's certificate names no reachable revocation list: nothing to fetch.
        fetch = claimed is not None and not claimed.demo
        signatures = pdf_signatures(content, anchors(), fetch=fetch, now=now)
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
    return _answer(document, _file_status(document, ours, now)), document, last.code


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
