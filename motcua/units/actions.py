"""Writes for units: loading the official units and their lineage, and per-province calendar days."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from vietnam_provinces import Province as ProvinceRecord
from vietnam_provinces import Ward as WardRecord

from motcua.core.errors import InvalidInput
from motcua.core.text import fold
from motcua.units.identifiers import identifier_is_valid, provisional_identifier
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
    identifiers = _ProvisionalIdentifiers(wanted, existing.values())
    renamed: list[Unit] = []
    for unit in wanted:
        unit.search_name = fold(unit.name)
        current = existing.get(unit.code)
        if current is None:
            unit.agency_code, unit.agency_code_provisional = identifiers.take(unit), True
            fresh.append(unit)
            continue
        if not identifier_is_valid(current.agency_code):
            # Blank, or the invented "68.24688" of earlier versions: a provisional one until the
            # province's list is loaded. Loaded and edited identifiers are kept.
            current.agency_code, current.agency_code_provisional = identifiers.take(unit), True
            renamed.append(current)
        if (current.name, current.kind, current.province_id, current.search_name) != (
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
    Unit.objects.bulk_update(renamed, ["agency_code", "agency_code_provisional"], batch_size=500)
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


class _ProvisionalIdentifiers:
    """Hands out the provisional identifiers of `motcua.units.identifiers.provisional_identifier`,
    numbering each province's departments in the order of DEPARTMENTS and its commune-level units in
    code order, and skipping any identifier another unit already holds."""

    def __init__(self, wanted: Iterable[Unit], existing: Iterable[Unit]) -> None:
        self.taken = {u.agency_code for u in existing if identifier_is_valid(u.agency_code)}
        self.index: dict[str, int] = {}
        departments = {short: i for i, (short, _name) in enumerate(DEPARTMENTS, 1)}
        communes: dict[int, list[str]] = defaultdict(list)
        self.count: dict[tuple[int, str], int] = defaultdict(int)
        for unit in wanted:
            if unit.kind == Unit.Kind.DEPARTMENT:
                self.index[unit.code] = departments[unit.code.split(".", 1)[1]]
            elif unit.kind in Unit.COMMUNE_LEVEL:
                communes[unit.province.code].append(unit.code)
            else:
                self.index[unit.code] = 1
            self.count[(unit.province.code, _kind_group(unit.kind))] += 1
        for codes in communes.values():
            for i, code in enumerate(sorted(codes), 1):
                self.index[code] = i

    def take(self, unit: Unit) -> str:
        province, group = unit.province.code, _kind_group(unit.kind)
        index = self.index[unit.code]
        identifier = provisional_identifier(province_code=province, kind=group, index=index)
        while identifier in self.taken:
            self.count[(province, group)] += 1
            index = self.count[(province, group)]
            identifier = provisional_identifier(province_code=province, kind=group, index=index)
        self.taken.add(identifier)
        return identifier


def _kind_group(kind: str) -> str:
    return "xa" if kind in Unit.COMMUNE_LEVEL else kind


# --- agency identifiers from a province's published list ---------------------------------------

_KIND_PREFIXES = ("xa ", "phuong ", "dac khu ")


@dataclass(frozen=True)
class IdentifierRow:
    """One row of a published list: a unit (its code or its name) and its identifier."""

    line: int
    unit: str
    identifier: str


class IdentifierListRejected(InvalidInput):
    """The list has bad rows; `problems` names each with its line. Nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            ngettext(
                "The list was not loaded: %(count)d row is wrong.",
                "The list was not loaded: %(count)d rows are wrong.",
                len(problems),
            )
            % {"count": len(problems)},
            field="file",
        )
        self.problems = problems


def _unit_keys(unit: Unit) -> set[str]:
    name = fold(unit.name)
    keys = {unit.code.lower(), name}
    for prefix in _KIND_PREFIXES:
        if name.startswith(prefix):
            keys.add(name[len(prefix) :])
    return keys


@transaction.atomic
def agency_identifiers_load(*, province_code: int, rows: Sequence[IdentifierRow]) -> int:
    """Give the units of a province the identifiers of its published list (Decision 20/2020/QĐ-TTg)
    and clear their provisional mark. All or nothing: any wrong row (an unknown or ambiguous unit,
    a malformed identifier, a unit or identifier listed twice, an identifier another unit holds)
    rejects the whole list, naming every wrong row with its line. Returns the number of units set."""
    try:
        province = Province.objects.get(code=province_code)
    except Province.DoesNotExist:
        raise InvalidInput(
            _("There is no province with code %(code)s.") % {"code": province_code}, field="province"
        ) from None
    units = list(Unit.objects.select_for_update().filter(province=province))
    by_key: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        for key in _unit_keys(unit):
            by_key[key].append(unit)
    problems: list[tuple[int, str]] = []
    chosen: dict[int, tuple[Unit, str]] = {}
    lines_of_identifier: dict[str, int] = {}
    for row in rows:
        identifier = row.identifier.strip()
        matches = by_key.get(fold(row.unit.strip()), [])
        if not row.unit.strip():
            problems.append((row.line, _("Line %(line)d: the unit is missing.") % {"line": row.line}))
            continue
        if not matches:
            problems.append(
                (
                    row.line,
                    _("Line %(line)d: no unit of %(province)s is called or coded “%(unit)s”.")
                    % {"line": row.line, "province": province.name, "unit": row.unit.strip()},
                )
            )
            continue
        if len(matches) > 1:
            problems.append(
                (
                    row.line,
                    _("Line %(line)d: “%(unit)s” names several units; use the unit code.")
                    % {"line": row.line, "unit": row.unit.strip()},
                )
            )
            continue
        unit = matches[0]
        if not identifier_is_valid(identifier):
            problems.append(
                (
                    row.line,
                    _(
                        "Line %(line)d: “%(value)s” is not an agency electronic identifier "
                        "(like 000.00.00.H36)."
                    )
                    % {"line": row.line, "value": identifier},
                )
            )
            continue
        if unit.pk in chosen:
            problems.append(
                (
                    row.line,
                    _("Line %(line)d: %(unit)s is listed twice.") % {"line": row.line, "unit": unit.name},
                )
            )
            continue
        if identifier in lines_of_identifier:
            problems.append(
                (
                    row.line,
                    _("Line %(line)d: the identifier %(value)s is already given on line %(first)d.")
                    % {"line": row.line, "value": identifier, "first": lines_of_identifier[identifier]},
                )
            )
            continue
        chosen[unit.pk] = (unit, identifier)
        lines_of_identifier[identifier] = row.line
    listed = set(chosen)
    holders = dict(
        Unit.objects.filter(agency_code__in=lines_of_identifier)
        .exclude(pk__in=listed)
        .values_list("agency_code", "name")
    )
    for identifier, holder in holders.items():
        problems.append(
            (
                lines_of_identifier[identifier],
                _(
                    "Line %(line)d: the identifier %(value)s belongs to %(unit)s, "
                    "which the list does not change."
                )
                % {"line": lines_of_identifier[identifier], "value": identifier, "unit": holder},
            )
        )
    if not rows:
        problems.append((0, _("The list is empty.")))
    if problems:
        raise IdentifierListRejected([message for _line, message in sorted(problems, key=lambda p: p[0])])
    changed = []
    for unit, identifier in chosen.values():
        unit.agency_code, unit.agency_code_provisional = identifier, False
        changed.append(unit)
    # Swaps between listed units would collide row by row: clear them first, then set them.
    Unit.objects.filter(pk__in=listed).update(agency_code="")
    Unit.objects.bulk_update(changed, ["agency_code", "agency_code_provisional"], batch_size=500)
    return len(changed)
