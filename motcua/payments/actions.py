"""Writes of the financial step: the handler's payment notice (code 6), the payment recorded at the
desk, and the remittance of the charges collected to the budget within 8 working hours (Art.24)."""

import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.catalog.models import Fee
from motcua.catalog.selectors import procedure_rules
from motcua.core.errors import Conflict, InvalidInput
from motcua.dossiers.actions.common import calendar_of, check_version, may, moment, require, transition
from motcua.dossiers.events import event_append
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Status
from motcua.payments.models import PaymentNotice
from motcua.payments.selectors import notice_of

# Charges (lệ phí) collected reach the state budget within 8 working hours (Decree 118 Art.24).
REMITTANCE_HOURS: Final = 8
# No single fee of a one-stop procedure comes near this; a larger figure is a typing error.
MAX_AMOUNT: Final = 100_000_000_000
RECEIPT_NUMBER: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9./_-]{0,63}$")


def is_handler(actor: User | None, dossier: Dossier) -> bool:
    """The handler assigned to the dossier, still a handler of the competent unit."""
    return (
        actor is not None
        and dossier.handler_id == actor.pk
        and may(actor, Permission.HANDLE_DOSSIER, dossier.competent_unit)
    )


def is_desk_or_handler(actor: User | None, dossier: Dossier) -> bool:
    """Who takes the money: the receiving desk of the dossier, or its handler."""
    return may(actor, Permission.RECEIVE_DOSSIER, dossier.receiving_unit) or is_handler(actor, dossier)


def _amount(value: Any, fee: Fee) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        value = None
    elif isinstance(value, str):
        text = value.strip().replace(".", "").replace(",", "").replace(" ", "")
        value = int(text) if text.isdigit() else None
    if value is None or value < 0 or value > MAX_AMOUNT:
        raise InvalidInput(
            _("Enter the amount of “%(fee)s” as a whole number of đồng, 0 or more.") % {"fee": fee.label},
            field=f"amounts.{fee.pk}",
        )
    return int(value)


def notice_lines(dossier: Dossier, amounts: Mapping[Any, Any]) -> list[dict[str, Any]]:
    """The lines of a notice: each fixed fee of the procedure at its catalogue amount unless the
    handler gives another (0 leaves it out: a copy nobody asked for); each fee computed at appraisal
    at the amount the handler entered, which is required. Lines of 0 đồng are left out."""
    fees = list(Fee.objects.filter(procedure_id=dossier.procedure_id).order_by("position", "pk"))
    given = {str(key): value for key, value in amounts.items()}
    unknown = sorted(set(given) - {str(fee.pk) for fee in fees})
    if unknown:
        raise InvalidInput(
            _("The procedure has no fee %(fee)s.") % {"fee": ", ".join(unknown)}, field="amounts"
        )
    lines = []
    for fee in fees:
        key = str(fee.pk)
        if key in given:
            amount = _amount(given[key], fee)
        elif fee.computed_at_appraisal:
            raise InvalidInput(
                _("Enter the amount of “%(fee)s” fixed at appraisal.") % {"fee": fee.label},
                field=f"amounts.{fee.pk}",
            )
        else:
            amount = fee.amount
        if amount:
            lines.append({"fee": fee.pk, "label": fee.label, "kind": fee.kind, "amount": amount})
    return lines


