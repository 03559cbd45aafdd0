"""The monthly report per official for the unit's leader (Decree 118 Art.9.3, 12.10, 34.2: the
citizens' evaluations count in the appraisal of officials): the ratings of the dossiers they handled
or received, and the feedback they answered, on time or not, and whether it satisfied."""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, F, Q

from motcua.accounts.access import units_where
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.calendar import VIETNAM_TZ
from motcua.dossiers.models import Rating
from motcua.feedback.models import Feedback

LEADER_PERMISSIONS = (Permission.ASSIGN_DOSSIER, Permission.APPROVE_DOSSIER, Permission.MONITOR_PROVINCE)


@dataclass
class OfficialRow:
    official_id: int
    name: str
    handled_rated: int = 0
    handled_average: Decimal | None = None
    handled_dislikes: int = 0
    received_rated: int = 0
    received_average: Decimal | None = None
    received_dislikes: int = 0
    answered: int = 0
    answered_on_time: int = 0
    satisfied: int = 0
    dissatisfied: int = 0


def report_unit_ids(user: User | AnonymousUser) -> list[int]:
    """The units whose officials the user may see reported: leaders, directors, monitors."""
    ids: set[int] = set()
    for permission in LEADER_PERMISSIONS:
        ids.update(units_where(user, permission).values_list("pk", flat=True))
    return sorted(ids)


def _month(first: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first.replace(day=1), time.min, tzinfo=VIETNAM_TZ)
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return start, datetime.combine(nxt, time.min, tzinfo=VIETNAM_TZ)


def _average(value: float | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def official_month_report(unit_ids: list[int], month: date) -> list[OfficialRow]:
    """One row per official with anything in the month, by name. Ratings count in the month they
    were given, for the dossier's competent unit; feedback in the month it was answered."""
    low, high = _month(month)
    rows: dict[int, OfficialRow] = {}

    def row(pk: int, name: str) -> OfficialRow:
        return rows.setdefault(pk, OfficialRow(official_id=pk, name=name))

    ratings = Rating.objects.filter(at__gte=low, at__lt=high, dossier__competent_unit_id__in=unit_ids)
    aggregates = {"n": Count("pk"), "avg": Avg("score"), "dislikes": Count("pk", filter=Q(dislike=True))}
    handled: list[Any] = list(
        ratings.filter(dossier__handler__isnull=False)
        .values(
            "dossier__handler_id", who=F("dossier__handler__full_name"), login=F("dossier__handler__username")
        )
        .annotate(**aggregates)
    )
    for r in handled:
        line = row(r["dossier__handler_id"], r["who"] or r["login"])
        line.handled_rated, line.handled_average, line.handled_dislikes = (
            r["n"],
            _average(r["avg"]),
            r["dislikes"],
        )
    received: list[Any] = list(
        ratings.filter(dossier__created_by__kind=User.Kind.OFFICIAL)
        .values(
            "dossier__created_by_id",
            who=F("dossier__created_by__full_name"),
            login=F("dossier__created_by__username"),
        )
        .annotate(**aggregates)
    )
    for r in received:
        line = row(r["dossier__created_by_id"], r["who"] or r["login"])
        line.received_rated, line.received_average, line.received_dislikes = (
            r["n"],
            _average(r["avg"]),
            r["dislikes"],
        )
    answered: list[Any] = list(
        Feedback.objects.filter(answered_at__gte=low, answered_at__lt=high, unit_id__in=unit_ids)
        .values("answered_by_id", who=F("answered_by__full_name"), login=F("answered_by__username"))
        .annotate(
            n=Count("pk"),
            n_on_time=Count("pk", filter=Q(answered_at__lte=F("due_at"))),
            n_yes=Count("pk", filter=Q(satisfied=True)),
            n_no=Count("pk", filter=Q(satisfied=False)),
        )
    )
    for r in answered:
        line = row(r["answered_by_id"], r["who"] or r["login"])
        line.answered, line.answered_on_time, line.satisfied, line.dissatisfied = (
            r["n"],
            r["n_on_time"],
            r["n_yes"],
            r["n_no"],
        )
    return sorted(rows.values(), key=lambda r: (r.name, r.official_id))
