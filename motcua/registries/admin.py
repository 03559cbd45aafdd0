"""The lookup log for the province's administrators, read only: who looked up whom, for which
dossier, why, with which consent and outcome (Decree 13/2023). Nobody edits or deletes it here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.audit.admin_scope import ScopedAdmin
from motcua.registries.models import RegistryLookup


@admin.register(RegistryLookup)
class RegistryLookupAdmin(ScopedAdmin):
    unit_path = "unit"

    list_display = ("at", "registry", "subject", "actor", "unit", "dossier", "purpose", "consent", "outcome")
    list_filter = ("registry", "outcome", "consent", "from_cache")
    search_fields = ("subject", "dossier__code", "actor__username", "purpose")
    list_select_related = ("actor", "unit", "dossier")
    date_hierarchy = "at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in RegistryLookup._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
