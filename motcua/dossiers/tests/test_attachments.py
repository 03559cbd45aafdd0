import hashlib

import pytest
from django.utils import translation

from motcua.core.errors import InvalidInput
from motcua.dossiers.attachments import IncomingFile, file_check, sniff
from motcua.testing.personas import JPEG, PDF, PNG


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, ("application/pdf", "pdf")),
        (JPEG, ("image/jpeg", "jpg")),
        (PNG, ("image/png", "png")),
        (b"GIF89a....", None),
        (b"<html>%PDF-1.4", None),  # the header must come first
        (b"PK\x03\x04 a zip named scan.pdf", None),
    ],
)
def test_files_are_recognised_by_content(content: bytes, expected: tuple[str, str] | None) -> None:
    assert sniff(content) == expected


def test_a_checked_file_carries_its_hash_and_real_type() -> None:
    checked = file_check(IncomingFile(name="scan.png", content=PDF), field="files[0]")
    assert (checked.content_type, checked.extension) == ("application/pdf", "pdf")
    assert checked.sha256 == hashlib.sha256(PDF).hexdigest()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("vi", "Tệp “don.pdf” không phải là tệp PDF, JPEG hoặc PNG."),
        ("en", "The file “don.pdf” is not a PDF, JPEG or PNG file."),
    ],
)
def test_a_file_named_pdf_that_is_not_one_is_refused(language: str, message: str) -> None:
    with translation.override(language), pytest.raises(InvalidInput) as refused:
        file_check(IncomingFile(name="don.pdf", content=b"hello"), field="files[2]")
    assert (refused.value.field, str(refused.value.message)) == ("files[2]", message)


def test_the_size_limit_is_exactly_ten_megabytes() -> None:
    limit = 10 * 1024 * 1024
    assert file_check(IncomingFile(name="a.pdf", content=PDF.ljust(limit, b"0")), field="f").content_type
    with translation.override("vi"), pytest.raises(InvalidInput) as refused:
        file_check(IncomingFile(name="a.pdf", content=PDF.ljust(limit + 1, b"0")), field="f")
    assert str(refused.value.message) == "Tệp “a.pdf” lớn hơn 10 MB."
    with pytest.raises(InvalidInput):
        file_check(IncomingFile(name="empty.pdf", content=b""), field="f")
