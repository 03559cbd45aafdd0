"""Reads on action programmes, scoped by unit; the province sees every commune side by side."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import scope_where
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.errors import NotFound
from motcua.monitor.selectors import Figures, Period, counter_sums, figures_of
from motcua.programmes.models import Programme, ProgrammeEvent, Progress, Source, Target, Task

# A task is still to be done until it is evaluated done or, at the end, not done.
FINAL = (Task.Status.DONE, Task.Status.NOT_DONE)
# A target is at risk when its progress lags the time elapsed by more than this share.
RISK_LAG = Decimal("0.15")


def visible_programmes(user: User | AnonymousUser) -> QuerySet[Programme]:
    if not user.is_authenticated or not user.is_active:
        return Programme.objects.none()
    return Programme.objects.filter(scope_where(user, Permission.VIEW_UNIT_DATA).q("unit"))


def programme_get(user: User | AnonymousUser, pk: int) -> Programme:
    found = visible_programmes(user).select_related("unit").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No programme of yours has this number."))
    return found


def overdue(today: date) -> Q:
    return Q(deadline__lt=today) & ~Q(status__in=FINAL)


def programme_tasks(programme: Programme, *, today: date) -> list[tuple[Task, bool]]:
    """The tasks, soonest deadline first, each with whether it is overdue."""
    tasks = programme.tasks.select_related("person_user").order_by("deadline", "pk")
    return [(t, t.deadline < today and t.status not in FINAL) for t in tasks]


@dataclass
class TargetView:
    target: Target
    latest: Progress | None  # the latest report (reported targets)
    value: Decimal | None  # the latest figure, reported or from motcua's counters
    progress: Decimal | None  # share of the way from baseline to target, 0..1 (may exceed 1)
    expected: Decimal  # share of the time elapsed from the programme's start to the target's date
    at_risk: bool

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else int((self.progress * 100).to_integral_value())


def _share(part: int, whole: int) -> Decimal:
    if whole <= 0:
        return Decimal(1)
    return min(max(Decimal(part) / Decimal(whole), Decimal(0)), Decimal(1))


def target_view(
    target: Target, reports: list[Progress], start: date, today: date, auto: Figures | None = None
) -> TargetView:
    latest = reports[-1] if reports else None
    value = latest.value if latest is not None else None
    if target.source != Source.REPORTED:
        value = getattr(auto, target.source) if auto is not None else None
    expected = _share((today - start).days, (target.due - start).days)
    progress = None
    if value is not None:
        progress = (value - target.baseline) / (target.target - target.baseline)
    # Without any figure once a quarter of the time has gone, the target is at risk too.
    # Past its date and not reached counts as at risk too: it is missed.
    lagging = (
        (progress is None and expected > Decimal("0.25"))
        or (progress is not None and progress < 1 and progress < expected - RISK_LAG)
        or (today > target.due and (progress is None or progress < 1))
    )
    return TargetView(target, latest, value, progress, expected, lagging)


def year_figures(unit_ids: set[int], today: date) -> dict[int, Figures]:
    """motcua's own figures of each unit from 1 January to today, for targets fed automatically."""
    if not unit_ids:
        return {}
    sums = counter_sums(period=Period(date(today.year, 1, 1), today), units=Q(unit_id__in=sorted(unit_ids)))
    return {unit_id: figures_of(sums.get(unit_id)) for unit_id in unit_ids}


def programme_targets(programme: Programme, *, today: date) -> list[TargetView]:
    """Each target with its latest figure, its progress and whether it is at risk: two queries,
    and those of the year's counters when a target takes its figures from motcua."""
    targets = list(programme.targets.order_by("pk"))
    reports: dict[int, list[Progress]] = defaultdict(list)
    for report in Progress.objects.filter(target__in=targets).order_by("period_end", "pk"):
        reports[report.target_id].append(report)
    automatic = any(t.source != Source.REPORTED for t in targets)
    auto = year_figures({programme.unit_id}, today).get(programme.unit_id) if automatic else None
    return [target_view(t, reports[t.pk], programme.start, today, auto) for t in targets]


def programme_events(programme: Programme, limit: int = 20) -> list[ProgrammeEvent]:
    return list(programme.events.select_related("actor").order_by("-at", "-pk")[:limit])


@dataclass
class UnitRow:
    unit_id: int
    unit_name: str
    unit_code: str
    programmes: int = 0
    tasks: int = 0
    done: int = 0
    overdue: int = 0
    targets: int = 0
    at_risk: int = 0


def province_overview(user: User | AnonymousUser, *, today: date) -> list[UnitRow]:
    """Per unit with a programme: tasks, done, overdue, targets and those at risk, side by side.
    Four queries whatever the number of units."""
    programmes = list(visible_programmes(user).select_related("unit"))
    rows: dict[int, UnitRow] = {}
    by_programme: dict[int, Programme] = {}
    for p in programmes:
        by_programme[p.pk] = p
        row = rows.setdefault(p.unit_id, UnitRow(p.unit_id, p.unit.name, p.unit.code))
        row.programmes += 1
    counts = (
        Task.objects.filter(programme_id__in=list(by_programme))
        .values("programme__unit_id")
        .annotate(
            tasks=Count("pk"),
            done=Count("pk", filter=Q(status=Task.Status.DONE)),
            overdue=Count("pk", filter=overdue(today)),
        )
        .order_by()
    )
    for c in counts:
        row = rows[c["programme__unit_id"]]
        row.tasks, row.done, row.overdue = c["tasks"], c["done"], c["overdue"]
    targets = list(Target.objects.filter(programme_id__in=list(by_programme)))
    reports: dict[int, list[Progress]] = defaultdict(list)
    for report in Progress.objects.filter(target__in=targets).order_by("period_end", "pk"):
        reports[report.target_id].append(report)
    auto_units = {by_programme[t.programme_id].unit_id for t in targets if t.source != Source.REPORTED}
    figures = year_figures(auto_units, today)
    for t in targets:
        programme = by_programme[t.programme_id]
        row = rows[programme.unit_id]
        row.targets += 1
        row.at_risk += target_view(
            t, reports[t.pk], programme.start, today, figures.get(programme.unit_id)
        ).at_risk
    return sorted(rows.values(), key=lambda r: (-r.overdue, -r.at_risk, r.unit_name))


def overdue_tasks(user: User | AnonymousUser, *, today: date) -> QuerySet[Task]:
    return (
        Task.objects.filter(overdue(today), programme__in=visible_programmes(user))
        .select_related("programme__unit")
        .order_by("deadline", "pk")
    )
