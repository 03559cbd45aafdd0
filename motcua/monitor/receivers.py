"""The monitor's reactions: counters moved inside each transition's transaction, a rebuild after a
bulk generation (which sends no per-event signal), and a forgotten catalogue cache on its change."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from motcua.catalog.models import Fee, Procedure
from motcua.dossiers.events import event_recorded
from motcua.dossiers.generator import dossiers_generated
from motcua.dossiers.models import Dossier, Event
from motcua.monitor.actions import counters_apply, counters_rebuild, procedure_facts_forget


@receiver(event_recorded, dispatch_uid="motcua.monitor.counters")
def count_event(sender: object, *, event: Event, dossier: Dossier, **kwargs: Any) -> None:
    counters_apply(event=event, dossier=dossier)


@receiver(dossiers_generated, dispatch_uid="motcua.monitor.generated")
def rebuild_after_generation(sender: object, *, provinces: list[int], **kwargs: Any) -> None:
    """The generated dossiers (and any earlier ones of those provinces) counted in bulk, from the
    events the generator wrote."""
    counters_rebuild(provinces=provinces)


@receiver(post_save, sender=Procedure, dispatch_uid="motcua.monitor.procedure_saved")
@receiver(post_save, sender=Fee, dispatch_uid="motcua.monitor.fee_saved")
@receiver(post_delete, sender=Fee, dispatch_uid="motcua.monitor.fee_deleted")
def forget_catalogue(sender: object, **kwargs: Any) -> None:
    procedure_facts_forget()
