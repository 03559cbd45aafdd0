"""Benchmarks are not tests: this only checks that they still run and still compare like with like."""

import json
from pathlib import Path

from bench import bench_calendar


def test_calendar_bench_runs(tmp_path: Path) -> None:
    payload = bench_calendar.main(["--quick", "--seconds", "0.01"], results_dir=tmp_path)
    written = json.loads((tmp_path / "calendar.json").read_text(encoding="utf-8"))
    assert written["scenarios"] == payload["scenarios"]
    assert written["machine"]["cores"] > 0
    assert [row["scenario"] for row in written["scenarios"]] == ["N 1–10", "N 1–60", "catalogue mix"]
    for row in written["scenarios"]:
        assert row["ours_per_sec"] > 0
        assert row["naive_per_sec"] > 0
    assert written["agreement"]["checked"] > 0
    assert written["agreement"]["mismatch_count"] == 0
