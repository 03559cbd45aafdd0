"""Production refuses the published demo chain key (review H3 with M4): with it, anyone could
recompute a chain after editing it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "MOTCUA_ENV": "production",
    "SECRET_KEY": "production-secret-" + "0123456789abcdefghijklmnopqrstuvwxyz" * 2,
    "MOTCUA_CA_PASSPHRASE": "a passphrase of the province's own",
    "MOTCUA_KEY_PASSPHRASE": "another passphrase of the province's own",
    "ALLOWED_HOSTS": "motcua.example.vn",
    "DEBUG": "false",
}


def _settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_CHAIN")}
    return subprocess.run(
        [sys.executable, "-c", "import motcua.settings as s; print(len(s.MOTCUA_CHAIN_KEY))"],
        cwd=ROOT,
        env={**clean, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("key", ["", "motcua-demo-chain-key-not-for-production", "too-short"])
def test_production_refuses_a_missing_demo_or_short_chain_key(key: str) -> None:
    result = _settings(MOTCUA_CHAIN_KEY=key)
    assert result.returncode == 1
    assert "MOTCUA_CHAIN_KEY (or MOTCUA_CHAIN_KEY_FILE) must be a secret" in result.stderr


def test_production_reads_the_key_from_its_file(tmp_path: Path) -> None:
    key_file = tmp_path / "chain.key"
    key_file.write_text("a-province-chain-key-0123456789abcdef\n")
    result = _settings(MOTCUA_CHAIN_KEY_FILE=str(key_file))
    assert (result.returncode, result.stdout.strip()) == (0, "37"), result.stderr
