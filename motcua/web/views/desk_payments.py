"""The financial step on the desk's dossier page: the handler issues the payment notice (code 6),
the desk records the payment with its receipt number, and the charges collected are remitted to
the budget (Art.24); the panel also shows the paper-transfer deadline (Art.18.2, 20.1.a).

Each post calls one action of `motcua.payments.actions`; a refusal comes back as a translated
message on the dossier page and changes nothing."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.catalog.models import Fee
from motcua.core.errors import DomainError
from motcua.dossiers.actions.common import calendar_of
from motcua.dossiers.actions.processing import transfer_due_of
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_get
from motcua.dossiers.states import Status
from motcua.payments import actions as payment_actions
from motcua.payments.models import PaymentNotice
from motcua.payments.selectors import PaymentPause, notice_of, payment_pause
from motcua.web.views.desk_http import actor, officials_only


@dataclass(frozen=True)
class FeeInput:
    fee: Fee
    name: str  # the form field: amount_<fee id>
    value: int | None  # prefilled: the catalogue amount of a fixed fee, nothing for one computed later


@dataclass(frozen=True)
class PaymentPanel:
    """What the dossier page shows of the financial step and the transfer, and which forms."""

    dossier: Dossier
    now: datetime
    transfer_due_at: datetime | None
    transfer_late: bool
    notice: PaymentNotice | None
    pause: PaymentPause | None
    remittance_late: bool
    fees: list[FeeInput]
    may_request: bool
    may_record: bool
    may_remit: bool

    @property
    def shown(self) -> bool:
        return bool(self.transfer_due_at or self.notice or self.may_request)


def payment_panel(user: User, dossier: Dossier, *, now: datetime | None = None) -> PaymentPanel:
    """The panel for this official and this dossier: the same guards the actions apply, so no
    form leads to a refusal."""
    now = now or timezone.now()
    calendar = calendar_of(dossier)
    transfer_due = transfer_due_of(dossier, calendar)
    # Only the assigned handler issues a notice: a dossier without one has none (no query).
    notice = notice_of(dossier) if dossier.handler_id is not None else None
    handler = payment_actions.is_handler(user, dossier)
    may_request = handler and dossier.status == Status.PROCESSING
    fees = (
        [
            FeeInput(fee, f"amount_{fee.pk}", None if fee.computed_at_appraisal else fee.amount)
            for fee in Fee.objects.filter(procedure_id=dossier.procedure_id).order_by("position", "pk")
        ]
        if may_request
        else []
    )
    collector = notice is not None and payment_actions.is_desk_or_handler(user, dossier)
    return PaymentPanel(
        dossier=dossier,
        now=now,
        transfer_due_at=transfer_due,
        transfer_late=transfer_due is not None and dossier.transferred_at is None and now > transfer_due,
        notice=notice,
        pause=payment_pause(dossier, now=now) if notice is not None else None,
        remittance_late=bool(
            notice
            and notice.remitted_at is None
            and notice.remittance_due_at is not None
            and now > notice.remittance_due_at
        ),
        fees=[f for f in fees if f.value != 0 or f.fee.computed_at_appraisal],
        may_request=may_request and any(f.value or f.fee.computed_at_appraisal for f in fees),
        may_record=collector
        and dossier.status == Status.FINANCIAL_OBLIGATION
        and bool(notice and notice.is_open),
        may_remit=bool(
            collector and notice and notice.paid_at and notice.charges_total and notice.remitted_at is None
        ),
    )


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def _back(dossier: Dossier) -> HttpResponse:
    return redirect(reverse("web:desk_dossier", args=[dossier.code]) + "#payments-title")


def _run(request: HttpRequest, dossier: Dossier, done: str, perform: Any) -> HttpResponse:
    try:
        perform()
    except DomainError as error:
        if error.status == 404:
            raise
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)
    return _back(dossier)


@require_POST
@officials_only
def payment_request_view(request: HttpRequest, code: str) -> HttpResponse:
    """The handler issues the notice with the amounts of the form (amount_<fee id>)."""
    user = actor(request)
    dossier = dossier_get(actor=user, code=code)
    amounts = {
        key.removeprefix("amount_"): request.POST.get(key, "").strip()
        for key in request.POST
        if key.startswith("amount_")
    }
    return _run(
        request,
        dossier,
        _("Payment notice issued for dossier %(code)s.") % {"code": dossier.code},
        lambda: payment_actions.payment_request(
            actor=user,
            dossier=dossier,
            amounts={k: (v if v else None) for k, v in amounts.items()},
            note=request.POST.get("note", ""),
            expected_version=_version(request),
        ),
    )


@require_POST
@officials_only
def payment_record_view(request: HttpRequest, code: str) -> HttpResponse:
    user = actor(request)
    dossier = dossier_get(actor=user, code=code)
    return _run(
        request,
        dossier,
        _("Payment recorded for dossier %(code)s.") % {"code": dossier.code},
        lambda: payment_actions.payment_record(
            actor=user,
            dossier=dossier,
            receipt_number=request.POST.get("receipt_number", ""),
            method=request.POST.get("method", PaymentNotice.Method.CASH),
            expected_version=_version(request),
        ),
    )


@require_POST
@officials_only
def fees_remit_view(request: HttpRequest, code: str) -> HttpResponse:
    user = actor(request)
    dossier = dossier_get(actor=user, code=code)
    return _run(
        request,
        dossier,
        _("Remittance of the charges recorded for dossier %(code)s.") % {"code": dossier.code},
        lambda: payment_actions.fees_remit_for_dossier(
            actor=user, dossier=dossier, reference=request.POST.get("reference", "")
        ),
    )
