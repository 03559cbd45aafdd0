"""Reads of the lookup log: a dossier's lookups, and the counts the 766 index and the monitor use."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from motcua.dossiers.models import Dossier
from motcua.registries.models import Outcome, Registry, RegistryLookup


def dossier_lookups(dossier: Dossier) -> list[RegistryLookup]:
    """Every lookup made for the dossier, newest first (the caller may already see the dossier)."""
    return list(RegistryLookup.objects.filter(dossier=dossier).select_related("actor").order_by("-at", "-pk"))


@dataclass(frozen=True)
class PopulationUse:
    """Population-database use of a unit over a period (766 index, reuse group)."""

    dossiers: int  # dossiers received in the period
    dossiers_checked: int  # of them, with at least one successful population lookup
    procedures: int  # procedures of the dossiers received
    procedures_connected: int  # of them, with at least one dossier checked in the population database
    lookups: int  # every population lookup made at the unit in the period
    failed: int  # of them, the registry down or refusing


_CHECKED = Q(registry_lookups__registry=Registry.POPULATION, registry_lookups__outcome=Outcome.FOUND)


def population_use(*, unit_ids: list[int], start: datetime, end: datetime) -> PopulationUse:
    """Counts for units over [start, end): the dossiers received and those checked against the
    population database, and the lookups made (2 queries)."""
    dossiers = Dossier.objects.filter(
        receiving_unit_id__in=unit_ids, received_at__gte=start, received_at__lt=end
    )
    counts = dossiers.aggregate(
        total=Count("pk", distinct=True),
        procedures=Count("procedure_id", distinct=True),
        procedures_connected=Count("procedure_id", filter=_CHECKED, distinct=True),
        checked=Count(
            "pk",
            filter=_CHECKED,
            distinct=True,
        ),
    )
    lookups = RegistryLookup.objects.filter(
        unit_id__in=unit_ids, registry=Registry.POPULATION, at__gte=start, at__lt=end
    ).aggregate(
        total=Count("pk"),
        failed=Count("pk", filter=Q(outcome__in=[Outcome.DOWN, Outcome.REFUSED])),
    )
    return PopulationUse(
        dossiers=counts["total"],
        dossiers_checked=counts["checked"],
        procedures=counts["procedures"],
        procedures_connected=counts["procedures_connected"],
        lookups=lookups["total"],
        failed=lookups["failed"],
    )
