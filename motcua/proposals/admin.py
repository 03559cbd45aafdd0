from django.contrib import admin

from motcua.proposals.models import Proposal, ProposalEvent


class EventInline(admin.TabularInline):
    model = ProposalEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "actor", "note", "data")
    readonly_fields = fields

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "title",
        "unit",
        "category",
        "status",
        "department",
        "filed_at",
        "due_at",
        "reopened",
    )
    list_filter = ("status", "category")
    search_fields = ("title", "unit__name", "unit__code")
    raw_id_fields = ("unit", "department", "filed_by", "answered_by")
    readonly_fields = (
        "filed_at",
        "assigned_at",
        "due_at",
        "answered_at",
        "closed_at",
        "reopened",
        "late_answers",
    )
    inlines = [EventInline]
