"""Reads for documents, scoped to the acting user like every read of the house: what the user
may not see does not exist for them."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.access import can
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.errors import InvalidInput, NotFound
from motcua.documents import authority as ca
from motcua.documents.models import (
    Certificate,
    CertificateRequest,
    Delegation,
    DigitisedComponent,
    SignedDocument,
)
from motcua.dossiers.actions.common import is_applicant
from motcua.dossiers.models import Attachment, Dossier
from motcua.dossiers.states import BEFORE_DECISION, Status
from motcua.units.models import Unit

REGISTER_MAX_DAYS = 366


def register_dossiers(
    *, actor: User | AnonymousUser, unit_code: str, first_day: date, last_day: date
) -> tuple[Unit, list[Dossier]]:
    """The dossiers a unit received in a period (days inclusive, local time), for its register."""
    unit = Unit.objects.select_related("province").filter(code=unit_code).first()
    if unit is None or not can(actor, Permission.VIEW_UNIT_DATA, unit):
        raise NotFound(_("There is no unit with code %(code)s.") % {"code": unit_code[:16]})
    if last_day < first_day:
        raise InvalidInput(_("The period must end on or after its first day."), field="to")
    if (last_day - first_day).days >= REGISTER_MAX_DAYS:
        raise InvalidInput(
            _("A register covers at most %(days)s days.") % {"days": REGISTER_MAX_DAYS}, field="to"
        )
    tz = timezone.get_current_timezone()
    start = datetime.combine(first_day, time.min, tzinfo=tz)
    end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=tz)
    dossiers = list(
        Dossier.objects.filter(receiving_unit=unit, received_at__gte=start, received_at__lt=end)
        .select_related("procedure")
        .order_by("received_at", "pk")
    )
    return unit, dossiers


def signed_documents(dossier: Dossier) -> list[SignedDocument]:
    """Signed papers of a dossier the caller already may see."""
    return list(
        SignedDocument.objects.filter(dossier=dossier)
        .select_related("certificate", "signer", "on_behalf_of")
        .order_by("signed_at", "pk")
    )


def signed_document_get(*, dossier: Dossier, code: str) -> SignedDocument:
    document = SignedDocument.objects.filter(dossier=dossier, code=code).first()
    if document is None:
        raise NotFound(_("There is no signed document %(code)s.") % {"code": code[:16]})
    return document


@dataclass(frozen=True)
class SigningChoices:
    """The signing buttons the user may press on this dossier now."""

    scans: bool
    result: bool
    certify: bool

    @property
    def any(self) -> bool:
        return self.scans or self.result or self.certify


def _pdfs(dossier: Dossier, kinds: tuple[str, ...], signed_as: str) -> bool:
    return (
        Attachment.objects.filter(dossier=dossier, kind__in=kinds, content_type="application/pdf")
        .exclude(signed_versions__kind=signed_as)
        .exists()
    )


def signing_choices(*, actor: User | AnonymousUser, dossier: Dossier, now: datetime) -> SigningChoices:
    if not isinstance(actor, User) or not actor.is_authenticated:
        return SigningChoices(False, False, False)
    scans = (
        can(actor, Permission.RECEIVE_DOSSIER, dossier.receiving_unit)
        and dossier.accepted_at is not None
        and _pdfs(dossier, ("component", "supplement"), SignedDocument.Kind.RECEPTION_SCAN)
    )
    today = timezone.localdate(now)
    deputy = Delegation.objects.filter(
        deputy=actor,
        unit=dossier.competent_unit,
        procedures=dossier.procedure,
        starts_on__lte=today,
        ends_on__gte=today,
        ended_at__isnull=True,
    ).exists()
    result = (
        (can(actor, Permission.APPROVE_DOSSIER, dossier.competent_unit) or deputy)
        and dossier.status == Status.PROCESSED
        and _pdfs(dossier, ("result",), SignedDocument.Kind.RESULT)
    )
    unit = dossier.competent_unit
    certify = (
        can(actor, Permission.APPROVE_DOSSIER, unit) or can(actor, Permission.RECEIVE_DOSSIER, unit)
    ) and SignedDocument.objects.filter(dossier=dossier, kind=SignedDocument.Kind.RESULT).exclude(
        source__signed_versions__kind=SignedDocument.Kind.CERTIFIED_COPY
    ).exists()
    return SigningChoices(scans=bool(scans), result=bool(result), certify=bool(certify))


def reusable_components(
    *, actor: User | AnonymousUser, dossier: Dossier, now: datetime
) -> list[DigitisedComponent]:
    """The applicant's earlier digitised papers that could join this dossier: shown to its
    receiving desk and to the applicant, while the dossier is open."""
    if not isinstance(actor, User):
        return []
    allowed = can(actor, Permission.RECEIVE_DOSSIER, dossier.receiving_unit) or is_applicant(actor, dossier)
    if not allowed or dossier.status not in BEFORE_DECISION:
        return []
    today = timezone.localdate(now)
    return list(
        DigitisedComponent.objects.filter(owner_national_id=dossier.applicant_national_id)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .exclude(reuses__dossier=dossier)
        .exclude(document__dossier=dossier)
        .select_related("document__unit")
        .order_by("-created_at", "-pk")
    )


def certificates_of(user: User) -> QuerySet[Certificate]:
    return Certificate.objects.filter(holder=user).select_related("unit").order_by("-not_before", "-pk")


def certificate_requests_of(user: User) -> QuerySet[CertificateRequest]:
    return CertificateRequest.objects.filter(requested_by=user).select_related("unit")


def delegations_of(user: User) -> QuerySet[Delegation]:
    return (
        Delegation.objects.filter(Q(leader=user) | Q(deputy=user))
        .select_related("leader", "deputy", "unit")
        .prefetch_related("procedures")
    )


def delegation_get(*, actor: User, pk: int) -> Delegation:
    delegation = delegations_of(actor).filter(pk=pk).first()
    if delegation is None:
        raise NotFound(_("There is no such delegation."))
    return delegation


def crl_current(now: datetime | None = None) -> bytes:
    """The published revocation list; published afresh when missing or past its next update."""
    from cryptography import x509

    from motcua.documents.actions import crl_publish

    now = now or timezone.now()
    path = ca.ca_dir() / "crl.der"
    if path.exists():
        der = path.read_bytes()
        crl = x509.load_der_x509_crl(der)
        next_update = crl.next_update_utc
        if next_update is not None and next_update > now:
            return der
    return crl_publish(now)
