"""Old address → new unit: our index against `vietnamadminunits`' own converter, over every pre-2025 unit.

    .venv/bin/python -m bench.bench_address [--quick] [--seconds S]

Every one of the 10,040 pre-2025 communes is written in full ("Xã Đắk Drô, Huyện Krông Nô, Tỉnh
Đắk Nông") and folded ("xa dak dro huyen krong no tinh dak nong"); both converters answer each, and
the answers must be the same new unit. The peer numbers about a hundred new units differently from
the official list we load (see docs/decisions.md), so "the same unit" means the same code, or the
peer's ward name equal to the official name of our code. Both run in this process, each after one
untimed pass (our index and the peer's tables are built lazily on first use). The target is ≥ 10×.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.common import print_table, write_result
from motcua.core.text import fold
from motcua.units.address import convert_address
from motcua.units.legacy_data import LegacyUnit, legacy_units

NAME = "address"
TARGET_RATIO = 10.0


def full_address(unit: LegacyUnit) -> str:
    return f"{unit.name}, {unit.district_name}, {unit.province_name}"


def name_key(name: str) -> str:
    """Names compared without case, diacritics, spaces or dashes ("Phường  An Nhơn", "Chân Mây – Lăng Cô")."""
    return "".join(ch for ch in fold(name) if ch.isalnum())


def official_names() -> dict[int, str]:
    from vietnam_provinces import Ward

    return {int(ward.code): name_key(ward.name) for ward in Ward.iter_all()}


def agreement(addresses: Sequence[str], names: dict[int, str]) -> dict[str, Any]:
    from vietnamadminunits import convert_address as reference

    same_code = same_name = 0
    differ: list[str] = []
    peer_unanswered: list[str] = []
    for address in addresses:
        ours = convert_address(address)
        theirs = reference(address)
        if theirs.ward_code is None:
            peer_unanswered.append(address)
        elif ours is not None and int(ours.new_code) == int(theirs.ward_code):
            same_code += 1
        elif ours is not None and name_key(theirs.ward) == names.get(int(ours.new_code)):
            same_name += 1
        else:
            differ.append(address)
    return {
        "checked": len(addresses),
        "same_code": same_code,
        "same_unit_other_numbering": same_name,
        "differ_count": len(differ),
        "differ_sample": differ[:10],
        "peer_unanswered_count": len(peer_unanswered),
        "peer_unanswered_sample": peer_unanswered[:10],
    }


def timed_pass(convert: Callable[[str], object], addresses: Sequence[str], *, seconds: float) -> float:
    """Addresses per second over whole passes of `addresses`, for at least `seconds`."""
    for address in addresses:  # untimed: lazy tables
        convert(address)
    passes = 0
    began = time.perf_counter()
    while True:
        for address in addresses:
            convert(address)
        passes += 1
        elapsed = time.perf_counter() - began
        if elapsed >= seconds:
            return passes * len(addresses) / elapsed


def main(argv: Sequence[str] | None = None, *, results_dir: Path | None = None) -> dict[str, Any]:
    from vietnamadminunits import convert_address as reference

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="every 20th unit only")
    parser.add_argument("--seconds", type=float, default=3.0, help="minimum timed seconds per converter")
    args = parser.parse_args(argv)

    units = legacy_units()
    if args.quick:
        units = units[::20]
    full = [full_address(unit) for unit in units]
    # The folded form a clerk types without diacritics; the peer folds input itself too.
    folded = [" ".join(fold(part) for part in address.split(", ")) for address in full]
    names = official_names()

    rows = []
    checks = {}
    for label, addresses in (("full, with diacritics", full), ("folded, no diacritics", folded)):
        checks[label] = agreement(addresses, names)
        ours = timed_pass(convert_address, addresses, seconds=args.seconds)
        theirs = timed_pass(reference, addresses, seconds=args.seconds)
        rows.append(
            {
                "input": label,
                "addresses": len(addresses),
                "ours_per_sec": ours,
                "peer_per_sec": theirs,
                "ratio": ours / theirs,
                "same_unit": checks[label]["same_code"] + checks[label]["same_unit_other_numbering"],
                "differ": checks[label]["differ_count"],
            }
        )
    print_table(rows)
    for row in rows:
        verdict = "meets" if row["ratio"] >= TARGET_RATIO else "misses"
        print(f"{row['input']}: {row['ratio']:.1f}× the peer ({verdict} the {TARGET_RATIO:.0f}× target)")
    payload = {"quick": args.quick, "target_ratio": TARGET_RATIO, "runs": rows, "agreement": checks}
    path = write_result(NAME, payload, results_dir=results_dir)
    print(f"written: {path}")
    return payload


if __name__ == "__main__":
    main()
