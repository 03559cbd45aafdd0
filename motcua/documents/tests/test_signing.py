"""Signing: scans at reception, the result (by the leader or a delegated deputy), the certified
copy; each checked by pyHanko's validator with our root and, independently, by poppler's pdfsig."""

import subprocess
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
import time_machine
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.core.files.base import ContentFile
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from motcua.catalog.models import Procedure
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.documents import actions as documents
from motcua.documents.authority import Authority
from motcua.documents.models import CertificateKind, DigitisedComponent, SignedDocument
from motcua.documents.tests.conftest import accepted, at, certificate_for, decided
from motcua.dossiers.models import Dossier, Event
from motcua.testing.personas import People
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db


def read(document: SignedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def pyhanko_statuses(content: bytes, authority: Authority) -> list[tuple[str, bool, bool, bool]]:
    """(field, intact, valid, trusted) of every signature, our root as the only trust anchor."""
    root = asn1_x509.Certificate.load(authority.certificate.public_bytes(serialization.Encoding.DER))
    reader = PdfFileReader(BytesIO(content))
    statuses = []
    for signature in reader.embedded_signatures:
        status = validate_pdf_signature(
            signature, ValidationContext(trust_roots=[root], allow_fetching=False)
        )
        statuses.append((signature.field_name, status.intact, status.valid, status.trusted))
    return statuses


def pdfsig(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "checked.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


def test_the_receiving_officer_signs_the_scans_and_both_validators_agree(
    people: People, admin: object, authority: Authority, tmp_path: Path
) -> None:
    assert people.desk.user
    certificate_for(admin, people.desk.user, "24688", "Công chức tiếp nhận")  # type: ignore[arg-type]
    dossier = accepted(people, scans=("Tờ khai đăng ký khai sinh", "Giấy chứng sinh"))

    signed = documents.scans_sign(actor=people.desk.user, dossier=dossier)

    assert [d.kind for d in signed] == ["reception_scan", "reception_scan"]
    assert [d.name for d in signed] == ["scan-1.pdf", "scan-2.pdf"]
    content = read(signed[0])
    assert pyhanko_statuses(content, authority) == [(f"motcua-{signed[0].code}", True, True, True)]
    report = pdfsig(content, tmp_path)
    assert f"Signature Field Name: motcua-{signed[0].code}" in report
    assert "Signer Certificate Common Name: Trần Văn Tiếp" in report
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Signature Validation: Signature is Valid." in report
    # The visible stamp keeps the Vietnamese marks of the signer's name and title.
    stamp_text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    assert "Trần Văn Tiếp" in stamp_text
    assert "Công chức tiếp nhận" in stamp_text

    event = Event.objects.filter(dossier=dossier).order_by("-seq").first()
    assert event is not None and event.kind == "signed"
    assert event.data["documents"] == [d.code for d in signed]
    assert event.data["signer"] == "Trần Văn Tiếp"
    digitised = DigitisedComponent.objects.get(document=signed[0])
    assert (digitised.owner_national_id, digitised.scope, digitised.valid_from) == (
        "068190001234",
        "nationwide",
        date(2026, 11, 2),
    )
    assert digitised.type_code.startswith("1.001612.TP")


def test_a_tampered_byte_is_caught_by_pyhanko_and_by_pdfsig(
    people: People, admin: object, authority: Authority, tmp_path: Path
) -> None:
    assert people.desk.user
    certificate_for(admin, people.desk.user, "24688", "Công chức tiếp nhận")  # type: ignore[arg-type]
    document = documents.scans_sign(actor=people.desk.user, dossier=accepted(people))[0]
    content = bytearray(read(document))
    content[300] ^= 0x01  # inside the first signed byte range

    assert pyhanko_statuses(bytes(content), authority)[0][1] is False
    assert "Signature Validation: Digest Mismatch." in pdfsig(bytes(content), tmp_path)


def test_a_desk_officer_of_another_commune_cannot_sign_and_nothing_changes(
    people: People, admin: object, authority: Authority
) -> None:
    assert people.desk.user and people.cujut_desk.user
    certificate_for(admin, people.cujut_desk.user, "24640", "Công chức tiếp nhận")  # type: ignore[arg-type]
    dossier = accepted(people)
    version = dossier.version

    with pytest.raises(NotFound):
        documents.scans_sign(actor=people.cujut_desk.user, dossier=dossier)

    assert SignedDocument.objects.count() == 0
    assert Dossier.objects.get(pk=dossier.pk).version == version


def test_an_officer_without_a_certificate_is_told_to_request_one(
    people: People, authority: Authority
) -> None:
    assert people.desk.user
    with pytest.raises(Conflict) as refused:
        documents.scans_sign(actor=people.desk.user, dossier=accepted(people))
    assert (
        str(refused.value.message) == "Bạn chưa có chứng thư số để ký tại Xã Krông Nô; hãy đề nghị cấp trước."
    )


def test_a_revoked_certificate_cannot_sign_and_says_why(
    people: People, admin: object, authority: Authority
) -> None:
    assert people.desk.user
    certificate = certificate_for(admin, people.desk.user, "24688", "Công chức tiếp nhận")  # type: ignore[arg-type]
    documents.certificate_revoke(actor=people.desk.user, certificate=certificate, reason="Mất thiết bị")
    dossier = accepted(people)

    with pytest.raises(Conflict) as refused:
        documents.scans_sign(actor=people.desk.user, dossier=dossier)

    assert str(refused.value.message) == (
        f"Chứng thư số {certificate.serial[:12]} đã bị thu hồi ngày 02/11/2026 (Mất thiết bị); "
        "không thể ký số được nữa."
    )
    assert SignedDocument.objects.count() == 0


def test_an_expired_certificate_cannot_sign_and_says_why(
    people: People, admin: object, authority: Authority, clock: time_machine.Traveller
) -> None:
    assert people.desk.user
    request = documents.certificate_request(
        actor=people.desk.user, kind="personal", unit=Unit.objects.get(code="24688"), title="Công chức"
    )
    certificate = documents.certificate_issue(actor=admin, request=request, days=30)  # type: ignore[arg-type]
    dossier = accepted(people)
    clock.move_to(at(2, 9) + timedelta(days=31))

    with pytest.raises(Conflict) as refused:
        documents.scans_sign(actor=people.desk.user, dossier=dossier)

    assert str(refused.value.message) == (
        f"Chứng thư số {certificate.serial[:12]} đã hết hạn ngày 02/12/2026; hãy đề nghị cấp mới."
    )


def test_a_scan_that_is_not_a_real_pdf_is_refused_and_nothing_is_signed(
    people: People, admin: object, authority: Authority
) -> None:
    assert people.desk.user
    certificate_for(admin, people.desk.user, "24688", "Công chức tiếp nhận")  # type: ignore[arg-type]
    dossier = accepted(people)
    broken = dossier.attachments.get()
    broken.file.save("broken.pdf", ContentFile(b"%PDF-1.4\nbroken"))

    with pytest.raises(InvalidInput) as refused:
        documents.scans_sign(actor=people.desk.user, dossier=dossier)

    assert str(refused.value.message) == "Tệp “scan-1.pdf” không phải là tệp PDF có thể ký số."
    assert SignedDocument.objects.count() == 0


def test_the_leader_signs_the_result_and_the_seal_certifies_the_copy(
    people: People, admin: object, authority: Authority, tmp_path: Path
) -> None:
    assert people.leader.user and people.desk.user
    certificate_for(admin, people.leader.user, "24688", "Chủ tịch UBND xã")  # type: ignore[arg-type]
    certificate_for(admin, people.leader.user, "24688", "UBND xã Krông Nô", kind=CertificateKind.SEAL)  # type: ignore[arg-type]
    dossier = decided(people)

    result = documents.result_sign(actor=people.leader.user, dossier=dossier)[0]
    copy = documents.copy_certify(actor=people.desk.user, dossier=dossier)[0]

    assert (result.kind, result.signer_title, result.on_behalf_of) == ("result", "Chủ tịch UBND xã", None)
    content = read(copy)
    statuses = pyhanko_statuses(content, authority)
    assert statuses == [
        (f"motcua-{result.code}", True, True, True),
        (f"motcua-{copy.code}", True, True, True),
    ]
    report = pdfsig(content, tmp_path)
    assert report.count("Signature Validation: Signature is Valid.") == 2
    assert "Signer Certificate Common Name: Xã Krông Nô" in report
    assert DigitisedComponent.objects.get(document=copy).type_code == "1.001612.KQ"


def test_a_deputy_signs_the_result_under_a_delegation_and_both_names_are_recorded(
    people: People, admin: object, authority: Authority, tmp_path: Path
) -> None:
    assert people.leader.user and people.director.user
    people.leader.user.job_title = "Chủ tịch UBND xã"
    people.leader.user.save(update_fields=["job_title"])
    certificate_for(admin, people.director.user, "24688", "Phó Giám đốc Trung tâm")  # type: ignore[arg-type]
    dossier = decided(people)
    documents.delegation_grant(
        actor=people.leader.user,
        unit=Unit.objects.get(code="24688"),
        deputy=people.director.user,
        procedures=[Procedure.objects.get(code="1.001612")],
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 11, 30),
    )

    signed = documents.result_sign(actor=people.director.user, dossier=dossier)[0]

    assert signed.on_behalf_of == people.leader.user
    assert signed.signer_title == "KT. Chủ tịch UBND xã – Phó Giám đốc Trung tâm"
    report = pdfsig(read(signed), tmp_path)
    assert "Signer Certificate Common Name: Đỗ Thị Giám" in report
    assert "Signature Validation: Signature is Valid." in report
    reader = PdfFileReader(BytesIO(read(signed)))
    reason = str(reader.embedded_signatures[0].sig_object["/Reason"])
    assert (
        reason
        == f"Kết quả giải quyết hồ sơ {dossier.code}, ký thay Hoàng Văn Đạo theo ủy quyền ngày 01/11/2026"
    )
    event = Event.objects.filter(dossier=dossier, kind="signed").get()
    assert (event.data["signer"], event.data["on_behalf_of"]) == ("Đỗ Thị Giám", "Hoàng Văn Đạo")


def test_a_deputy_without_a_delegation_for_the_procedure_cannot_sign(
    people: People, admin: object, authority: Authority
) -> None:
    assert people.leader.user and people.director.user
    certificate_for(admin, people.director.user, "24688", "Phó Giám đốc Trung tâm")  # type: ignore[arg-type]
    dossier = decided(people)
    documents.delegation_grant(
        actor=people.leader.user,
        unit=Unit.objects.get(code="24688"),
        deputy=people.director.user,
        procedures=[Procedure.objects.exclude(code="1.001612").first()],  # type: ignore[list-item]
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 11, 30),
    )

    with pytest.raises(NotFound):
        documents.result_sign(actor=people.director.user, dossier=dossier)
    assert SignedDocument.objects.count() == 0


