"""Writes for the catalogue: seeding the real procedures and publishing a new process version."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    ProcessVersion,
    TimeVariant,
)
from motcua.catalog.seed_data import (
    DEFAULT_SOURCE,
    FIELDS,
    PROCEDURES,
    REPLACED,
    FeeSeed,
    ProcedureSeed,
    StepSeed,
)
from motcua.core.errors import InvalidInput


@transaction.atomic
def catalog_seed(*, procedures: Sequence[ProcedureSeed] = PROCEDURES) -> int:
    """Create the seeded procedures that are missing; leave those an administrator already has alone.
    Returns the number of procedures created."""
    fields = {}
    for field_seed in FIELDS:
        fields[field_seed.code], _made = Field.objects.get_or_create(
            code=field_seed.code, defaults={"name": field_seed.name, "name_en": field_seed.name_en}
        )
    existing = {p.code: p for p in Procedure.objects.all()}
    created = 0
    made: set[str] = set()
    for seed in procedures:
        if seed.code in existing:
            _seed_rules_complete(existing[seed.code], seed)
            continue
        procedure = Procedure(
            code=seed.code,
            name=seed.name,
            name_en=seed.name_en,
            field=fields[seed.field],
            level=seed.level,
            department=seed.department,
            time_amount=seed.time_amount,
            time_unit=seed.time_unit,
            result=seed.result,
            online_level=seed.online_level,
            boundary_free=seed.boundary_free,
            interlinked=seed.interlinked,
            legal_basis=seed.legal_basis,
            source_code=seed.code,
            source_decision=seed.source_decision or DEFAULT_SOURCE,
        )
        procedure.save()
        Fee.objects.bulk_create(_fee(procedure, i, f) for i, f in enumerate(seed.fees))
        _seed_rules_complete(procedure, seed)
        made.add(seed.code)
        Component.objects.bulk_create(
            Component(
                procedure=procedure,
                position=i,
                name=c.name,
                copies=c.copies,
                required=c.required,
                note=c.note,
            )
            for i, c in enumerate(seed.components)
        )
        process_version_publish(procedure=procedure, steps=seed.steps)
        created += 1
    # A replaced procedure leaves the catalogue when its successor arrives (once: an administrator
    # may bring it back).
    for old, new in REPLACED.items():
        if new in made:
            Procedure.objects.filter(code=old).update(active=False)
    return created


def _fee(procedure: Procedure, position: int, seed: FeeSeed) -> Fee:
    return Fee(
        procedure=procedure,
        position=position,
        label=seed.label,
        amount=seed.amount,
        kind=seed.fee_kind,
        computed_at_appraisal=seed.computed_at_appraisal,
    )


# Corrections of earlier seeds, applied to a procedure only while it still has the old seeded value
# (an administrator's own value is kept): (code, field, old value, new value).
_CORRECTIONS: tuple[tuple[str, str, object, object], ...] = (
    # Land transfer registration: 8 working days, not 10 (national database).
    ("1.013831", "time_amount", 10, 8),
)
_OLD_FEE_LABELS = {
    "1.013831": [
        "Lệ phí chứng nhận đăng ký biến động (mức theo Nghị quyết của HĐND tỉnh); thuế, lệ phí trước bạ "
        "nộp theo thông báo của cơ quan thuế"
    ],
}


def _seed_rules_complete(procedure: Procedure, seed: ProcedureSeed) -> None:
    """Bring a seeded procedure up to the current seed without undoing an administrator's work: fill
    its source when blank, add the dated versions and conditional times it lacks, apply the listed
    corrections, and give fees their kind. Safe to run every time."""
    changed: list[str] = []
    if not procedure.source_code:
        procedure.source_code = seed.code
        changed.append("source_code")
    if not procedure.source_decision:
        procedure.source_decision = seed.source_decision or DEFAULT_SOURCE
        changed.append("source_decision")
    if seed.interlinked and not procedure.interlinked and "source_code" in changed:
        procedure.interlinked = True
        changed.append("interlinked")
    for code, field, old, new in _CORRECTIONS:
        if code == procedure.code and getattr(procedure, field) == old:
            setattr(procedure, field, new)
            changed.append(field)
    if changed:
        procedure.full_clean(exclude=["search_name"])
        procedure.save(update_fields=changed)
    old_labels = _OLD_FEE_LABELS.get(procedure.code)
    if old_labels and list(procedure.fees.values_list("label", flat=True)) == old_labels:
        procedure.fees.all().delete()
        Fee.objects.bulk_create(_fee(procedure, i, f) for i, f in enumerate(seed.fees))
    for fee_seed in seed.fees:
        procedure.fees.filter(label=fee_seed.label, kind=Fee.Kind.CHARGE).exclude(
            kind=fee_seed.fee_kind
        ).update(kind=fee_seed.fee_kind)
    dated = set(procedure.versions.values_list("effective_from", flat=True))
    ProcedureVersion.objects.bulk_create(
        ProcedureVersion(
            procedure=procedure,
            effective_from=v.effective_from,
            time_amount=v.time_amount,
            time_unit=v.time_unit,
            decision_hours=v.decision_hours,
            supplement_window_days=v.supplement_window_days,
            closure_days=v.closure_days,
            payment_time_excluded=v.payment_time_excluded,
            source_decision=v.source_decision,
        )
        for v in seed.versions
        if v.effective_from not in dated
    )
    coded = set(procedure.time_variants.values_list("code", flat=True))
    TimeVariant.objects.bulk_create(
        TimeVariant(
            procedure=procedure, code=v.code, label=v.label, time_amount=v.time_amount, time_unit=v.time_unit
        )
        for v in seed.variants
        if v.code not in coded
    )


@transaction.atomic
def process_version_publish(*, procedure: Procedure, steps: Sequence[StepSeed]) -> ProcessVersion:
    """Make `steps` the current process of the procedure. Earlier versions stay for the dossiers
    that started under them."""
    if not steps:
        raise InvalidInput(_("A process needs at least one step."), field="steps")
    if sum(step.share for step in steps) != 100:
        raise InvalidInput(_("The shares of the steps must add up to 100%."), field="steps")
    # Lock the procedure row so two publications cannot both take the same number.
    Procedure.objects.select_for_update().filter(pk=procedure.pk).first()
    last = procedure.process_versions.order_by("-number").first()
    procedure.process_versions.filter(current=True).update(current=False)
    version = ProcessVersion.objects.create(procedure=procedure, number=(last.number + 1) if last else 1)
    ProcessStep.objects.bulk_create(
        ProcessStep(version=version, position=i, name=s.name, role=s.role, share=s.share)
        for i, s in enumerate(steps, 1)
    )
    return version
