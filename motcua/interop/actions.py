"""Writes for the outbox. Messages are written in the caller's transaction and their delivery is
queued for after its commit: a transition that rolls back leaves no message and sends nothing."""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.core.errors import PermissionDenied
from motcua.dossiers.models import Dossier, Event
from motcua.dossiers.states import Channel
from motcua.interop.models import OutboxMessage
from motcua.interop.notifications import APPLICANT_LANGUAGE, SUBJECT_MAX_CHARS, local_time, notice_for
from motcua.interop.tasks import enqueue_delivery

logger = logging.getLogger("motcua.outbox")


def outbox_add(
    *,
    channel: str,
    recipient: str,
    body: str,
    subject: str = "",
    dossier: Dossier | None = None,
    event_kind: str = "",
) -> OutboxMessage:
    """Write one message, due at once, and queue its delivery for after the commit."""
    now = timezone.now()
    message = OutboxMessage.objects.create(
        channel=channel,
        recipient=recipient,
        subject=subject[:SUBJECT_MAX_CHARS],
        body=body,
        dossier=dossier,
        event_kind=event_kind,
        created_at=now,
        next_attempt_at=now,
    )
    enqueue_delivery(message.pk)
    return message


def applicant_notify(*, event: Event, dossier: Dossier) -> list[OutboxMessage]:
    """Tell the applicant about an event of their dossier: an e-mail if they gave an address and an
    SMS to their phone. Events the applicant is not told about write nothing. Runs inside the
    transaction of the transition that recorded the event."""
    notice = notice_for(kind=event.kind, data=event.data, dossier=dossier)
    if notice is None:
        return []
    messages = []
    if dossier.applicant_email:
        messages.append(
            outbox_add(
                channel=OutboxMessage.Channel.EMAIL,
                recipient=dossier.applicant_email,
                subject=notice.subject,
                body=notice.email_body,
                dossier=dossier,
                event_kind=event.kind,
            )
        )
    if dossier.applicant_phone:
        messages.append(
            outbox_add(
                channel=OutboxMessage.Channel.SMS,
                recipient=dossier.applicant_phone,
                body=notice.sms,
                dossier=dossier,
                event_kind=event.kind,
            )
        )
    return messages


# Who answers for the desk's 8-working-hour decision on online dossiers.
_DESK_ROLES = (Role.RECEIVING_OFFICER, Role.CENTRE_DIRECTOR)


def desk_alert(*, event: Event, dossier: Dossier) -> list[OutboxMessage]:
    """Alert the receiving desk's officers when an online dossier arrives (Art.17: within 2 hours),
    with the time by which they must accept it or ask for a supplement."""
    if event.kind == "extended":
        return _extension_alert(dossier)
    if event.kind != "submitted" or dossier.channel != Channel.ONLINE or dossier.decision_due_at is None:
        return []
    officers = _desk_officers(dossier)
    with translation.override(APPLICANT_LANGUAGE):
        subject = gettext("New online dossier %(code)s: decide by %(due)s") % {
            "code": dossier.code,
            "due": local_time(dossier.decision_due_at),
        }
        body = "\n".join(
            [
                gettext("An online dossier has arrived at %(unit)s.") % {"unit": dossier.receiving_unit.name},
                gettext("Procedure: %(procedure)s") % {"procedure": dossier.procedure.name},
                gettext("Applicant: %(name)s") % {"name": dossier.applicant_name},
                gettext("Accept it or ask for a supplement by %(due)s (8 working hours).")
                % {"due": local_time(dossier.decision_due_at)},
            ]
        )
    return [
        outbox_add(
            channel=OutboxMessage.Channel.EMAIL,
            recipient=officer.email,
            subject=subject,
            body=body,
            dossier=dossier,
            event_kind="online_arrival",
        )
        for officer in officers
    ]


def _desk_officers(dossier: Dossier) -> list[User]:
    return list(
        User.objects.filter(
            memberships__unit_id=dossier.receiving_unit_id,
            memberships__role__in=_DESK_ROLES,
            memberships__active=True,
            is_active=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def _extension_alert(dossier: Dossier) -> list[OutboxMessage]:
    """Art.19.6: the competent agency tells the one-stop desk of an extension, so the desk hands
    the applicant the apology letter and the new appointment."""
    due = dossier.due_at
    if due is None:
        return []
    with translation.override(APPLICANT_LANGUAGE):
        subject = gettext("Dossier %(code)s extended to %(due)s: give the applicant the apology letter") % {
            "code": dossier.code,
            "due": local_time(due),
        }
        body = "\n".join(
            [
                gettext("%(unit)s has moved the appointment of dossier %(code)s to %(due)s.")
                % {
                    "unit": dossier.competent_unit.name,
                    "code": dossier.code,
                    "due": local_time(due),
                },
                gettext("Applicant: %(name)s") % {"name": dossier.applicant_name},
                gettext("Print the apology letter from the dossier's page and give it to the applicant."),
            ]
        )
    return [
        outbox_add(
            channel=OutboxMessage.Channel.EMAIL,
            recipient=officer.email,
            subject=subject,
            body=body,
            dossier=dossier,
            event_kind="extension_desk",
        )
        for officer in _desk_officers(dossier)
    ]


@transaction.atomic
def outbox_retry(*, actor: User, message_ids: Iterable[int]) -> int:
    """Make pending or given-up messages due now and queue their delivery; sent messages are left
    alone. Returns how many messages will be retried."""
    if not actor.has_perm("interop.change_outboxmessage"):
        raise PermissionDenied(_("You may not retry outgoing messages."))
    now = timezone.now()
    retried = list(
        OutboxMessage.objects.select_for_update()
        .filter(
            pk__in=list(message_ids),
            status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.FAILED],
        )
        .values_list("pk", flat=True)
    )
    OutboxMessage.objects.filter(pk__in=retried).update(
        status=OutboxMessage.Status.PENDING, next_attempt_at=now
    )
    for message_id in retried:
        enqueue_delivery(message_id)
    logger.info("%s retried outbox messages %s", actor.get_username(), retried)
    return len(retried)
