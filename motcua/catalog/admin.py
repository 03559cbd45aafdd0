from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    ProcessVersion,
    TimeVariant,
)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name"]


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0


class ProcedureVersionInline(admin.TabularInline):
    """The legal rules from a date (a change of law); dossiers keep the rules of their reception day."""

    model = ProcedureVersion
    extra = 0
    fields = [
        "effective_from",
        "time_amount",
        "time_unit",
        "decision_hours",
        "supplement_window_days",
        "closure_days",
        "payment_time_excluded",
        "source_decision",
    ]


class TimeVariantInline(admin.TabularInline):
    model = TimeVariant
    extra = 0


class ProcessVersionInline(admin.TabularInline):
    model = ProcessVersion
    extra = 0
    fields = ["number", "current", "created_at"]
    readonly_fields = ["number", "current", "created_at"]
    show_change_link = True
    can_delete = False


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "field",
        "level",
        "time_amount",
        "time_unit",
        "online_level",
        "interlinked",
        "source_code",
        "source_decision",
        "active",
    ]
    list_filter = ["field", "level", "time_unit", "online_level", "boundary_free", "interlinked", "active"]
    search_fields = ["code", "name", "search_name", "source_code", "source_decision"]
    inlines = [FeeInline, ComponentInline, ProcedureVersionInline, TimeVariantInline, ProcessVersionInline]


class ProcessStepInline(admin.TabularInline):
    """Steps of a saved version are history (dossiers run on them): they are shown, not edited."""

    model = ProcessStep
    extra = 0

    def has_change_permission(self, request: HttpRequest, obj: ProcessVersion | None = None) -> bool:
        return obj is None

    def has_delete_permission(self, request: HttpRequest, obj: ProcessVersion | None = None) -> bool:
        return obj is None


@admin.register(ProcessVersion)
class ProcessVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "number", "current", "created_at"]
    list_filter = ["current"]
    search_fields = ["procedure__code", "procedure__name"]
    inlines = [ProcessStepInline]

    def save_model(self, request: HttpRequest, obj: ProcessVersion, form: Any, change: bool) -> None:
        if not change:
            # A new version becomes the current one; earlier ones stay for the dossiers that use them.
            last = ProcessVersion.objects.filter(procedure=obj.procedure).order_by("-number").first()
            obj.number = (last.number + 1) if last else 1
            ProcessVersion.objects.filter(procedure=obj.procedure, current=True).update(current=False)
            obj.current = True
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request: HttpRequest, obj: ProcessVersion | None = None) -> list[str]:
        return ["procedure", "number", "current"] if obj else ["number", "current"]
