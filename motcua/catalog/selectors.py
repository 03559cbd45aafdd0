"""Reads for the catalogue. The catalogue is public: no user scoping."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Field, Procedure, ProcessStep, ProcessVersion
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
        "versions",
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
        versions = list(procedure.versions.filter(current=True))
    return list(versions[0].steps.all()) if versions else []
