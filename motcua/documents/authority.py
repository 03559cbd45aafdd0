"""The built-in demo certification authority (DEMO ONLY: its signatures have no legal value;
lawful ones use the government CA's certificates on a token or a remote-signing service, see
signers/). Its certificates say so in their subject, and it refuses to create or issue anything
when MOTCUA_ENV=production. Its key pair on disk (the key encrypted with the
passphrase from the environment), the certificates it issues and the revocation list it signs.

EC P-256 throughout: small, fast to sign with, and accepted by pyHanko, poppler and Adobe alike.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import Conflict
from motcua.documents.keys import ca_passphrase, key_passphrase

CA_YEARS = 10
CRL_DAYS = 7


# In every certificate the demo CA issues (organisational unit), and in its own name.
DEMO_MARK = "DEMO - KHONG CO GIA TRI PHAP LY (no legal value)"


class DemoRefused(Conflict):
    """The demo CA was asked to create or issue in production."""


def _refuse_in_production() -> None:
    if getattr(settings, "PRODUCTION", False):
        raise DemoRefused(
            _(
                "The built-in demo certification authority has no legal value and cannot issue "
                "certificates when MOTCUA_ENV=production; import the government CA's certificates."
            ),
            code="demo_refused",
        )


class AuthorityMissing(Exception):
    """No CA in the configured folder: `manage.py ca_create` has not run."""


def ca_dir() -> Path:
    configured = getattr(settings, "MOTCUA_CA_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "ca"


def _paths(folder: Path) -> tuple[Path, Path]:
    return folder / "ca.crt", folder / "ca.key"


def _encrypted(key: ec.EllipticCurvePrivateKey, passphrase: bytes) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    )


@dataclass(frozen=True)
class Authority:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def name(self) -> str:
        return _common_name(self.certificate.subject)


def _common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else ""


def authority_create(*, name: str, now: datetime, folder: Path | None = None) -> Authority:
    """A new self-signed root. Refuses to overwrite an existing one: every certificate it issued
    would stop validating."""
    _refuse_in_production()
    folder = folder or ca_dir()
    cert_path, key_path = _paths(folder)
    if cert_path.exists() or key_path.exists():
        raise FileExistsError(str(cert_path))
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name[:64]),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_MARK),
            x509.NameAttribute(NameOID.COMMON_NAME, name[:64]),
        ]
    )
    public = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    key_path.write_bytes(_encrypted(key, ca_passphrase()))
    key_path.chmod(0o600)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return Authority(certificate, key)


def authority_certificate(folder: Path | None = None) -> x509.Certificate:
    """The root certificate only: what verification needs, no passphrase involved."""
    cert_path, _key = _paths(folder or ca_dir())
    if not cert_path.exists():
        raise AuthorityMissing(str(cert_path))
    return x509.load_pem_x509_certificate(cert_path.read_bytes())


def authority_load(folder: Path | None = None) -> Authority:
    _refuse_in_production()  # the demo CA's key is not even opened in production
    folder = folder or ca_dir()
    certificate = authority_certificate(folder)
    _cert, key_path = _paths(folder)
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=ca_passphrase())
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError("the CA key is not an EC key")
    return Authority(certificate, key)


@dataclass(frozen=True)
class Issued:
    certificate: x509.Certificate
    certificate_pem: str
    key_pem: str  # encrypted with the key passphrase
    serial: str


def leaf_issue(
    authority: Authority,
    *,
    common_name: str,
    title: str,
    organisation: str,
    now: datetime,
    days: int,
    crl_url: str,
) -> Issued:
    """A signing certificate for an official (common name: the person) or for an agency seal
    (common name: the agency). The key is generated here and leaves only encrypted."""
    _refuse_in_production()
    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_MARK),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
    ]
    if title:
        attributes.insert(2, x509.NameAttribute(NameOID.TITLE, title[:64]))
    public = key.public_key()
    serial = x509.random_serial_number()
    ca_public = authority.certificate.public_key()
    assert isinstance(ca_public, ec.EllipticCurvePublicKey)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(authority.certificate.subject)
        .public_key(public)
        .serial_number(serial)
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_public), critical=False)
        .add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(crl_url)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
        .sign(authority.key, hashes.SHA256())
    )
    return Issued(
        certificate=certificate,
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
        key_pem=_encrypted(key, key_passphrase()).decode(),
        serial=format(serial, "x"),
    )


def holder_key(key_pem: str) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(key_pem.encode(), password=key_passphrase())
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError("the holder key is not an EC key")
    return key


def crl_build(
    authority: Authority, *, revoked: list[tuple[str, datetime]], number: int, now: datetime
) -> bytes:
    """The revocation list (DER) of `(serial in hex, revoked at)` pairs."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(authority.certificate.subject)
        .last_update(now)
        .next_update(now + timedelta(days=CRL_DAYS))
        .add_extension(x509.CRLNumber(number), critical=False)
    )
    for serial, at in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(int(serial, 16)).revocation_date(at).build()
        )
    crl = builder.sign(authority.key, hashes.SHA256())
    return crl.public_bytes(serialization.Encoding.DER)
