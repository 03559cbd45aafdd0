"""Remote signing through a Cloud Signature Consortium service (its own process): the key stays
in the service, the result is signed PAdES B-LT (B-LTA when configured) and verifies valid
against the configured root."""

from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import override_settings

from motcua.accounts.models import User
from motcua.core.errors import Conflict
from motcua.documents import actions as documents
from motcua.documents.fakes.government_ca import pem
from motcua.documents.imports import certificate_import
from motcua.documents.models import Certificate, CertificateKind, CertificateSource, SignedDocument
from motcua.documents.tests.conftest import decided
from motcua.documents.tests.government import (  # noqa: F401 (fixtures)
    Government,
    RemoteService,
    government_fixture,
    remote_fixture,
)
from motcua.documents.verification import verify_upload
from motcua.dossiers.models import Dossier
from motcua.testing.personas import People
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db


def read(document: SignedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def media(tmp_path: Path) -> object:
    with override_settings(MEDIA_ROOT=str(tmp_path / "media"), MOTCUA_CA_DIR=str(tmp_path / "no-demo-ca")):
        yield


def imported(people: People, admin: object, government: Government, certificate_pem: str) -> Certificate:
    assert people.leader.user
    with government.settings():
        return certificate_import(
            actor=admin,  # type: ignore[arg-type]
            holder=people.leader.user,
            unit=Unit.objects.get(code="24688"),
            kind=CertificateKind.PERSONAL,
            title="Chủ tịch UBND xã",
            certificate_pem=certificate_pem,
            chain_pem=government.ca.chain_pem,
            source=CertificateSource.REMOTE,
            csc_credential_id="dao-ky-so-01",
        )


def test_a_leader_signs_the_result_remotely_and_verify_says_valid(
    people: People, admin: object, government: Government, remote: RemoteService, media: object
) -> None:
    assert people.leader.user
    imported(people, admin, government, pem(remote.certificate))
    with government.settings(**remote.settings()):
        (document,) = documents.result_sign(actor=people.leader.user, dossier=decided(people))
        answer = verify_upload(content=read(document))
    assert (document.certificate.source, document.level, document.demo) == ("csc", "B-LT", False)
    assert document.timestamped_at is not None
    assert (answer.outcome, answer.timestamped_at) == ("valid", document.timestamped_at)


def test_with_lta_configured_a_document_timestamp_is_added(
    people: People, admin: object, government: Government, remote: RemoteService, media: object
) -> None:
    assert people.leader.user
    imported(people, admin, government, pem(remote.certificate))
    with government.settings(**remote.settings(MOTCUA_SIGN_LTA="1")):
        (document,) = documents.result_sign(actor=people.leader.user, dossier=decided(people))
        assert verify_upload(content=read(document)).outcome == "valid"
    assert document.level == "B-LTA"
    assert read(document).count(b"/ETSI.RFC3161") == 1  # the document timestamp


def test_a_wrong_pin_at_the_service_signs_nothing(
    people: People, admin: object, government: Government, remote: RemoteService, media: object
) -> None:
    assert people.leader.user
    imported(people, admin, government, pem(remote.certificate))
    with (
        government.settings(**remote.settings(MOTCUA_CSC_PIN="000000")),
        pytest.raises(Conflict) as refused,
    ):
        documents.result_sign(actor=people.leader.user, dossier=decided(people))
    assert refused.value.code == "signing_failed"
    assert SignedDocument.objects.count() == 0


def test_a_wrong_service_password_or_another_certificate_is_refused(
    people: People, admin: object, government: Government, remote: RemoteService, media: object
) -> None:
    assert people.leader.user
    other = imported(people, admin, government, pem(remote.other_certificate))
    dossier = decided(people)
    with government.settings(**remote.settings()), pytest.raises(Conflict) as mismatch:
        documents.result_sign(actor=people.leader.user, dossier=dossier)
    assert mismatch.value.code == "remote_mismatch"
    other.delete()
    imported(people, admin, government, pem(remote.certificate))
    with (
        government.settings(**remote.settings(MOTCUA_CSC_PASSWORD="sai")),
        pytest.raises(Conflict) as login,
    ):
        documents.result_sign(actor=people.leader.user, dossier=Dossier.objects.get(pk=dossier.pk))
    assert login.value.code == "remote_unavailable"
    assert SignedDocument.objects.count() == 0


def test_a_remote_signature_two_years_on_is_valid_at_the_time_of_signing(
    people: People, admin: object, government: Government, remote: RemoteService, media: object
) -> None:
    """The certificate (two years) has expired: the embedded proof still shows it good when signed."""
    from datetime import timedelta

    from django.utils import timezone

    assert people.leader.user
    imported(people, admin, government, pem(remote.certificate))
    with government.settings(**remote.settings()):
        (document,) = documents.result_sign(actor=people.leader.user, dossier=decided(people))
        content = read(document)
        with time_machine.travel(timezone.now() + timedelta(days=800), tick=False):
            assert verify_upload(content=content).outcome == "valid_at_signing"


def test_the_command_imports_a_remote_certificate_and_refuses_a_bad_file(
    people: People, admin: User, government: Government, remote: RemoteService, tmp_path: Path
) -> None:
    assert people.leader.user
    (tmp_path / "leader.crt").write_text(pem(remote.certificate))
    (tmp_path / "chain.pem").write_text(government.ca.chain_pem)
    (tmp_path / "bad.crt").write_text("không phải chứng thư")
    arguments = ["--actor", admin.username, "--holder", people.leader.user.username, "--unit", "24688"]
    arguments += ["--title", "Chủ tịch UBND xã", "--chain", str(tmp_path / "chain.pem")]
    arguments += ["--csc-credential", remote.credential_id]
    out = StringIO()
    with government.settings():
        with pytest.raises(CommandError):
            call_command("import_certificate", *arguments, "--cert", str(tmp_path / "bad.crt"))
        call_command("import_certificate", *arguments, "--cert", str(tmp_path / "leader.crt"), stdout=out)
    certificate = Certificate.objects.get()
    assert (certificate.source, certificate.csc_credential_id, certificate.holder) == (
        "csc",
        "dao-ky-so-01",
        people.leader.user,
    )
    assert (
        out.getvalue().strip()
        == f"Hoàng Văn Đạo · {certificate.serial} · CA phục vụ cơ quan Nhà nước (thử nghiệm)"
    )


def test_the_fake_service_speaks_the_csc_api_over_http(remote: RemoteService) -> None:
    """info, auth/login, credentials/list; a wrong password and a foreign credential are refused."""
    import base64
    import json
    import urllib.error
    import urllib.request

    def post(path: str, body: dict[str, object], authorization: str = "") -> tuple[int, dict[str, object]]:
        request = urllib.request.Request(
            f"{remote.url}/csc/v1/{path}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": authorization},
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    status, info = post("info", {})
    assert (status, info["specs"], info["authType"]) == (200, "1.0.4.0", ["basic"])
    basic = base64.b64encode(b"krongno:mat-khau-dich-vu").decode()
    wrong = base64.b64encode(b"krongno:sai").decode()
    assert post("auth/login", {}, f"Basic {wrong}")[0] == 401
    status, login = post("auth/login", {}, f"Basic {basic}")
    bearer = f"Bearer {login['access_token']}"
    assert post("credentials/list", {}, bearer) == (200, {"credentialIDs": ["dao-ky-so-01"]})
    assert post("credentials/list", {}, "Bearer nope")[0] == 401
    status, refused = post("credentials/info", {"credentialID": "someone-else"}, bearer)
    assert (status, refused["error"]) == (400, "invalid_request")
    status, authorised = post(
        "credentials/authorize",
        {"credentialID": "dao-ky-so-01", "numSignatures": 1, "hash": ["AA=="], "PIN": "1"},
        bearer,
    )
    assert (status, authorised["error"]) == (400, "invalid_pin")
