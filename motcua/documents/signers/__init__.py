"""How a certificate's key signs, by where it lives: the built-in demo CA (key on the server,
demo only), a PKCS#11 token or HSM, or a remote-signing service (CSC API). Each opener is an async
context manager yielding a pyHanko Signer, opened for one signing and closed after it."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from cryptography import x509
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.sign import signers

from motcua.core.errors import Conflict
from motcua.documents.models import Certificate, CertificateSource
from motcua.documents.trust import asn1, certificates_in

SignerOpener = Callable[[], AbstractAsyncContextManager[signers.Signer]]


class SignerUnavailable(Conflict):
    """The token, the remote service or the demo CA cannot sign now; the message says why."""


def demo_refused() -> SignerUnavailable:
    return SignerUnavailable(
        _(
            "The built-in demo certification authority has no legal value and cannot sign "
            "when MOTCUA_ENV=production; use a certificate of the government CA."
        ),
        code="demo_refused",
    )


def leaf_of(certificate: Certificate) -> x509.Certificate:
    return x509.load_pem_x509_certificate(certificate.certificate_pem.encode())


def chain_of(certificate: Certificate) -> list[x509.Certificate]:
    return certificates_in(certificate.chain_pem.encode()) if certificate.chain_pem.strip() else []


def _demo(certificate: Certificate) -> SignerOpener:
    from motcua.documents.authority import authority_certificate, holder_key
    from motcua.documents.pdfsign import simple_signer

    if getattr(settings, "PRODUCTION", False):
        raise demo_refused()
    signer = simple_signer(holder_key(certificate.key_pem), leaf_of(certificate), [authority_certificate()])

    @asynccontextmanager
    async def opened() -> AsyncIterator[signers.Signer]:
        yield signer

    return opened


def signer_opener(certificate: Certificate) -> SignerOpener:
    if certificate.source == CertificateSource.TOKEN:
        from motcua.documents.signers.pkcs11 import token_opener

        return token_opener(certificate)
    if certificate.source == CertificateSource.REMOTE:
        from motcua.documents.signers.csc import remote_opener

        return remote_opener(certificate)
    return _demo(certificate)


__all__ = ["SignerOpener", "SignerUnavailable", "asn1", "chain_of", "leaf_of", "signer_opener"]
