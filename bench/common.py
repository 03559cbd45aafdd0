"""Helpers shared by the benchmarks: machine description, timing, a plain table, JSON results.

Benchmarks are scripts (`python -m bench.<name>`), not tests; `bench/test_*.py` only checks that
they still run. Results go to `bench/results/` (not committed): a figure only means something next
to the machine that produced it, so every result carries `machine_info()`.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def machine_info() -> dict[str, Any]:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 0
    return {
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count() or 0,
        "usable_cores": usable,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }


def write_result(name: str, payload: dict[str, Any], *, results_dir: Path | None = None) -> Path:
    """Write `payload` (plus when and where it was measured) to `<results_dir>/<name>.json`."""
    directory = results_dir or RESULTS_DIR
    directory.mkdir(parents=True, exist_ok=True)
    document = {
        "benchmark": name,
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        **payload,
    }
    path = directory / f"{name}.json"
    path.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def print_table(rows: Sequence[dict[str, Any]], *, file: Any = None) -> str:
    """Print rows as an aligned text table (columns in first-seen order); return the text."""
    if not rows:
        return ""
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    cells = [[_cell(row.get(column, "")) for column in columns] for row in rows]
    widths = [max(len(column), *(len(line[i]) for line in cells)) for i, column in enumerate(columns)]

    def render(values: Sequence[str]) -> str:
        # Text left, numbers right: the usual way to read a results table.
        parts = []
        for value, width, sample in zip(values, widths, cells[0], strict=True):
            numeric = sample[:1].isdigit() or sample[:1] == "-"
            parts.append(value.rjust(width) if numeric else value.ljust(width))
        return "  ".join(parts).rstrip()

    lines = [render(columns), "  ".join("-" * width for width in widths), *(render(line) for line in cells)]
    text = "\n".join(lines)
    print(text, file=file or sys.stdout)
    return text


def rate(fn: Callable[[], object], *, seconds: float, ops_per_call: int = 1) -> float:
    """Operations per second of `fn` (each call doing `ops_per_call` operations), run for ~`seconds`.

    One untimed call first (caches, lazy tables); then whole calls until the time is used up, so
    a call that is slower than `seconds` is still measured once.
    """
    fn()
    calls = 0
    began = time.perf_counter()
    elapsed = 0.0
    while elapsed < seconds or calls == 0:
        fn()
        calls += 1
        elapsed = time.perf_counter() - began
    return calls * ops_per_call / elapsed
