"""Public verification by code and by upload: five facts and a plain status, every question
logged, never an error page."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509

from motcua.documents import actions as documents
from motcua.documents.authority import Authority, authority_create, leaf_issue
from motcua.documents.models import SignedDocument, Verification
from motcua.documents.pdfsign import Signing, opener_of, pdf_sign, simple_signer
from motcua.documents.tests.conftest import accepted, at, cached_pdf, certificate_for
from motcua.documents.verification import verify_code, verify_upload
from motcua.testing.personas import People

pytestmark = pytest.mark.django_db


def read(document: SignedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def signed(people: People, admin: object, authority: Authority) -> SignedDocument:
    assert people.desk.user
    certificate_for(admin, people.desk.user, "24688", "Công chức tiếp nhận")  # type: ignore[arg-type]
    return documents.scans_sign(actor=people.desk.user, dossier=accepted(people))[0]


def facts(answer: object) -> tuple[object, ...]:
    return tuple(
        getattr(answer, name)
        for name in ("outcome", "document_type", "issuing_unit", "signed_at", "signer_title")
    )


def test_a_demo_document_by_code_shows_only_the_five_facts_and_says_demo(signed: SignedDocument) -> None:
    answer = verify_code(code=signed.code.lower())
    assert facts(answer) == (
        "demo",
        "Bản số hóa ký khi tiếp nhận",
        "Xã Krông Nô",
        at(2, 9),
        "Công chức tiếp nhận",
    )
    log = Verification.objects.get()
    assert (log.via, log.code, log.document, log.outcome) == ("code", signed.code, signed, "demo")
    assert (signed.demo, signed.level, answer.demo) == (True, "B-B", True)


def test_a_demo_signature_says_demo_even_once_its_certificate_is_revoked(
    people: People, signed: SignedDocument
) -> None:
    assert people.desk.user
    documents.certificate_revoke(actor=people.desk.user, certificate=signed.certificate, reason="Lộ khóa")
    assert verify_code(code=signed.code).outcome == "demo"
    assert verify_upload(content=read(signed)).outcome == "demo"


def test_an_uploaded_demo_copy_says_demo_and_a_changed_byte_makes_it_altered(signed: SignedDocument) -> None:
    content = read(signed)
    assert facts(verify_upload(content=content))[0:3] == (
        "demo",
        "Bản số hóa ký khi tiếp nhận",
        "Xã Krông Nô",
    )
    tampered = bytearray(content)
    tampered[300] ^= 0x01
    answer = verify_upload(content=bytes(tampered))
    assert (answer.outcome, answer.issuing_unit) == ("altered", "Xã Krông Nô")
    assert list(Verification.objects.order_by("pk").values_list("via", "outcome")) == [
        ("upload", "demo"),
        ("upload", "altered"),
    ]


def test_an_incremental_change_after_signing_is_altered(signed: SignedDocument) -> None:
    from io import BytesIO

    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(read(signed)))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[NameObject("/Note")] = TextStringObject("thêm sau khi ký")
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    assert verify_upload(content=out.getvalue()).outcome == "altered"


def test_a_pdf_signed_by_another_authority_is_not_ours(signed: SignedDocument, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    stranger = authority_create(name="Một CA khác", now=now, folder=tmp_path / "other")
    issued = leaf_issue(
        stranger,
        common_name="Kẻ giả mạo",
        title="Chủ tịch",
        organisation="Xã Krông Nô",
        now=now,
        days=30,
        crl_url="http://x",
    )
    from motcua.documents.authority import holder_key

    forged = pdf_sign(
        cached_pdf("Giả mạo"),
        signing=Signing(
            open_signer=opener_of(
                simple_signer(holder_key(issued.key_pem), issued.certificate, [stranger.certificate])
            ),
            name="Kẻ giả mạo",
            title="Chủ tịch",
            reason="",
            location="",
        ),
        code=signed.code,  # even claiming a real code
        url="http://x",
        at=now,
    ).content
    answer = verify_upload(content=forged)
    assert (answer.outcome, answer.found) == ("unknown", False)


@pytest.mark.parametrize(
    ("content", "outcome"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "unreadable"),
        (b"%PDF-1.7\n%%%% not really a pdf", "unreadable"),
        (b"", "unreadable"),
    ],
)
def test_files_that_are_not_readable_pdfs_say_so(authority: Authority, content: bytes, outcome: str) -> None:
    assert verify_upload(content=content).outcome == outcome
    assert Verification.objects.get().outcome == outcome


def test_an_unsigned_pdf_is_not_ours(authority: Authority) -> None:
    assert verify_upload(content=cached_pdf("Không ký")).outcome == "unknown"


def test_an_unknown_code_is_not_ours(authority: Authority) -> None:
    answer = verify_code(code="NOSUCHCODE")
    assert (answer.outcome, answer.found) == ("unknown", False)
    assert Verification.objects.get().code == "NOSUCHCODE"


def test_the_public_page_answers_in_plain_words_without_an_error_page(
    people: People, signed: SignedDocument
) -> None:
    client = people.public.client
    page = client.get(f"/verify/{signed.code}/", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Scan signed at reception" in body and "Công chức tiếp nhận" in body and "02/11/2026" in body
    assert "Trần Văn Tiếp" not in body  # only the five facts: no names, no dossier
    assert signed.dossier.code not in body

    bad = client.post("/verify/", {"file": __file_of(b"hello")}, headers={"Accept-Language": "en"})
    assert bad.status_code == 200
    assert "This file is not a readable PDF." in bad.content.decode()

    none = client.post("/verify/", {}, headers={"Accept-Language": "en"})
    assert none.status_code == 422
    assert "Choose a PDF file to check." in none.content.decode()


def __file_of(content: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("x.pdf", content, content_type="application/pdf")


def test_the_revocation_list_lists_revoked_serials(people: People, signed: SignedDocument) -> None:
    assert people.desk.user
    documents.certificate_revoke(actor=people.desk.user, certificate=signed.certificate, reason="Lộ khóa")
    documents.crl_publish()
    response = people.public.client.get("/ca/crl")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-crl"
    crl = x509.load_der_x509_crl(response.content)
    assert [format(r.serial_number, "x") for r in crl] == [signed.certificate.serial]
