"""PAdES signing and inspection of PDF bytes with pyHanko. No database here: callers pass an
opener of the signer (demo key, token, remote service), the timestamp authority and the
validation context, and get bytes or plain facts back.

Levels: B-B (a signature), B-T (with an RFC 3161 timestamp), B-LT (and the chains and revocation
lists that prove the certificate good at that time, embedded in the document security store),
B-LTA (and a document timestamp over all of it), so a result stays verifiable after its signer's
certificate expires or is revoked later.

Each signature carries a visible stamp with a QR code to the public verification page of its
document; the signature field is named after the document's code, so an uploaded copy leads back
to its record even after the bytes around it were changed.
"""

import asyncio
import unicodedata
from collections.abc import AsyncIterator, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager, asynccontextmanager
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
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature, async_validate_pdf_signature
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

T = TypeVar("T")
FIELD_PREFIX = "motcua-"
_STAMP_WIDTH = 190
_STAMP_HEIGHT = 64
_MARGIN = 20


def _run(coroutine: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run an async pyHanko operation to its end, in a worker thread with a loop of its own where
    an event loop already runs in this thread (an ASGI server, a browser-driving test)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine())).result()


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
        stamp_text="%(signer)s\n%(title)s\n%(ts)s\n%(code)s%(demo)s",
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


# Said on every stamp of the built-in CA (the documents' language is Vietnamese).
DEMO_STAMP = "CHỨNG THƯ THỬ NGHIỆM – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"

SignerOpener = Callable[[], AbstractAsyncContextManager[signers.Signer]]


def simple_signer(
    key: ec.EllipticCurvePrivateKey, certificate: x509.Certificate, chain: list[x509.Certificate]
) -> signers.Signer:
    """A signer whose key is in memory: the demo CA's only."""
    return signers.SimpleSigner(
        signing_cert=_asn1_cert(certificate),
        signing_key=_asn1_key(key),
        cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(c) for c in chain]),
    )


def opener_of(signer: signers.Signer) -> SignerOpener:
    @asynccontextmanager
    async def opened() -> AsyncIterator[signers.Signer]:
        yield signer

    return opened


@dataclass(frozen=True)
class Signing:
    """Who signs and how, as the signature and its stamp will show it."""

    open_signer: SignerOpener
    name: str
    title: str
    reason: str
    location: str
    demo: bool = False
    timestamper: TimeStamper | None = None
    # Given: the chain and revocation data are embedded (B-LT), validated with this context.
    embed_context: Callable[[], ValidationContext] | None = None
    lta: bool = False


@dataclass(frozen=True)
class Signed:
    content: bytes
    level: str  # B-B, B-T, B-LT, B-LTA
    timestamped_at: datetime | None


class SigningFailed(Exception):
    """The signer, the timestamp authority or the revocation check failed; nothing was signed."""


def _level(signing: Signing) -> str:
    if signing.timestamper is None:
        return "B-B"
    if signing.embed_context is None:
        return "B-T"
    return "B-LTA" if signing.lta else "B-LT"


def _tst_time(signature: EmbeddedPdfSignature) -> datetime | None:
    """The time in the signature's timestamp token (checked cryptographically elsewhere)."""
    for token in extract_tst_data_iter(signature.signer_info, signed=False):
        return token["encap_content_info"]["content"].parsed["gen_time"].native
    return None


def pdf_sign(
    content: bytes, *, signing: Signing, code: str, url: str, at: datetime, number: str = ""
) -> Signed:
    """Sign `content` as an incremental update: earlier signatures stay valid. The stamp goes at
    the bottom of the last page, left of any stamps already there, with the verification code and
    the document's number and symbol (Decree 30) when it has one."""
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
    context = signing.embed_context() if signing.embed_context is not None else None
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=signing.reason,
        location=signing.location,
        name=signing.name,
        embed_validation_info=context is not None,
        validation_context=context,
        use_pades_lta=bool(signing.lta and context is not None and signing.timestamper is not None),
    )

    async def sign() -> bytes:
        try:
            async with signing.open_signer() as signer:
                pdf_signer = signers.PdfSigner(
                    meta,
                    signer=signer,
                    timestamper=signing.timestamper,
                    stamp_style=_stamp_style(url),
                    new_field_spec=fields.SigFieldSpec(field_name, on_page=last, box=box),
                )
                out = await pdf_signer.async_sign_pdf(
                    writer,
                    appearance_text_params={
                        "url": url,
                        "signer": stamp_text(signing.name),
                        "title": stamp_text(signing.title),
                        "code": f"{code} · Số: {number}" if number else code,
                        "demo": "\n" + stamp_text(DEMO_STAMP) if signing.demo else "",
                    },
                    in_place=False,
                )
                return bytes(out.getvalue())
        finally:
            if context is not None:
                await context.aclose()

    try:
        signed = _run(sign)
    except NotAPdf:
        raise
    except Exception as exc:
        # The signer's own refusals (SignerUnavailable) travel as they are.
        from motcua.core.errors import DomainError

        if isinstance(exc, DomainError):
            raise
        raise SigningFailed(f"{type(exc).__name__}: {exc}") from exc
    reader = PdfFileReader(BytesIO(signed), strict=False)
    ours = [s for s in reader.embedded_signatures if s.field_name == field_name]
    return Signed(content=signed, level=_level(signing), timestamped_at=_tst_time(ours[0]) if ours else None)


