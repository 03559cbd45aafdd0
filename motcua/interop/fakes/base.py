"""The base of every fake external service: a small router over a stdlib `ThreadingHTTPServer`.

What every fake gets:
- routes `@service.route("POST", "/path", schema="name")`: the request body is validated against
  `motcua/interop/schemas/<name>.json` (the files motcua's own adapters build against) and a bad one
  is answered 400 with the validation errors, as the real service would refuse it;
- a store: a JSON-serialisable dict in memory, written to `<data_dir>/<name>.json` shortly after each
  change and at exit, and read back at start;
- an optional OAuth2 client-credentials token endpoint (a fake LGSP) that routes with `auth=True`
  require, with tokens that expire;
- a control endpoint, `POST /_control` with `{"action": ..., "count": N}`, applying to the next N
  messages (requests to routes with `message=True`):
  `fail` (answer `status`, default 503), `slow` (wait `ms` first), `drop` (close the connection
  without an answer, keep nothing), `lose` (answer success, keep nothing), `duplicate` (handle the
  message twice), `clear` (forget every rule); `expire_tokens` revokes every token at once;
- `GET /_state` (the store), `POST /_reset` (empty store, no rules), `GET /_health`.
"""

import copy
import json
import logging
import os
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

import jsonschema

SCHEMAS_DIR: Final = Path(__file__).resolve().parent.parent / "schemas"
_FLUSH_SECONDS: Final = 0.5
_MAX_BODY: Final = 64 * 1024 * 1024

logger = logging.getLogger("motcua.fakes")


