"""Passphrases that keep private keys encrypted at rest, read from the environment.

The province CA key is encrypted with `MOTCUA_CA_PASSPHRASE`; the officials' and agencies' keys,
held by the server (the remote-signing model), with `MOTCUA_KEY_PASSPHRASE`. Outside production a
demo passphrase is used when the variable is unset; in production an unset one stops the process.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua.env import env_required, env_str

_DEMO_CA = "motcua-demo-ca-passphrase-not-for-production"
_DEMO_KEYS = "motcua-demo-key-passphrase-not-for-production"


def _passphrase(name: str, demo: str) -> bytes:
    value = env_required(name) if getattr(settings, "PRODUCTION", False) else env_str(name, demo)
    if not value:
        raise ImproperlyConfigured(f"{name} must not be empty")
    return value.encode()


def ca_passphrase() -> bytes:
    return _passphrase("MOTCUA_CA_PASSPHRASE", _DEMO_CA)


def key_passphrase() -> bytes:
    return _passphrase("MOTCUA_KEY_PASSPHRASE", _DEMO_KEYS)
