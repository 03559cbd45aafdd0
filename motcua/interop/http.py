"""Calls to external services: one `Endpoint` per service named in `settings.MOTCUA_ENDPOINTS`.

Each call has connect and read timeouts, is retried with backoff after a connection error or a 5xx
answer, and goes through a circuit breaker: after `breaker_failures` failed calls in a row the
endpoint is not called for `breaker_reset` seconds and every call fails at once with
`EndpointDown`. The breaker's state is a row per endpoint in the database (`EndpointCircuit`), so
the web processes and the workers agree. A 4xx answer is `EndpointRejected`: the other side is up
and said no, so it does not count against the breaker.

When the endpoint has a `token_url`, an OAuth2 client-credentials token (the LGSP's) is fetched,
kept in the process until shortly before it expires, and fetched again once on a 401 answer.

    endpoint("national_portal").post_json("/dvcqg/DongBoHoSoMC", body) -> httpx.Response
"""

import logging
import socket
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

import httpx
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from motcua.interop.models import EndpointCircuit

logger = logging.getLogger("motcua.interop.http")

_ERROR_MAX_CHARS: Final = 1000
# A token is fetched again this long before the expiry it announced.
_TOKEN_MARGIN: Final = 30.0


class EndpointError(Exception):
    """A call to an external endpoint did not succeed."""

    # The outbox gives a message up at once on a permanent failure instead of retrying it.
    permanent: bool = False


class EndpointDown(EndpointError):
    """The endpoint could not be reached, timed out, answered 5xx, or its circuit is open.
    `retry_at`: when the circuit lets calls through again (None: try again with normal backoff)."""

    def __init__(self, name: str, reason: str, *, retry_at: datetime | None = None) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
        self.retry_at = retry_at


class EndpointRejected(EndpointError):
    """The endpoint answered with a 4xx status: the request is wrong or not allowed."""

    def __init__(self, name: str, status: int, body: str) -> None:
        super().__init__(f"{name}: HTTP {status}: {body[:_ERROR_MAX_CHARS]}")
        self.name = name
        self.status = status
        self.body = body
        # Throttling and request timeouts may pass; anything else will be refused again.
        self.permanent = status not in (408, 409, 425, 429)

    def json(self) -> Any:
        try:
            return httpx.Response(self.status, content=self.body.encode()).json()
        except ValueError:
            return None


@dataclass(frozen=True)
class EndpointConfig:
    name: str
    base_url: str
    token_url: str = ""
    client_id: str = ""
    client_secret: str = ""
    connect_timeout: float = 3.0
    read_timeout: float = 10.0
    retries: int = 2
    retry_backoff: float = 0.2
    breaker_failures: int = 5
    breaker_reset: int = 30

    @classmethod
    def from_settings(cls, name: str) -> "EndpointConfig":
        try:
            raw = settings.MOTCUA_ENDPOINTS[name]
        except KeyError as exc:
            raise LookupError(f"no endpoint {name!r} in settings.MOTCUA_ENDPOINTS") from exc
        known = set(cls.__dataclass_fields__) - {"name"}
        given: dict[str, Any] = {key: value for key, value in raw.items() if key in known}
        return cls(name=name, **given)


class _Token:
    """The bearer token of one endpoint in this process."""

    def __init__(self) -> None:
        self.value = ""
        self.expires = 0.0
        self.lock = threading.Lock()


_tokens: dict[str, _Token] = {}
_tokens_lock = threading.Lock()