def load_schema(name: str) -> dict[str, Any]:
    with (SCHEMAS_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@dataclass
class FakeRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    json: Any = None
    form: dict[str, str] = field(default_factory=dict)


# A handler answers (status, JSON body).
Answer = tuple[int, Any]
Handler = Callable[[FakeRequest], Answer]


@dataclass
class Route:
    handler: Handler
    schema: str | None
    auth: bool
    message: bool
    ok: Callable[[], Any]


@dataclass
class Rule:
    action: str
    count: int
    status: int = 503
    ms: int = 0


class _Drop(Exception):
    """Close the connection without answering."""


class FakeService:
    def __init__(self, name: str, *, data_dir: Path | None = None) -> None:
        self.name = name
        self.lock = threading.RLock()
        self.store: dict[str, Any] = {}
        self.routes: dict[tuple[str, str], Route] = {}
        self.rules: list[Rule] = []
        self.tokens: dict[str, float] = {}
        self.clients: dict[str, str] = {}
        self.token_path = ""
        self.token_lifetime = 300
        self.last_request = time.monotonic()
        self.received = 0
        self._validators: dict[str, jsonschema.protocols.Validator] = {}
        self._path = data_dir / f"{name}.json" if data_dir else None
        self._dirty = threading.Event()
        self._stopped = threading.Event()
        self.reset_store()
        self._load()

    # --- to be extended --------------------------------------------------------------------------

    def reset_store(self) -> None:
        """Set the empty store; fakes override it to lay out their collections."""
        self.store = {}

    # --- routes ----------------------------------------------------------------------------------

    def route(
        self,
        method: str,
        path: str,
        *,
        schema: str | None = None,
        auth: bool = False,
        message: bool | None = None,
        ok: Callable[[], Any] = lambda: {"error_code": "0"},
    ) -> Callable[[Handler], Handler]:
        """Register a handler. `message`: the control rules apply to it (default: POST routes);
        `ok`: what a lost message is answered."""

        def register(handler: Handler) -> Handler:
            if schema is not None:
                self._validator(schema)  # a missing or invalid schema file fails at start
            self.routes[(method, path)] = Route(
                handler, schema, auth, method == "POST" if message is None else message, ok
            )
            return handler

        return register

    def enable_tokens(self, *, path: str, clients: dict[str, str], lifetime: int = 300) -> None:
        """Serve an OAuth2 client-credentials token endpoint at `path` for these client ids and
        secrets; routes registered with `auth=True` then require `Authorization: Bearer <token>`."""
        self.token_path = path
        self.clients = dict(clients)
        self.token_lifetime = lifetime

    def changed(self) -> None:
        """Mark the store as changed: it is written to its file shortly."""
        self._dirty.set()

    # --- dispatch --------------------------------------------------------------------------------

    def handle(self, request: FakeRequest) -> Answer:
        self.last_request = time.monotonic()
        if request.path.startswith("/_"):
            return self._control(request)
        if request.method == "POST" and request.path == self.token_path and self.token_path:
            return self._issue_token(request)
        route = self.routes.get((request.method, request.path))
        if route is None:
            return 404, {"error_code": "404", "message": f"no such service {request.path}"}
        if route.auth and not self._authorised(request):
            return 401, {"error_code": "401", "message": "invalid or expired token"}
        rule = self._next_rule() if route.message else None
        if rule is not None and rule.action == "slow":
            time.sleep(rule.ms / 1000)
        if rule is not None and rule.action == "fail":
            return rule.status, {"error_code": str(rule.status), "message": "failure on request"}
        if rule is not None and rule.action == "drop":
            raise _Drop
        if request.json is None and request.body:
            return 400, {"error_code": "400", "message": "the body is not JSON"}
        if route.schema is not None:
            errors = self.validate(route.schema, request.json)
            if errors:
                return 400, {"error_code": "400", "message": "invalid message", "errors": errors}
        with self.lock:
            self.received += 1
        if rule is not None and rule.action == "lose":
            return 200, route.ok()
        answer = route.handler(request)
        if rule is not None and rule.action == "duplicate":
            answer = route.handler(request)
        return answer

    def validate(self, schema: str, document: Any) -> list[str]:
        validator = self._validator(schema)
        return [
            f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
            for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        ][:20]

    def _validator(self, name: str) -> "jsonschema.protocols.Validator":
        found = self._validators.get(name)
        if found is None:
            schema = load_schema(name)
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            found = self._validators[name] = cls(schema, format_checker=cls.FORMAT_CHECKER)
        return found

    def _next_rule(self) -> Rule | None:
        with self.lock:
            if not self.rules:
                return None
            rule = self.rules[0]
            rule.count -= 1
            if rule.count <= 0:
                self.rules.pop(0)
            return rule

    def _control(self, request: FakeRequest) -> Answer:
        if request.path == "/_health":
            return 200, {"name": self.name, "ok": True}
        if request.path == "/_state" and request.method == "GET":
            with self.lock:
                return 200, {"received": self.received, **copy.deepcopy(self.store)}
        if request.path == "/_reset" and request.method == "POST":
            with self.lock:
                self.reset_store()
                self.rules.clear()
                self.received = 0
            self.changed()
            return 200, {"ok": True}
        if request.path == "/_control" and request.method == "POST":
            order = request.json if isinstance(request.json, dict) else {}
            action = order.get("action")
            with self.lock:
                if action == "clear":
                    self.rules.clear()
                elif action == "expire_tokens":
                    self.tokens.clear()
                elif action in {"fail", "slow", "drop", "lose", "duplicate"}:
                    self.rules.append(
                        Rule(
                            action=action,
                            count=int(order.get("count", 1)),
                            status=int(order.get("status", 503)),
                            ms=int(order.get("ms", 0)),
                        )
                    )
                else:
                    return 400, {"error_code": "400", "message": f"unknown action {action!r}"}
                return 200, {"rules": [rule.__dict__ for rule in self.rules]}
        return 404, {"error_code": "404", "message": "no such control"}

    # --- tokens ----------------------------------------------------------------------------------

    def _issue_token(self, request: FakeRequest) -> Answer:
        form = request.form or (request.json if isinstance(request.json, dict) else {})
        client_id = str(form.get("client_id", ""))
        if form.get("grant_type") != "client_credentials" or self.clients.get(client_id) != form.get(
            "client_secret"
        ):
            return 401, {"error": "invalid_client"}
        token = os.urandom(16).hex()
        with self.lock:
            self.tokens[token] = time.monotonic() + self.token_lifetime
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": self.token_lifetime}

    def _authorised(self, request: FakeRequest) -> bool:
        header = request.headers.get("authorization", "")
        token = header.removeprefix("Bearer ").strip()
        with self.lock:
            expires = self.tokens.get(token)
        return expires is not None and expires > time.monotonic()

    # --- the JSON file ---------------------------------------------------------------------------

    def _load(self) -> None:
        if self._path is not None and self._path.exists():
            with self._path.open(encoding="utf-8") as handle:
                self.store.update(json.load(handle))

    def flush(self) -> None:
        if self._path is None:
            self._dirty.clear()
            return
        with self.lock:
            self._dirty.clear()
            text = json.dumps(self.store, ensure_ascii=False, sort_keys=True)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed over, so a reader or a crash never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=f".{self.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, self._path)

    def _flusher(self) -> None:
        while not self._stopped.is_set():
            if self._dirty.wait(_FLUSH_SECONDS) and not self._stopped.is_set():
                time.sleep(_FLUSH_SECONDS)  # gather a burst of changes into one write
                self.flush()

    # --- serving ---------------------------------------------------------------------------------

    def serve(self, port: int = 0) -> ThreadingHTTPServer:
        """Bind 127.0.0.1:port (0: a free port) and serve in background threads; `stop()` ends it."""
        server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        server.daemon_threads = True
        self._server = server
        threading.Thread(target=server.serve_forever, name=f"fake-{self.name}", daemon=True).start()
        threading.Thread(target=self._flusher, name=f"fake-{self.name}-flush", daemon=True).start()
        return server

    def stop(self) -> None:
        self._stopped.set()
        server = getattr(self, "_server", None)
        if server is not None:
            server.shutdown()
            server.server_close()
        self.flush()


def _handler_for(service: FakeService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Headers and body are written separately: without this, delayed ACKs cost ~40 ms a call.
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: Any) -> None:
            logger.debug("%s %s", service.name, format % args)

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            if length > _MAX_BODY:
                self._answer(413, {"error_code": "413", "message": "too large"})
                return
            body = self.rfile.read(length) if length else b""
            request = FakeRequest(
                method=self.command,
                path=parts.path,
                query={key: values[-1] for key, values in parse_qs(parts.query).items()},
                headers={key.lower(): value for key, value in self.headers.items()},
                body=body,
            )
            content_type = request.headers.get("content-type", "")
            if body and "application/x-www-form-urlencoded" in content_type:
                request.form = {k: v[-1] for k, v in parse_qs(body.decode()).items()}
            elif body:
                try:
                    request.json = json.loads(body)
                except ValueError:
                    request.json = None
            try:
                status, answer = service.handle(request)
            except _Drop:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            except Exception as exc:  # a bug in the fake shows as a 500, as a real service would
                logger.exception("fake %s failed", service.name)
                status, answer = 500, {"error_code": "500", "message": str(exc)}
            self._answer(status, answer)

        def _answer(self, status: int, answer: Any) -> None:
            data = json.dumps(answer, ensure_ascii=False).encode()
            self.send_response(
                status, HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
            )
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = _serve  # noqa: N815 (the stdlib handler's names)
        do_POST = _serve  # noqa: N815
        do_PUT = _serve  # noqa: N815
        do_DELETE = _serve  # noqa: N815

    return Handler
