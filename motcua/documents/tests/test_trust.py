"""Trust anchors (the settings' bundle and the admin's), the demo CA kept to demonstrations (its
certificates and stamps say so, refused when MOTCUA_ENV=production), and the untrusted-issuer
answer (Law on Electronic Transactions 2023: a state agency signs with the government CA's
certificate; Decree 68/2024)."""

import subprocess
from pathlib import Path

import pytest
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import translation

from motcua.accounts.models import User
from motcua.core.errors import Conflict
from motcua.documents import actions as documents
from motcua.documents.authority import DEMO_MARK, Authority
from motcua.documents.fakes.government_ca import pem
from motcua.documents.imports import certificate_import
from motcua.documents.models import (
    CertificateKind,
    CertificateRequest,
    CertificateSource,
    SignedDocument,
    TrustAnchor,
)
from motcua.documents.signers import leaf_of
from motcua.documents.tests.conftest import at, certificate_for, decided
from motcua.documents.tests.government import (  # noqa: F401 (fixtures)
    Government,
    RemoteService,
    government_fixture,
    remote_fixture,
)
from motcua.documents.trust import anchors, fingerprint
from motcua.documents.verification import verify_code, verify_upload
from motcua.testing.personas import People
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db


def read(document: SignedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def test_anchors_come_from_the_bundle_and_the_admin_and_the_demo_root_only_outside_production(
    government: Government, authority: Authority
) -> None:
    TrustAnchor.objects.create(
        name="intermediate",
        certificate_pem=pem(government.ca.intermediate),
        fingerprint="a" * 64,
        added_at=at(1, 8),
    )
    TrustAnchor.objects.create(
        name="off",
        certificate_pem=pem(government.ca.tsa),
        fingerprint="b" * 64,
        enabled=False,
        added_at=at(1, 8),
    )
    with government.settings():
        found = {fingerprint(c) for c in anchors()}
        assert found == {
            fingerprint(government.ca.root),
            fingerprint(government.ca.intermediate),
            fingerprint(authority.certificate),
        }
        with override_settings(PRODUCTION=True):
            assert {fingerprint(c) for c in anchors()} == {
                fingerprint(government.ca.root),
                fingerprint(government.ca.intermediate),
            }


def test_the_admin_adds_a_trust_anchor_from_its_pem_once(government: Government) -> None:
    admin = User.objects.create(username="root", kind=User.Kind.OFFICIAL, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    url = "/admin/documents/trustanchor/add/"
    response = client.post(url, {"certificate_pem": pem(government.ca.root), "enabled": "on"})
    assert response.status_code == 302
    anchor = TrustAnchor.objects.get()
    assert (anchor.fingerprint, anchor.is_root, anchor.enabled) == (
        fingerprint(government.ca.root),
        True,
        True,
    )
    assert "Root CA Chính phủ (thử nghiệm)" in anchor.name
    with translation.override("en"):
        again = client.post(
            url, {"certificate_pem": pem(government.ca.root)}, headers={"Accept-Language": "en"}
        )
        bad = client.post(url, {"certificate_pem": "hello"}, headers={"Accept-Language": "en"})
    assert again.status_code == 200 and "already a trust anchor" in again.content.decode()
    assert bad.status_code == 200 and "exactly one certificate" in bad.content.decode()
    assert TrustAnchor.objects.count() == 1


def test_demo_certificates_and_stamps_say_demo(
    people: People, admin: object, authority: Authority, tmp_path: Path
) -> None:
    assert people.leader.user
    certificate = certificate_for(admin, people.leader.user, "24688", "Chủ tịch")  # type: ignore[arg-type]
    units = leaf_of(certificate).subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    assert [u.value for u in units] == [DEMO_MARK]
    (document,) = documents.result_sign(actor=people.leader.user, dossier=decided(people))
    stamp = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=read(document), capture_output=True, check=True
    ).stdout.decode()
    assert "CHỨNG THƯ THỬ NGHIỆM – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ" in stamp
    assert (document.demo, verify_code(code=document.code).outcome) == (True, "demo")
    with translation.override("en"):
        page = people.public.client.get(f"/verify/{document.code}/", headers={"Accept-Language": "en"})
    assert "Demo certificate, no legal value" in page.content.decode()


def test_the_demo_ca_is_refused_in_production_and_nothing_changes(
    people: People, admin: object, authority: Authority
) -> None:
    assert people.leader.user
    certificate_for(admin, people.leader.user, "24688", "Chủ tịch")  # type: ignore[arg-type]
    dossier = decided(people)
    request = documents.certificate_request(
        actor=people.desk.user,  # type: ignore[arg-type]
        kind=CertificateKind.PERSONAL,
        unit=Unit.objects.get(code="24688"),
        title="Công chức",
    )
    with override_settings(PRODUCTION=True):
        with pytest.raises(Conflict) as signing:
            documents.result_sign(actor=people.leader.user, dossier=dossier)
        with pytest.raises(Conflict) as issuing:
            documents.certificate_issue(actor=admin, request=request)  # type: ignore[arg-type]
    assert (signing.value.code, issuing.value.code) == ("demo_refused", "demo_refused")
    assert SignedDocument.objects.count() == 0
    request.refresh_from_db()
    assert request.state == CertificateRequest.State.PENDING


def test_a_signature_whose_issuer_is_no_longer_trusted_says_untrusted_issuer(
    people: People, admin: object, government: Government, remote: RemoteService, tmp_path: Path
) -> None:
    assert people.leader.user
    with override_settings(MEDIA_ROOT=str(tmp_path / "media"), MOTCUA_CA_DIR=str(tmp_path / "no-demo")):
        with government.settings():
            certificate_import(
                actor=admin,  # type: ignore[arg-type]
                holder=people.leader.user,
                unit=Unit.objects.get(code="24688"),
                kind=CertificateKind.PERSONAL,
                title="Chủ tịch UBND xã",
                certificate_pem=pem(remote.certificate),
                chain_pem=government.ca.chain_pem,
                source=CertificateSource.REMOTE,
                csc_credential_id=remote.credential_id,
            )
        with government.settings(**remote.settings()):
            (document,) = documents.result_sign(actor=people.leader.user, dossier=decided(people))
        # The anchor is withdrawn from the configuration: the same file no longer leads to it.
        with override_settings(
            MOTCUA_TRUST_ANCHORS=str(tmp_path / "none.pem"), MOTCUA_TSA_URL=government.tsa_url
        ):
            (tmp_path / "none.pem").write_text("")
            answer = verify_upload(content=read(document))
            with translation.override("en"):
                page = people.public.client.post(
                    "/verify/",
                    {"file": SimpleUploadedFile("kq.pdf", read(document), content_type="application/pdf")},
                    headers={"Accept-Language": "en"},
                )
    assert answer.outcome == "untrusted"
    assert "not issued by a certification authority trusted here" in page.content.decode()


def test_the_demo_ca_cannot_be_created_in_production(tmp_path: Path) -> None:
    from django.core.management import CommandError, call_command

    with (
        override_settings(PRODUCTION=True, MOTCUA_CA_DIR=str(tmp_path / "ca")),
        translation.override("en"),
        pytest.raises(CommandError, match="has no legal value"),
    ):
        call_command("ca_create")
    assert not (tmp_path / "ca").exists()
