"""Typed readers for settings taken from environment variables.

They fail loudly: a malformed value stops the process at start-up instead of
running with a silently wrong configuration.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_required(name: str) -> str:
    raw = os.environ.get(name)
    if not raw:
        raise ImproperlyConfigured(f"{name} must be set when MOTCUA_ENV=production")
    return raw


# Values published in this repository for the demo. Production refuses them (security review M4):
# anyone could sign sessions, forge password-reset links or decrypt the private keys with them.
DEMO_SECRETS = {
    "SECRET_KEY": "motcua-demo-secret-key-not-for-production-use-0123456789",
    "MOTCUA_CA_PASSPHRASE": "motcua-demo-ca-passphrase-not-for-production",
    "MOTCUA_KEY_PASSPHRASE": "motcua-demo-key-passphrase-not-for-production",
}


def refuse_demo_values() -> None:
    """Stop a production start-up that would run with a published secret or with DEBUG on."""
    for name, demo in DEMO_SECRETS.items():
        value = env_required(name)
        if value.strip() == demo or "not-for-production" in value:
            raise ImproperlyConfigured(
                f"{name} is the published demo value; set a secret of your own when MOTCUA_ENV=production"
            )
    if len(env_required("SECRET_KEY")) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters when MOTCUA_ENV=production")
    if env_bool("DEBUG", False):
        raise ImproperlyConfigured("DEBUG must be false when MOTCUA_ENV=production: it shows tracebacks")
    if "*" in env_list("ALLOWED_HOSTS", []):
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must name the site's hosts, not '*', when MOTCUA_ENV=production"
        )
