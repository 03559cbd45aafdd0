"""Writes for certificates issued outside this system: an administrator imports an official's or
an agency's certificate from the government CA (and its chain), saying where its key is held (a
PKCS#11 token or a remote-signing service). The private key never comes here."""

from datetime import datetime

from cryptography import x509
from cryptography.x509.oid import NameOID
from django.db import transaction
from django.utils.translation import gettext as _
from pyhanko_certvalidator import CertificateValidator
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError, ValidationError

from motcua.accounts.access import can
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.documents.models import Certificate, CertificateKind, CertificateSource
from motcua.documents.pdfsign import _run
from motcua.documents.trust import asn1, certificates_in, validation_context
from motcua.dossiers.actions.common import moment
from motcua.units.models import Unit


def _common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def _parse(pem: str, field: str) -> list[x509.Certificate]:
    try:
        found = certificates_in(pem.strip().encode())
    except ValueError as exc:
        raise InvalidInput(_("This is not a certificate in PEM or DER form."), field=field) from exc
    if not found:
        raise InvalidInput(_("This is not a certificate in PEM or DER form."), field=field)
    return found


def _leads_to_anchor(leaf: x509.Certificate, chain: list[x509.Certificate], at: datetime) -> bool:
    """Cryptographically chains to a configured anchor (not the demo CA) and is in force at `at`.
    Revocation is checked when signing, where it is fetched."""
    context = validation_context(fetch=False, extra=chain, include_demo=False, moment=at)

    async def check() -> bool:
        try:
            validator = CertificateValidator(asn1(leaf), validation_context=context)
            await validator.async_validate_usage({"digital_signature"})
        except (PathBuildingError, PathValidationError, ValidationError):
            return False
        finally:
            await context.aclose()
        return True

    return _run(check)


@transaction.atomic
def certificate_import(
    *,
    actor: User,
    holder: User,
    unit: Unit,
    kind: str,
    title: str,
    certificate_pem: str,
    chain_pem: str = "",
    source: str,
    token_key_label: str = "",
    csc_credential_id: str = "",
    now: datetime | None = None,
) -> Certificate:
    if not can(actor, Permission.ADMINISTER, unit):
        raise NotFound(_("You cannot import certificates for %(unit)s.") % {"unit": unit.name})
    if kind not in CertificateKind.values:
        raise InvalidInput(_("Choose a personal signature or an agency seal."), field="kind")
    if source == CertificateSource.TOKEN and not token_key_label.strip():
        raise InvalidInput(_("Give the label of the key on the token."), field="token_key_label")
    if source == CertificateSource.REMOTE and not csc_credential_id.strip():
        raise InvalidInput(
            _("Give the credential ID of the remote signing service."), field="csc_credential_id"
        )
    if source not in (CertificateSource.TOKEN, CertificateSource.REMOTE):
        raise InvalidInput(
            _("Say whether the key is on a token or at a remote signing service."), field="source"
        )
    title = title.strip()
    if not title or len(title) > 120:
        raise InvalidInput(
            _("Give the title shown with the signature (at most 120 characters)."), field="title"
        )
    now = moment(now)
    leaf = _parse(certificate_pem, "certificate_pem")[0]
    chain = _parse(chain_pem, "chain_pem") if chain_pem.strip() else []
    serial = format(leaf.serial_number, "x")
    if Certificate.objects.filter(serial=serial).exists():
        raise Conflict(_("This certificate is already registered."), code="duplicate_certificate")
    if not _leads_to_anchor(leaf, chain, now):
        raise InvalidInput(
            _(
                "This certificate is not in force or does not lead to a trust anchor of the "
                "government CA configured here."
            ),
            field="certificate_pem",
        )
    from cryptography.hazmat.primitives import serialization

    def to_pem(c: x509.Certificate) -> str:
        return c.public_bytes(serialization.Encoding.PEM).decode()

    return Certificate.objects.create(
        kind=kind,
        holder=holder,
        unit=unit,
        serial=serial,
        subject_name=_common_name(leaf.subject)[:200],
        title=title,
        certificate_pem=to_pem(leaf),
        chain_pem="".join(to_pem(c) for c in chain),
        source=source,
        issuer_name=_common_name(leaf.issuer)[:300],
        token_key_label=token_key_label.strip(),
        csc_credential_id=csc_credential_id.strip(),
        not_before=leaf.not_valid_before_utc,
        not_after=leaf.not_valid_after_utc,
        issued_by=actor,
    )
