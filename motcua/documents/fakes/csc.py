"""A remote-signing service in the Cloud Signature Consortium API v1 shape, over HTTP: the keys
stay in this process (read from its JSON file), clients log in, list and read their credentials,
authorise signatures with the PIN (SCAL 2: the SAD is bound to the hashes) and have hashes signed.

    python -m motcua.documents.fakes.csc --port 0 --config service.json

service.json: {"users": {"name": "password"},
               "credentials": {"ID": {"owner": "name", "pin": "...", "key": "PEM (PKCS#8)",
                                      "certificates": ["leaf PEM", "issuer PEM", ...]}}}
"""

import argparse
import base64
import json
import secrets
import threading
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

from motcua.documents.fakes.serve import QuietHandler, serve

ECDSA_SHA256 = "1.2.840.10045.4.3.2"
SHA256 = "2.16.840.1.101.3.4.2.1"
MULTISIGN = 10


class Refused(Exception):
    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description


class Service:
    def __init__(self, config: dict[str, Any]) -> None:
        self.users: dict[str, str] = config["users"]
        self.credentials: dict[str, dict[str, Any]] = config["credentials"]
        self.tokens: dict[str, str] = {}  # access token → user
        self.sads: dict[str, tuple[str, set[str], int]] = {}  # SAD → (credential, hashes, uses left)
        self.lock = threading.Lock()

    def _user(self, headers: Any) -> str:
        value = headers.get("Authorization", "")
        user = self.tokens.get(value.removeprefix("Bearer ")) if value.startswith("Bearer ") else None
        if user is None:
            raise Refused(401, "invalid_token", "Missing or invalid access token")
        return user

    def _credential(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        credential = self.credentials.get(str(body.get("credentialID", "")))
        if credential is None or credential["owner"] != user:
            raise Refused(400, "invalid_request", "Invalid parameter credentialID")
        return credential

    def handle(self, path: str, headers: Any, body: dict[str, Any]) -> dict[str, Any]:
        if path == "/csc/v1/info":
            return {
                "specs": "1.0.4.0",
                "name": "motcua test remote signing service",
                "region": "VN",
                "lang": "vi-VN",
                "authType": ["basic"],
                "methods": [
                    "auth/login",
                    "credentials/list",
                    "credentials/info",
                    "credentials/authorize",
                    "signatures/signHash",
                ],
            }
        if path == "/csc/v1/auth/login":
            value = headers.get("Authorization", "")
            try:
                user, _, password = base64.b64decode(value.removeprefix("Basic ")).decode().partition(":")
            except ValueError:
                user, password = "", ""
            if not value.startswith("Basic ") or self.users.get(user) != password:
                raise Refused(401, "invalid_grant", "The user name or password is wrong")
            token = secrets.token_urlsafe(24)
            with self.lock:
                self.tokens[token] = user
            return {"access_token": token, "expires_in": 3600}
        user = self._user(headers)
        if path == "/csc/v1/credentials/list":
            return {"credentialIDs": sorted(k for k, v in self.credentials.items() if v["owner"] == user)}
        credential = self._credential(user, body)
        if path == "/csc/v1/credentials/info":
            ders = [
                base64.b64encode(
                    x509.load_pem_x509_certificate(p.encode()).public_bytes(serialization.Encoding.DER)
                )
                for p in credential["certificates"]
            ]
            wanted = body.get("certificates", "single")
            chosen = [] if wanted == "none" else ders if wanted == "chain" else ders[:1]
            return {
                "key": {
                    "status": "enabled",
                    "algo": [ECDSA_SHA256],
                    "len": 256,
                    "curve": "1.2.840.10045.3.1.7",
                },
                "cert": {"status": "valid", "certificates": [d.decode() for d in chosen]},
                "authMode": "explicit",
                "PIN": {"presence": "true", "format": "N"},
                "SCAL": "2",
                "multisign": MULTISIGN,
            }
        if path == "/csc/v1/credentials/authorize":
            if str(body.get("PIN", "")) != credential["pin"]:
                raise Refused(400, "invalid_pin", "The PIN is wrong")
            hashes_ = [str(h) for h in body.get("hash", [])]
            count = int(body.get("numSignatures", 0))
            if not hashes_ or count != len(hashes_) or count > MULTISIGN:
                raise Refused(400, "invalid_request", "SCAL 2: give one hash per signature")
            sad = secrets.token_urlsafe(24)
            with self.lock:
                self.sads[sad] = (str(body["credentialID"]), set(hashes_), count)
            return {"SAD": sad, "expiresIn": 300}
        if path == "/csc/v1/signatures/signHash":
            return {"signatures": self._sign(credential, body)}
        raise Refused(404, "invalid_request", "Unknown method")

    def _sign(self, credential: dict[str, Any], body: dict[str, Any]) -> list[str]:
        if body.get("hashAlgo", SHA256) != SHA256 or body.get("signAlgo") != ECDSA_SHA256:
            raise Refused(400, "invalid_request", "Only ECDSA with SHA-256 is offered")
        hashes_ = [str(h) for h in body.get("hash", [])]
        with self.lock:
            bound = self.sads.get(str(body.get("SAD", "")))
            if bound is None or bound[0] != body.get("credentialID") or not set(hashes_) <= bound[1]:
                raise Refused(400, "invalid_request", "Invalid SAD")
            left = bound[2] - len(hashes_)
            if left <= 0:
                del self.sads[str(body["SAD"])]
            else:
                self.sads[str(body["SAD"])] = (bound[0], bound[1], left)
        key = serialization.load_pem_private_key(credential["key"].encode(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return [
            base64.b64encode(
                key.sign(base64.b64decode(h), ec.ECDSA(utils.Prehashed(hashes.SHA256())))
            ).decode()
            for h in hashes_
        ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--config", required=True)
    options = parser.parse_args()
    service = Service(json.loads(Path(options.config).read_text()))

    class Handler(QuietHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server names it)
            try:
                raw = self.body()
                body = json.loads(raw) if raw else {}
                if not isinstance(body, dict):
                    raise Refused(400, "invalid_request", "The body is not a JSON object")
                answer = service.handle(self.path.split("?")[0], self.headers, body)
            except Refused as refused:
                error = {"error": refused.error, "error_description": refused.description}
                self.reply(refused.status, json.dumps(error).encode(), "application/json")
                return
            except (ValueError, KeyError) as exc:
                error = {"error": "invalid_request", "error_description": str(exc)}
                self.reply(400, json.dumps(error).encode(), "application/json")
                return
            self.reply(200, json.dumps(answer).encode(), "application/json")

    serve(Handler, options.port)


if __name__ == "__main__":
    main()
