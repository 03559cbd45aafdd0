"""Writes for documents: certificate requests, issue and revocation; delegations; the three
signatures of a dossier (scans at reception, the result, the certified copy); reuse of
digitised components. Each action is one transaction and checks its actor."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.access import can
from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Permission
from motcua.catalog.models import Procedure
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.documents import authority as ca
from motcua.documents.certificates import certificate_usable
from motcua.documents.links import crl_url, verify_url
from motcua.documents.models import (
    Certificate,
    CertificateKind,
    CertificateRequest,
    CrlState,
    Delegation,
    DigitisedComponent,
    Reuse,
    Series,
    SignedDocument,
)
from motcua.documents.pdfsign import NotAPdf, Signing, SigningFailed, pdf_sign
from motcua.documents.registers import register_number
from motcua.documents.signing import result_paper_code, signing_for
from motcua.dossiers.actions.common import is_applicant, may, moment, not_yours
from motcua.dossiers.events import event_append
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.states import BEFORE_DECISION, Status
from motcua.units.models import Unit

CERTIFICATE_DAYS = 730
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


# --- certificates ---------------------------------------------------------------------------------


def _administers(actor: User, unit: Unit) -> bool:
    return can(actor, Permission.ADMINISTER, unit)


@transaction.atomic
def certificate_request(
    *, actor: User, kind: str, unit: Unit, title: str, now: datetime | None = None
) -> CertificateRequest:
    """An official asks for their own signing certificate in a unit they belong to; a leader or
    centre director asks for the unit's seal."""
    if kind not in CertificateKind.values:
        raise InvalidInput(_("Choose a personal signature or an agency seal."), field="kind")
    title = title.strip()
    if not title:
        raise InvalidInput(_("Give the title shown with the signature."), field="title")
    if len(title) > 120:
        raise InvalidInput(_("The title must be at most 120 characters."), field="title")
    member = Membership.objects.filter(user=actor, unit=unit, active=True).exists()
    if kind == CertificateKind.SEAL:
        allowed = can(actor, Permission.APPROVE_DOSSIER, unit) or can(actor, Permission.MANAGE_UNIT, unit)
    else:
        allowed = member
    if not allowed:
        raise NotFound(_("You cannot request this certificate for %(unit)s.") % {"unit": unit.name})
    if CertificateRequest.objects.filter(
        requested_by=actor, unit=unit, kind=kind, state=CertificateRequest.State.PENDING
    ).exists():
        raise Conflict(_("A request for this certificate is already waiting for approval."))
    return CertificateRequest.objects.create(
        kind=kind, requested_by=actor, unit=unit, title=title, requested_at=moment(now)
    )


def _holder_name(request: CertificateRequest) -> str:
    if request.kind == CertificateKind.SEAL:
        return request.unit.name
    return request.requested_by.display_name


@transaction.atomic
def certificate_issue(
    *, actor: User, request: CertificateRequest, now: datetime | None = None, days: int = CERTIFICATE_DAYS
) -> Certificate:
    """Approve a pending request and issue its certificate at once."""
    if not _administers(actor, request.unit):
        raise NotFound(_("There is no such certificate request."))
    now = moment(now)
    claimed = CertificateRequest.objects.filter(pk=request.pk, state=CertificateRequest.State.PENDING).update(
        state=CertificateRequest.State.ISSUED, decided_by=actor, decided_at=now
    )
    if not claimed:
        raise Conflict(_("This request was already decided."))
    try:
        authority = ca.authority_load()
    except ca.AuthorityMissing as exc:
        raise Conflict(
            _("The province certification authority has not been created yet (manage.py ca_create).")
        ) from exc
    name = _holder_name(request)
    issued = ca.leaf_issue(
        authority,
        common_name=name,
        title=request.title,
        organisation=request.unit.name,
        now=now,
        days=days,
        crl_url=crl_url(),
    )
    request.refresh_from_db()
    return Certificate.objects.create(
        kind=request.kind,
        holder=request.requested_by,
        unit=request.unit,
        request=request,
        serial=issued.serial,
        subject_name=name,
        title=request.title,
        certificate_pem=issued.certificate_pem,
        key_pem=issued.key_pem,
        not_before=issued.certificate.not_valid_before_utc,
        not_after=issued.certificate.not_valid_after_utc,
        issued_by=actor,
    )


