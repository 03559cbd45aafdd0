"""What the desk pages read, built on the dossier selectors: the queues a user works from, their
counts, the calendars that give hours left, and each handler's load in a unit."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import scope_where, units_where
from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Permission, Role
from motcua.core.calendar import WorkingCalendar
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_queue, visible_dossiers
from motcua.dossiers.states import CLOCK_RUNNING, Status
from motcua.units.models import Province, Unit
from motcua.units.selectors import calendar_for_province, province_get


@dataclass(frozen=True)
class QueueInfo:
    name: str
    label: str | Promise
    # The permission that makes the queue someone's work; None: every official watches it.
    permission: str | None


QUEUE_INFO: dict[str, QueueInfo] = {
    q.name: q
    for q in (
        QueueInfo("decide", _("Online dossiers waiting for a decision"), Permission.RECEIVE_DOSSIER),
        QueueInfo("transfer", _("To send to the competent unit"), Permission.RECEIVE_DOSSIER),
        QueueInfo("assign", _("To assign to a handler"), Permission.ASSIGN_DOSSIER),
        QueueInfo("process", _("To process"), Permission.HANDLE_DOSSIER),
        QueueInfo("approve", _("To approve"), Permission.APPROVE_DOSSIER),
        QueueInfo("supplement", _("Waiting for a supplement"), None),
        QueueInfo("due_soon", _("Due within one working day"), None),
        QueueInfo("overdue", _("Overdue"), None),
        QueueInfo("return", _("Results to return"), Permission.RECEIVE_DOSSIER),
        QueueInfo("all", _("All dossiers"), None),
    )
}

# Queues sorted by their own deadline: the online decision (8 working hours) or the due time.
SORTS = ("due", "-due", "received", "-received")


def queues_for(user: User) -> list[QueueInfo]:
    """The queues that are this user's work, in the order of the day's work."""
    held = {
        permission
        for permission in Permission.values
        if scope_where(user, permission).unit_ids or scope_where(user, permission).province_ids
    }
    if user.is_superuser:
        held = set(Permission.values)
    return [q for q in QUEUE_INFO.values() if q.permission is None or q.permission in held]


def nav_flags(user: User) -> dict[str, bool]:
    """Which desk pages the menu offers: only those the user may open."""
    receive, assign = (scope_where(user, p) for p in (Permission.RECEIVE_DOSSIER, Permission.ASSIGN_DOSSIER))
    return {
        "nav_receive": bool(receive.everything or receive.unit_ids or receive.province_ids),
        "nav_assign": bool(assign.everything or assign.unit_ids or assign.province_ids),
    }


def due_soon_limit(now: datetime, calendar: WorkingCalendar) -> datetime:
    """ "Due soon": by the close of the next working day."""
    return calendar.due_time_after_working_days(now, 1)


def home_province() -> Province:
    return province_get(settings.MOTCUA_PROVINCE_CODE)


class Calendars:
    """One working calendar per province, read once per request."""

    def __init__(self) -> None:
        self._by_province: dict[int, WorkingCalendar] = {}

    def of(self, province: Province) -> WorkingCalendar:
        calendar = self._by_province.get(province.pk)
        if calendar is None:
            calendar = self._by_province[province.pk] = calendar_for_province(province)
        return calendar


def queue_counts(user: User, queues: list[QueueInfo], now: datetime, soon: datetime) -> dict[str, int]:
    """One count per queue: a fixed number of queries whatever the number of dossiers."""
    return {
        q.name: dossier_queue(actor=user, queue=q.name, now=now, soon=soon).count()
        for q in queues
        if q.name != "all"
    }


def queue_page(
    user: User, queue: str, query: str, sort: str, now: datetime, soon: datetime
) -> QuerySet[Dossier]:
    """The queue, searched and sorted, with what a row shows loaded."""
    dossiers = dossier_queue(actor=user, queue=queue, query=query, now=now, soon=soon)
    return sorted_queue(dossiers.select_related("competent_unit__province"), queue, sort)


def sorted_queue(dossiers: QuerySet[Dossier], queue: str, sort: str) -> QuerySet[Dossier]:
    """Sort by due time (soonest first, dossiers without one last) or by time of arrival."""
    due = F("decision_due_at" if queue == "decide" else "due_at")
    if sort == "due":
        return dossiers.order_by(due.asc(nulls_last=True), "pk")
    if sort == "-due":
        return dossiers.order_by(due.desc(nulls_last=True), "-pk")
    if sort == "received":
        return dossiers.order_by("received_at", "pk")
    return dossiers.order_by("-received_at", "-pk")


def assigning_units(user: User) -> QuerySet[Unit]:
    return units_where(user, Permission.ASSIGN_DOSSIER).select_related("province").order_by("code")


@dataclass(frozen=True)
class HandlerLoad:
    user: User
    processing: int
    pending_approval: int
    supplement: int
    overdue: int

    @property
    def open(self) -> int:
        return self.processing + self.pending_approval + self.supplement


def unit_handlers(unit: Unit) -> list[User]:
    memberships = (
        Membership.objects.filter(unit=unit, role=Role.HANDLER, active=True, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )
    return [m.user for m in memberships]


def handler_loads(user: User, unit: Unit, handlers: list[User], now: datetime) -> list[HandlerLoad]:
    """Each handler's open dossiers in the unit, by stage, with the overdue ones among them:
    one grouped query."""
    rows = (
        visible_dossiers(user)
        .filter(competent_unit=unit, handler__isnull=False)
        .values("handler_id")
        .annotate(
            processing=Count("pk", filter=Q(status=Status.PROCESSING)),
            pending_approval=Count("pk", filter=Q(status=Status.PENDING_APPROVAL)),
            supplement=Count("pk", filter=Q(status=Status.SUPPLEMENT_REQUESTED)),
            overdue=Count("pk", filter=Q(status__in=CLOCK_RUNNING, due_at__lt=now)),
        )
        .order_by()
    )
    by_handler: dict[int, dict[str, Any]] = {row["handler_id"]: dict(row) for row in rows}
    loads = []
    for handler in handlers:
        row = by_handler.get(handler.pk, {})
        loads.append(
            HandlerLoad(
                user=handler,
                processing=row.get("processing", 0),
                pending_approval=row.get("pending_approval", 0),
                supplement=row.get("supplement", 0),
                overdue=row.get("overdue", 0),
            )
        )
    return loads


def unit_work(user: User, unit: Unit) -> QuerySet[Dossier]:
    """The unit's dossiers a leader may hand to another handler: assigned and still in processing."""
    return (
        visible_dossiers(user)
        .filter(competent_unit=unit, status=Status.PROCESSING)
        .select_related("procedure", "handler", "competent_unit__province")
        .order_by("due_at", "pk")
    )
