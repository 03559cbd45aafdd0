"""Reads for the catalogue. The catalogue is public: no user scoping."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import (
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    ProcessVersion,
    TimeVariant,
)
from motcua.core.errors import NotFound
from motcua.core.text import fold
from motcua.units.models import Unit


def field_list() -> QuerySet[Field]:
    return Field.objects.order_by("name")


def procedure_search(
    *, query: str = "", field: str = "", level: str = "", unit: Unit | None = None
) -> QuerySet[Procedure]:
    """Active procedures matching every word of `query` (diacritics and case ignored), in a field,
    at a level, or settled by `unit` (a commune-level unit settles commune procedures, a department
    its own)."""
    procedures = Procedure.objects.filter(active=True).select_related("field")
    for word in fold(query).split():
        procedures = procedures.filter(search_name__contains=word)
    if field:
        procedures = procedures.filter(field__code=field)
    if level:
        procedures = procedures.filter(level=level)
    if unit is not None:
        if unit.kind in Unit.COMMUNE_LEVEL:
            procedures = procedures.filter(level=Procedure.Level.COMMUNE)
        elif unit.kind == Unit.Kind.DEPARTMENT:
            procedures = procedures.filter(
                level=Procedure.Level.DEPARTMENT, department=unit.code.split(".", 1)[1]
            )
        else:
            procedures = procedures.filter(level=Procedure.Level.DEPARTMENT)
    return procedures.order_by("field__name", "name")


def procedure_get(code: str) -> Procedure:
    """An active procedure with its fees, components and current process steps loaded."""
    current = Prefetch(
        "process_versions",
        queryset=ProcessVersion.objects.filter(current=True).prefetch_related(
            Prefetch("steps", queryset=ProcessStep.objects.order_by("position"))
        ),
        to_attr="current_versions",
    )
    try:
        return (
            Procedure.objects.select_related("field")
            .prefetch_related("fees", "components", current)
            .get(code=code, active=True)
        )
    except Procedure.DoesNotExist:
        raise NotFound(
            _("There is no procedure with code %(code)s.") % {"code": code}, field="code"
        ) from None


def current_steps(procedure: Procedure) -> list[ProcessStep]:
    """The steps of the current version (uses the prefetch of `procedure_get` when present)."""
    versions = getattr(procedure, "current_versions", None)
    if versions is None:
        versions = list(procedure.process_versions.filter(current=True))
    return list(versions[0].steps.all()) if versions else []


# The decree's periods, which a sector law may change per procedure (ProcedureVersion).
DECISION_HOURS = 8  # Art.17.2.c: online dossier accepted or refused within 8 working hours
SUPPLEMENT_WINDOW_DAYS = 3  # Art.19.5: supplement asked within 3 working days of acceptance
CLOSURE_DAYS = 15  # Art.19.5: closed 15 days after an unanswered supplement request


@dataclass(frozen=True)
class TimeVariantRule:
    """A conditional legal time. `time_unit` is "days" (working days), "hours" (working hours) or
    "cal_days": days as the Civil Code counts them (Art.147-148), where the law writes "ngày"."""

    code: str
    label: str
    time_amount: int
    time_unit: str


@dataclass(frozen=True)
class ProcedureRules:
    procedure_id: int
    effective_from: date | None  # None: the procedure's own fields, no dated version
    time_amount: int
    time_unit: str
    decision_hours: int
    supplement_window_days: int
    closure_days: int
    payment_time_excluded: bool
    variants: tuple[TimeVariantRule, ...]
    source_decision: str

    def variant(self, code: str) -> TimeVariantRule | None:
        return next((v for v in self.variants if v.code == code), None)


def _prefetched(procedure: Procedure, name: str) -> list | None:
    cache = getattr(procedure, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def procedure_rules(procedure: Procedure, *, on: date) -> ProcedureRules:
    """The rules in force for a dossier received on `on`: the latest version with effective_from <= on,
    else the procedure's own fields with the decree's defaults (8 hours, 3 days, 15 days).

    Uses the prefetched `versions` and `time_variants` of `procedure` when present (no query then)."""
    versions = _prefetched(procedure, "versions")
    version: ProcedureVersion | None
    if versions is None:
        version = (
            ProcedureVersion.objects.filter(procedure=procedure, effective_from__lte=on)
            .order_by("-effective_from")
            .first()
        )
    else:
        in_force = [v for v in versions if v.effective_from <= on]
        version = max(in_force, key=lambda v: v.effective_from) if in_force else None
    variants = _prefetched(procedure, "time_variants")
    if variants is None:
        variants = list(TimeVariant.objects.filter(procedure=procedure).order_by("code"))
    rules_variants = tuple(
        TimeVariantRule(code=v.code, label=v.label, time_amount=v.time_amount, time_unit=v.time_unit)
        for v in sorted(variants, key=lambda v: v.code)
    )
    if version is None:
        return ProcedureRules(
            procedure_id=procedure.pk,
            effective_from=None,
            time_amount=procedure.time_amount,
            time_unit=procedure.time_unit,
            decision_hours=DECISION_HOURS,
            supplement_window_days=SUPPLEMENT_WINDOW_DAYS,
            closure_days=CLOSURE_DAYS,
            payment_time_excluded=False,
            variants=rules_variants,
            source_decision=procedure.source_decision,
        )
    return ProcedureRules(
        procedure_id=procedure.pk,
        effective_from=version.effective_from,
        time_amount=version.time_amount,
        time_unit=version.time_unit,
        decision_hours=version.decision_hours,
        supplement_window_days=version.supplement_window_days,
        closure_days=version.closure_days,
        payment_time_excluded=version.payment_time_excluded,
        variants=rules_variants,
        source_decision=version.source_decision,
    )