@transaction.atomic
def certificate_reject(
    *, actor: User, request: CertificateRequest, note: str, now: datetime | None = None
) -> CertificateRequest:
    if not _administers(actor, request.unit):
        raise NotFound(_("There is no such certificate request."))
    note = note.strip()
    if not note:
        raise InvalidInput(_("Say why the request is rejected."), field="note")
    claimed = CertificateRequest.objects.filter(pk=request.pk, state=CertificateRequest.State.PENDING).update(
        state=CertificateRequest.State.REJECTED, decided_by=actor, decided_at=moment(now), note=note[:300]
    )
    if not claimed:
        raise Conflict(_("This request was already decided."))
    request.refresh_from_db()
    return request


@transaction.atomic
def certificate_revoke(
    *, actor: User, certificate: Certificate, reason: str, now: datetime | None = None
) -> Certificate:
    """An administrator, or the holder (a lost or compromised key), revokes a certificate. The
    revocation list is published again once the revocation is committed."""
    if not (_administers(actor, certificate.unit) or certificate.holder_id == actor.pk):
        raise NotFound(_("There is no such certificate."))
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Give the reason for revoking the certificate."), field="reason")
    now = moment(now)
    changed = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=now, revocation_reason=reason[:300]
    )
    if not changed:
        raise Conflict(_("The certificate is already revoked."))
    certificate.refresh_from_db()
    transaction.on_commit(crl_publish)
    return certificate


def crl_publish(now: datetime | None = None) -> bytes:
    """Sign and store the revocation list with every revoked certificate; the public URL serves
    the stored file. Idempotent apart from the increasing CRL number."""
    now = moment(now)
    authority = ca.authority_load()
    with transaction.atomic():
        state, _created = CrlState.objects.select_for_update().get_or_create(pk=1)
        CrlState.objects.filter(pk=state.pk).update(number=F("number") + 1)
        state.refresh_from_db()
        revoked = [
            (serial, at)
            for serial, at in Certificate.objects.filter(revoked_at__isnull=False).values_list(
                "serial", "revoked_at"
            )
            if at is not None
        ]
    der = ca.crl_build(authority, revoked=revoked, number=state.number, now=now)
    path = ca.ca_dir() / "crl.der"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(der)
    temporary.replace(path)
    return der


# --- delegations ----------------------------------------------------------------------------------


@transaction.atomic
def delegation_grant(
    *,
    actor: User,
    unit: Unit,
    deputy: User,
    procedures: Iterable[Procedure],
    starts_on: date,
    ends_on: date,
    now: datetime | None = None,
) -> Delegation:
    """A leader authorises a deputy of the same unit to sign results of chosen procedures."""
    if not can(actor, Permission.APPROVE_DOSSIER, unit):
        raise NotFound(_("You cannot delegate signing in %(unit)s.") % {"unit": unit.name})
    now = moment(now)
    if deputy.pk == actor.pk:
        raise InvalidInput(_("Choose someone other than yourself as the deputy."), field="deputy")
    if not Membership.objects.filter(user=deputy, unit=unit, active=True).exists():
        raise InvalidInput(
            _("%(user)s does not work in %(unit)s.") % {"user": deputy.display_name, "unit": unit.name},
            field="deputy",
        )
    chosen = list(procedures)
    if not chosen:
        raise InvalidInput(_("Choose at least one procedure."), field="procedures")
    if ends_on < starts_on:
        raise InvalidInput(_("The period must end on or after its first day."), field="ends_on")
    if ends_on < timezone.localdate(now):
        raise InvalidInput(_("The period has already ended."), field="ends_on")
    delegation = Delegation.objects.create(
        unit=unit, leader=actor, deputy=deputy, starts_on=starts_on, ends_on=ends_on, created_at=now
    )
    delegation.procedures.set(chosen)
    return delegation


@transaction.atomic
def delegation_end(*, actor: User, delegation: Delegation, now: datetime | None = None) -> Delegation:
    if delegation.leader_id != actor.pk and not _administers(actor, delegation.unit):
        raise NotFound(_("There is no such delegation."))
    changed = Delegation.objects.filter(pk=delegation.pk, ended_at__isnull=True).update(ended_at=moment(now))
    if not changed:
        raise Conflict(_("The delegation has already ended."))
    delegation.refresh_from_db()
    return delegation


def delegation_for(*, deputy: User, dossier: Dossier, now: datetime) -> Delegation | None:
    """The delegation under which `deputy` may sign this dossier's result today, if any."""
    today = timezone.localdate(now)
    return (
        Delegation.objects.select_related("leader")
        .filter(
            deputy=deputy,
            unit=dossier.competent_unit,
            procedures=dossier.procedure,
            starts_on__lte=today,
            ends_on__gte=today,
            ended_at__isnull=True,
        )
        .order_by("-starts_on", "-pk")
        .first()
    )


