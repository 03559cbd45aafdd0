"""Address conversion: a pre-2025 address ("Xã Đắk Drô, Huyện Krông Nô, Tỉnh Đắk Nông", with or
without diacritics) → the pre-2025 unit it names → the unit that took it over in 2025.

The index is built once per process from the shipped data (`legacy_data`) and answers by
dictionary look-ups on suffixes of the folded address: the province is the last thing written,
then the district, then the commune. Pure Python; the caller turns codes into database rows.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from motcua.core.text import fold
from motcua.units.legacy_data import LegacyUnit, legacy_units, lineage_links

_NOT_KEY = re.compile(r"[^0-9a-z,]+")
_NOT_ACCENTED_KEY = re.compile(r"[^\w,]+")
_COUNTRY_SUFFIXES = ("vietnam", "vn")


@dataclass(frozen=True, slots=True)
class Conversion:
    """The old unit an address names, the new unit that is its default successor, and all successors."""

    old_unit: LegacyUnit
    new_code: str
    successor_codes: tuple[str, ...]
    street: str


def _accented_key(text: str) -> str:
    return _NOT_ACCENTED_KEY.sub("", unicodedata.normalize("NFC", text).lower())


class AddressIndex:
    def __init__(self, units: tuple[LegacyUnit, ...], links: list[tuple[str, str, bool]]) -> None:
        self.provinces: dict[str, str] = {}
        self.districts: dict[str, dict[str, str]] = defaultdict(dict)
        # District names unique in the country let an address without its province still resolve.
        district_owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.wards: dict[tuple[str, str], dict[str, list[LegacyUnit]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.islands: dict[tuple[str, str], LegacyUnit] = {}
        for unit in units:
            for keyword in unit.province_keywords:
                self.provinces[keyword] = unit.province_key
            for keyword in unit.district_keywords:
                self.districts[unit.province_key][keyword] = unit.district_key
                district_owners[keyword].add((unit.province_key, unit.district_key))
            if not unit.ward_key:
                self.islands[(unit.province_key, unit.district_key)] = unit
            for keyword in unit.ward_keywords:
                # Keys of communes that fold alike keep their diacritics in the data; look them up
                # folded like the address, and let `_disambiguate` read the diacritics.
                bucket = self.wards[(unit.province_key, unit.district_key)][_NOT_KEY.sub("", fold(keyword))]
                if unit not in bucket:
                    bucket.append(unit)
        self.unique_districts = {
            kw: next(iter(owners)) for kw, owners in district_owners.items() if len(owners) == 1
        }
        self.successors: dict[str, list[str]] = defaultdict(list)
        self.default_successor: dict[str, str] = {}
        for new_code, old_key, default in links:
            self.successors[old_key].append(new_code)
            if default:
                self.default_successor.setdefault(old_key, new_code)
        self.max_keyword = max(
            len(k)
            for k in [*self.provinces, *self.unique_districts, *(k for d in self.wards.values() for k in d)]
        )

    def _take_suffix(self, key: str, table: Mapping[str, object]) -> tuple[str, str]:
        """The longest keyword of `table` that ends `key` (commas ignored), and the rest of `key`."""
        key = key.rstrip(",")
        compact = key.replace(",", "")
        for length in range(min(self.max_keyword, len(compact)), 0, -1):
            candidate = compact[-length:]
            if candidate in table:
                # Cut the same number of letters off the comma-bearing key.
                remaining, kept = len(key), 0
                while kept < length:
                    remaining -= 1
                    if key[remaining] != ",":
                        kept += 1
                return candidate, key[:remaining]
        return "", key

    def convert(self, address: str) -> Conversion | None:
        key = _NOT_KEY.sub("", fold(address.replace(";", ",")))
        for suffix in _COUNTRY_SUFFIXES:
            trimmed = key.rstrip(",")
            if trimmed.endswith(suffix) and len(trimmed) > len(suffix):
                key = trimmed[: -len(suffix)]
                break
        keyword, rest = self._take_suffix(key, self.provinces)
        if keyword:
            province_key = self.provinces[keyword]
            keyword, rest = self._take_suffix(rest, self.districts[province_key])
            if not keyword:
                return None
            district_key = self.districts[province_key][keyword]
        else:
            keyword, rest = self._take_suffix(key, self.unique_districts)
            if not keyword:
                return None
            province_key, district_key = self.unique_districts[keyword]
        wards = self.wards.get((province_key, district_key), {})
        keyword, rest = self._take_suffix(rest, wards)
        if keyword:
            old_unit = self._disambiguate(wards[keyword], address)
        elif (province_key, district_key) in self.islands:
            old_unit = self.islands[(province_key, district_key)]
        else:
            return None
        successors = self.successors.get(old_unit.key, [])
        if not successors:
            return None
        new_code = self.default_successor.get(old_unit.key, successors[0])
        street = rest.strip(",")
        return Conversion(old_unit, new_code, tuple(successors), street)

    @staticmethod
    def _disambiguate(candidates: list[LegacyUnit], address: str) -> LegacyUnit:
        """Two communes of a district can fold to the same letters (Ba Tơ, Ba Tô): diacritics decide."""
        if len(candidates) == 1:
            return candidates[0]
        accented = _accented_key(address)
        for unit in candidates:
            short = _accented_key(unit.name.split(" ", 1)[-1])
            if _accented_key(unit.name) in accented or short in accented:
                return unit
        return candidates[0]


@cache
def address_index() -> AddressIndex:
    links = [(link.new_code, link.old_key, link.default_successor) for link in lineage_links()]
    return AddressIndex(legacy_units(), links)


def convert_address(address: str) -> Conversion | None:
    """The conversion of an old address, or None when it names no pre-2025 commune we know."""
    return address_index().convert(address)
