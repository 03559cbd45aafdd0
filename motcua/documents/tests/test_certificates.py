"""Certificates: the CA command, requests, approval by the administrator, revocation."""

from io import StringIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from django.core.management import call_command
from django.test import override_settings

from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.documents import actions as documents
from motcua.documents.authority import Authority, authority_load
from motcua.documents.models import Certificate, CertificateRequest
from motcua.testing.personas import People
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db


def test_ca_create_writes_an_encrypted_key_and_refuses_to_overwrite(tmp_path: Path, db: None) -> None:
    folder = tmp_path / "ca"
    out = StringIO()
    with override_settings(MOTCUA_CA_DIR=str(folder)):
        call_command("ca_create", stdout=out)
        assert out.getvalue().splitlines()[0] == "Tổ chức chứng thực chữ ký số tỉnh Lâm Đồng"
        assert (folder / "crl.der").exists()
        with pytest.raises(TypeError):  # encrypted: unreadable without the passphrase
            serialization.load_pem_private_key((folder / "ca.key").read_bytes(), password=None)
        assert authority_load().name == "Tổ chức chứng thực chữ ký số tỉnh Lâm Đồng"
        from django.core.management.base import CommandError

        with pytest.raises(CommandError):
            call_command("ca_create", stdout=StringIO())


def test_request_then_approve_issues_a_certificate_naming_the_holder(
    people: People, admin: object, authority: Authority
) -> None:
    assert people.leader.user
    unit = Unit.objects.get(code="24688")
    request = documents.certificate_request(
        actor=people.leader.user, kind="personal", unit=unit, title="Chủ tịch"
    )

    certificate = documents.certificate_issue(actor=admin, request=request)  # type: ignore[arg-type]

    from cryptography import x509

    parsed = x509.load_pem_x509_certificate(certificate.certificate_pem.encode())
    assert parsed.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Hoàng Văn Đạo"
    assert parsed.subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "Chủ tịch"
    assert parsed.issuer == authority.certificate.subject
    assert "ENCRYPTED PRIVATE KEY" in certificate.key_pem
    request.refresh_from_db()
    assert (request.state, request.decided_by) == ("issued", admin)


def test_only_an_administrator_of_the_province_approves_and_a_refusal_changes_nothing(
    people: People, authority: Authority
) -> None:
    assert people.leader.user and people.director.user and people.outsider.user
    request = documents.certificate_request(
        actor=people.leader.user, kind="personal", unit=Unit.objects.get(code="24688"), title="Chủ tịch"
    )
    for someone in (people.director.user, people.leader.user, people.outsider.user):
        with pytest.raises(NotFound):
            documents.certificate_issue(actor=someone, request=request)
    request.refresh_from_db()
    assert request.state == "pending"
    assert Certificate.objects.count() == 0


def test_a_request_is_approved_once(people: People, admin: object, authority: Authority) -> None:
    assert people.leader.user
    request = documents.certificate_request(
        actor=people.leader.user, kind="personal", unit=Unit.objects.get(code="24688"), title="Chủ tịch"
    )
    documents.certificate_issue(actor=admin, request=request)  # type: ignore[arg-type]
    with pytest.raises(Conflict):
        documents.certificate_issue(actor=admin, request=request)  # type: ignore[arg-type]
    assert Certificate.objects.count() == 1


def test_requests_are_checked(people: People) -> None:
    assert people.desk.user and people.handler.user
    krong_no = Unit.objects.get(code="24688")
    with pytest.raises(InvalidInput):
        documents.certificate_request(actor=people.desk.user, kind="personal", unit=krong_no, title="  ")
    with pytest.raises(NotFound):  # not their unit
        documents.certificate_request(
            actor=people.desk.user, kind="personal", unit=Unit.objects.get(code="24640"), title="Công chức"
        )
    with pytest.raises(NotFound):  # a handler does not hold the agency's seal
        documents.certificate_request(actor=people.handler.user, kind="seal", unit=krong_no, title="UBND")
    documents.certificate_request(actor=people.desk.user, kind="personal", unit=krong_no, title="Công chức")
    with pytest.raises(Conflict):
        documents.certificate_request(
            actor=people.desk.user, kind="personal", unit=krong_no, title="Công chức"
        )
    assert CertificateRequest.objects.count() == 1


def test_revocation_by_someone_else_is_refused(people: People, admin: object, authority: Authority) -> None:
    assert people.leader.user and people.handler.user
    request = documents.certificate_request(
        actor=people.leader.user, kind="personal", unit=Unit.objects.get(code="24688"), title="Chủ tịch"
    )
    certificate = documents.certificate_issue(actor=admin, request=request)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        documents.certificate_revoke(actor=people.handler.user, certificate=certificate, reason="x")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    documents.certificate_revoke(actor=admin, certificate=certificate, reason="Nghỉ hưu")  # type: ignore[arg-type]
    with pytest.raises(Conflict):
        documents.certificate_revoke(actor=admin, certificate=certificate, reason="Nghỉ hưu")  # type: ignore[arg-type]
