"""The client's address, as every throttle and the login lockout see it.

Behind a reverse proxy every request comes from the proxy, so all citizens would share one budget
and one lockout. The proxy's header is believed only when the direct peer is one of the configured
proxies; otherwise anyone could choose their own address by sending the header.
"""

from collections.abc import Mapping
from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ip_address(address)
    except ValueError:
        return False
    return True


def client_address(meta: Mapping[str, object]) -> str:
    """The client's address from a WSGI environ / `request.META`."""
    peer = str(meta.get("REMOTE_ADDR") or "")
    header = settings.MOTCUA_CLIENT_IP_HEADER
    if not header or peer not in settings.MOTCUA_TRUSTED_PROXIES:
        return peer
    raw = str(meta.get("HTTP_" + header.upper().replace("-", "_")) or "")
    # X-Forwarded-For is "client, proxy1, proxy2": the right-most entry is the one our own proxy
    # wrote; entries to its left were sent by the client and cannot be trusted.
    candidates = [part.strip() for part in raw.split(",") if part.strip()]
    if candidates and _valid(candidates[-1]):
        return candidates[-1]
    return peer


def request_address(request: HttpRequest) -> str:
    """For axes (AXES_CLIENT_IP_CALLABLE) and views: the address the middleware settled on."""
    return str(request.META.get("REMOTE_ADDR") or "")
