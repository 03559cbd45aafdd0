"""Demo signatures: the province certification authority and certificates for the demo communes'
receiving officers, leaders and agency seals, issued the way an administrator issues them, so that
every signing button of the demo works at once.

Idempotent: the authority is created once, and a holder that already has a valid certificate of
that kind gets no other.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.documents import authority as ca
from motcua.documents.actions import certificate_issue, certificate_request, crl_publish
from motcua.documents.models import Certificate, CertificateKind
from motcua.units.models import Unit
from motcua.units.selectors import province_get
from motcua.web.demo import DEMO_COMMUNES

# (username suffix, kind, title shown with the signature)
DEMO_SIGNERS = (
    ("tiepnhan", CertificateKind.PERSONAL, "Công chức tiếp nhận hồ sơ"),
    ("lanhdao", CertificateKind.PERSONAL, "Phó Chủ tịch UBND xã"),
    ("lanhdao", CertificateKind.SEAL, "Ủy ban nhân dân xã"),
)
ADMINISTRATOR = "tinh.quantri"


def authority_ensure() -> bool:
    """Create the province authority when there is none; True when it was created now."""
    try:
        ca.authority_load()
    except ca.AuthorityMissing:
        province = province_get(settings.MOTCUA_PROVINCE_CODE)
        ca.authority_create(
            name=f"Tổ chức chứng thực chữ ký số {province.kind} {province.name}", now=timezone.now()
        )
        crl_publish()
        return True
    return False


@transaction.atomic
def demo_certificates() -> list[Certificate]:
    """Issue the missing demo certificates; return those issued now."""
    authority_ensure()
    administrator = User.objects.get(username=ADMINISTRATOR)
    now = timezone.now()
    issued = []
    for unit_code, prefix in DEMO_COMMUNES:
        unit = Unit.objects.get(code=unit_code)
        for suffix, kind, title in DEMO_SIGNERS:
            holder = User.objects.get(username=f"{prefix}.{suffix}")
            valid = Certificate.objects.filter(
                holder=holder, unit=unit, kind=kind, revoked_at__isnull=True, not_after__gt=now
            )
            if valid.exists():
                continue
            request = certificate_request(actor=holder, kind=kind, unit=unit, title=title, now=now)
            issued.append(certificate_issue(actor=administrator, request=request, now=now))
    return issued
