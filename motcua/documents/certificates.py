"""Which certificate a signer may use now, and why not: the one place that refuses an expired or
revoked certificate."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.errors import Conflict
from motcua.documents.models import Certificate, CertificateKind
from motcua.units.models import Unit


def _day(at: datetime) -> str:
    return timezone.localtime(at).strftime("%d/%m/%Y")


def certificate_refusal(certificate: Certificate, now: datetime) -> str | None:
    """Why this certificate cannot sign at `now`, or None when it can."""
    if certificate.revoked_at is not None and certificate.revoked_at <= now:
        return _(
            "The certificate %(serial)s was revoked on %(date)s (%(reason)s); it can no longer sign."
        ) % {
            "serial": certificate.serial[:12],
            "date": _day(certificate.revoked_at),
            "reason": certificate.revocation_reason or _("no reason given"),
        }
    if now > certificate.not_after:
        return _("The certificate %(serial)s expired on %(date)s; request a new one.") % {
            "serial": certificate.serial[:12],
            "date": _day(certificate.not_after),
        }
    if now < certificate.not_before:
        return _("The certificate %(serial)s is valid only from %(date)s.") % {
            "serial": certificate.serial[:12],
            "date": _day(certificate.not_before),
        }
    return None


def certificate_usable(*, holder: User | None, kind: str, unit: Unit, now: datetime) -> Certificate:
    """The newest certificate that can sign now: the holder's own for a personal signature, the
    unit's for its seal. Without one, a Conflict that says why (none, expired, revoked)."""
    certificates = Certificate.objects.filter(kind=kind, unit=unit).order_by("-not_before", "-pk")
    if kind == CertificateKind.PERSONAL:
        certificates = certificates.filter(holder=holder)
    newest: Certificate | None = None
    for certificate in certificates:
        if certificate_refusal(certificate, now) is None:
            return certificate
        newest = newest or certificate
    if newest is not None:
        raise Conflict(certificate_refusal(newest, now) or "", code="certificate_unusable")
    if kind == CertificateKind.SEAL:
        message = _("%(unit)s has no certificate for its seal; its leader can request one.") % {
            "unit": unit.name
        }
    else:
        message = _("You have no signing certificate for %(unit)s; request one first.") % {"unit": unit.name}
    raise Conflict(message, code="no_certificate")
