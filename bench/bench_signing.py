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
    for row in rows:
        row["ms_each"] = 1000 / row["per_sec"]
    print_table(rows)
    payload = {
        "operations": rows,
        "input_bytes": len(pdf),
        "signed_bytes": len(signed),
        "key": "EC P-256, SHA-256, PAdES B-B (ETSI.CAdES.detached)",
    }
    write_result(NAME, payload, results_dir=results_dir)
    return payload


if __name__ == "__main__":
    main()
