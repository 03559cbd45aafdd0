"""The RFC 3161 timestamp authority that dates our signatures (PAdES B-T and up), spoken to over
plain HTTP with the standard library: the request and reply are DER bodies."""

import urllib.request
from asyncio import to_thread

from asn1crypto import tsp
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError, set_tsp_headers

from motcua.documents.config import setting

TIMEOUT_SECONDS = 10


class HttpTimeStamper(TimeStamper):
    def __init__(self, url: str, timeout: float = TIMEOUT_SECONDS) -> None:
        super().__init__()
        self.url = url
        self.timeout = timeout

    def _post(self, body: bytes) -> bytes:
        request = urllib.request.Request(self.url, data=body, headers=set_tsp_headers({}), method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                if response.headers.get("Content-Type") != "application/timestamp-reply":
                    raise TimestampRequestError("the timestamp authority's reply is not a timestamp reply")
                return bytes(response.read())
        except OSError as exc:
            raise TimestampRequestError("the timestamp authority cannot be reached") from exc

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        return tsp.TimeStampResp.load(await to_thread(self._post, req.dump()))


def timestamper() -> HttpTimeStamper | None:
    """The configured authority, or None when MOTCUA_TSA_URL is empty."""
    url = setting("MOTCUA_TSA_URL")
    return HttpTimeStamper(url) if url else None
