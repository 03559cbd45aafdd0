"""Writes for the catalogue: seeding the real procedures and publishing a new process version."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Component, Fee, Field, Procedure, ProcessStep, ProcessVersion
from motcua.catalog.seed_data import FIELDS, PROCEDURES, ProcedureSeed, StepSeed
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
    existing = set(Procedure.objects.values_list("code", flat=True))
    created = 0
    for seed in procedures:
        if seed.code in existing:
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
            legal_basis=seed.legal_basis,
        )
        procedure.save()
        Fee.objects.bulk_create(
            Fee(procedure=procedure, position=i, label=f.label, amount=f.amount)
            for i, f in enumerate(seed.fees)
        )
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
    return created


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
