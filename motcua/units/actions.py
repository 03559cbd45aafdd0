"""Writes for units: loading the official units and their lineage, and per-province calendar days."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from vietnam_provinces import Province as ProvinceRecord
from vietnam_provinces import Ward as WardRecord

from motcua.core.text import fold
from motcua.units.legacy_data import legacy_units, lineage_links
from motcua.units.models import Lineage, OldUnit, Province, Unit

# The province-level bodies every province has, besides its People's Committee: the departments
# that settle province-level procedures (Decree 45/2025 organisation after the 2025 mergers).
DEPARTMENTS = (
    ("STP", "Sở Tư pháp"),
    ("STC", "Sở Tài chính"),
    ("SXD", "Sở Xây dựng"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường"),
    ("SYT", "Sở Y tế"),
    ("SCT", "Sở Công Thương"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SNV", "Sở Nội vụ"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
)

_WARD_KINDS = {"xã": Unit.Kind.COMMUNE, "phường": Unit.Kind.WARD, "đặc khu": Unit.Kind.SPECIAL_ZONE}

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class LoadReport:
    provinces: int
    units: int
    old_units: int
    lineage: int
    created: int


def _quiet(stage: str, done: int, total: int) -> None:
    return None


@transaction.atomic
def units_load(*, progress: Progress = _quiet) -> LoadReport:
    """Create or update every province and unit with its official code. Safe to run again: it keeps
    the fields administrators fill (population, villages, office hours) and adds only what is missing."""
    created = 0
    provinces = list(ProvinceRecord.iter_all())
    by_code: dict[int, Province] = {}
    for index, record in enumerate(provinces, 1):
        province, made = Province.objects.update_or_create(
            code=int(record.code),
            defaults={
                "name": record.name,
                "kind": str(record.division_type.value),
                "codename": record.codename,
                "phone_code": record.phone_code,
            },
        )
        created += made
        by_code[province.code] = province
        progress("provinces", index, len(provinces))

    existing = {unit.code: unit for unit in Unit.objects.all()}
    wanted: list[Unit] = []
    for province in by_code.values():
        wanted.append(
            Unit(
                code=f"{province.code:02d}",
                name=f"UBND {province.kind} {province.name}",
                kind=Unit.Kind.PROVINCE,
                province=province,
                codename=province.codename,
            )
        )
        for short, name in DEPARTMENTS:
            wanted.append(
                Unit(
                    code=f"{province.code:02d}.{short}",
                    name=f"{name} {province.kind} {province.name}",
                    kind=Unit.Kind.DEPARTMENT,
                    province=province,
                    codename=f"{province.codename}_{short.lower()}",
                )
            )
    for ward in WardRecord.iter_all():
        wanted.append(
            Unit(
                code=f"{int(ward.code):05d}",
                name=ward.name,
                kind=_WARD_KINDS[str(ward.division_type.value)],
                province=by_code[int(ward.province_code)],
                codename=ward.codename,
            )
        )
    fresh, changed = [], []
    for unit in wanted:
        unit.search_name = fold(unit.name)
        unit.agency_code = unit.agency_code or _agency_code(unit)
        current = existing.get(unit.code)
        if current is None:
            fresh.append(unit)
        elif (current.name, current.kind, current.province_id, current.search_name) != (
            unit.name,
            unit.kind,
            unit.province.pk,
            unit.search_name,
        ):
            current.name, current.kind, current.province, current.codename = (
                unit.name,
                unit.kind,
                unit.province,
                unit.codename,
            )
            current.search_name = unit.search_name
            changed.append(current)
    Unit.objects.bulk_create(fresh, batch_size=500)
    Unit.objects.bulk_update(changed, ["name", "kind", "province", "codename", "search_name"], batch_size=500)
    created += len(fresh)
    progress("units", len(wanted), len(wanted))

    old_units = legacy_units()
    known_old = set(OldUnit.objects.values_list("key", flat=True))
    missing_old = [
        OldUnit(
            code=u.code,
            name=u.name,
            kind=u.kind,
            district_name=u.district_name,
            province_name=u.province_name,
            key=u.key,
        )
        for u in old_units
        if u.key not in known_old
    ]
    OldUnit.objects.bulk_create(missing_old, batch_size=1000)
    created += len(missing_old)
    progress("pre-2025 units", len(old_units), len(old_units))

    unit_ids = dict(Unit.objects.values_list("code", "pk"))
    old_ids = dict(OldUnit.objects.values_list("key", "pk"))
    known_links = set(Lineage.objects.values_list("unit_id", "old_unit_id"))
    links = list(lineage_links())
    missing_links = []
    for link in links:
        pair = (unit_ids[link.new_code], old_ids[link.old_key])
        if pair not in known_links:
            known_links.add(pair)
            missing_links.append(
                Lineage(
                    unit_id=pair[0],
                    old_unit_id=pair[1],
                    partial=link.partial,
                    default_successor=link.default_successor,
                )
            )
    Lineage.objects.bulk_create(missing_links, batch_size=1000)
    created += len(missing_links)
    progress("lineage", len(links), len(links))
    return LoadReport(len(provinces), len(wanted), len(old_units), len(links), created)


def _agency_code(unit: Unit) -> str:
    """The receiving agency identifier in dossier codes: the unit code with the province prefix
    for commune-level units (68-24688), the code itself for province bodies (68, 68.STP)."""
    if unit.kind in Unit.COMMUNE_LEVEL:
        return f"{unit.province.code:02d}.{unit.code}"
    return unit.code
