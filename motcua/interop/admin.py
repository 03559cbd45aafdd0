from typing import cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.accounts.models import User
from motcua.audit.admin_scope import ScopedAdmin
from motcua.interop.actions import outbox_retry
from motcua.interop.http import circuit_reset
from motcua.interop.models import EndpointCircuit, InboundDossier, OutboxMessage
from motcua.interop.notifications import shorten

# Every field is shown and none is editable: messages are written by the system only.
_FIELDS = (
    "channel",
    "recipient",
    "subject",
    "body",
    "dossier",
    "version",
    "event_kind",
    "created_at",
    "status",
    "attempts",
    "next_attempt_at",
    "last_error",
    "sent_at",
)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ScopedAdmin):
    """The record of every notification. Messages are written by the system, never by hand: an
    administrator finds the failed ones (filter "Failed, given up") and retries them."""

    unit_path = "dossier__competent_unit"

    list_display = [
        "created_at",
        "channel",
        "recipient",
        "dossier_code",
        "version",
        "event_kind",
        "status",
        "attempts",
        "next_attempt_at",
        "error",
    ]
    list_filter = ["status", "channel", "event_kind"]
    search_fields = ["recipient", "dossier__code"]
    list_select_related = ["dossier"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    actions = ["retry_now"]
    fields = _FIELDS
    readonly_fields = _FIELDS

    @admin.display(description=_("dossier"), ordering="dossier__code")
    def dossier_code(self, message: OutboxMessage) -> str:
        return message.dossier.code if message.dossier else ""

    @admin.display(description=_("last error"))
    def error(self, message: OutboxMessage) -> str:
        return shorten(message.last_error, 80)

    @admin.action(description=_("Retry now"), permissions=["change"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        count = outbox_retry(
            actor=cast(User, request.user), message_ids=queryset.values_list("pk", flat=True)
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be retried now.",
                "%(count)d messages will be retried now.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False


@admin.register(InboundDossier)
class InboundDossierAdmin(ScopedAdmin):
    """Dossiers received from the national portal (its code beside ours); written by the system."""

    unit_path = "dossier__competent_unit"
    list_display = ["national_code", "dossier", "received_at", "acknowledged_at"]
    search_fields = ["national_code", "dossier__code"]
    list_select_related = ["dossier"]
    fields = ("national_code", "dossier", "received_at", "acknowledged_at", "payload")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: InboundDossier | None = None) -> bool:
        return False


@admin.register(EndpointCircuit)
class EndpointCircuitAdmin(ScopedAdmin):
    """Whether each external endpoint is considered down; an operator who knows it is back closes
    its circuit at once instead of waiting for the reset time."""

    unit_path = None
    list_display = ["name", "failures", "open_until", "changed_at", "last_error"]
    fields = ("name", "failures", "open_until", "changed_at", "last_error")
    readonly_fields = fields
    actions = ["close_circuit"]

    @admin.action(description=_("Close the circuit now"), permissions=["change"])
    def close_circuit(self, request: HttpRequest, queryset: QuerySet[EndpointCircuit]) -> None:
        for circuit in queryset:
            circuit_reset(circuit.name)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: EndpointCircuit | None = None) -> bool:
        return False
