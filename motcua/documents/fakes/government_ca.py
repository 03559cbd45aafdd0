"""A "government" certification authority of the tests' own, shaped like the public-service CA
(a root, an intermediate that issues officials' and agencies' certificates, a timestamp
authority's certificate): certificates name their revocation list by URL, and the lists are
written to a folder that the `files` fake serves. Keys stay in memory; the leaf keys are made
elsewhere (on a token, in the remote-signing service) and only their public halves come here."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey
PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

ROOT_NAME = "Root CA Chính phủ (thử nghiệm)"
INTERMEDIATE_NAME = "CA phục vụ cơ quan Nhà nước (thử nghiệm)"


def _fit(text: str) -> str:
    """At most 64 bytes of UTF-8 (the X.520 limit counts bytes; Vietnamese marks take two or three)."""
    while len(text.encode()) > 64:
        text = text[:-1]
    return text


def _name(common_name: str, organisation: str = "Ban Cơ yếu Chính phủ", title: str = "") -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organisation)),
    ]
    if title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, _fit(title)))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, _fit(common_name)))
    return x509.Name(attributes)


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _crl_point(url: str) -> x509.CRLDistributionPoints:
    return x509.CRLDistributionPoints(
        [x509.DistributionPoint([x509.UniformResourceIdentifier(url)], None, None, None)]
    )


def pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


@dataclass
class GovernmentCA:
    folder: Path
    base_url: str  # where `folder` is served
    root: x509.Certificate
    root_key: ec.EllipticCurvePrivateKey
    intermediate: x509.Certificate
    intermediate_key: ec.EllipticCurvePrivateKey
    tsa: x509.Certificate
    tsa_key: rsa.RSAPrivateKey
    revoked: list[tuple[int, datetime]] = field(default_factory=list)
    crl_number: int = 0

    @classmethod
    def create(cls, *, folder: Path, base_url: str, now: datetime) -> "GovernmentCA":
        folder.mkdir(parents=True, exist_ok=True)
        root_key = ec.generate_private_key(ec.SECP256R1())
        root_name = _name(ROOT_NAME)
        root = (
            x509.CertificateBuilder()
            .subject_name(root_name)
            .issuer_name(root_name)
            .public_key(root_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
            .add_extension(_usage(ca=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256())
        )
        intermediate_key = ec.generate_private_key(ec.SECP256R1())
        intermediate = cls._issue(
            root,
            root_key,
            subject=_name(INTERMEDIATE_NAME),
            public=intermediate_key.public_key(),
            now=now,
            days=1825,
            ca=True,
            crl_url=f"{base_url}/root.crl",
        )
        tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        tsa = cls._issue(
            root,
            root_key,
            subject=_name("TSA Chính phủ (thử nghiệm)"),
            public=tsa_key.public_key(),
            now=now,
            days=1825,
            ca=False,
            crl_url=f"{base_url}/root.crl",
            timestamping=True,
        )
        authority = cls(folder, base_url, root, root_key, intermediate, intermediate_key, tsa, tsa_key)
        (folder / "root.crt").write_text(pem(root))
        (folder / "intermediate.crt").write_text(pem(intermediate))
        (folder / "tsa.crt").write_text(pem(tsa))
        (folder / "tsa.key").write_bytes(
            tsa_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        authority.publish(now)
        return authority

    @staticmethod
    def _issue(
        issuer: x509.Certificate,
        issuer_key: PrivateKey,
        *,
        subject: x509.Name,
        public: PublicKey,
        now: datetime,
        days: int,
        ca: bool,
        crl_url: str,
        timestamping: bool = False,
    ) -> x509.Certificate:
        issuer_public = issuer_key.public_key()
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer.subject)
            .public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(hours=1))
            .not_valid_after(now + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
            .add_extension(_usage(ca=ca), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_public), critical=False)
            .add_extension(_crl_point(crl_url), critical=False)
        )
        if timestamping:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
        return builder.sign(issuer_key, hashes.SHA256())

    def issue(
        self,
        public: PublicKey,
        *,
        common_name: str,
        title: str,
        organisation: str,
        now: datetime,
        days: int = 730,
    ) -> x509.Certificate:
        """A signing certificate for a key made elsewhere (token, remote service)."""
        return self._issue(
            self.intermediate,
            self.intermediate_key,
            subject=_name(common_name, organisation, title),
            public=public,
            now=now,
            days=days,
            ca=False,
            crl_url=f"{self.base_url}/intermediate.crl",
        )

    def revoke(self, certificate: x509.Certificate, *, at: datetime) -> None:
        self.revoked.append((certificate.serial_number, at))
        self.publish(at)

    def publish(self, now: datetime) -> None:
        """Both revocation lists, signed now and valid a week."""
        self.crl_number += 1
        for issuer, key, revoked, name in (
            (self.root, self.root_key, [], "root.crl"),
            (self.intermediate, self.intermediate_key, self.revoked, "intermediate.crl"),
        ):
            builder = (
                x509.CertificateRevocationListBuilder()
                .issuer_name(issuer.subject)
                .last_update(now)
                .next_update(now + timedelta(days=7))
                .add_extension(x509.CRLNumber(self.crl_number), critical=False)
            )
            for serial, at in revoked:
                builder = builder.add_revoked_certificate(
                    x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(at).build()
                )
            crl = builder.sign(key, hashes.SHA256())
            (self.folder / name).write_bytes(crl.public_bytes(serialization.Encoding.DER))

    @property
    def chain_pem(self) -> str:
        """The issuer chain a certificate of this CA is imported with."""
        return pem(self.intermediate) + pem(self.root)
