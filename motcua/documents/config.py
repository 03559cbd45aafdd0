"""The signing settings, read when used: a Django setting of the same name wins (tests override
them), else the environment variable, else the default. Kept here rather than in settings.py so a
token's PIN is read from its file only at the moment it is needed.

MOTCUA_TRUST_ANCHORS     PEM file, or folder of .pem/.crt/.cer files: the government CA's roots and
                         intermediates (the admin's trust anchors are added to them)
MOTCUA_TSA_URL           RFC 3161 timestamp authority; empty: no timestamp (demo signatures only)
MOTCUA_SIGN_LTA          "1": add a document timestamp after the validation data (PAdES B-LTA)
MOTCUA_PKCS11_MODULE     the token's PKCS#11 library (e.g. /usr/lib/softhsm/libsofthsm2.so)
MOTCUA_PKCS11_TOKEN      the token's label
MOTCUA_PKCS11_PIN / MOTCUA_PKCS11_PIN_FILE   the user PIN, or a file holding it
MOTCUA_PKCS11_RAW        "1" (default): ECDSA keys sign a digest made here (CKM_ECDSA); "0": the
                         token hashes (CKM_ECDSA_SHA256)
MOTCUA_CSC_URL           the remote-signing service (the part before /csc/v1/)
MOTCUA_CSC_USER / MOTCUA_CSC_PASSWORD        the service account (auth/login, HTTP Basic)
MOTCUA_CSC_PIN           the PIN that authorises a signature (credentials/authorize)
MOTCUA_REVOCATION_TIMEOUT  seconds to wait for a revocation list or an OCSP answer (default 10)
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua.env import env_str


def setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is not None:
        return str(value)
    return env_str(name, default)


def setting_flag(name: str) -> bool:
    return setting(name, "").strip().lower() in ("1", "true", "yes", "on")


def secret(name: str) -> str:
    """A secret given directly (NAME) or in a file (NAME_FILE); the file wins."""
    path = setting(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE cannot be read: {exc}") from exc
    return setting(name)


def revocation_timeout() -> int:
    return int(setting("MOTCUA_REVOCATION_TIMEOUT", "10") or 10)
