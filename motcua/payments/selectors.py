"""Reads of the financial step: a dossier's payment notice and the pause of its clock (for the
dossier page, the control sheet and the tracking page), and the charges waiting to be remitted."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone

from motcua.accounts.access import scope_where
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.dossiers.actions.common import calendar_of
from motcua.dossiers.models import Dossier
from motcua.payments.models import PaymentNotice

LIST_LIMIT = 50


def notice_of(dossier: Dossier) -> PaymentNotice | None:
    """The dossier's latest payment notice (the open one while it waits), or None. The caller has
    already checked that the user may see the dossier."""
    return PaymentNotice.objects.filter(dossier=dossier).order_by("-issued_at", "-pk").first()


@dataclass(frozen=True)
class PaymentPause:
    """The financial step as the control sheet and the tracking page tell it."""

    issued_at: datetime
    paid_at: datetime | None
    total: int
    paused: bool  # the legal time stands still while waiting (sector law excludes it)
    waiting: bool  # not paid yet
    hours: Decimal  # working hours waited (so far, while waiting)


def payment_pause(dossier: Dossier, *, now: datetime | None = None) -> PaymentPause | None:
    """The latest financial step of the dossier, or None when it never had one."""
    notice = notice_of(dossier)
    if notice is None:
        return None
    return _pause(dossier, notice, now)


def payment_steps(dossier: Dossier, *, now: datetime | None = None) -> list[PaymentPause]:
    """Every financial step of the dossier, oldest first: for the process control sheet, one row
    per notice with when it was issued and paid and the working hours the legal time stood still
    (`paused`) or kept running."""
    notices = PaymentNotice.objects.filter(dossier=dossier).order_by("issued_at", "pk")
    return [_pause(dossier, notice, now) for notice in notices]


def _pause(dossier: Dossier, notice: PaymentNotice, now: datetime | None) -> PaymentPause:
    if notice.paid_at is not None and notice.paused_hours is not None:
        hours = notice.paused_hours
    else:
        end = notice.paid_at or now or timezone.now()
        hours = max(calendar_of(dossier).working_hours_between(notice.issued_at, end), Decimal(0))
    return PaymentPause(
        issued_at=notice.issued_at,
        paid_at=notice.paid_at,
        total=notice.total,
        paused=notice.clock_paused,
        waiting=notice.paid_at is None,
        hours=_plain(hours),
    )


def _plain(hours: Decimal) -> Decimal:
    """Hours to two places without trailing zeros, never in exponent form (16, not 1.6E+1)."""
    text = format(hours.quantize(Decimal("0.01")), "f")
    return Decimal(text.rstrip("0").rstrip(".") if "." in text else text)


def _desk_scope(user: User | AnonymousUser) -> Q | None:
    """Notices of dossiers received at the desks the user works at or watches."""
    scope = scope_where(user, Permission.VIEW_UNIT_DATA)
    if not (scope.everything or scope.unit_ids or scope.province_ids):
        return None
    return scope.q("dossier__receiving_unit")


def remittances_due(user: User | AnonymousUser) -> list[PaymentNotice]:
    """Charges collected at the user's desks and not yet remitted to the budget, earliest due first."""
    where = _desk_scope(user)
    if where is None:
        return []
    rows = PaymentNotice.objects.filter(where, remitted_at__isnull=True, remittance_due_at__isnull=False)
    return list(rows.select_related("dossier").order_by("remittance_due_at", "pk")[:LIST_LIMIT])


def late_remittances(user: User | AnonymousUser, *, now: datetime | None = None) -> list[PaymentNotice]:
    """Charges not remitted within 8 working hours of their payment (Art.24)."""
    now = now or timezone.now()
    return [
        notice
        for notice in remittances_due(user)
        if notice.remittance_due_at and notice.remittance_due_at < now
    ]


def late_remittances_where(where: Q, *, now: datetime) -> list[PaymentNotice]:
    """The same, for a filter on the notice's dossier (the monitor's digest of one unit)."""
    rows = PaymentNotice.objects.filter(where, remitted_at__isnull=True, remittance_due_at__lt=now)
    return list(rows.select_related("dossier").order_by("remittance_due_at", "pk")[:LIST_LIMIT])


@dataclass(frozen=True)
class PaymentIndicators:
    """The 766 index's payment group for units over a period (rules 3.5, 3.5b, 3.6)."""

    procedures_with_fees: int  # procedures with a fee among the dossiers received
    procedures_payable_online: int  # of them, payable on the national payment platform
    procedures_paid_online: int  # of them, with at least one dossier paid online
    dossiers_with_fees: int  # dossiers received of procedures with a fee
    dossiers_paid_online: int  # of them, with a notice paid online


def online_payment_enabled() -> bool:
    """Online payment works once the platform's address and the province's shared secret are set
    (without the secret every confirmation is refused)."""
    from django.conf import settings

    endpoint = settings.MOTCUA_ENDPOINTS.get("paygov", {})
    return bool(endpoint.get("base_url") and settings.PAYGOV_SECRET)


def payment_indicators(*, unit_ids: list[int], start: datetime, end: datetime) -> PaymentIndicators:
    """Counts over the dossiers received by the units in [start, end) (3 queries). Every notice can
    be paid on the platform once it is configured (`MOTCUA_ENDPOINTS["paygov"]`), so every
    procedure with a fee is then payable online."""
    from django.db.models import Count, Exists, OuterRef

    from motcua.catalog.models import Fee

    with_fee = Fee.objects.filter(procedure_id=OuterRef("procedure_id"), amount__gt=0)
    paid_online = PaymentNotice.objects.filter(
        dossier_id=OuterRef("pk"), paid_at__isnull=False, method=PaymentNotice.Method.ONLINE
    )
    dossiers = (
        Dossier.objects.filter(receiving_unit_id__in=unit_ids, received_at__gte=start, received_at__lt=end)
        .annotate(has_fee=Exists(with_fee), paid_online=Exists(paid_online))
        .filter(has_fee=True)
    )
    counts = dossiers.aggregate(
        dossiers=Count("pk"),
        paid=Count("pk", filter=Q(paid_online=True)),
        procedures=Count("procedure_id", distinct=True),
        procedures_paid=Count("procedure_id", filter=Q(paid_online=True), distinct=True),
    )
    configured = online_payment_enabled()
    return PaymentIndicators(
        procedures_with_fees=counts["procedures"],
        procedures_payable_online=counts["procedures"] if configured else 0,
        procedures_paid_online=counts["procedures_paid"],
        dossiers_with_fees=counts["dossiers"],
        dossiers_paid_online=counts["paid"],
    )
