from pathlib import Path
from typing import Any

import pytest

from motcua.documents.models import Certificate, CertificateKind
from motcua.web.demo import demo_seed
from motcua.web.demo_certificates import demo_certificates

pytestmark = pytest.mark.django_db


def test_the_demo_signers_get_their_certificates_once(settings: Any, tmp_path: Path) -> None:
    settings.MOTCUA_CA_DIR = str(tmp_path / "ca")
    demo_seed(actor=None)

    issued = demo_certificates()

    assert sorted((c.holder.username, c.kind, c.unit.code) for c in issued) == sorted(
        (f"{prefix}.{suffix}", kind, code)
        for code, prefix in (("24688", "krongno"), ("24640", "cujut"), ("24670", "dakmil"))
        for suffix, kind in (
            ("tiepnhan", CertificateKind.PERSONAL),
            ("lanhdao", CertificateKind.PERSONAL),
            ("lanhdao", CertificateKind.SEAL),
        )
    )
    assert (tmp_path / "ca").is_dir()
    assert demo_certificates() == []
    assert Certificate.objects.count() == 9
