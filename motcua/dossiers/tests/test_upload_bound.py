"""H2 (security review): an oversized upload is never read whole into memory."""

import io

import pytest
from django.test import override_settings

from motcua.core.errors import InvalidInput
from motcua.dossiers.attachments import IncomingFile, file_check


class CountingStream(io.BytesIO):
    def __init__(self, size: int) -> None:
        super().__init__(b"%PDF-1.4\n" + b"0" * (size - 9))
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


@override_settings(MOTCUA_ATTACHMENT_MAX_BYTES=1000)
def test_oversized_upload_is_read_only_one_byte_past_the_limit_and_refused() -> None:
    upload = CountingStream(50_000)
    incoming = IncomingFile.read(upload, "big.pdf")
    assert upload.bytes_read == 1001
    with pytest.raises(InvalidInput) as refused:
        file_check(incoming, field="files[0]")
    assert refused.value.field == "files[0]"
    assert refused.value.status == 422


@override_settings(MOTCUA_ATTACHMENT_MAX_BYTES=1000)
def test_upload_within_the_limit_is_read_whole() -> None:
    upload = CountingStream(1000)
    incoming = IncomingFile.read(upload, "ok.pdf")
    assert len(incoming.content) == 1000
    assert file_check(incoming, field="files[0]").content_type == "application/pdf"