# --- signing --------------------------------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))


def _claim(dossier: Dossier) -> None:
    """Serialise signers of one dossier: its event chain takes one writer at a time."""
    changed = Dossier.objects.filter(pk=dossier.pk, version=dossier.version).update(version=F("version") + 1)
    if not changed:
        raise Conflict(
            _("The dossier was changed by someone else meanwhile. Reload it and try again."), code="stale"
        )
    dossier.refresh_from_db(fields=["version"])


def _signing(certificate: Certificate, *, name: str, title: str, reason: str, location: str) -> Signing:
    return signing_for(certificate, name=name, title=title, reason=reason, location=location)


def _sign_one(
    *,
    source: Attachment,
    content: bytes,
    kind: str,
    dossier: Dossier,
    unit: Unit,
    certificate: Certificate,
    signer: User,
    signing: Signing,
    now: datetime,
    on_behalf_of: User | None = None,
    delegation: Delegation | None = None,
    number: str = "",
    paper_code: str = "",
) -> SignedDocument:
    code = _new_code()
    try:
        result = pdf_sign(content, signing=signing, code=code, url=verify_url(code), at=now, number=number)
    except NotAPdf as exc:
        raise InvalidInput(
            _("The file “%(name)s” is not a PDF that can be signed.") % {"name": source.name}, field="files"
        ) from exc
    except SigningFailed as exc:
        raise Conflict(
            _("The signature could not be made (signing device, timestamp or revocation check): %(error)s")
            % {"error": str(exc)[:200]},
            code="signing_failed",
        ) from exc
    signed = result.content
    digest = hashlib.sha256(signed).hexdigest()
    document = SignedDocument(
        code=code,
        kind=kind,
        dossier=dossier,
        source=source,
        unit=unit,
        certificate=certificate,
        signer=signer,
        on_behalf_of=on_behalf_of,
        delegation=delegation,
        signer_title=signing.title,
        name=source.name,
        sha256=digest,
        signed_at=now,
        demo=signing.demo,
        level=result.level,
        timestamped_at=result.timestamped_at,
        number=number,
        paper_code=paper_code,
    )
    document.file.save(f"{digest}.pdf", ContentFile(signed), save=False)
    document.save()
    return document


