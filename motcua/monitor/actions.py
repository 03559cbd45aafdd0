"""Writes of the monitor: counters moved by each transition, their rebuild from the event log, and
the snapshot of open dossiers. Reports and digests are in `reports.py` and `warnings.py`."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Model, Q

from motcua.catalog.models import Component, Fee, Procedure, ProcessStep
from motcua.core.calendar import WorkingCalendar
from motcua.dossiers.models import Dossier, Event, Supplement
from motcua.dossiers.states import Status
from motcua.monitor.counting import (
    COUNTERS,
    ENDING,
    NEEDS_CALENDAR,
    OPEN_STATUSES,
    WIDTH,
    DossierFacts,
    ProcedureFacts,
    event_deltas,
    local_day,
    month_of,
)
from motcua.monitor.models import DailyCounter, MonthlyCounter, OpenDossier
from motcua.units.models import Province, Unit
from motcua.units.selectors import calendar_for_province

_procedures: dict[int, ProcedureFacts] = {}
REBUILD_BATCH = 5000


def procedure_facts() -> dict[int, ProcedureFacts]:
    """Field, online level, fee, competent level and completeness of every procedure, kept in
    memory: the catalogue is small and changes rarely (a change to it forgets this, see receivers)."""
    if not _procedures:
        with_fee = set(Fee.objects.filter(amount__gt=0).values_list("procedure_id", flat=True))
        with_components = set(Component.objects.values_list("procedure_id", flat=True).distinct())
        with_steps = set(
            ProcessStep.objects.filter(version__current=True)
            .values_list("version__procedure_id", flat=True)
            .distinct()
        )
        rows = Procedure.objects.values_list(
            "pk", "field_id", "online_level", "level", "department", "name", "result", "time_unit", "active"
        )
        for pk, field_id, online, level, department, name, result, time_unit, active in rows:
            _procedures[pk] = ProcedureFacts(
                field_id,
                online == Procedure.OnlineLevel.FULL,
                pk in with_fee,
                level,
                department,
                online in (Procedure.OnlineLevel.FULL, Procedure.OnlineLevel.PARTIAL),
                bool(name and result and time_unit) and pk in with_components and pk in with_steps,
                active,
            )
    return _procedures


def procedure_facts_forget() -> None:
    _procedures.clear()


def facts_of(dossier: Dossier, supplements: int = 0) -> DossierFacts:
    return DossierFacts(
        dossier.competent_unit_id,
        dossier.procedure_id,
        dossier.channel,
        dossier.accepted_at,
        dossier.decision_due_at,
        dossier.clock_started_at,
        dossier.original_due_at,
        supplements,
    )


def _bump(model: type[Model], keys: dict[str, Any], amounts: dict[str, int]) -> None:
    """Add to one counter row, creating it on first use. `F()` increments: two transitions of the
    same unit and day never lose each other's counts."""
    increments = {name: F(name) + n for name, n in amounts.items()}
    if model._default_manager.filter(**keys).update(**increments):
        return
    try:
        with transaction.atomic():
            model._default_manager.create(**keys, **amounts)
    except IntegrityError:  # created meanwhile by a concurrent transition
        model._default_manager.filter(**keys).update(**increments)


def counters_apply(*, event: Event, dossier: Dossier) -> None:
    """Move the counters and the open-dossier snapshot for one event. Runs inside the transaction
    of the transition, so both commit or roll back with it."""
    snapshot_apply(dossier, event)
    asked, waiting = 0, None
    if event.kind in ENDING and dossier.accepted_at is not None:
        found = Supplement.objects.filter(dossier=dossier).aggregate(
            asked=Count("pk"),
            # The request left unanswered by this very ending (a stop or withdrawal closes it).
            waiting=Max("requested_at", filter=Q(provided_at__isnull=True, closed_at=event.at)),
        )
        asked, waiting = found["asked"], found["waiting"]
    facts = facts_of(dossier, asked)
    procedure = procedure_facts()[dossier.procedure_id]
    calendar = _calendar(dossier) if event.kind in NEEDS_CALENDAR else None
    first = True
    if event.kind == "components_reused":
        first = not Event.objects.filter(dossier=dossier, kind=event.kind, seq__lt=event.seq).exists()
    deltas = event_deltas(
        kind=event.kind,
        at=event.at,
        data=event.data,
        facts=facts,
        procedure=procedure,
        calendar=calendar,  # type: ignore[arg-type]  # read only by the events that need it
        first_of_kind=first,
        waiting_since=waiting,
    )
    if not deltas:
        return
    amounts = {COUNTERS[index]: n for index, n in deltas}
    day = local_day(event.at)
    _bump(DailyCounter, {"unit_id": facts.unit_id, "procedure_id": facts.procedure_id, "day": day}, amounts)
    _bump(
        MonthlyCounter,
        {"unit_id": facts.unit_id, "field_id": procedure.field_id, "month": month_of(day)},
        amounts,
    )


