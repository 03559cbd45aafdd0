"""PAdES signing and verification throughput with the province CA (EC P-256, pyHanko).

    .venv/bin/python -m bench.bench_signing [--quick] [--seconds S]

Signs a one-page A4 PDF rendered by WeasyPrint (the size of a typical form, with a QR code) as
an incremental update with a visible stamp, in one process, one core. Three figures:
- `sign`: pdf_sign alone (key already in memory);
- `sign + key`: also decrypting the holder's key from its encrypted PEM, as every signing action
  does (the remote-signing model keeps keys encrypted at rest);
- `verify`: pdf_signatures, what the public verification page runs on an upload (pyHanko's
  validator with our root as the only trust anchor, difference analysis included).
No database: the CA lives in a temporary folder for the run.

With `--government` (the default outside `--quick`), the lawful path too, each service a separate
process on 127.0.0.1: a SoftHSM2 token whose key never leaves it, a remote CSC signing service,
the RFC 3161 timestamp authority and the CA's revocation lists served over HTTP:
- `token sign (B-LT)`: PKCS#11 session opened, signed on the token, timestamp, CRLs embedded;
- `remote sign (B-LT)`: login, credential info, authorize and signHash over HTTP, timestamp, CRLs;
- `verify B-LT`: the upload check against the root, now, with the revocation lists fetched.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import print_table, rate, write_result

NAME = "signing"


def _django() -> None:
    import django
    from django.conf import settings

    if not settings.configured:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
        django.setup()


def sample_pdf() -> bytes:
    from weasyprint import HTML

    from motcua.documents.forms import qr_data_uri

    html = (
        "<html><body style='font-family: \"Liberation Serif\", serif'>"
        "<h1>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</h1><p>Độc lập - Tự do - Hạnh phúc</p>"
        f"<img src='{qr_data_uri('H56.24688-261102-0001')}' style='width:22mm'>"
        + "<p>Giấy tiếp nhận hồ sơ và hẹn trả kết quả — Nguyễn Thị Lan.</p>" * 20
        + "</body></html>"
    )
    return bytes(HTML(string=html).write_pdf())


def main(argv: Sequence[str] | None = None, *, results_dir: Path | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="tiny run: checks the bench runs")
    parser.add_argument("--seconds", type=float, default=None, help="time per measurement")
    parser.add_argument("--government", action=argparse.BooleanOptionalAction, default=None)
    args = parser.parse_args(argv)
    seconds = args.seconds if args.seconds is not None else (0.05 if args.quick else 5.0)
    _django()
    from motcua.documents.authority import authority_create, holder_key, leaf_issue
    from motcua.documents.pdfsign import Signing, opener_of, pdf_sign, pdf_signatures, simple_signer

    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as folder:
        authority = authority_create(name="Bench CA", now=now, folder=Path(folder) / "ca")
    issued = leaf_issue(
        authority,
        common_name="Hoàng Văn Đạo",
        title="Chủ tịch UBND xã",
        organisation="Xã Krông Nô",
        now=now,
        days=30,
        crl_url="http://127.0.0.1:8000/ca/crl",
    )
    pdf = sample_pdf()

    def signing(key: Any) -> Signing:
        return Signing(
            open_signer=opener_of(simple_signer(key, issued.certificate, [authority.certificate])),
            name="Hoàng Văn Đạo",
            title="Chủ tịch UBND xã",
            reason="Bench",
            location="Xã Krông Nô",
        )

    key = holder_key(issued.key_pem)
    signed = pdf_sign(
        pdf, signing=signing(key), code="BENCH00001", url="http://x/verify/BENCH00001/", at=now
    ).content
    checked = pdf_signatures(signed, [authority.certificate])
    assert [(s.intact, s.issuer_matches) for s in checked] == [(True, True)]

    rows: list[dict[str, Any]] = [
        {
            "operation": "sign",
            "per_sec": rate(
                lambda: pdf_sign(pdf, signing=signing(key), code="BENCH00001", url="http://x/v/", at=now),
                seconds=seconds,
            ),
        },
        {
            "operation": "sign + key",
            "per_sec": rate(
                lambda: pdf_sign(
                    pdf,
                    signing=signing(holder_key(issued.key_pem)),
                    code="BENCH00001",
                    url="http://x/v/",
                    at=now,
                ),
                seconds=seconds,
            ),
        },
        {
            "operation": "verify",
            "per_sec": rate(lambda: pdf_signatures(signed, [authority.certificate]), seconds=seconds),
        },
    ]
    government = args.government if args.government is not None else not args.quick
    if government:
        rows.extend(_government_rows(pdf, seconds))
    for row in rows:
        row["ms_each"] = 1000 / row["per_sec"]
    print_table(rows)
    payload = {
        "operations": rows,
        "input_bytes": len(pdf),
        "signed_bytes": len(signed),
        "key": "EC P-256, SHA-256, PAdES B-B (demo CA); B-LT with CRLs and RFC 3161 timestamp (government)",
    }
    write_result(NAME, payload, results_dir=results_dir)
    return payload


def _government_rows(pdf: bytes, seconds: float) -> list[dict[str, Any]]:
    import json
    from contextlib import ExitStack

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from django.test import override_settings
    from pyhanko_certvalidator import ValidationContext

    from motcua.documents.fakes.government_ca import GovernmentCA, pem
    from motcua.documents.fakes.process import running
    from motcua.documents.fakes.softhsm import token_create
    from motcua.documents.models import Certificate, CertificateSource
    from motcua.documents.pdfsign import Signing, pdf_sign, pdf_signatures
    from motcua.documents.signers.csc import remote_opener
    from motcua.documents.signers.pkcs11 import token_opener
    from motcua.documents.timestamps import HttpTimeStamper
    from motcua.documents.trust import asn1

    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as temp, ExitStack() as stack:
        folder = Path(temp)
        files = stack.enter_context(running("files", "--dir", str(folder / "ca")))
        ca = GovernmentCA.create(folder=folder / "ca", base_url=files, now=now)
        tsa = stack.enter_context(
            running("tsa", "--cert", str(folder / "ca/tsa.crt"), "--key", str(folder / "ca/tsa.key"))
        )
        token = token_create(folder / "hsm", label="bench", pin="1234")
        os.environ["SOFTHSM2_CONF"] = str(token.conf)
        on_token = ca.issue(
            token.key_generate(label="dao", key_id="01"),
            common_name="Hoàng Văn Đạo",
            title="Chủ tịch",
            organisation="UBND xã Krông Nô",
            now=now,
        )
        token.certificate_store(on_token, label="dao", key_id="01")
        remote_key = ec.generate_private_key(ec.SECP256R1())
        remote_cert = ca.issue(
            remote_key.public_key(),
            common_name="Hoàng Văn Đạo",
            title="Chủ tịch",
            organisation="UBND",
            now=now,
        )
        key_pem = remote_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        config = {
            "users": {"bench": "bench"},
            "credentials": {
                "c1": {
                    "owner": "bench",
                    "pin": "1",
                    "key": key_pem,
                    "certificates": [pem(remote_cert), ca.chain_pem],
                }
            },
        }
        (folder / "csc.json").write_text(json.dumps(config))
        csc = stack.enter_context(running("csc", "--config", str(folder / "csc.json")))
        stack.enter_context(
            override_settings(
                MOTCUA_PKCS11_MODULE=token.module,
                MOTCUA_PKCS11_TOKEN="bench",
                MOTCUA_PKCS11_PIN="1234",
                MOTCUA_CSC_URL=csc,
                MOTCUA_CSC_USER="bench",
                MOTCUA_CSC_PASSWORD="bench",
                MOTCUA_CSC_PIN="1",
            )
        )
        chain = [ca.intermediate, ca.root]

        def lawful(certificate: Certificate) -> Signing:
            opener = (
                token_opener(certificate) if certificate.source == "pkcs11" else remote_opener(certificate)
            )
            return Signing(
                open_signer=opener,
                name="Hoàng Văn Đạo",
                title="Chủ tịch",
                reason="Bench",
                location="Krông Nô",
                timestamper=HttpTimeStamper(tsa),
                embed_context=lambda: ValidationContext(
                    trust_roots=[asn1(ca.root)],
                    other_certs=[asn1(c) for c in chain],
                    allow_fetching=True,
                    revocation_mode="hard-fail",
                ),
            )

        token_row = Certificate(
            certificate_pem=pem(on_token),
            chain_pem=ca.chain_pem,
            source=CertificateSource.TOKEN,
            token_key_label="dao",
        )
        remote_row = Certificate(
            certificate_pem=pem(remote_cert),
            chain_pem=ca.chain_pem,
            source=CertificateSource.REMOTE,
            csc_credential_id="c1",
        )

        def sign_with(row: Certificate) -> bytes:
            return pdf_sign(pdf, signing=lawful(row), code="BENCH00002", url="http://x/v/", at=now).content

        signed = sign_with(token_row)
        checked = pdf_signatures(signed, [ca.root], fetch=True, now=datetime.now(UTC))
        assert [(s.intact, s.issuer_matches, s.good_now) for s in checked] == [(True, True, True)]
        return [
            {
                "operation": "token sign (B-LT)",
                "per_sec": rate(lambda: sign_with(token_row), seconds=seconds),
            },
            {
                "operation": "remote sign (B-LT)",
                "per_sec": rate(lambda: sign_with(remote_row), seconds=seconds),
            },
            {
                "operation": "verify B-LT",
                "per_sec": rate(
                    lambda: pdf_signatures(signed, [ca.root], fetch=True, now=datetime.now(UTC)),
                    seconds=seconds,
                ),
            },
        ]


if __name__ == "__main__":
    main()
