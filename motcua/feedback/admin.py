from django.contrib import admin

from motcua.audit.admin_scope import ScopedAdmin
from motcua.feedback.models import Feedback, FeedbackEvent, FeedbackPeriod


@admin.register(FeedbackPeriod)
class FeedbackPeriodAdmin(ScopedAdmin):
    province_path = "province"
    list_display = ("province", "working_days")


class EventInline(admin.TabularInline):
    model = FeedbackEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "actor", "note", "data")
    readonly_fields = fields

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Feedback)
class FeedbackAdmin(ScopedAdmin):
    unit_path = "unit"
    list_display = (
        "pk",
        "title",
        "unit",
        "subject",
        "channel",
        "status",
        "received_at",
        "due_at",
        "satisfied",
    )
    list_filter = ("status", "subject", "channel", "satisfied")
    search_fields = ("title", "token", "external_id", "dossier__code")
    raw_id_fields = ("unit", "dossier", "citizen", "answered_by")
    readonly_fields = (
        "token",
        "received_at",
        "due_at",
        "answered_at",
        "answered_by",
        "rated_at",
        "satisfied",
    )
    inlines = [EventInline]
