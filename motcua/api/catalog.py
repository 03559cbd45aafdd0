"""The procedure catalogue."""

from datetime import date

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from motcua.catalog import selectors
from motcua.units.selectors import unit_get

router = Router(tags=["catalog"])


class FieldOut(Schema):
    code: str
    name: str


class ProcedureBrief(Schema):
    code: str
    name: str
    field: FieldOut
    level: str
    department: str
    time_amount: int
    time_unit: str
    online_level: str
    boundary_free: bool


class FeeOut(Schema):
    label: str
    amount: int
    kind: str = Field(..., description="fee (phí) or charge (lệ phí)")
    computed_at_appraisal: bool = Field(..., description="The amount is fixed only at appraisal (land taxes)")


class VersionOut(Schema):
    effective_from: date
    time_amount: int
    time_unit: str
    decision_hours: int
    supplement_window_days: int
    closure_days: int
    payment_time_excluded: bool
    source_decision: str


class TimeVariantOut(Schema):
    code: str
    label: str
    time_amount: int
    time_unit: str = Field(..., description="days (working days), hours (working hours) or cal_days")


class RulesOut(Schema):
    effective_from: date | None = Field(..., description="The version in force; null: the procedure's own")
    time_amount: int
    time_unit: str
    decision_hours: int
    supplement_window_days: int
    closure_days: int
    payment_time_excluded: bool
    source_decision: str


class ComponentOut(Schema):
    name: str
    copies: int
    required: bool
    note: str


class StepOut(Schema):
    position: int
    name: str
    role: str
    share: int


class ProcedureOut(ProcedureBrief):
    name_en: str
    result: str
    legal_basis: str
    interlinked: bool
    source_code: str = Field(..., description="Code in the national procedure database")
    source_decision: str = Field(..., description="The decision that published the procedure")
    rules_today: RulesOut = Field(..., description="The legal rules for a dossier received today")
    versions: list[VersionOut] = Field(..., alias="versions.all")
    time_variants: list[TimeVariantOut] = Field(..., alias="time_variants.all")
    fees: list[FeeOut] = Field(..., alias="fees.all")
    components: list[ComponentOut] = Field(..., alias="components.all")
    process_version: int
    steps: list[StepOut]


class ProcedureFilter(Schema):
    q: str = ""
    unit: str = ""
    field: str = ""
    level: str = ""


@router.get("/procedures", response=list[ProcedureBrief], summary="Search the catalogue")
def list_procedures(request: HttpRequest, filters: Query[ProcedureFilter]) -> object:
    unit = unit_get(filters.unit) if filters.unit else None
    return list(
        selectors.procedure_search(query=filters.q, field=filters.field, level=filters.level, unit=unit)
    )


@router.get(
    "/procedures/{code}", response=ProcedureOut, summary="A procedure with its components, fees and process"
)
def get_procedure(request: HttpRequest, code: str) -> object:
    procedure = selectors.procedure_get(code)
    prefetch_related_objects([procedure], "versions", "time_variants")
    steps = selectors.current_steps(procedure)
    procedure.steps = steps  # type: ignore[attr-defined]
    procedure.process_version = steps[0].version.number if steps else 0  # type: ignore[attr-defined]
    procedure.rules_today = selectors.procedure_rules(procedure, on=timezone.localdate())  # type: ignore[attr-defined]
    return procedure