class Endpoint:
    def __init__(self, config: EndpointConfig, *, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self._client = httpx.Client(
            base_url=config.base_url,
            timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
            # No Nagle: a request's headers and body leave at once (no delayed-ACK stall per call).
            transport=transport
            or httpx.HTTPTransport(socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]),
            headers={"User-Agent": "motcua"},
        )

    @property
    def name(self) -> str:
        return self.config.name

    def close(self) -> None:
        self._client.close()

    # --- calls ---------------------------------------------------------------------------------

    def post_json(self, path: str, body: Any, *, headers: dict[str, str] | None = None) -> httpx.Response:
        return self.request("POST", path, json=body, headers=headers)

    def get_json(
        self, path: str, *, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        return self.request("GET", path, params=params, headers=headers)

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """One call with its retries. Returns the 2xx response; raises `EndpointDown` or
        `EndpointRejected`."""
        self._check_circuit()
        try:
            response = self._with_retries(method, path, json=json, params=params, headers=headers)
        except EndpointDown as exc:
            self._record_failure(exc.reason)
            raise
        self._record_success()
        if response.status_code >= 400:
            raise EndpointRejected(self.name, response.status_code, response.text)
        return response

    def _with_retries(
        self,
        method: str,
        path: str,
        *,
        json: Any,
        params: dict[str, Any] | None,
        headers: dict[str, str] | None,
    ) -> httpx.Response:
        reason = ""
        refreshed = False
        attempt = 0
        while attempt <= self.config.retries:
            if attempt:
                time.sleep(self.config.retry_backoff * 2 ** (attempt - 1))
            attempt += 1
            try:
                all_headers = {**self._auth_headers(), **(headers or {})}
                response = self._client.request(method, path, json=json, params=params, headers=all_headers)
            except httpx.TransportError as exc:
                reason = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code == 401 and self.config.token_url and not refreshed:
                # An expired or revoked session: fetch a new token once, without counting a try.
                _token_for(self.name).expires = 0.0
                refreshed = True
                attempt -= 1
                continue
            if response.status_code >= 500:
                reason = f"HTTP {response.status_code}: {response.text[:200]}"
                continue
            return response
        raise EndpointDown(self.name, reason)

    # --- token ---------------------------------------------------------------------------------

    def _auth_headers(self) -> dict[str, str]:
        if not self.config.token_url:
            return {}
        token = _token_for(self.name)
        with token.lock:
            if time.monotonic() >= token.expires:
                token.value, lifetime = self._fetch_token()
                token.expires = time.monotonic() + max(lifetime - _TOKEN_MARGIN, 1.0)
            return {"Authorization": f"Bearer {token.value}"}

    def _fetch_token(self) -> tuple[str, float]:
        response = self._client.post(
            self.config.token_url,
            data={
                "grant_type": "client_credentials",
                "client_id": self.config.client_id,
                "client_secret": self.config.client_secret,
            },
        )
        if response.status_code >= 500:
            raise httpx.RemoteProtocolError(f"token endpoint answered {response.status_code}")
        if response.status_code >= 400:
            raise EndpointRejected(self.name, response.status_code, response.text)
        answer = response.json()
        return str(answer["access_token"]), float(answer.get("expires_in", 300))

    # --- circuit breaker -----------------------------------------------------------------------

    def _check_circuit(self) -> None:
        open_until = (
            EndpointCircuit.objects.filter(name=self.name).values_list("open_until", flat=True).first()
        )
        if open_until is not None and open_until > timezone.now():
            raise EndpointDown(self.name, "circuit open", retry_at=open_until)

    def _record_failure(self, reason: str) -> None:
        now = timezone.now()
        EndpointCircuit.objects.get_or_create(name=self.name, defaults={"changed_at": now})
        EndpointCircuit.objects.filter(name=self.name).update(
            failures=F("failures") + 1, last_error=reason[:_ERROR_MAX_CHARS], changed_at=now
        )
        # Opened by the failure that reaches the threshold, and again by each failed trial call
        # after the reset time (half-open).
        opened = EndpointCircuit.objects.filter(
            name=self.name, failures__gte=self.config.breaker_failures
        ).update(open_until=now + timedelta(seconds=self.config.breaker_reset))
        if opened:
            logger.warning(
                "Endpoint %s: circuit open for %ss: %s", self.name, self.config.breaker_reset, reason
            )

    def _record_success(self) -> None:
        # A write only when something was wrong: the common case costs one read.
        changed = (
            EndpointCircuit.objects.filter(name=self.name)
            .exclude(failures=0, open_until=None)
            .update(failures=0, open_until=None, changed_at=timezone.now())
        )
        if changed:
            logger.info("Endpoint %s: circuit closed", self.name)


def _token_for(name: str) -> _Token:
    with _tokens_lock:
        return _tokens.setdefault(name, _Token())


_endpoints: dict[str, Endpoint] = {}
_endpoints_lock = threading.Lock()


def endpoint(name: str) -> Endpoint:
    """The endpoint named in settings, with its connection pool kept for the process."""
    with _endpoints_lock:
        found = _endpoints.get(name)
        config = EndpointConfig.from_settings(name)
        if found is None or found.config != config:  # settings changed (tests override them)
            if found is not None:
                found.close()
            found = _endpoints[name] = Endpoint(config)
        return found


def circuit_reset(name: str) -> None:
    """Close an endpoint's circuit (an operator who knows the other side is back)."""
    EndpointCircuit.objects.filter(name=name).update(failures=0, open_until=None, changed_at=timezone.now())
