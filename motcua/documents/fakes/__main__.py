"""The signing world for a demo, until Ctrl-C: a test government CA (its revocation lists served
over HTTP), its timestamp authority, a SoftHSM2 token with a key for the demo leader and a remote
CSC service with another; prints the environment to give motcua and the PEM files to import.

    .venv/bin/python -m motcua.documents.fakes [--dir var/signing-demo]

Then, with those variables set: add root.crt as a trust anchor (admin, or MOTCUA_TRUST_ANCHORS),
import token-leader.crt (key label "lanhdao") or remote-leader.crt (credential "lanhdao-remote")
with chain.pem for the leader (motcua.documents.imports.certificate_import), and sign a result.
"""

import argparse
import json
import signal
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from motcua.documents.fakes.government_ca import GovernmentCA, pem
from motcua.documents.fakes.process import running
from motcua.documents.fakes.softhsm import token_create


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dir", default="var/signing-demo")
    folder = Path(parser.parse_args().dir).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    with ExitStack() as stack:
        files = stack.enter_context(running("files", "--dir", str(folder / "ca")))
        ca = GovernmentCA.create(folder=folder / "ca", base_url=files, now=now)
        tsa = stack.enter_context(
            running("tsa", "--cert", str(folder / "ca/tsa.crt"), "--key", str(folder / "ca/tsa.key"))
        )
        token = token_create(folder / f"token-{now:%Y%m%d%H%M%S}", label="motcua-demo", pin="123456")
        on_token = ca.issue(
            token.key_generate(label="lanhdao", key_id="01"),
            common_name="Hoàng Văn Đạo",
            title="Chủ tịch UBND xã",
            organisation="UBND xã Krông Nô",
            now=now,
        )
        token.certificate_store(on_token, label="lanhdao", key_id="01")
        key = ec.generate_private_key(ec.SECP256R1())
        remote = ca.issue(
            key.public_key(),
            common_name="Hoàng Văn Đạo",
            title="Chủ tịch UBND xã",
            organisation="UBND xã Krông Nô",
            now=now,
        )
        key_pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        config = {
            "users": {"krongno": "motcua-demo"},
            "credentials": {
                "lanhdao-remote": {
                    "owner": "krongno",
                    "pin": "123456",
                    "key": key_pem,
                    "certificates": [pem(remote), pem(ca.intermediate), pem(ca.root)],
                }
            },
        }
        (folder / "csc.json").write_text(json.dumps(config))
        csc = stack.enter_context(running("csc", "--config", str(folder / "csc.json")))
        (folder / "token-leader.crt").write_text(pem(on_token))
        (folder / "remote-leader.crt").write_text(pem(remote))
        (folder / "chain.pem").write_text(ca.chain_pem)
        print(f"SOFTHSM2_CONF={token.conf}")
        print(f"MOTCUA_TRUST_ANCHORS={folder / 'ca/root.crt'}")
        print(f"MOTCUA_TSA_URL={tsa}")
        print(
            f"MOTCUA_PKCS11_MODULE={token.module}\nMOTCUA_PKCS11_TOKEN=motcua-demo\nMOTCUA_PKCS11_PIN=123456"
        )
        print(
            f"MOTCUA_CSC_URL={csc}\nMOTCUA_CSC_USER=krongno\nMOTCUA_CSC_PASSWORD=motcua-demo\nMOTCUA_CSC_PIN=123456"
        )
        print(
            f"# certificates to import: {folder}/token-leader.crt, remote-leader.crt, chain.pem", flush=True
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
