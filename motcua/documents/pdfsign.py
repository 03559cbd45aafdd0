"""PAdES signing and inspection of PDF bytes with pyHanko. No database here: callers pass the
keys and certificates, and get bytes or plain facts back.

Each signature carries a visible stamp with a QR code to the public verification page of its
document; the signature field is named after the document's code, so an uploaded copy leads back
to its record even after the bytes around it were changed.
"""

import asyncio
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

import segno
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

T = TypeVar("T")
FIELD_PREFIX = "motcua-"
_STAMP_WIDTH = 190
_STAMP_HEIGHT = 64
_MARGIN = 20


def _outside_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call one of pyHanko's synchronous wrappers, which run `asyncio.run` inside. Where an event
    loop already runs in this thread (an ASGI server, a browser-driving test), that would fail:
    run it in a worker thread with a loop of its own instead."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


class NotAPdf(Exception):
    """The bytes do not open as a PDF."""


def _asn1_cert(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _asn1_key(key: ec.EllipticCurvePrivateKey) -> asn1_keys.PrivateKeyInfo:
    der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return asn1_keys.PrivateKeyInfo.load(der)


def ascii_fold(text: str) -> str:
    """Vietnamese without its marks ("Đạo" → "Dao"), for a stamp in a standard PDF font when no
    TrueType font is on the machine. The document's own text and the verification page keep every mark."""
    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if ord(c) < 128)


# The stamp embeds (a subset of) a font with Vietnamese glyphs, shaped by HarfBuzz (pyHanko[opentype]).
STAMP_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


@cache
def stamp_font() -> str | None:
    return next((path for path in STAMP_FONTS if Path(path).is_file()), None)


def stamp_text(text: str) -> str:
    return text if stamp_font() else ascii_fold(text)


class QrContent(PdfContent):
    """A QR code drawn as filled squares: no image, no extra dependency (segno gives the matrix)."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__(box=BoxConstraints(width=size, height=size))
        self.matrix = segno.make(data, error="m").matrix
        self.size = size

    def render(self) -> bytes:
        quiet = 2
        count = len(self.matrix)
        module = self.size / (count + 2 * quiet)
        squares = []
        for row_number, row in enumerate(self.matrix):
            y = self.size - (quiet + row_number + 1) * module
            for column, dark in enumerate(row):
                if dark & 1:
                    squares.append(f"{(quiet + column) * module:.3f} {y:.3f} {module:.3f} {module:.3f} re")
        return (
            f"q 1 1 1 rg 0 0 {self.size:.3f} {self.size:.3f} re f 0 0 0 rg " + " ".join(squares) + " f Q"
        ).encode()


def _text_box() -> TextBoxStyle:
    path = stamp_font()
    if path is None:
        return TextBoxStyle(font_size=6)
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    return TextBoxStyle(font=GlyphAccumulatorFactory(path), font_size=6)


def _stamp_style(url: str) -> TextStampStyle:
    qr_size = _STAMP_HEIGHT - 6
    return TextStampStyle(
        stamp_text="%(signer)s\n%(title)s\n%(ts)s\n%(code)s",
        timestamp_format="%H:%M %d/%m/%Y",
        border_width=1,
        text_box_style=_text_box(),
        background=QrContent(url, qr_size),
        background_opacity=1.0,
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MID, margins=Margins.uniform(3)
        ),
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins(left=qr_size + 8, right=3, top=3, bottom=3),
        ),
    )


@dataclass(frozen=True)
class Signing:
    """Who signs, as the signature and its stamp will show it."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    authority: x509.Certificate
    name: str
    title: str
    reason: str
    location: str


def pdf_sign(content: bytes, *, signing: Signing, code: str, url: str, at: datetime) -> bytes:
    """Sign `content` as an incremental update: earlier signatures stay valid. The stamp goes at
    the bottom of the last page, left of any stamps already there."""
    try:
        writer = IncrementalPdfFileWriter(BytesIO(content), strict=False)
        pages = writer.root["/Pages"]
        last = int(pages["/Count"]) - 1
        existing = len(list(fields.enumerate_sig_fields(writer)))
    except Exception as exc:  # pyHanko raises many kinds on a broken file
        raise NotAPdf(str(exc)) from exc
    left = _MARGIN + existing * (_STAMP_WIDTH + 6)
    box = (left, _MARGIN, left + _STAMP_WIDTH, _MARGIN + _STAMP_HEIGHT)
    field_name = f"{FIELD_PREFIX}{code}"
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(signing.certificate),
        signing_key=_asn1_key(signing.key),
        cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(signing.authority)]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=signing.reason,
        location=signing.location,
        name=signing.name,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=_stamp_style(url),
        new_field_spec=fields.SigFieldSpec(field_name, on_page=last, box=box),
    )
    out = _outside_loop(
        pdf_signer.sign_pdf,
        writer,
        appearance_text_params={
            "url": url,
            "signer": stamp_text(signing.name),
            "title": stamp_text(signing.title),
            "code": code,
        },
        in_place=False,
    )
    return out.getvalue()


@dataclass(frozen=True)
class Inspected:
    """What one embedded signature says about itself and about the bytes it covers."""

    code: str  # from the field name; "" for a field not named by us
    serial: str  # the signer certificate's serial, hex
    issuer_matches: bool  # issued by our authority (cryptographically checked)
    intact: bool  # the signed bytes are unchanged
    covers_everything: bool  # nothing was added after it, or only later signatures
    signer_name: str


def pdf_signatures(content: bytes, authority: x509.Certificate) -> list[Inspected]:
    """Every signature of the PDF, checked against our authority as the only trust root.
    Raises NotAPdf for bytes that do not open."""
    try:
        reader = PdfFileReader(BytesIO(content), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        raise NotAPdf(str(exc)) from exc
    root = _asn1_cert(authority)
    found = []
    for signature in embedded:
        context = ValidationContext(trust_roots=[root], allow_fetching=False, revocation_mode="soft-fail")
        try:
            status = _outside_loop(validate_pdf_signature, signature, context)
            intact = bool(status.intact and status.valid)
            trusted = bool(status.trusted)
            modified = status.modification_level
            covers = modified is None or modified.name in ("NONE", "LTA_UPDATES", "FORM_FILLING")
        except Exception:
            intact, trusted, covers = False, False, False
        cert = signature.signer_cert
        name = signature.field_name or ""
        found.append(
            Inspected(
                code=name[len(FIELD_PREFIX) :] if name.startswith(FIELD_PREFIX) else "",
                serial=format(cert.serial_number, "x") if cert is not None else "",
                issuer_matches=trusted,
                intact=intact,
                covers_everything=covers,
                signer_name=cert.subject.human_friendly if cert is not None else "",
            )
        )
    return found
