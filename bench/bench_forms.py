"""Render time per form: each Decree 118 form and the register rendered to PDF by WeasyPrint.

    .venv/bin/python -m bench.bench_forms [--quick] [--rows N] [--seconds S]

The forms are rendered from their templates with in-memory records (no database: the measured
cost is the template and WeasyPrint, which is where a form's time goes; the reads that fill a
form are a handful of indexed queries). The register gets N rows (default 200, about 8 pages).
Reports milliseconds per form, pages and bytes.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.common import print_table, write_result

NAME = "forms"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _django() -> None:
    import django
    from django.conf import settings

    if not settings.configured:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
        django.setup()


def contexts(rows: int) -> dict[str, tuple[str, dict[str, Any]]]:
    from motcua.catalog.models import Procedure
    from motcua.documents.forms import KINDS, qr_data_uri
    from motcua.dossiers.models import Dossier
    from motcua.units.models import Unit

    unit = Unit(code="24688", name="Xã Krông Nô", kind="xa")
    procedure = Procedure(code="1.001193", name="Đăng ký khai sinh", time_amount=1, time_unit="days")
    received = datetime(2026, 11, 2, 9, 0, tzinfo=VN)
    dossier = Dossier(
        code="000.60.20.H36-261102-0001",
        procedure=procedure,
        receiving_unit=unit,
        competent_unit=unit,
        channel=1,
        status="processing",
        applicant_name="Nguyễn Thị Lan",
        applicant_national_id="068190001234",
        applicant_phone="0912345678",
        applicant_address="Thôn 3, xã Krông Nô",
        received_at=received,
        original_due_at=received + timedelta(days=1),
    )
    base = {
        "dossier": dossier,
        "issuer": unit,
        "qr": qr_data_uri(dossier.code),
        "today": received,
        "received_at": received,
    }
    later = received + timedelta(hours=1)
    hand_overs = [
        {
            "step": f"Bước {i}",
            "giver": "Trần Văn Tiếp",
            "receiver": "Lê Thị Xử",
            "at": later,
            "due": later,
            "timeliness": "Đúng hạn",
        }
        for i in range(1, 6)
    ]
    each = {
        "receipt": {
            "officer": "Trần Văn Tiếp",
            "accepted_at": received,
            "due_at": later,
            "components": ["Tờ khai", "Giấy chứng sinh"],
        },
        "supplement": {
            "items": ["Bản sao CCCD của mẹ", "Giấy chứng sinh"],
            "officer": "Trần Văn Tiếp",
            "requested_at": later,
            "answer_by": later,
            "stage": "Khi tiếp nhận",
        },
        "refusal": {"reason": "Không thuộc thẩm quyền", "officer": "Trần Văn Tiếp", "at": later},
        "apology": {
            "reason": "Chờ xác minh",
            "previous_due_at": later,
            "new_due_at": later,
            "officer": "Hoàng Văn Đạo",
            "at": later,
        },
        "stop": {"reason": "Công dân xin dừng", "officer": "Trần Văn Tiếp", "at": later},
        "control": {"rows": hand_overs, "due_at": later, "timeliness": "Đúng hạn"},
    }
    out = {
        kind: (KINDS[kind].template, {**base, **extra, "form": KINDS[kind]}) for kind, extra in each.items()
    }
    register_rows = [
        {
            "number": i,
            "dossier": dossier,
            "received_at": received,
            "due_at": later,
            "resolved_at": later,
            "finished_at": later,
        }
        for i in range(1, rows + 1)
    ]
    out["register"] = (
        "register",
        {
            "unit": unit,
            "issuer": unit,
            "rows": register_rows,
            "first_day": date(2026, 11, 1),
            "last_day": date(2026, 11, 30),
            "qr": qr_data_uri("24688 2026-11"),
            "code": "24688",
            "today": received,
        },
    )
    return out


def main(argv: Sequence[str] | None = None, *, results_dir: Path | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="one render each: checks the bench runs")
    parser.add_argument("--rows", type=int, default=None, help="rows of the register (200)")
    parser.add_argument("--repeat", type=int, default=None, help="timed renders per form (10)")
    args = parser.parse_args(argv)
    repeat = args.repeat or (1 if args.quick else 10)
    rows_count = args.rows or (20 if args.quick else 200)
    _django()
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    from motcua.documents.forms import pdf_render

    rows = []
    for kind, (template, context) in contexts(rows_count).items():
        pdf = pdf_render(template, context)  # untimed: fonts and stylesheet loaded once
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            pdf = pdf_render(template, context)
            times.append(time.perf_counter() - began)
        times.sort()
        pages = int(PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Count"])
        rows.append(
            {
                "form": kind,
                "ms_median": 1000 * times[len(times) // 2],
                "ms_min": 1000 * times[0],
                "pages": pages,
                "bytes": len(pdf),
            }
        )
    print_table(rows)
    payload = {"forms": rows, "register_rows": rows_count, "repeat": repeat}
    write_result(NAME, payload, results_dir=results_dir)
    return payload


if __name__ == "__main__":
    main()