@transaction.atomic
def payment_request(
    *,
    actor: User,
    dossier: Dossier,
    amounts: Mapping[Any, Any] | None = None,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> PaymentNotice:
    """The handler issues the payment notice: the dossier enters code 6. Where the procedure's rules
    in force when it was received exclude the payment time from the legal time, the clock pauses
    until the payment is recorded; otherwise it keeps running."""
    require(is_handler(actor, dossier), dossier)
    check_version(dossier, expected_version)
    lines = notice_lines(dossier, amounts or {})
    total = sum(line["amount"] for line in lines)
    if not total:
        raise InvalidInput(_("There is nothing to pay: every amount is 0."), field="amounts")
    charges = sum(line["amount"] for line in lines if line["kind"] == Fee.Kind.CHARGE)
    now = moment(now)
    calendar = calendar_of(dossier)
    received_on = dossier.received_at.astimezone(calendar.tz).date()
    paused = procedure_rules(dossier.procedure, on=received_on).payment_time_excluded
    resume = dossier.status
    transition(
        dossier,
        allowed_from=(Status.PROCESSING,),
        to=Status.FINANCIAL_OBLIGATION,
        actor=actor,
        kind="payment_requested",
        at=now,
        data={"lines": lines, "total": total, "clock_paused": paused},
        resume_status=resume,
    )
    return PaymentNotice.objects.create(
        dossier=dossier,
        issued_at=now,
        issued_by=actor,
        lines=lines,
        total=total,
        charges_total=charges,
        note=note.strip(),
        clock_paused=paused,
        resume_status=resume,
    )


def _receipt_number(value: str) -> str:
    number = value.strip()
    if not RECEIPT_NUMBER.match(number):
        raise InvalidInput(
            _("Enter the receipt number as printed: letters, digits, “.”, “/”, “-” or “_”, up to 64."),
            field="receipt_number",
        )
    return number


@transaction.atomic
def payment_record(
    *,
    actor: User,
    dossier: Dossier,
    receipt_number: str,
    method: str = PaymentNotice.Method.CASH,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> PaymentNotice:
    """The desk (or the handler) records the payment of the open notice with its receipt number:
    the dossier returns to processing, and a paused clock moves its due times later by the working
    time it waited. Recording the same receipt again answers the same notice and changes nothing;
    another receipt for a paid notice is refused."""
    require(is_desk_or_handler(actor, dossier), dossier)
    number = _receipt_number(receipt_number)
    if method not in (PaymentNotice.Method.CASH, PaymentNotice.Method.TRANSFER):
        raise InvalidInput(_("Record a payment in cash or by bank transfer."), field="method")
    notice = (
        PaymentNotice.objects.select_for_update()
        .filter(dossier=dossier)
        .order_by("-issued_at", "-pk")
        .first()
    )
    if notice is None:
        raise Conflict(_("The dossier has no payment notice."))
    if notice.paid_at is not None:
        if notice.receipt_number == number:
            return notice
        raise Conflict(
            _("The payment was already recorded with receipt %(number)s.") % {"number": notice.receipt_number}
        )
    check_version(dossier, expected_version)
    if PaymentNotice.objects.filter(receipt_number=number).exists():
        raise InvalidInput(
            _("Receipt %(number)s was already recorded for another payment.") % {"number": number},
            field="receipt_number",
        )
    return notice_paid(
        notice=notice, dossier=dossier, actor=actor, method=method, receipt_number=number, now=moment(now)
    )


def notice_paid(
    *,
    notice: PaymentNotice,
    dossier: Dossier,
    actor: User | None,
    method: str,
    receipt_number: str,
    now: datetime,
    reference: str = "",
    platform_transaction_id: str = "",
) -> PaymentNotice:
    """Mark the open notice paid and take the dossier out of code 6 (inside the caller's
    transaction, the notice locked): back to the state it was in, a paused clock moving its due
    times later by the working time it waited, the charges due at the budget within 8 working hours."""
    calendar = calendar_of(dossier)
    fields: dict[str, Any] = {"resume_status": ""}
    data: dict[str, Any] = {"receipt_number": receipt_number, "method": method, "total": notice.total}
    if reference:
        data["reference"] = reference
    paused = Decimal(0)
    if notice.clock_paused and dossier.due_at is not None:
        paused = max(calendar.working_hours_between(notice.issued_at, now), Decimal(0))
        if paused:
            fields["due_at"] = calendar.due_after_working_hours(dossier.due_at, paused).due
            data["due_at"] = fields["due_at"].isoformat()
            if dossier.original_due_at is not None:
                fields["original_due_at"] = calendar.due_after_working_hours(
                    dossier.original_due_at, paused
                ).due
        data["paused_hours"] = str(paused)
    transition(
        dossier,
        allowed_from=(Status.FINANCIAL_OBLIGATION,),
        to=notice.resume_status or Status.PROCESSING,
        actor=actor,
        kind="payment_recorded",
        at=now,
        data=data,
        **fields,
    )
    notice.paid_at = now
    notice.method = method
    notice.receipt_number = receipt_number
    notice.reference = reference
    notice.platform_transaction_id = platform_transaction_id
    notice.recorded_by = actor
    notice.paused_hours = paused.quantize(Decimal("0.01")) if notice.clock_paused else None
    if notice.charges_total:
        notice.remittance_due_at = calendar.due_after_working_hours(now, REMITTANCE_HOURS).due
    notice.full_clean()
    notice.save(
        update_fields=[
            "paid_at",
            "method",
            "receipt_number",
            "reference",
            "platform_transaction_id",
            "recorded_by",
            "paused_hours",
            "remittance_due_at",
        ]
    )
    return notice


@transaction.atomic
def fees_remit(
    *, actor: User, notice: PaymentNotice, reference: str, now: datetime | None = None
) -> PaymentNotice:
    """Record that the charges collected on a notice reached the state budget (Art.24), with the
    reference of the transfer or deposit slip. The same reference again answers the same notice."""
    notice = PaymentNotice.objects.select_for_update().select_related("dossier").get(pk=notice.pk)
    dossier = notice.dossier
    require(is_desk_or_handler(actor, dossier), dossier)
    reference = reference.strip()
    if not reference or len(reference) > 64:
        raise InvalidInput(
            _("Enter the reference of the deposit or transfer to the budget (up to 64 characters)."),
            field="reference",
        )
    if notice.remitted_at is not None:
        if notice.remittance_reference == reference:
            return notice
        raise Conflict(
            _("The charges were already remitted with reference %(reference)s.")
            % {"reference": notice.remittance_reference}
        )
    if notice.paid_at is None or not notice.charges_total:
        raise Conflict(_("There are no charges collected on this notice to remit."))
    now = moment(now)
    notice.remitted_at = now
    notice.remitted_by = actor
    notice.remittance_reference = reference
    notice.full_clean()
    notice.save(update_fields=["remitted_at", "remitted_by", "remittance_reference"])
    late = notice.remittance_due_at is not None and now > notice.remittance_due_at
    event_append(
        dossier=dossier,
        kind="fees_remitted",
        actor=actor,
        at=now,
        data={"reference": reference, "amount": notice.charges_total, "late": late},
    )
    return notice


def fees_remit_for_dossier(
    *, actor: User, dossier: Dossier, reference: str, now: datetime | None = None
) -> PaymentNotice:
    """The remittance recorded from the dossier (its page at the desk, the API): on its latest notice."""
    notice = notice_of(dossier)
    if notice is None:
        raise InvalidInput(_("The dossier has no payment notice."), field="reference")
    return fees_remit(actor=actor, notice=notice, reference=reference, now=now)
