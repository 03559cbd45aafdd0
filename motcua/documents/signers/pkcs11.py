"""Signing with a key that never leaves a PKCS#11 token or HSM (pyHanko's PKCS11Signer over
python-pkcs11). The module, the token's label and its PIN come from the settings; the key's
label is the certificate's own (one official, one key on the agency's token or HSM)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from django.utils.translation import gettext as _
from pyhanko.sign import signers

from motcua.documents.config import secret, setting
from motcua.documents.models import Certificate
from motcua.documents.signers import SignerOpener, SignerUnavailable, asn1, chain_of, leaf_of


def token_opener(certificate: Certificate) -> SignerOpener:
    module = setting("MOTCUA_PKCS11_MODULE")
    label = setting("MOTCUA_PKCS11_TOKEN")
    if not module or not label or not certificate.token_key_label:
        raise SignerUnavailable(
            _("Signing on a token is not configured (MOTCUA_PKCS11_MODULE, MOTCUA_PKCS11_TOKEN)."),
            code="token_unconfigured",
        )
    pin = secret("MOTCUA_PKCS11_PIN")
    raw = setting("MOTCUA_PKCS11_RAW", "1") == "1"
    leaf = asn1(leaf_of(certificate))
    chain = [asn1(c) for c in chain_of(certificate)]

    @asynccontextmanager
    async def opened() -> AsyncIterator[signers.Signer]:
        from pkcs11 import PKCS11Error
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        try:
            session = open_pkcs11_session(
                module, token_criteria=TokenCriteria(label=label), user_pin=pin or None
            )
        except (PKCS11Error, OSError, RuntimeError) as exc:
            raise SignerUnavailable(
                _("The signing token “%(label)s” cannot be opened: %(error)s")
                % {"label": label, "error": type(exc).__name__},
                code="token_unavailable",
            ) from exc
        try:
            yield PKCS11Signer(
                session,
                key_label=certificate.token_key_label,
                signing_cert=leaf,
                ca_chain=chain,
                # Hash here, sign the digest on the token (CKM_ECDSA): every token has it, while
                # SoftHSM2 and many smart cards lack the hash-and-sign mechanisms.
                use_raw_mechanism=raw and leaf.public_key.algorithm == "ec",
            )
        finally:
            session.close()

    return opened
