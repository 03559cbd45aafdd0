"""Reads for units. Units are public information: no user scoping is needed here."""

import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from motcua.core.calendar import DayOverride, OfficeHours, WorkingCalendar, vietnam_calendar
from motcua.core.errors import InvalidInput, NotFound
from motcua.core.text import fold
from motcua.units.address import convert_address
from motcua.units.models import CalendarOverride, Lineage, OldUnit, Province, Unit


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


# A province's calendar overrides, kept per process: every intake and every dossier answer asks for
# the calendar, and the overrides change a few times a year. A save or delete in this process
# forgets them at once (and again at its commit); other processes re-read them after
# OVERRIDES_TTL_SECONDS. `_generation` keeps a read that raced a change from storing stale rows.
OVERRIDES_TTL_SECONDS = 60.0
_overrides: dict[int, tuple[float, tuple[DayOverride, ...]]] = {}
_generation = 0


def calendar_overrides_forget(**_kwargs: object) -> None:
    global _generation
    _generation += 1
    _overrides.clear()


@receiver(post_save, sender=CalendarOverride, dispatch_uid="motcua.units.calendar_override_saved")
@receiver(post_delete, sender=CalendarOverride, dispatch_uid="motcua.units.calendar_override_deleted")
def _override_changed(sender: object, **kwargs: object) -> None:
    calendar_overrides_forget()
    # Until the change commits (or rolls back, which drops this callback) the cache is bypassed on
    # this connection: it must neither serve rows the transaction changed nor keep them.
    transaction.on_commit(calendar_overrides_forget)


def _changing_overrides() -> bool:
    """Whether this connection's open transaction has saved or deleted an override."""
    # Entries are (savepoint ids, callback, robust); the stubs know only two of them.
    return any(entry[1] is calendar_overrides_forget for entry in connection.run_on_commit)


def _overrides_of(province: Province) -> tuple[DayOverride, ...]:
    prefetched = getattr(province, "_prefetched_objects_cache", {})
    if "calendar_overrides" in prefetched or _changing_overrides():
        return _read_overrides(province)
    cached = _overrides.get(province.pk)
    if cached is not None and time.monotonic() - cached[0] < OVERRIDES_TTL_SECONDS:
        return cached[1]
    generation, read_at = _generation, time.monotonic()
    rows = _read_overrides(province)
    if generation == _generation:
        _overrides[province.pk] = (read_at, rows)
    return rows


def _read_overrides(province: Province) -> tuple[DayOverride, ...]:
    return tuple(
        DayOverride(day=o.day, working=o.working, reason=o.reason) for o in province.calendar_overrides.all()
    )


def calendar_for_province(province: Province, *, cached: bool = False) -> WorkingCalendar:
    """The province's working calendar: the national one with its own overrides and office hours.
    `cached`: take the overrides from this process's copy (hot paths: intake and the dossier
    actions); otherwise they are read afresh, one query unless prefetched."""
    hours = OfficeHours(
        province.morning_start, province.morning_end, province.afternoon_start, province.afternoon_end
    )
    overrides = _overrides_of(province) if cached else _read_overrides(province)
    return vietnam_calendar(overrides=overrides, office_hours=hours)
