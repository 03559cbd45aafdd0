from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.audit.admin_scope import ScopedAdmin
from motcua.units.models import CalendarOverride, Lineage, OldUnit, Province, Unit, Village


class CalendarOverrideInline(admin.TabularInline):
    model = CalendarOverride
    extra = 1


@admin.register(Province)
class ProvinceAdmin(ScopedAdmin):
    province_path = "pk"
    list_display = ["code", "name", "kind"]
    search_fields = ["name", "codename"]
    readonly_fields = ["code", "name", "kind", "codename"]
    fields = [
        "code",
        "name",
        "kind",
        "codename",
        "phone_code",
        ("morning_start", "morning_end"),
        ("afternoon_start", "afternoon_end"),
    ]
    inlines = [CalendarOverrideInline]


class VillageInline(admin.TabularInline):
    model = Village
    extra = 1


class LineageInline(admin.TabularInline):
    model = Lineage
    extra = 0
    autocomplete_fields = ["old_unit"]


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    unit_path = ""
    list_display = ["code", "name", "kind", "province", "agency_code", "identifier_status", "population"]
    list_filter = ["kind", "agency_code_provisional", "province"]
    search_fields = ["code", "name", "search_name", "agency_code"]
    readonly_fields = ["code", "kind", "province", "codename", "search_name"]
    fields = [
        "code",
        "name",
        "kind",
        "province",
        "codename",
        "search_name",
        "agency_code",
        "agency_code_provisional",
        "population",
        "village_count",
    ]
    inlines = [VillageInline, LineageInline]

    @admin.display(description=_("identifier status"), ordering="agency_code_provisional")
    def identifier_status(self, unit: Unit) -> str:
        return str(_("provisional") if unit.agency_code_provisional else _("published"))

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        # An identifier typed in from the province's list is no longer provisional, unless the
        # administrator ticks the box again in the same edit.
        if "agency_code" in form.changed_data and "agency_code_provisional" not in form.changed_data:
            obj.agency_code_provisional = False
        super().save_model(request, obj, form, change)


@admin.register(OldUnit)
class OldUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district_name", "province_name"]
    search_fields = ["code", "name", "district_name", "province_name", "key"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(ScopedAdmin):
    province_path = "province"
    list_display = ["province", "day", "working", "reason"]
    list_filter = ["province", "working"]
    date_hierarchy = "day"
