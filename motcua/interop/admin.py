from typing import cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.accounts.models import User
from motcua.audit.admin_scope import ScopedAdmin
from motcua.interop.actions import outbox_retry
from motcua.interop.models import OutboxMessage
from motcua.interop.notifications import shorten

# Every field is shown and none is editable: messages are written by the system only.
_FIELDS = (
    "channel",
    "recipient",
    "subject",
    "body",
    "dossier",
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
