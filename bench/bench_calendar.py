"""Due dates in working days: the precomputed calendar against a day-by-day walk over `holidays`.

    .venv/bin/python -m bench.bench_calendar [--quick] [--seconds S] [--seed N]

The competitor is what a typical implementation does: walk forward one day at a time and ask
`weekday() < 5 and day not in holidays` — made fair by also honouring the government's working
Saturdays (`day in holidays.weekend_workdays`). Its holidays object is built once, outside the
timing, with every year the walk can reach already populated: `weekend_workdays` only holds the
swaps of populated years, so a fresh object that meets a Saturday first would miss a swap (the
agreement check below catches exactly that kind of slip).

Periods N are drawn uniformly per scenario; starts are random instants 2025–2030 (any hour, any
day of the week, holidays included). Needs no Django settings: the hot path translates nothing.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import holidays

from bench.common import print_table, rate, write_result
from motcua.catalog.seed_data import PROCEDURES
from motcua.core.calendar import VIETNAM_TZ, WorkingCalendar, vietnam_calendar

NAME = "calendar"
# Short periods (most one-stop procedures) and the broader spread of statutory time limits.
SCENARIOS: tuple[tuple[str, int, int], ...] = (("N 1–10", 1, 10), ("N 1–60", 1, 60))


def naive_due(start: datetime, days: int, calendar: holidays.HolidayBase) -> datetime:
    """The day-by-day walk: same rules as ours (Civil Code Art.147: acceptance day not counted)."""

    def working(day: date) -> bool:
        return (day.weekday() < 5 and day not in calendar) or day in calendar.weekend_workdays

    day = start.astimezone(VIETNAM_TZ).date()
    if days == 0:
        while not working(day):
            day += timedelta(days=1)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if working(day):
            counted += 1
    return datetime(day.year, day.month, day.day, 17, 30, tzinfo=VIETNAM_TZ)


def random_pairs(rng: random.Random, count: int, low: int, high: int) -> list[tuple[datetime, int]]:
    first = datetime(2025, 1, 1, tzinfo=VIETNAM_TZ)
    span = int((datetime(2031, 1, 1, tzinfo=VIETNAM_TZ) - first).total_seconds())
    return [(first + timedelta(seconds=rng.randrange(span)), rng.randint(low, high)) for _ in range(count)]


def catalogue_pairs(rng: random.Random, count: int) -> list[tuple[datetime, int]]:
    """Periods as real dossiers have them: the legal times (in working days) of the seeded
    catalogue's day-based procedures, each procedure equally likely."""
    periods = [p.time_amount for p in PROCEDURES if p.time_unit == "days"]
    return [(start, rng.choice(periods)) for start, _days in random_pairs(rng, count, 1, 1)]


def measure(
    pairs: Sequence[tuple[datetime, int]],
    ours: WorkingCalendar,
    reference: holidays.HolidayBase,
    seconds: float,
) -> tuple[float, float]:
    def run_ours() -> None:
        due = ours.due_time_after_working_days
        for start, days in pairs:
            due(start, days)

    def run_naive() -> None:
        for start, days in pairs:
            naive_due(start, days, reference)

    ours_rate = rate(run_ours, seconds=seconds, ops_per_call=len(pairs))
    naive_rate = rate(run_naive, seconds=seconds, ops_per_call=len(pairs))
    return ours_rate, naive_rate


def main(argv: Sequence[str] | None = None, *, results_dir: Path | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="tiny sample: checks the bench runs")
    parser.add_argument("--seconds", type=float, default=None, help="time per measurement")
    parser.add_argument("--seed", type=int, default=20250701)
    args = parser.parse_args(argv)
    seconds = args.seconds if args.seconds is not None else (0.05 if args.quick else 2.0)
    pair_count = 200 if args.quick else 10_000
    check_count = 200 if args.quick else 5_000

    rng = random.Random(args.seed)
    ours = vietnam_calendar()
    # Every year a walk from 2025–2030 can reach, populated up front (see the module docstring).
    reference = holidays.country_holidays("VN", years=range(2024, 2034))

    checked = [*random_pairs(rng, check_count, 0, 60), *random_pairs(rng, check_count // 10, 61, 500)]
    mismatches = [
        {"start": start.isoformat(), "days": days, "ours": str(got), "naive": str(expected)}
        for start, days in checked
        if (got := ours.due_after_working_days(start, days).due)
        != (expected := naive_due(start, days, reference))
    ]

    workloads = [(label, random_pairs(rng, pair_count, low, high)) for label, low, high in SCENARIOS]
    workloads.append(("catalogue mix", catalogue_pairs(rng, pair_count)))
    rows = []
    for label, pairs in workloads:
        ours_rate, naive_rate = measure(pairs, ours, reference, seconds)
        rows.append(
            {
                "scenario": label,
                "ours_per_sec": ours_rate,
                "naive_per_sec": naive_rate,
                "ratio": ours_rate / naive_rate,
            }
        )
    print_table(rows)
    print(f"agreement: {len(checked) - len(mismatches)}/{len(checked)} identical due dates")

    payload: dict[str, Any] = {
        "quick": args.quick,
        "seconds_per_measurement": seconds,
        "pairs_per_scenario": pair_count,
        "scenarios": rows,
        "agreement": {
            "checked": len(checked),
            "mismatches": mismatches[:20],
            "mismatch_count": len(mismatches),
        },
    }
    path = write_result(NAME, payload, results_dir=results_dir)
    print(f"written: {path}")
    return payload


if __name__ == "__main__":
    main()
