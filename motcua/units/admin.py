from django.contrib import admin

from motcua.units.models import CalendarOverride, Lineage, OldUnit, Province, Unit, Village


class CalendarOverrideInline(admin.TabularInline):
    model = CalendarOverride
    extra = 1


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
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
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "population", "village_count"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name", "search_name"]
    readonly_fields = ["code", "kind", "province", "codename", "search_name"]
    fields = [
        "code",
        "name",
        "kind",
        "province",
        "codename",
        "search_name",
        "agency_code",
        "population",
        "village_count",
    ]
    inlines = [VillageInline, LineageInline]


@admin.register(OldUnit)
class OldUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "district_name", "province_name"]
    search_fields = ["code", "name", "district_name", "province_name", "key"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["province", "day", "working", "reason"]
    list_filter = ["province", "working"]
    date_hierarchy = "day"
