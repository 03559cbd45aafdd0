"""Reactions to the dossier event log, inside the transaction of the transition."""

from typing import Any

from django.dispatch import receiver

from motcua.dossiers.events import event_recorded
from motcua.dossiers.models import Dossier, Event
from motcua.interop.actions import applicant_notify, desk_alert
from motcua.interop.portal import portal_sync_add


@receiver(event_recorded, dispatch_uid="motcua.interop.applicant_notify")
def notify_applicant_of_event(sender: object, *, event: Event, dossier: Dossier, **kwargs: Any) -> None:
    """Write the applicant's notifications to the outbox; the worker delivers them after commit."""
    applicant_notify(event=event, dossier=dossier)


@receiver(event_recorded, dispatch_uid="motcua.interop.desk_alert")
def alert_desk_of_online_arrival(sender: object, *, event: Event, dossier: Dossier, **kwargs: Any) -> None:
    desk_alert(event=event, dossier=dossier)


@receiver(event_recorded, dispatch_uid="motcua.interop.national_portal")
def sync_dossier_to_national_portal(sender: object, *, event: Event, dossier: Dossier, **kwargs: Any) -> None:
    """Every change of a dossier goes to the national portal (Decree 118 Art.27.2.d), written in the
    transition's transaction and sent by the worker after commit: the officer never waits on it."""
    portal_sync_add(event=event, dossier=dossier)
