"""Reads for units. Units are public information: no user scoping is needed here."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.core.calendar import DayOverride, OfficeHours, WorkingCalendar, vietnam_calendar
from motcua.core.errors import InvalidInput, NotFound
from motcua.core.text import fold
from motcua.units.address import convert_address
from motcua.units.models import Lineage, OldUnit, Province, Unit


def province_list() -> QuerySet[Province]:
    return Province.objects.annotate(
        unit_count=Count("units", filter=Q(units__kind__in=Unit.COMMUNE_LEVEL))
    ).order_by("code")


def province_get(code: int | str) -> Province:
    try:
        return Province.objects.get(code=int(code))
    except (Province.DoesNotExist, ValueError):
        raise NotFound(
            _("There is no province with code %(code)s.") % {"code": code}, field="province"
        ) from None


def unit_list(
    *, province: Province, kind: str = "", query: str = "", commune_level: bool = False
) -> QuerySet[Unit]:
    units = Unit.objects.filter(province=province).select_related("province")
    if commune_level:
        units = units.filter(kind__in=Unit.COMMUNE_LEVEL)
    if kind:
        units = units.filter(kind=kind)
    if query:
        units = units.filter(search_name__contains=fold(query))
    return units.order_by("kind", "search_name")


def unit_counts(province: Province) -> dict[str, int]:
    """Commune-level units of the province by kind, e.g. {"xa": 103, "phuong": 20, "dac_khu": 1}."""
    rows = (
        Unit.objects.filter(province=province, kind__in=Unit.COMMUNE_LEVEL)
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def unit_get(code: str) -> Unit:
    """The unit with its lineage (old units) loaded."""
    lineage = Prefetch(
        "lineage", queryset=Lineage.objects.select_related("old_unit").order_by("old_unit__code")
    )
    try:
        return Unit.objects.select_related("province").prefetch_related(lineage).get(code=code)
    except Unit.DoesNotExist:
        raise NotFound(_("There is no unit with code %(code)s.") % {"code": code}, field="code") from None


@dataclass(frozen=True)
class AddressMatch:
    unit: Unit
    old_unit: OldUnit
    successors: list[Unit]
    street: str


def address_convert(address: str) -> AddressMatch:
    """The 2025 unit for a pre-2025 address; InvalidInput when the address names no known commune."""
    if not address.strip():
        raise InvalidInput(_("Enter an address."), field="address")
    conversion = convert_address(address)
    if conversion is None:
        raise InvalidInput(
            _(
                "No commune, ward or township before 2025 matches “%(address)s”. Write the commune, "
                "the district and the province, for example “Xã Đắk Drô, Huyện Krông Nô, Tỉnh Đắk Nông”."
            )
            % {"address": address},
            field="address",
        )
    units = {
        u.code: u for u in Unit.objects.select_related("province").filter(code__in=conversion.successor_codes)
    }
    old_unit = OldUnit.objects.get(key=conversion.old_unit.key)
    return AddressMatch(
        unit=units[conversion.new_code],
        old_unit=old_unit,
        successors=[units[code] for code in conversion.successor_codes],
        street=conversion.street,
    )


def calendar_for_province(province: Province) -> WorkingCalendar:
    """The province's working calendar: the national one with its own overrides and office hours."""
    overrides = [
        DayOverride(day=o.day, working=o.working, reason=o.reason) for o in province.calendar_overrides.all()
    ]
    hours = OfficeHours(
        province.morning_start, province.morning_end, province.afternoon_start, province.afternoon_end
    )
    return vietnam_calendar(overrides=overrides, office_hours=hours)
