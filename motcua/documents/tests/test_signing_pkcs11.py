"""A leader signs a result with a key held on a PKCS#11 token (SoftHSM2): the key is generated on
the token, certified by the (test) government CA and imported here with its chain. The signature
is PAdES B-LT with a timestamp from the RFC 3161 authority; /verify/ answers valid against the
configured root, and "valid at the time of signing" once the certificate is revoked later (Law on
Electronic Transactions 2023 Art.22-23; Decree 68/2024 on the public-service CA)."""

import secrets
import subprocess
import time
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cryptography import x509
from django.test import override_settings
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.dss import DocumentSecurityStore

from motcua.core.errors import Conflict, InvalidInput
from motcua.documents import actions as documents
from motcua.documents.fakes.government_ca import pem
from motcua.documents.fakes.softhsm import Token
from motcua.documents.imports import certificate_import
from motcua.documents.models import Certificate, CertificateKind, CertificateSource, SignedDocument
from motcua.documents.tests.conftest import decided
from motcua.documents.tests.government import (  # noqa: F401 (fixtures)
    Government,
    government_fixture,
    token_fixture,
    token_settings,
)
from motcua.documents.verification import verify_code, verify_upload
from motcua.dossiers.tests.conftest import APPLICANT
from motcua.testing.personas import People
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def read(document: SignedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def on_token(token: Token, government: Government, *, label: str, key_id: str, name: str) -> x509.Certificate:
    """A key made on the token and a certificate of the government CA for it, stored beside it."""
    public = token.key_generate(label=label, key_id=key_id)
    certificate = government.ca.issue(
        public, common_name=name, title="Chủ tịch", organisation="UBND xã Krông Nô", now=datetime.now(UTC)
    )
    token.certificate_store(certificate, label=label, key_id=key_id)
    return certificate


@pytest.fixture
def leader_certificate(
    people: People, admin: object, government: Government, token: Token, tmp_path: Path
) -> Certificate:
    assert people.leader.user
    # One token for the whole test process: each test's key has a label and an ID of its own.
    key_id = secrets.token_hex(4)
    label = f"hoang-van-dao-{key_id}"
    certificate = on_token(token, government, label=label, key_id=key_id, name="Hoàng Văn Đạo")
    with government.settings():
        return certificate_import(
            actor=admin,  # type: ignore[arg-type]
            holder=people.leader.user,
            unit=Unit.objects.get(code="24688"),
            kind=CertificateKind.PERSONAL,
            title="Chủ tịch UBND xã",
            certificate_pem=pem(certificate),
            chain_pem=government.ca.chain_pem,
            source=CertificateSource.TOKEN,
            token_key_label=label,
        )


@pytest.fixture
def media(tmp_path: Path) -> object:
    with override_settings(MEDIA_ROOT=str(tmp_path / "media"), MOTCUA_CA_DIR=str(tmp_path / "no-demo-ca")):
        yield


def test_a_leader_signs_the_result_on_the_token_and_verify_says_valid_with_a_timestamp(
    people: People,
    leader_certificate: Certificate,
    government: Government,
    token: Token,
    media: object,
    tmp_path: Path,
) -> None:
    assert people.leader.user
    dossier = decided(people)
    before = datetime.now(UTC)
    with government.settings(**token_settings(token)):
        (document,) = documents.result_sign(actor=people.leader.user, dossier=dossier)
        content = read(document)
        answer = verify_upload(content=content)
    assert (document.demo, document.level, document.certificate.source) == (False, "B-LT", "pkcs11")
    assert document.timestamped_at is not None
    assert before - timedelta(seconds=2) <= document.timestamped_at <= datetime.now(UTC)
    assert (answer.outcome, answer.demo, answer.timestamped_at) == ("valid", False, document.timestamped_at)
    assert verify_code(code=document.code).outcome == "valid"
    # Decree 30: the first number of the commune's decisions this year; Decree 118 Art.22.4: the
    # owner's identifier and the result-type code.
    assert (document.number, answer.number) == ("01/QĐ-UBND", "01/QĐ-UBND")
    assert document.paper_code == f"{APPLICANT.national_id}.1.001612.KQ"
    # B-LT: the chain and the revocation lists are in the document security store.
    dss = DocumentSecurityStore.read_dss(PdfFileReader(BytesIO(content)))
    assert len(dss.crls) == 2
    assert {c.subject.native["common_name"] for c in dss.load_certs()} >= {
        "CA phục vụ cơ quan Nhà nước (thử nghiệm)",
        "Root CA Chính phủ (thử nghiệm)",
    }
    # poppler checks the signature independently of pyHanko.
    path = tmp_path / "signed.pdf"
    path.write_bytes(content)
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert "Signer Certificate Common Name: Hoàng Văn Đạo" in report
    assert "Signature Validation: Signature is Valid." in report
    assert "Signing Time" in report
    stamp = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Số: 01/QĐ-UBND" in stamp and "KHÔNG CÓ GIÁ TRỊ" not in stamp


def test_after_the_certificate_is_revoked_later_the_result_is_valid_at_the_time_of_signing(
    people: People, leader_certificate: Certificate, government: Government, token: Token, media: object
) -> None:
    assert people.leader.user
    dossier = decided(people)
    with government.settings(**token_settings(token)):
        (document,) = documents.result_sign(actor=people.leader.user, dossier=dossier)
        time.sleep(1.5)  # the revocation comes strictly after the timestamp (CRL dates are to the second)
        leaf = x509.load_pem_x509_certificate(leader_certificate.certificate_pem.encode())
        government.ca.revoke(leaf, at=datetime.now(UTC))
        # Learned from the government CA's list alone: the record here does not know yet.
        assert verify_upload(content=read(document)).outcome == "valid_at_signing"
        documents.certificate_revoke(
            actor=people.leader.user, certificate=leader_certificate, reason="Mất token"
        )
        assert verify_code(code=document.code).outcome == "valid_at_signing"
        with pytest.raises(Conflict) as refused:
            documents.result_sign(actor=people.leader.user, dossier=decided(people))
    assert refused.value.code == "certificate_unusable"


def test_without_a_timestamp_authority_a_token_signature_is_refused_and_nothing_is_signed(
    people: People, leader_certificate: Certificate, government: Government, token: Token, media: object
) -> None:
    assert people.leader.user
    dossier = decided(people)
    with (
        government.settings(**token_settings(token)),
        override_settings(MOTCUA_TSA_URL=""),
        pytest.raises(Conflict) as refused,
    ):
        documents.result_sign(actor=people.leader.user, dossier=dossier)
    assert refused.value.code == "no_timestamp_authority"
    assert SignedDocument.objects.count() == 0


def test_a_wrong_pin_refuses_the_signature_with_a_clear_error(
    people: People, leader_certificate: Certificate, government: Government, token: Token, media: object
) -> None:
    assert people.leader.user
    dossier = decided(people)
    with (
        government.settings(**{**token_settings(token), "MOTCUA_PKCS11_PIN": "000000"}),
        pytest.raises(Conflict) as refused,
    ):
        documents.result_sign(actor=people.leader.user, dossier=dossier)
    assert refused.value.code == "token_unavailable"
    assert SignedDocument.objects.count() == 0


def test_the_pin_can_come_from_a_file(
    people: People,
    leader_certificate: Certificate,
    government: Government,
    token: Token,
    media: object,
    tmp_path: Path,
) -> None:
    assert people.leader.user
    pin_file = tmp_path / "pin"
    pin_file.write_text(token.pin + "\n")
    settings = {
        **token_settings(token),
        "MOTCUA_PKCS11_PIN": "wrong",
        "MOTCUA_PKCS11_PIN_FILE": str(pin_file),
    }
    with government.settings(**settings):
        (document,) = documents.result_sign(actor=people.leader.user, dossier=decided(people))
    assert document.level == "B-LT"


def test_an_imported_certificate_must_lead_to_a_configured_anchor(
    people: People, admin: object, government: Government, token: Token, media: object
) -> None:
    assert people.leader.user
    key_id = secrets.token_hex(4)
    certificate = on_token(token, government, label=f"khac-{key_id}", key_id=key_id, name="Hoàng Văn Đạo")
    arguments = {
        "actor": admin,
        "holder": people.leader.user,
        "unit": Unit.objects.get(code="24688"),
        "kind": CertificateKind.PERSONAL,
        "title": "Chủ tịch",
        "certificate_pem": pem(certificate),
        "chain_pem": government.ca.chain_pem,
        "source": CertificateSource.TOKEN,
        "token_key_label": f"khac-{key_id}",
    }
    # No anchor configured: refused.
    with override_settings(MOTCUA_TRUST_ANCHORS=""), pytest.raises(InvalidInput) as refused:
        certificate_import(**arguments)  # type: ignore[arg-type]
    assert refused.value.field == "certificate_pem"
    with government.settings():
        with pytest.raises(InvalidInput):
            certificate_import(**{**arguments, "certificate_pem": "not a certificate"})  # type: ignore[arg-type]
        imported = certificate_import(**arguments)  # type: ignore[arg-type]
        with pytest.raises(Conflict):
            certificate_import(**arguments)  # type: ignore[arg-type]
    assert (imported.source, imported.issuer_name, imported.key_pem) == (
        "pkcs11",
        "CA phục vụ cơ quan Nhà nước (thử nghiệm)",
        "",
    )
    assert Certificate.objects.filter(serial=imported.serial).count() == 1
