from django.contrib import admin

from motcua.programmes.models import Programme, Target, Task


class TaskInline(admin.StackedInline):
    model = Task
    extra = 0
    fields = ("kind", "work", "person", "person_user", "lead", "coordinating", "deadline", "expected_result")
    raw_id_fields = ("person_user",)


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "unit", "issued_on", "start", "end")
    search_fields = ("number", "title", "unit__name", "unit__code")
    raw_id_fields = ("unit",)
    inlines = [TaskInline, TargetInline]