def test_an_expired_delegation_no_longer_lets_the_deputy_sign(
    people: People, admin: object, authority: Authority
) -> None:
    assert people.leader.user and people.director.user
    certificate_for(admin, people.director.user, "24688", "Phó Giám đốc Trung tâm")  # type: ignore[arg-type]
    dossier = decided(people)
    delegation = documents.delegation_grant(
        actor=people.leader.user,
        unit=Unit.objects.get(code="24688"),
        deputy=people.director.user,
        procedures=[Procedure.objects.get(code="1.001612")],
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 11, 30),
    )
    documents.delegation_end(actor=people.leader.user, delegation=delegation)

    with pytest.raises(NotFound):
        documents.result_sign(actor=people.director.user, dossier=dossier)


def test_only_a_leader_may_delegate_and_only_to_a_colleague(people: People) -> None:
    assert people.leader.user and people.handler.user and people.cujut_handler.user
    unit = Unit.objects.get(code="24688")
    procedures = [Procedure.objects.get(code="1.001612")]
    with pytest.raises(NotFound):
        documents.delegation_grant(
            actor=people.handler.user,
            unit=unit,
            deputy=people.handler2.user,  # type: ignore[arg-type]
            procedures=procedures,
            starts_on=date(2026, 11, 1),
            ends_on=date(2026, 11, 30),
        )
    with pytest.raises(InvalidInput) as refused:
        documents.delegation_grant(
            actor=people.leader.user,
            unit=unit,
            deputy=people.cujut_handler.user,
            procedures=procedures,
            starts_on=date(2026, 11, 1),
            ends_on=date(2026, 11, 30),
        )
    assert str(refused.value.message) == "Ngô Thị Jút không công tác tại Xã Krông Nô."
