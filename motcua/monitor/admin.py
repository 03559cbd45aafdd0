from django.contrib import admin
from django.http import HttpRequest

from motcua.monitor.models import IndexMeasure


@admin.register(IndexMeasure)
class IndexMeasureAdmin(admin.ModelAdmin):
    """Administrators set the points and target of each measure; the measures themselves are code."""

    list_display = ("name", "group", "points", "target")
    list_editable = ("points", "target")
    readonly_fields = ("code", "group", "name")
    fields = ("code", "group", "name", "points", "target")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
