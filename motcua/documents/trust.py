"""The trust anchors signatures are judged against: the government CA's roots and intermediates
from the settings' bundle and from the admin (TrustAnchor), plus, outside production only, the
built-in demo CA. And the certificates an official or an agency brings: imported with their
chains, checked to lead to an anchor before they are accepted."""

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from pyhanko_certvalidator import ValidationContext

from motcua.documents.authority import AuthorityMissing, authority_certificate
from motcua.documents.config import revocation_timeout, setting
from motcua.documents.models import TrustAnchor

_SUFFIXES = (".pem", ".crt", ".cer")


def fingerprint(certificate: x509.Certificate) -> str:
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def certificates_in(text: bytes) -> list[x509.Certificate]:
    """Every certificate of a PEM bundle, or the one of a DER file; none in an empty file."""
    if not text.strip():
        return []
    if b"-----BEGIN" in text:
        return x509.load_pem_x509_certificates(text)
    return [x509.load_der_x509_certificate(text)]


def asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _bundle() -> list[x509.Certificate]:
    configured = setting("MOTCUA_TRUST_ANCHORS")
    if not configured:
        return []
    path = Path(configured)
    files = sorted(p for p in path.iterdir() if p.suffix in _SUFFIXES) if path.is_dir() else [path]
    found: list[x509.Certificate] = []
    for file in files:
        found.extend(certificates_in(file.read_bytes()))
    return found


def demo_root() -> x509.Certificate | None:
    """The built-in CA's root, trusted for demo signatures outside production only."""
    if getattr(settings, "PRODUCTION", False):
        return None
    try:
        return authority_certificate()
    except AuthorityMissing:
        return None


def anchors(*, include_demo: bool = True) -> list[x509.Certificate]:
    """The configured anchors (roots and intermediates), each once."""
    found = _bundle()
    for anchor in TrustAnchor.objects.filter(enabled=True):
        found.extend(certificates_in(anchor.certificate_pem.encode()))
    if include_demo:
        root = demo_root()
        if root is not None:
            found.append(root)
    unique: dict[str, x509.Certificate] = {}
    for certificate in found:
        unique.setdefault(fingerprint(certificate), certificate)
    return list(unique.values())


def is_demo(certificate: x509.Certificate) -> bool:
    """Issued by the built-in CA (whose root is the demo root)."""
    try:
        root = authority_certificate()
    except AuthorityMissing:
        return False
    return certificate.issuer == root.subject


def context_kwargs(*, fetch: bool, hard_fail: bool = False, include_demo: bool = True) -> dict[str, Any]:
    """What a pyHanko validation context is made of here: the anchors as trust roots, revocation
    fetched from the addresses the certificates name (when `fetch`) with a bounded wait."""
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

    return {
        "trust_roots": [asn1(c) for c in anchors(include_demo=include_demo)],
        "allow_fetching": fetch,
        "revocation_mode": "hard-fail" if hard_fail else "soft-fail",
        "fetcher_backend": AIOHttpFetcherBackend(per_request_timeout=revocation_timeout()),
    }


def validation_context(
    *,
    fetch: bool,
    extra: list[x509.Certificate] | None = None,
    hard_fail: bool = False,
    include_demo: bool = True,
    moment: datetime | None = None,
) -> ValidationContext:
    return ValidationContext(
        other_certs=[asn1(c) for c in extra or []],
        moment=moment,
        **context_kwargs(fetch=fetch, hard_fail=hard_fail, include_demo=include_demo),
    )
