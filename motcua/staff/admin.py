from django.contrib import admin

from motcua.staff.models import Assignment, Division, Official, Position, StaffEvent


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "kind", "order")
    list_filter = ("kind",)
    search_fields = ("name", "unit__name", "unit__code")
    raw_id_fields = ("unit",)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "unit", "division", "sector", "level", "headcount")
    list_filter = ("sector", "level")
    search_fields = ("code", "title", "unit__name", "unit__code")
    raw_id_fields = ("unit", "division")


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ("position", "unit", "kind", "start", "end", "note")
    raw_id_fields = ("position", "unit")


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ("staff_code", "full_name", "sector", "level", "user")
    list_filter = ("sector", "level")
    search_fields = ("staff_code", "full_name")
    raw_id_fields = ("user",)
    inlines = [AssignmentInline]


@admin.register(StaffEvent)
class StaffEventAdmin(admin.ModelAdmin):
    list_display = ("at", "unit", "kind", "official", "actor")
    list_filter = ("kind",)
    raw_id_fields = ("unit", "official", "actor")
    readonly_fields = ("unit", "official", "kind", "at", "actor", "data")
