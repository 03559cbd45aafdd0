"""Reads on proposals, scoped: a commune sees its own, a department those assigned to it, the
province's monitors all of the province; anything else does not exist for the user."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import scope_where, units_where
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.errors import NotFound
from motcua.proposals.actions import FILE_PERMISSIONS
from motcua.proposals.models import Proposal, ProposalAttachment, ProposalEvent
from motcua.units.models import Unit

STATES = ("open", "overdue", "answered", "closed", "all")
# Age of an open proposal since it was filed, in calendar days: (upper bound, key).
AGE_BUCKETS = ((7, "week"), (30, "month"), (90, "quarter"), (None, "older"))


def visible_proposals(user: User | AnonymousUser) -> QuerySet[Proposal]:
    if not user.is_authenticated or not user.is_active:
        return Proposal.objects.none()
    scope = scope_where(user, Permission.VIEW_UNIT_DATA)
    return Proposal.objects.filter(scope.q("unit") | scope.q("department"))


def proposal_get(user: User | AnonymousUser, pk: int) -> Proposal:
    item = (
        visible_proposals(user)
        .select_related("unit__province", "department", "filed_by", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise NotFound(_("No proposal has this number."))
    return item


def proposal_events(item: Proposal) -> list[ProposalEvent]:
    return list(item.events.select_related("actor"))


def proposal_attachments(item: Proposal) -> list[ProposalAttachment]:
    return list(item.attachments.order_by("pk"))


def proposal_list(user: User | AnonymousUser, *, state: str, now: datetime) -> QuerySet[Proposal]:
    """`open`: filed or with a department, soonest deadline first (unassigned first); `overdue`:
    with a department past its deadline; `answered`: waiting for the commune; `closed`: accepted."""
    items = visible_proposals(user).select_related("unit", "department")
    if state == "open":
        return items.filter(status__in=Proposal.OPEN).order_by("-status", "due_at", "filed_at", "pk")
    if state == "overdue":
        return items.filter(status=Proposal.Status.ASSIGNED, due_at__lt=now).order_by("due_at", "pk")
    if state == "answered":
        return items.filter(status=Proposal.Status.ANSWERED).order_by("-answered_at", "-pk")
    if state == "closed":
        return items.filter(status=Proposal.Status.ACCEPTED).order_by("-closed_at", "-pk")
    return items.order_by("-filed_at", "-pk")


def units_filing(user: User | AnonymousUser) -> list[Unit]:
    """The communes for which the user may file a proposal."""
    units: set[Unit] = set()
    for permission in FILE_PERMISSIONS:
        units.update(u for u in units_where(user, permission) if u.is_commune_level)
    return sorted(units, key=lambda u: u.name)


def departments_of(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(province_id=unit.province_id, kind=Unit.Kind.DEPARTMENT).order_by("name")


@dataclass
class DepartmentRow:
    department: Unit | None  # None: not assigned yet
    open: int = 0
    overdue: int = 0
    ages: dict[str, int] = field(default_factory=lambda: {key: 0 for _bound, key in AGE_BUCKETS})


@dataclass
class Dashboard:
    rows: list[DepartmentRow]
    open: int
    overdue: int
    answered_late: int
    reopened: int
    waiting_for_commune: int


def _age_key(days: int) -> str:
    for bound, key in AGE_BUCKETS:
        if bound is None or days <= bound:
            return key
    return AGE_BUCKETS[-1][1]


def dashboard(user: User | AnonymousUser, *, now: datetime) -> Dashboard:
    """Open proposals by department and by age, those past their deadline, those answered late
    (any round), those reopened, those waiting for the commune. Three queries."""
    items = visible_proposals(user)
    open_items = items.filter(status__in=Proposal.OPEN).values_list("department_id", "filed_at", "due_at")
    rows: dict[int | None, DepartmentRow] = defaultdict(lambda: DepartmentRow(None))
    for department_id, filed_at, due_at in open_items:
        row = rows[department_id]
        row.open += 1
        row.overdue += due_at is not None and due_at < now
        row.ages[_age_key((now - filed_at) // timedelta(days=1))] += 1
    departments = {u.pk: u for u in Unit.objects.filter(pk__in=[k for k in rows if k is not None])}
    for key, row in rows.items():
        row.department = departments.get(key) if key is not None else None
    ordered = sorted(rows.values(), key=lambda r: (r.department is not None, -r.open, str(r.department)))
    totals = items.aggregate(
        answered_late=Count("pk", filter=Q(late_answers__gt=0)),
        reopened=Count("pk", filter=Q(reopened__gt=0)),
        waiting=Count("pk", filter=Q(status=Proposal.Status.ANSWERED)),
    )
    return Dashboard(
        rows=ordered,
        open=sum(r.open for r in ordered),
        overdue=sum(r.overdue for r in ordered),
        answered_late=totals["answered_late"],
        reopened=totals["reopened"],
        waiting_for_commune=totals["waiting"],
    )
