from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.audit.admin_scope import ScopedAdmin
from motcua.audit.models import Anchor


@admin.register(Anchor)
class AnchorAdmin(ScopedAdmin):
    """The anchors, for the operators to read (no unit: nobody else sees them); never edited here."""

    list_display = ["seq", "at", "entries_count", "last_event_id", "hash"]
    fields = ("seq", "at", "entries_count", "last_event_id", "entries_digest", "prev_hash", "hash")
    readonly_fields = ("seq", "at", "entries_count", "last_event_id", "entries_digest", "prev_hash", "hash")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
