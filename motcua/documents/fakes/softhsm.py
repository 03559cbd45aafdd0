"""A SoftHSM2 token in a folder of its own (Debian's `softhsm2` and OpenSC's `pkcs11-tool`): the
signing key is generated ON the token, only its public half comes out to be certified, and the
certificate is written back next to it. What an official's USB token holds, in a temp folder."""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")


def softhsm_module() -> str | None:
    return next((path for path in MODULES if Path(path).is_file()), None)


@dataclass(frozen=True)
class Token:
    conf: Path  # the SOFTHSM2_CONF file
    module: str
    label: str
    pin: str

    def _run(self, *args: str, stdin: bytes | None = None) -> bytes:
        env = {**os.environ, "SOFTHSM2_CONF": str(self.conf)}
        return subprocess.run(args, env=env, input=stdin, capture_output=True, check=True).stdout

    def tool(self, *args: str) -> bytes:
        return self._run(
            "pkcs11-tool",
            "--module",
            self.module,
            "--token-label",
            self.label,
            "--login",
            "--pin",
            self.pin,
            *args,
        )

    def key_generate(self, *, label: str, key_id: str) -> ec.EllipticCurvePublicKey:
        """A P-256 key pair made by the token; returns the public key."""
        self.tool("--keypairgen", "--key-type", "EC:prime256v1", "--label", label, "--id", key_id)
        der = self.tool("--read-object", "--type", "pubkey", "--id", key_id)
        public = serialization.load_der_public_key(der)
        assert isinstance(public, ec.EllipticCurvePublicKey)
        return public

    def certificate_store(self, certificate: x509.Certificate, *, label: str, key_id: str) -> None:
        path = self.conf.parent / f"{key_id}.der"
        path.write_bytes(certificate.public_bytes(serialization.Encoding.DER))
        self.tool("--write-object", str(path), "--type", "cert", "--label", label, "--id", key_id)


def token_create(folder: Path, *, label: str, pin: str, so_pin: str = "12345678") -> Token:
    module = softhsm_module()
    if module is None:
        raise FileNotFoundError("libsofthsm2.so (Debian package softhsm2)")
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    token = Token(conf=conf, module=module, label=label, pin=pin)
    token._run("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", so_pin)
    return token
