"""Absolute links printed on documents: the QR code of a signed paper and the CRL address in
certificates must work from a phone outside the office, so they use the public address."""

from django.urls import reverse

from motcua.env import env_str


def public_base() -> str:
    return env_str("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")


def verify_url(code: str) -> str:
    return public_base() + reverse("web:verify", args=[code])


def crl_url() -> str:
    return public_base() + reverse("web:ca_crl")
