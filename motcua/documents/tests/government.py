"""The government CA's world for the tests, as separate processes: the CA's publication point
(revocation lists over HTTP), its RFC 3161 timestamp authority, a SoftHSM2 token and the remote
signing service. Real time, not a frozen clock: the timestamp authority is another process and
dates with the machine's clock, and a later revocation must come after it."""

import json
import os
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import override_settings

from motcua.documents.fakes.government_ca import GovernmentCA, pem
from motcua.documents.fakes.process import running
from motcua.documents.fakes.softhsm import Token, softhsm_module, token_create

TOKEN_LABEL = "motcua-lanhdao"
TOKEN_PIN = "246810"


@dataclass
class Government:
    ca: GovernmentCA
    tsa_url: str
    folder: Path

    def settings(self, **extra: object) -> override_settings:
        return override_settings(
            MOTCUA_TRUST_ANCHORS=str(self.folder / "root.crt"), MOTCUA_TSA_URL=self.tsa_url, **extra
        )


@pytest.fixture(scope="session", name="government")
def government_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Government]:
    folder = tmp_path_factory.mktemp("government-ca")
    with ExitStack() as stack:
        files_url = stack.enter_context(running("files", "--dir", str(folder)))
        ca = GovernmentCA.create(folder=folder, base_url=files_url, now=datetime.now(UTC))
        tsa_url = stack.enter_context(
            running(
                "tsa",
                "--cert",
                str(folder / "tsa.crt"),
                "--key",
                str(folder / "tsa.key"),
                "--chain",
                str(folder / "root.crt"),
            )
        )
        yield Government(ca=ca, tsa_url=tsa_url, folder=folder)


@pytest.fixture(scope="session", name="token")
def token_fixture(tmp_path_factory: pytest.TempPathFactory) -> Token:
    """One token per test process: SoftHSM reads SOFTHSM2_CONF once, when the library starts."""
    if softhsm_module() is None:
        pytest.fail("SoftHSM2 is missing: apt-get install softhsm2 opensc (bin/test installs them)")
    created = token_create(tmp_path_factory.mktemp("softhsm"), label=TOKEN_LABEL, pin=TOKEN_PIN)
    os.environ["SOFTHSM2_CONF"] = str(created.conf)
    return created


def token_settings(token: Token) -> dict[str, object]:
    return {
        "MOTCUA_PKCS11_MODULE": token.module,
        "MOTCUA_PKCS11_TOKEN": token.label,
        "MOTCUA_PKCS11_PIN": token.pin,
    }


@dataclass
class RemoteService:
    url: str
    credential_id: str
    certificate: x509.Certificate
    other_certificate: x509.Certificate  # a certificate the service does not hold for this credential

    def settings(self, **extra: object) -> dict[str, object]:
        return {
            "MOTCUA_CSC_URL": self.url,
            "MOTCUA_CSC_USER": "krongno",
            "MOTCUA_CSC_PASSWORD": "mat-khau-dich-vu",
            "MOTCUA_CSC_PIN": "135790",
            **extra,
        }


@pytest.fixture(scope="session", name="remote")
def remote_fixture(
    government: Government, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RemoteService]:
    """The remote-signing service holding the leader's key; only certificates come out of it."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    certificate = government.ca.issue(
        key.public_key(),
        common_name="Hoàng Văn Đạo",
        title="Chủ tịch",
        organisation="UBND xã Krông Nô",
        now=now,
    )
    other = government.ca.issue(
        ec.generate_private_key(ec.SECP256R1()).public_key(),
        common_name="Hoàng Văn Đạo",
        title="Chủ tịch",
        organisation="UBND xã Krông Nô",
        now=now,
    )
    config = {
        "users": {"krongno": "mat-khau-dich-vu"},
        "credentials": {
            "dao-ky-so-01": {
                "owner": "krongno",
                "pin": "135790",
                "key": key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                ).decode(),
                "certificates": [pem(certificate), pem(government.ca.intermediate), pem(government.ca.root)],
            }
        },
    }
    path = tmp_path_factory.mktemp("csc") / "service.json"
    path.write_text(json.dumps(config))
    with running("csc", "--config", str(path)) as url:
        yield RemoteService(
            url=url, credential_id="dao-ky-so-01", certificate=certificate, other_certificate=other
        )