@dataclass(frozen=True)
class Inspected:
    """What one embedded signature says about itself and about the bytes it covers."""

    code: str  # from the field name; "" for a field not named by us
    serial: str  # the signer certificate's serial, hex
    issuer_matches: bool  # leads to a trust anchor at the time of signing (cryptographically checked)
    intact: bool  # the signed bytes are unchanged
    covers_everything: bool  # nothing was added after it, or only later signatures
    signer_name: str
    timestamped_at: datetime | None = None  # a trusted timestamp's time
    good_now: bool = True  # the certificate is neither revoked nor expired now (None-free: unknown is good)
    issuer: str = ""  # the signer certificate's issuer, as text


def _facts(
    signature: EmbeddedPdfSignature,
    kwargs: dict[str, Any],
    dss: DocumentSecurityStore | None,
    now: datetime | None,
    fetch: bool,
) -> tuple[bool, bool, bool, datetime | None, bool]:
    """(intact, trusted at signing, covers, timestamp, good now) of one signature."""
    at_signing = _tst_time(signature)
    base = dict(kwargs, moment=at_signing) if at_signing is not None else dict(kwargs)
    past = dss.as_validation_context(base) if dss is not None else ValidationContext(**base)
    current = ValidationContext(**dict(kwargs, allow_fetching=fetch, moment=now))

    async def judge() -> tuple[Any, Any]:
        try:
            status = await async_validate_pdf_signature(signature, past)
            later = None
            if status.intact and status.valid and status.trusted:
                later = await async_validate_pdf_signature(signature, current, skip_diff=True)
            return status, later
        finally:
            await past.aclose()
            await current.aclose()

    status, later = _run(judge)
    intact = bool(status.intact and status.valid)
    modified = status.modification_level
    covers = modified is None or modified.name in ("NONE", "LTA_UPDATES", "FORM_FILLING")
    ts = status.timestamp_validity
    timestamped = ts.timestamp if ts is not None and ts.intact and ts.valid and ts.trusted else None
    good_now = later is None or bool(later.trusted and not later.revoked)
    return intact, bool(status.trusted), covers, timestamped, good_now


def pdf_codes(content: bytes) -> list[str]:
    """The codes our signature fields carry, in signing order, without judging anything."""
    try:
        reader = PdfFileReader(BytesIO(content), strict=False)
        names = [s.field_name or "" for s in reader.embedded_signatures]
    except Exception as exc:
        raise NotAPdf(str(exc)) from exc
    return [name[len(FIELD_PREFIX) :] for name in names if name.startswith(FIELD_PREFIX)]


def pdf_signatures(
    content: bytes,
    anchors: list[x509.Certificate],
    *,
    fetch: bool = False,
    now: datetime | None = None,
    backend: Any = None,
) -> list[Inspected]:
    """Every signature of the PDF, judged against the trust anchors: at the time of signing with
    what the file embeds (B-LT), and now (revocation fetched from the certificates' addresses when
    `fetch`). Raises NotAPdf for bytes that do not open."""
    try:
        reader = PdfFileReader(BytesIO(content), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        raise NotAPdf(str(exc)) from exc
    try:
        dss: DocumentSecurityStore | None = DocumentSecurityStore.read_dss(reader)
    except (NoDSSFoundError, Exception):
        dss = None
    kwargs: dict[str, Any] = {
        "trust_roots": [_asn1_cert(c) for c in anchors],
        "allow_fetching": False,
        "revocation_mode": "soft-fail",
    }
    if backend is not None:
        kwargs["fetcher_backend"] = backend
    found = []
    for signature in embedded:
        try:
            intact, trusted, covers, timestamped, good_now = _facts(signature, kwargs, dss, now, fetch)
        except Exception:
            intact, trusted, covers, timestamped, good_now = False, False, False, None, False
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
                timestamped_at=timestamped,
                good_now=good_now,
                issuer=cert.issuer.human_friendly if cert is not None else "",
            )
        )
    return found
