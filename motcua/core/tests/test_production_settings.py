"""Security review M4: production refuses the published demo secrets and DEBUG (settings imported in a
fresh process with the production environment)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from motcua.env import DEMO_SECRETS

ROOT = Path(__file__).resolve().parents[3]
GOOD = {
    "MOTCUA_ENV": "production",
    "SECRET_KEY": "k" * 30 + "-a-real-secret-of-this-installation-7f3a",
    "MOTCUA_CA_PASSPHRASE": "ca-passphrase-of-this-installation",
    "MOTCUA_KEY_PASSPHRASE": "key-passphrase-of-this-installation",
    "ALLOWED_HOSTS": "motcua.lamdong.gov.vn",
    "DEBUG": "false",
    # Other production secrets the settings require (the history chain's key).
    "MOTCUA_CHAIN_KEY": "chain-key-of-this-installation-0123456789abcdef",
}


def import_settings(**changes: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("MOTCUA_", "SECRET_KEY", "DEBUG", "ALLOWED"))
    }
    env.update(GOOD)
    env.update(changes)
    env["MOTCUA_VAR_DIR"] = os.environ.get("MOTCUA_VAR_DIR", str(ROOT / "var"))
    code = "import motcua.settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_m4_production_starts_with_its_own_secrets() -> None:
    done = import_settings()
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "31536000"]


@pytest.mark.parametrize("name", sorted(DEMO_SECRETS))
def test_m4_production_refuses_each_published_demo_secret(name: str) -> None:
    done = import_settings(**{name: DEMO_SECRETS[name]})
    assert done.returncode != 0
    assert f"{name} is the published demo value" in done.stderr


def test_m4_production_refuses_debug() -> None:
    done = import_settings(DEBUG="true")
    assert done.returncode != 0
    assert "DEBUG must be false when MOTCUA_ENV=production" in done.stderr


def test_m4_production_refuses_a_missing_passphrase_and_a_wildcard_host() -> None:
    done = import_settings(MOTCUA_KEY_PASSPHRASE="")
    assert "MOTCUA_KEY_PASSPHRASE must be set when MOTCUA_ENV=production" in done.stderr
    done = import_settings(ALLOWED_HOSTS="*")
    assert "ALLOWED_HOSTS must name the site's hosts" in done.stderr


def test_m4_production_refuses_a_short_secret_key() -> None:
    done = import_settings(SECRET_KEY="short")
    assert "SECRET_KEY must be at least 50 characters" in done.stderr
