"""The documents benches still run and still check what they measure."""

import json
from pathlib import Path

from bench import bench_forms, bench_signing


def test_signing_bench_runs(tmp_path: Path) -> None:
    payload = bench_signing.main(["--quick", "--seconds", "0.01"], results_dir=tmp_path)
    written = json.loads((tmp_path / "signing.json").read_text(encoding="utf-8"))
    assert [row["operation"] for row in written["operations"]] == ["sign", "sign + key", "verify"]
    assert all(row["per_sec"] > 0 for row in payload["operations"])
    assert written["signed_bytes"] > written["input_bytes"]


def test_forms_bench_renders_every_form(tmp_path: Path) -> None:
    payload = bench_forms.main(["--quick"], results_dir=tmp_path)
    written = json.loads((tmp_path / "forms.json").read_text(encoding="utf-8"))
    assert [row["form"] for row in written["forms"]] == [
        "receipt",
        "supplement",
        "refusal",
        "apology",
        "stop",
        "control",
        "register",
    ]
    assert all(row["pages"] >= 1 and row["ms_median"] > 0 for row in payload["forms"])
