from datetime import datetime
from typing import Any, cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.audit.admin_scope import ScopedAdmin
from motcua.core.errors import DomainError
from motcua.payments.actions import fees_remit
from motcua.payments.models import PaymentNotice


class RemittanceFilter(admin.SimpleListFilter):
    title = _("remittance of charges")
    parameter_name = "remittance"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("due", _("to remit")), ("late", _("late (Art.24)")), ("done", _("remitted"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[PaymentNotice]) -> QuerySet[PaymentNotice]:
        now: datetime = timezone.now()
        open_rows = queryset.filter(remitted_at__isnull=True, remittance_due_at__isnull=False)
        if self.value() == "due":
            return open_rows
        if self.value() == "late":
            return open_rows.filter(remittance_due_at__lt=now)
        if self.value() == "done":
            return queryset.filter(remitted_at__isnull=False)
        return queryset


@admin.register(PaymentNotice)
class PaymentNoticeAdmin(ScopedAdmin):
    """Payment notices are issued and paid from the desk; here an administrator reads them and may
    record the remittance of the charges (the same action as the desk: one reference, once)."""

    unit_path = "dossier__competent_unit"

    list_display = (
        "dossier",
        "issued_at",
        "total",
        "charges_total",
        "clock_paused",
        "paid_at",
        "receipt_number",
        "remittance_due_at",
        "remitted_at",
    )
    list_filter = (RemittanceFilter, "clock_paused", "method")
    search_fields = ("dossier__code", "receipt_number", "remittance_reference", "platform_transaction_id")
    list_select_related = ("dossier",)
    fields = (
        "dossier",
        "issued_at",
        "issued_by",
        "lines",
        "total",
        "charges_total",
        "note",
        "clock_paused",
        "paid_at",
        "method",
        "receipt_number",
        "reference",
        "platform_transaction_id",
        "recorded_by",
        "paused_hours",
        "remittance_due_at",
        "remitted_at",
        "remitted_by",
        "remittance_reference",
    )

    def get_readonly_fields(self, request: HttpRequest, obj: PaymentNotice | None = None) -> list[str]:
        readonly = [name for name in self.fields if name != "remittance_reference"]
        if obj is None or obj.remitted_at is not None or obj.remittance_due_at is None:
            readonly.append("remittance_reference")
        return readonly

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: PaymentNotice, form: Any, change: bool) -> None:
        """Only the remittance reference is editable, and it is recorded through the action."""
        if "remittance_reference" not in form.changed_data:
            return
        try:
            fees_remit(actor=cast(User, request.user), notice=obj, reference=obj.remittance_reference)
        except DomainError as error:
            messages.error(request, str(error.message))