def _calendar(dossier: Dossier) -> WorkingCalendar:
    return calendar_for_province(dossier.competent_unit.province)


def snapshot_apply(dossier: Dossier, event: Event | None = None) -> None:
    """Keep the dossier's row in the open-dossier snapshot, or remove it once decided or closed.
    A supplement request counts the requests so far and notes its time (766: 2.1 judges a dossier
    waiting for the applicant at that time)."""
    if dossier.status not in OPEN_STATUSES:
        OpenDossier.objects.filter(pk=dossier.pk).delete()
        return
    values: dict[str, Any] = {
        "unit_id": dossier.competent_unit_id,
        "procedure_id": dossier.procedure_id,
        "status": dossier.status,
        "accepted": dossier.accepted_at is not None,
        "accepted_at": dossier.accepted_at,
        "due_at": dossier.due_at,
        "original_due_at": dossier.original_due_at,
        "decision_due_at": dossier.decision_due_at,
    }
    if event is not None and event.kind == "supplement_requested":
        # The requests recorded in the log so far, this one included (its Supplement row may not
        # be written yet).
        asked = Event.objects.filter(dossier=dossier, kind=event.kind, seq__lte=event.seq).count()
        values.update(supplements=asked, supplement_at=event.at)
    elif dossier.status != Status.SUPPLEMENT_REQUESTED:
        values["supplement_at"] = None
    if not OpenDossier.objects.filter(pk=dossier.pk).update(**values):
        OpenDossier.objects.create(dossier_id=dossier.pk, **values)


@dataclass
class RebuildReport:
    dossiers: int = 0
    events: int = 0
    daily_rows: int = 0
    monthly_rows: int = 0
    open_rows: int = 0


Progress = Callable[[RebuildReport], None]


def _quiet(report: RebuildReport) -> None:
    return None


_DOSSIER_COLUMNS = (
    "pk",
    "competent_unit_id",
    "procedure_id",
    "channel",
    "accepted_at",
    "decision_due_at",
    "clock_started_at",
    "original_due_at",
    "competent_unit__province_id",
    "status",
    "due_at",
)


