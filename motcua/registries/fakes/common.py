"""What the registry and payment fakes add to the interop fakes' base: their contracts live beside
their adapters (`<app>/contracts/`), and a fake may answer an HTML page or a redirect (the payment
platform's page the citizen's browser is sent to). No Django here, as in every fake."""

import json
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema

from motcua.interop.fakes.base import FakeService


class Html(str):
    """An answer sent as text/html instead of JSON."""


class Redirect(str):
    """An answer sent as 303 See Other to this address."""


class ContractFake(FakeService):
    """A fake whose request schemas are the JSON files of `contracts_dir`."""

    contracts_dir: Path

    def _validator(self, name: str) -> "jsonschema.protocols.Validator":
        found = self._validators.get(name)
        if found is None:
            with (self.contracts_dir / f"{name}.json").open(encoding="utf-8") as handle:
                schema = json.load(handle)
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            found = self._validators[name] = cls(schema, format_checker=cls.FORMAT_CHECKER)
        return found

    def serve(self, port: int = 0) -> ThreadingHTTPServer:
        server = super().serve(port)
        base = server.RequestHandlerClass

        class Handler(base):  # type: ignore[valid-type, misc]
            def _answer(self, status: int, answer: Any) -> None:
                if isinstance(answer, Redirect):
                    self.send_response(303)
                    self.send_header("Location", str(answer))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if isinstance(answer, Html):
                    data = str(answer).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                super()._answer(status, answer)

        server.RequestHandlerClass = Handler
        return server
