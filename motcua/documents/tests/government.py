"""The government CA's world for the tests, as separate processes: the CA's publication point
(revocation lists over HTTP), its RFC 3161 timestamp authority, a SoftHSM2 token and the remote
signing service. Real time, not a frozen clock: the timestamp authority is another process and
dates with the machine's clock, and a later revocation must come after it."""

import os
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.test import override_settings

from motcua.documents.fakes.government_ca import GovernmentCA
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