@transaction.atomic
def counters_rebuild(
    *, provinces: Iterable[int] | None = None, batch: int = REBUILD_BATCH, progress: Progress = _quiet
) -> RebuildReport:
    """Recompute the counters and the snapshot from the event log, for the units of `provinces`
    (their codes) or for all. One transaction: readers see the old figures until it commits."""
    procedure_facts_forget()
    procedures = procedure_facts()
    units = Unit.objects.all()
    dossiers = Dossier.objects.all()
    if provinces is not None:
        codes = sorted(set(provinces))
        units = units.filter(province__code__in=codes)
        dossiers = dossiers.filter(competent_unit__province__code__in=codes)
    unit_ids = Q(unit_id__in=units.values("pk"))
    for model in (DailyCounter, MonthlyCounter, OpenDossier):
        model._default_manager.filter(unit_ids).delete()
    calendars = {
        p.pk: calendar_for_province(p) for p in Province.objects.prefetch_related("calendar_overrides")
    }
    daily: dict[tuple[int, int, date], list[int]] = defaultdict(lambda: [0] * WIDTH)
    report = RebuildReport()
    open_rows: list[OpenDossier] = []
    # Walked in ranges of ids, which the primary key serves whatever the planner believes of the
    # province filter (a freshly bulk-loaded table has no statistics yet).
    top = dossiers.aggregate(top=Max("pk"))["top"] or 0
    last_pk = 0
    while last_pk < top:
        high = last_pk + batch
        rows = list(
            dossiers.filter(pk__gt=last_pk, pk__lte=high).order_by("pk").values_list(*_DOSSIER_COLUMNS)
        )
        last_pk = high
        if not rows:
            continue
        low, high_pk = rows[0][0], rows[-1][0]
        supplements = {
            r["dossier_id"]: (r["n"], r["waiting"])
            for r in Supplement.objects.filter(dossier_id__gte=low, dossier_id__lte=high_pk)
            .values("dossier_id")
            .annotate(
                n=Count("pk"),
                waiting=Max("requested_at", filter=Q(provided_at__isnull=True, closed_at__isnull=True)),
            )
            .order_by()
        }
        by_pk: dict[int, tuple[DossierFacts, int]] = {}
        for pk, unit_id, procedure_id, channel, acc, dec, clock, orig, province_id, status, due in rows:
            asked, unanswered = supplements.get(pk, (0, None))
            by_pk[pk] = (
                DossierFacts(unit_id, procedure_id, channel, acc, dec, clock, orig, asked),
                province_id,
            )
            if status in OPEN_STATUSES:
                open_rows.append(
                    OpenDossier(
                        dossier_id=pk,
                        unit_id=unit_id,
                        procedure_id=procedure_id,
                        status=status,
                        accepted=acc is not None,
                        accepted_at=acc,
                        due_at=due,
                        original_due_at=orig,
                        decision_due_at=dec,
                        supplements=asked,
                        supplement_at=unanswered if status == Status.SUPPLEMENT_REQUESTED else None,
                    )
                )
        events = (
            Event.objects.filter(dossier_id__gte=low, dossier_id__lte=high_pk)
            .order_by("dossier_id", "seq")
            .values_list("dossier_id", "kind", "at", "data")
        )
        seen: set[tuple[int, str]] = set()  # (dossier, kind) counted once: digitised data reused
        waiting: dict[int, datetime] = {}  # a dossier's unanswered supplement request, by its time
        # The events come in the order of the log (dossier, then sequence), as they happened.
        for dossier_id, kind, at, data in events.iterator(chunk_size=batch * 4):
            known = by_pk.get(dossier_id)
            if known is None:  # a dossier of another province within the id range
                continue
            facts, province_id = known
            first = True
            if kind == "components_reused":
                first = (dossier_id, kind) not in seen
                seen.add((dossier_id, kind))
            elif kind == "supplement_requested":
                waiting[dossier_id] = at
            elif kind == "supplement_provided":
                waiting.pop(dossier_id, None)
            deltas = event_deltas(
                kind=kind,
                at=at,
                data=data,
                facts=facts,
                procedure=procedures[facts.procedure_id],
                calendar=calendars[province_id],
                first_of_kind=first,
                waiting_since=waiting.get(dossier_id) if kind in ("stopped", "withdrawn") else None,
            )
            report.events += 1
            if deltas:
                counters = daily[(facts.unit_id, facts.procedure_id, local_day(at))]
                for index, n in deltas:
                    counters[index] += n
        report.dossiers += len(rows)
        if len(open_rows) >= batch:
            OpenDossier.objects.bulk_create(open_rows, batch_size=1000)
            report.open_rows += len(open_rows)
            open_rows = []
        progress(report)
    OpenDossier.objects.bulk_create(open_rows, batch_size=1000)
    report.open_rows += len(open_rows)
    monthly: dict[tuple[int, int, date], list[int]] = defaultdict(lambda: [0] * WIDTH)
    for (unit_id, procedure_id, day), counters in daily.items():
        total = monthly[(unit_id, procedures[procedure_id].field_id, month_of(day))]
        for index, n in enumerate(counters):
            total[index] += n
    _counters_insert(DailyCounter, ("unit", "procedure", "day"), daily)
    _counters_insert(MonthlyCounter, ("unit", "field", "month"), monthly)
    report.daily_rows, report.monthly_rows = len(daily), len(monthly)
    return report


def _counters_insert(
    model: type[Model], keys: tuple[str, str, str], rows: dict[tuple[int, int, date], list[int]]
) -> None:
    """Counter rows written by one INSERT statement run over all of them. `bulk_create` composed
    the SQL of each row's thirty values in Python and took most of a rebuild's time (profiled on
    a 200,000-dossier generation)."""
    meta = model._meta
    quote = connection.ops.quote_name
    column_of = {field.name: str(field.column) for field in meta.concrete_fields}
    columns = [column_of[name] for name in (*keys, *COUNTERS)]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(str(meta.db_table)), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    adapt = connection.ops.adapt_datefield_value
    values = [(unit, other, adapt(day), *counters) for (unit, other, day), counters in rows.items()]
    with connection.cursor() as cursor:
        for start in range(0, len(values), REBUILD_BATCH):
            cursor.executemany(sql, values[start : start + REBUILD_BATCH])
