"""The pre-2025 units and the 2025 merger, read from the data the `vietnamadminunits` package ships.

Nothing is downloaded: the package carries a SQLite file of every pre-2025 commune-level unit
(with the matching keywords its parser uses) and a JSON file mapping each new unit to the old
units it was formed from. This module turns both into plain records; `units.actions` stores them.
"""

import json
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import vietnamadminunits
from vietnam_provinces import Ward as WardRecord

from motcua.core.text import fold_key

DATA_DIR = Path(vietnamadminunits.__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class LegacyUnit:
    """A commune-level unit before 1 July 2025. Island districts had no communes: they stand as one."""

    code: str
    name: str
    kind: str
    district_name: str
    province_name: str
    province_key: str
    district_key: str
    ward_key: str
    province_keywords: tuple[str, ...]
    district_keywords: tuple[str, ...]
    ward_keywords: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.province_key}_{self.district_key}_{self.ward_key}"


@dataclass(frozen=True, slots=True)
class LineageLink:
    new_code: str
    old_key: str
    partial: bool
    default_successor: bool


def _keywords(raw: str | None) -> tuple[str, ...]:
    return tuple(json.loads(raw)) if raw else ()


@cache
def legacy_units() -> tuple[LegacyUnit, ...]:
    with sqlite3.connect(f"file:{DATA_DIR / 'dataset.db'}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT wardCode, ward, wardType, district, districtType, districtCode, province,"
            " provinceKey, districtKey, wardKey, provinceKeywords, districtKeywords, wardKeywords"
            " FROM admin_units_legacy ORDER BY provinceKey, districtKey, wardKey"
        ).fetchall()
    units = []
    for code, ward, ward_type, district, district_type, district_code, province, *keys, pkw, dkw, wkw in rows:
        if ward:
            units.append(
                LegacyUnit(
                    code,
                    ward,
                    ward_type,
                    district,
                    province,
                    keys[0],
                    keys[1],
                    keys[2] or "",
                    _keywords(pkw),
                    _keywords(dkw),
                    _keywords(wkw),
                )
            )
        else:
            # An island district without communes (Côn Đảo, Lý Sơn…): the district itself is the unit.
            units.append(
                LegacyUnit(
                    f"d{district_code}",
                    district,
                    district_type,
                    district,
                    province,
                    keys[0],
                    keys[1],
                    "",
                    _keywords(pkw),
                    _keywords(dkw),
                    (),
                )
            )
    return tuple(units)


@cache
def _new_codes_by_key() -> dict[tuple[str, str], str]:
    """(new province key, new ward key) → official code of the new unit.

    The shipped data numbers about a hundred new units differently from the official list in
    `vietnam-provinces` (a merged unit takes the code of one of its old units, and the two sources
    chose differently), so units are matched by name within the province, and the code comes from
    the official list."""
    official = [w for w in WardRecord.iter_all()]
    by_name = {(int(w.province_code), _name_key(w.name)): f"{int(w.code):05d}" for w in official}
    by_folded: dict[tuple[int, str], list[str]] = {}
    for w in official:
        by_folded.setdefault((int(w.province_code), fold_key(w.name)), []).append(f"{int(w.code):05d}")
    with sqlite3.connect(f"file:{DATA_DIR / 'dataset.db'}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT provinceKey, wardKey, provinceCode, ward, wardCode FROM admin_units"
        ).fetchall()
    codes = {}
    for province_key, ward_key, province_code, name, code in rows:
        province = int(province_code)
        folded = by_folded.get((province, fold_key(name)), [])
        same_code = f"{int(code):05d}"
        codes[(province_key, ward_key)] = by_name.get((province, _name_key(name))) or (
            same_code if same_code in folded or len(folded) != 1 else folded[0]
        )
    return codes


def _name_key(name: str) -> str:
    """Vietnamese spellings differ in tone placement (Hòa/Hoà) and spacing; NFC and no spaces."""
    return unicodedata.normalize("NFC", name).lower().replace(" ", "")


@cache
def _converter() -> dict[str, dict[str, Any]]:
    with open(DATA_DIR / "converter_2025.json", encoding="utf-8") as handle:
        data: dict[str, dict[str, Any]] = json.load(handle)
    return data


def lineage_links() -> Iterator[LineageLink]:
    """Every (new unit, old unit) link: whole old units first, then the old units that were divided."""
    codes = _new_codes_by_key()
    data = _converter()
    for province_key, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            for old_key in old_keys:
                yield LineageLink(
                    codes[(province_key, ward_key)], old_key, partial=False, default_successor=True
                )
    for province_key, divided in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, successors in divided.items():
            for successor in successors:
                yield LineageLink(
                    codes[(province_key, successor["newWardKey"])],
                    old_key,
                    partial=True,
                    default_successor=bool(successor["isDefaultNewWard"]),
                )
