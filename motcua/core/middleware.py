"""Request guards that apply to the whole site, before any view reads the request.

- the client's address from a trusted proxy only (throttles and the login lockout count by it);
- the size of a request body, refused with 413 before it is read (H2);
- the budget of anonymous submissions and of failed logins per address (M8, H1);
- the monitoring pages only for officials; security headers and `no-store` on personal pages.
"""

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.handlers.wsgi import LimitedStream
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from motcua.core import throttle
from motcua.core.client import client_address

GetResponse = Callable[[HttpRequest], HttpResponse]

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def refusal(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    """The API's error shape for API paths, a small translated page elsewhere."""
    if _is_api(request):
        body = {"error": {"code": code, "message": message, "field": None}}
        return HttpResponse(
            json.dumps(body, ensure_ascii=False),
            status=status,
            content_type="application/json; charset=utf-8",
        )
    html = render_to_string("core/refused.html", {"message": message, "status": status}, request=request)
    return HttpResponse(html, status=status)


class ClientAddressMiddleware:
    """Replaces REMOTE_ADDR with the client's address when the peer is a trusted proxy."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META["REMOTE_ADDR"] = client_address(request.META)
        return self.get_response(request)


class _BoundedStream:
    """A body stream that refuses to deliver more than `limit` bytes: a chunked body has no
    Content-Length to check up front, so it is counted while it is read."""

    def __init__(self, stream: Any, limit: int) -> None:
        self._stream = stream
        self._left = limit

    def _take(self, data: bytes) -> bytes:
        self._left -= len(data)
        if self._left < 0:
            raise RequestDataTooBig("The request body exceeds MOTCUA_REQUEST_MAX_BYTES.")
        return data

    def read(self, size: int = -1) -> bytes:
        # Never ask the underlying stream for more than one byte past the budget.
        ask = self._left + 1 if size is None or size < 0 else min(size, self._left + 1)
        return self._take(self._stream.read(ask))

    def readline(self, size: int = -1) -> bytes:
        ask = self._left + 1 if size is None or size < 0 else min(size, self._left + 1)
        return self._take(self._stream.readline(ask))

    def __iter__(self) -> Any:
        while line := self.readline():
            yield line


class RequestBodyLimitMiddleware:
    """413 for a body larger than MOTCUA_REQUEST_MAX_BYTES, decided on Content-Length before a single
    byte is read; a body without Content-Length is counted as it is read."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.MOTCUA_REQUEST_MAX_BYTES
        raw = str(request.META.get("CONTENT_LENGTH") or "").strip()
        if raw:
            try:
                length = int(raw)
            except ValueError:
                return refusal(request, 400, "bad_request", _("The Content-Length header is not valid."))
            if length > limit:
                return self.too_large(request)
        elif hasattr(request, "_stream"):
            request._stream = _BoundedStream(request._stream, limit)  # type: ignore[assignment]
        return self.get_response(request)

    @staticmethod
    def too_large(request: HttpRequest) -> HttpResponse:
        megabytes = settings.MOTCUA_REQUEST_MAX_BYTES // (1024 * 1024)
        message = _("The request is too large: at most %(size)s MB.") % {"size": megabytes}
        _skip_unread_body(request)
        return refusal(request, 413, "too_large", message)


def _skip_unread_body(request: HttpRequest) -> None:
    """Django's development server (`bin/run`) reads whatever body is left after the answer in one
    `read()`, which would hold a refused 600 MB upload in memory after all: mark its stream as
    consumed. Production servers discard an unread body in chunks or close the connection."""
    stream = request.META.get("wsgi.input")
    if isinstance(stream, LimitedStream):
        stream._pos = stream.limit  # type: ignore[attr-defined]


class AbuseThrottleMiddleware:
    """Per-address budgets in the shared cache: anonymous submissions (portal and API) per hour, and
    failed logins per 15 minutes. These throttle one address; they never lock an account."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: Any) -> HttpResponse | None:
        if request.method != "POST":
            return None
        address = str(request.META.get("REMOTE_ADDR") or "")
        if self._is_login(request):
            if throttle.spent(
                "login-failures",
                address,
                limit=settings.MOTCUA_LOGIN_FAILURES_PER_ADDRESS,
                window_seconds=LOGIN_WINDOW_SECONDS,
            ):
                return refusal(
                    request,
                    429,
                    "too_many_requests",
                    _("Too many failed logins from your address. Wait 15 minutes and try again."),
                )
            return None
        if address in settings.MOTCUA_THROTTLE_EXEMPT:
            return None
        if self._is_anonymous_submission(request) and not throttle.take(
            "submission", address, limit=settings.MOTCUA_SUBMISSIONS_PER_HOUR, window_seconds=3600
        ):
            return refusal(
                request,
                429,
                "too_many_requests",
                _("Too many dossiers submitted from your address. Wait an hour and try again."),
            )
        return None

    @staticmethod
    def _is_login(request: HttpRequest) -> bool:
        match = request.resolver_match
        return match is not None and match.url_name == "login" and match.namespace in ("web", "admin")

    @staticmethod
    def _is_anonymous_submission(request: HttpRequest) -> bool:
        match = request.resolver_match
        if match is not None and match.namespace == "web" and match.url_name == "portal_submit":
            return not _official(request)
        if request.path.rstrip("/") == "/api/v1/dossiers":
            from motcua.accounts.tokens import user_for_token

            header = request.headers.get("Authorization", "")
            token = header[7:].strip() if header[:7].lower() == "bearer " else ""
            return not token or user_for_token(token) is None
        return False


LOGIN_WINDOW_SECONDS = 15 * 60


def login_failed(address: str) -> None:
    """Counted by the accounts app on every failed login (web and admin)."""
    throttle.count("login-failures", address, window_seconds=LOGIN_WINDOW_SECONDS)


def _official(request: HttpRequest) -> bool:
    from motcua.accounts.access import is_official

    return is_official(request.user)


class OfficialAreaMiddleware:
    """The monitoring pages are for officials only: a signed-in citizen gets the same 404 as for any
    page they may not see (a report form used to answer 200)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *args: Any) -> None:
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if request.path.startswith("/monitor/") and signed_in and not _official(request):
            raise Http404


# Pages that show personal data must not be kept by browsers or shared caches.
NO_STORE_PREFIXES = (
    "/desk/",
    "/monitor/",
    "/documents/",
    "/track/",
    "/submit/",
    "/admin/",
    "/api/v1/dossiers",
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every answer; `Cache-Control: no-store` on
    the desk, monitoring, tracking and submission pages, on the dossier API and for signed-in users."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.MOTCUA_CSP and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.MOTCUA_CSP
        if settings.MOTCUA_PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.MOTCUA_PERMISSIONS_POLICY
        user = getattr(request, "user", None)
        personal = (
            request.path.startswith(NO_STORE_PREFIXES)
            or (user is not None and user.is_authenticated)
            or "Authorization" in request.headers
        )
        if personal:
            add_never_cache_headers(response)
        return response
