"""From a certificate on record to a way of signing with it: its signer (demo key, token, remote
service), the timestamp authority, and for a government CA's certificate the validation data to
embed (PAdES B-LT, B-LTA when MOTCUA_SIGN_LTA). A lawful signature without a trusted time or
without proof of its certificate's status is refused rather than made weaker."""

from django.utils.translation import gettext as _

from motcua.documents.config import setting_flag
from motcua.documents.models import Certificate, CertificateSource
from motcua.documents.pdfsign import Signing
from motcua.documents.signers import SignerUnavailable, chain_of, signer_opener
from motcua.documents.timestamps import timestamper
from motcua.documents.trust import validation_context
from motcua.dossiers.models import Dossier


def result_paper_code(dossier: Dossier) -> str:
    """The "mã số giấy tờ" of a result (Decree 118 Art.22.4): the owner's identifier and the
    result-type code. The national database's type codes are not in the catalogue yet: the
    procedure's code with ".KQ" stands in for it, as the digitised copies already use."""
    return f"{dossier.applicant_national_id}.{dossier.procedure.code}.KQ"[:80]


def signing_for(certificate: Certificate, *, name: str, title: str, reason: str, location: str) -> Signing:
    opener = signer_opener(certificate)  # refuses the demo CA in production
    stamper = timestamper()
    if certificate.source == CertificateSource.DEMO:
        return Signing(
            open_signer=opener,
            name=name,
            title=title,
            reason=reason,
            location=location,
            demo=True,
            timestamper=stamper,
        )
    if stamper is None:
        raise SignerUnavailable(
            _("A lawful signature needs a trusted time: configure the timestamp authority (MOTCUA_TSA_URL)."),
            code="no_timestamp_authority",
        )
    chain = chain_of(certificate)
    return Signing(
        open_signer=opener,
        name=name,
        title=title,
        reason=reason,
        location=location,
        timestamper=stamper,
        # The certificate's revocation list or OCSP answer must be had now (hard-fail): it is
        # what proves the signature good at this time once the certificate is revoked later.
        embed_context=lambda: validation_context(fetch=True, hard_fail=True, extra=chain, include_demo=False),
        lta=setting_flag("MOTCUA_SIGN_LTA"),
    )
