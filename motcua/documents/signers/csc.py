"""Remote signing through a service of the Cloud Signature Consortium API (v1): log in with the
service account, read the credential's certificates, authorise each signature with the PIN
(bound to the hashes to sign), then signatures/signHash through pyHanko's CSCSigner."""

import base64
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from django.utils.translation import gettext as _
from pyhanko.sign import signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.csc_signer import (
    CSCAuthorizationInfo,
    CSCAuthorizationManager,
    CSCCredentialInfo,
    CSCServiceSessionInfo,
    CSCSigner,
    fetch_certs_in_csc_credential,
)

from motcua.documents.config import revocation_timeout, secret, setting
from motcua.documents.models import Certificate
from motcua.documents.signers import SignerOpener, SignerUnavailable, asn1, leaf_of


class PinAuthorization(CSCAuthorizationManager):
    """credentials/authorize with the PIN and the hashes about to be signed (SCAL 2)."""

    def __init__(
        self,
        info: CSCServiceSessionInfo,
        credential: CSCCredentialInfo,
        http: aiohttp.ClientSession,
        pin: str,
    ) -> None:
        super().__init__(info, credential)
        self.http = http
        self.pin = pin

    async def authorize_signature(self, hash_b64s: list[str]) -> CSCAuthorizationInfo:
        body = self.format_csc_auth_request(pin=self.pin, hash_b64s=hash_b64s)
        async with self.http.post(
            self.csc_session_info.endpoint_url("credentials/authorize"),
            json=body,
            headers=self.auth_headers,
            raise_for_status=True,
        ) as response:
            return self.parse_csc_auth_response(await response.json())


async def _login(http: aiohttp.ClientSession, base_url: str, user: str, password: str) -> str:
    basic = base64.b64encode(f"{user}:{password}".encode()).decode()
    async with http.post(
        f"{base_url}/csc/v1/auth/login",
        json={"rememberMe": False},
        headers={"Authorization": f"Basic {basic}"},
        raise_for_status=True,
    ) as response:
        return str((await response.json())["access_token"])


def remote_opener(certificate: Certificate) -> SignerOpener:
    base_url = setting("MOTCUA_CSC_URL").rstrip("/")
    if not base_url or not certificate.csc_credential_id:
        raise SignerUnavailable(
            _("Remote signing is not configured (MOTCUA_CSC_URL)."), code="remote_unconfigured"
        )
    user = setting("MOTCUA_CSC_USER")
    password = secret("MOTCUA_CSC_PASSWORD")
    pin = secret("MOTCUA_CSC_PIN")
    expected = asn1(leaf_of(certificate))

    @asynccontextmanager
    async def opened() -> AsyncIterator[signers.Signer]:
        timeout = aiohttp.ClientTimeout(total=revocation_timeout() * 3)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            try:
                token = await _login(http, base_url, user, password)
                info = CSCServiceSessionInfo(base_url, certificate.csc_credential_id, oauth_token=token)
                credential = await fetch_certs_in_csc_credential(http, info)
            except (aiohttp.ClientError, KeyError, ValueError, SigningError) as exc:
                raise SignerUnavailable(
                    _("The remote signing service cannot be reached or refused the login."),
                    code="remote_unavailable",
                ) from exc
            if credential.signing_cert.dump() != expected.dump():
                # The service would sign with another certificate than the one on record.
                raise SignerUnavailable(
                    _("The remote signing service holds another certificate than the one on record."),
                    code="remote_mismatch",
                )
            yield CSCSigner(http, PinAuthorization(info, credential, http, pin))

    return opened