def _read(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return handle.read()


def _pdfs_unsigned(dossier: Dossier, kinds: tuple[str, ...], signed_as: str) -> list[Attachment]:
    return list(
        Attachment.objects.filter(dossier=dossier, kind__in=kinds, content_type="application/pdf")
        .exclude(signed_versions__kind=signed_as)
        .select_related("component")
        .order_by("pk")
    )


def _record(
    dossier: Dossier, actor: User, now: datetime, kind: str, documents: list[SignedDocument], **extra: str
) -> None:
    event_append(
        dossier=dossier,
        kind="signed",
        actor=actor,
        at=now,
        data={
            "document_kind": kind,
            "documents": [d.code for d in documents],
            "certificate": documents[0].certificate.serial,
            "signer": actor.display_name,
            **extra,
        },
    )


@transaction.atomic
def scans_sign(*, actor: User, dossier: Dossier, now: datetime | None = None) -> list[SignedDocument]:
    """The receiving officer signs the scanned papers of an accepted dossier with their personal
    signature (Art.17: scan, then sign). Each signed scan becomes a digitised component of the
    applicant, reusable in later dossiers."""
    if not may(actor, Permission.RECEIVE_DOSSIER, dossier.receiving_unit):
        raise not_yours(dossier)
    if dossier.accepted_at is None or dossier.status == Status.NOT_ACCEPTED:
        raise Conflict(_("Scans are signed after the dossier is accepted."))
    now = moment(now)
    certificate = certificate_usable(
        holder=actor, kind=CertificateKind.PERSONAL, unit=dossier.receiving_unit, now=now
    )
    scans = _pdfs_unsigned(
        dossier, (Attachment.Kind.COMPONENT, Attachment.Kind.SUPPLEMENT), SignedDocument.Kind.RECEPTION_SCAN
    )
    if not scans:
        raise Conflict(_("There is no scanned PDF of this dossier left to sign."))
    _claim(dossier)
    signing = _signing(
        certificate,
        name=certificate.subject_name,
        title=certificate.title,
        reason=_("Scanned at reception of dossier %(code)s") % {"code": dossier.code},
        location=dossier.receiving_unit.name,
    )
    documents = []
    for scan in scans:
        document = _sign_one(
            source=scan,
            content=_read(scan),
            kind=SignedDocument.Kind.RECEPTION_SCAN,
            dossier=dossier,
            unit=dossier.receiving_unit,
            certificate=certificate,
            signer=actor,
            signing=signing,
            now=now,
        )
        component = scan.component
        DigitisedComponent.objects.create(
            type_code=f"{dossier.procedure.code}.TP{component.position if component else 0}",
            owner_national_id=dossier.applicant_national_id,
            name=(component.name if component else scan.name)[:500],
            summary=(
                _("%(procedure)s, dossier %(code)s")
                % {"procedure": dossier.procedure.name, "code": dossier.code}
            )[:500],
            valid_from=timezone.localdate(now),
            scope=DigitisedComponent.Scope.NATIONWIDE,
            document=document,
            component=component,
            created_at=now,
        )
        documents.append(document)
    _record(dossier, actor, now, SignedDocument.Kind.RECEPTION_SCAN, documents)
    return documents


@transaction.atomic
def result_sign(*, actor: User, dossier: Dossier, now: datetime | None = None) -> list[SignedDocument]:
    """The leader of the competent unit signs the result; or a deputy under a delegation valid
    today for the dossier's procedure, signing on the leader's behalf (KT.): the signature and the
    record name both."""
    now = moment(now)
    delegation = None
    if not may(actor, Permission.APPROVE_DOSSIER, dossier.competent_unit):
        delegation = delegation_for(deputy=actor, dossier=dossier, now=now)
        if delegation is None:
            raise not_yours(dossier)
    if dossier.status != Status.PROCESSED:
        raise Conflict(
            _(
                "The result is signed after the decision and before it is returned; "
                "the dossier is “%(status)s”."
            )
            % {"status": dossier.get_status_display()}
        )
    certificate = certificate_usable(
        holder=actor, kind=CertificateKind.PERSONAL, unit=dossier.competent_unit, now=now
    )
    results = _pdfs_unsigned(dossier, (Attachment.Kind.RESULT,), SignedDocument.Kind.RESULT)
    if not results:
        raise Conflict(_("There is no result PDF of this dossier left to sign."))
    _claim(dossier)
    title = certificate.title
    reason = _("Result of dossier %(code)s") % {"code": dossier.code}
    extra: dict[str, str] = {}
    if delegation is not None:
        leader = delegation.leader
        leader_title = leader.job_title or _("Leader of %(unit)s") % {"unit": dossier.competent_unit.name}
        # Vietnamese practice: "KT. <the leader's title>" above the deputy's own title and name.
        title = _("p.p. %(leader_title)s – %(title)s") % {"leader_title": leader_title, "title": title}
        reason = _("Result of dossier %(code)s, signed for %(leader)s under delegation of %(date)s") % {
            "code": dossier.code,
            "leader": leader.display_name,
            "date": delegation.starts_on.strftime("%d/%m/%Y"),
        }
        extra = {"on_behalf_of": leader.display_name, "delegation": str(delegation.pk)}
    signing = _signing(
        certificate,
        name=certificate.subject_name,
        title=title,
        reason=reason,
        location=dossier.competent_unit.name,
    )
    documents = [
        _sign_one(
            source=result,
            content=_read(result),
            kind=SignedDocument.Kind.RESULT,
            dossier=dossier,
            unit=dossier.competent_unit,
            certificate=certificate,
            signer=actor,
            signing=signing,
            now=now,
            on_behalf_of=delegation.leader if delegation else None,
            delegation=delegation,
            # Decree 30: the number and symbol from the agency's register, issued in this
            # transaction (a failed signature leaves no gap); Decree 118 Art.22.4: the paper's code.
            number=register_number(
                unit=dossier.competent_unit,
                series=Series.DECISION,
                document_key=f"result:{result.pk}",
                at=now,
            ).symbol,
            paper_code=result_paper_code(dossier),
        )
        for result in results
    ]
    _record(dossier, actor, now, SignedDocument.Kind.RESULT, documents, **extra)
    return documents


@transaction.atomic
def copy_certify(*, actor: User, dossier: Dossier, now: datetime | None = None) -> list[SignedDocument]:
    """The agency's seal on certified electronic copies of the signed results (Art.19): the result
    keeps the leader's signature, the seal is added after it. The copy is a digitised paper of
    the applicant, reusable later."""
    unit = dossier.competent_unit
    allowed = may(actor, Permission.APPROVE_DOSSIER, unit) or may(actor, Permission.RECEIVE_DOSSIER, unit)
    if not allowed:
        raise not_yours(dossier)
    now = moment(now)
    certificate = certificate_usable(holder=None, kind=CertificateKind.SEAL, unit=unit, now=now)
    signed_results = list(
        SignedDocument.objects.filter(dossier=dossier, kind=SignedDocument.Kind.RESULT)
        .exclude(source__signed_versions__kind=SignedDocument.Kind.CERTIFIED_COPY)
        .select_related("source")
    )
    if not signed_results:
        raise Conflict(_("There is no signed result of this dossier left to certify."))
    _claim(dossier)
    signing = _signing(
        certificate,
        name=unit.name,
        title=certificate.title,
        reason=_("Certified electronic copy of the result of dossier %(code)s") % {"code": dossier.code},
        location=unit.name,
    )
    documents = []
    for result in signed_results:
        with result.file.open("rb") as handle:
            content = handle.read()
        document = _sign_one(
            source=result.source,
            content=content,
            kind=SignedDocument.Kind.CERTIFIED_COPY,
            dossier=dossier,
            unit=unit,
            certificate=certificate,
            signer=actor,
            signing=signing,
            now=now,
        )
        DigitisedComponent.objects.create(
            type_code=f"{dossier.procedure.code}.KQ",
            owner_national_id=dossier.applicant_national_id,
            name=dossier.procedure.result[:500] or result.name,
            summary=(_("Result of dossier %(code)s") % {"code": dossier.code})[:500],
            valid_from=timezone.localdate(now),
            scope=DigitisedComponent.Scope.NATIONWIDE,
            document=document,
            created_at=now,
        )
        documents.append(document)
    _record(dossier, actor, now, SignedDocument.Kind.CERTIFIED_COPY, documents)
    return documents


# --- reuse of digitised components ----------------------------------------------------------------


@transaction.atomic
def digitised_reuse(
    *, actor: User | None, dossier: Dossier, ids: list[int], now: datetime | None = None
) -> list[Attachment]:
    """Attach earlier digitised, signed papers of the applicant to this dossier instead of a new
    upload: the signed file itself, not a copy. Only the applicant's own papers, still valid."""
    desk = may(actor, Permission.RECEIVE_DOSSIER, dossier.receiving_unit)
    if not (desk or is_applicant(actor, dossier)):
        raise not_yours(dossier)
    if dossier.status not in BEFORE_DECISION:
        raise Conflict(
            _("This action is not possible: the dossier is “%(status)s”.")
            % {"status": dossier.get_status_display()}
        )
    wanted = sorted(set(ids))
    if not wanted:
        raise InvalidInput(_("Choose at least one digitised paper."), field="ids")
    now = moment(now)
    today = timezone.localdate(now)
    found = {
        d.pk: d
        for d in DigitisedComponent.objects.select_related("document", "component").filter(
            pk__in=wanted, owner_national_id=dossier.applicant_national_id
        )
    }
    for pk in wanted:
        item = found.get(pk)
        if item is None:
            raise NotFound(
                _("There is no digitised paper %(id)s of this applicant.") % {"id": pk}, field="ids"
            )
        if item.valid_until is not None and item.valid_until < today:
            raise Conflict(
                _("The paper “%(name)s” was valid until %(date)s; it cannot be reused.")
                % {"name": item.name, "date": item.valid_until.strftime("%d/%m/%Y")}
            )
        if Reuse.objects.filter(digitised=item, dossier=dossier).exists():
            raise Conflict(_("The paper “%(name)s” is already in this dossier.") % {"name": item.name})
    _claim(dossier)
    attachments = []
    for pk in wanted:
        item = found[pk]
        document = item.document
        component_id = (
            item.component_id
            if item.component and item.component.procedure_id == dossier.procedure_id
            else None
        )
        attachment = Attachment(
            dossier=dossier,
            kind=Attachment.Kind.COMPONENT,
            component_id=component_id,
            name=document.name,
            content_type="application/pdf",
            size=document.file.size,
            sha256=document.sha256,
            uploaded_by=actor,
            uploaded_at=now,
        )
        # The stored signed file itself: its signatures keep proving where it came from.
        attachment.file.name = document.file.name
        attachment.save()
        Reuse.objects.create(digitised=item, dossier=dossier, attachment=attachment, by=actor, at=now)
        attachments.append(attachment)
    event_append(
        dossier=dossier,
        kind="components_reused",
        actor=actor,
        at=now,
        data={"documents": [found[pk].document.code for pk in wanted]},
    )
    return attachments
