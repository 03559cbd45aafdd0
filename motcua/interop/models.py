"""The transactional outbox: messages written in the transaction of the change they announce,
delivered by the background worker after commit, retried with backoff, and kept for the record.
Also the state of each external endpoint's circuit breaker, and the dossiers received from the
national portal."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class OutboxMessage(models.Model):
    class Channel(models.TextChoices):
        # Known channels, for display. Others register theirs with `tasks.register_channel`, so the
        # field has no database choices: a new channel needs no migration.
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")
        NATIONAL_PORTAL = "national_portal", _("National public service portal")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, given up")
        # A later message of the same dossier carried its latest state instead (coalescing).
        MERGED = "merged", _("Replaced by a later message")

    channel = models.CharField(_("channel"), max_length=32)
    # An e-mail address, a phone number, or the name of an endpoint (national_portal).
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outbox_messages",
        verbose_name=_("dossier"),
    )
    # For messages carrying a dossier's state: the sequence number of the dossier's latest event
    # when the message was written. It grows with every recorded change (Dossier.version does not
    # move on every event), so it orders the messages of one dossier and lets the receiver ignore
    # a version it already holds.
    version = models.PositiveIntegerField(_("dossier version"), null=True, blank=True)
    event_kind = models.CharField(_("event"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The earliest time the worker may (re)try; while a worker holds the message, the end of its lease.
    next_attempt_at = models.DateTimeField(_("next attempt"))
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [
            # The worker's question: which pending messages are due now?
            models.Index(fields=["status", "next_attempt_at"], name="interop_outbox_due"),
            # Coalescing and ordering: the pending messages of one dossier on one channel.
            models.Index(fields=["dossier", "channel", "status"], name="interop_outbox_dossier"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient} ({self.event_kind})"


class EndpointCircuit(models.Model):
    """The circuit breaker of one external endpoint, kept in the database so that the web
    processes and the workers agree on whether the other side is down."""

    name = models.CharField(_("endpoint"), max_length=64, unique=True)
    # Consecutive failed calls (each after its own retries).
    failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    # While in the future, calls fail at once without touching the network.
    open_until = models.DateTimeField(_("open until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("endpoint circuit")
        verbose_name_plural = _("endpoint circuits")

    def __str__(self) -> str:
        return self.name


class InboundDossier(models.Model):
    """A dossier filed online on the national portal and received here: the national code is
    unique, so the same dossier received twice is one dossier."""

    national_code = models.CharField(_("national code"), max_length=64, unique=True)
    dossier = models.OneToOneField(
        Dossier, on_delete=models.PROTECT, related_name="inbound", verbose_name=_("dossier")
    )
    received_at = models.DateTimeField(_("received"))
    # The portal's message as received, for the record.
    payload = models.JSONField(_("message"), default=dict)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier from the national portal")
        verbose_name_plural = _("dossiers from the national portal")

    def __str__(self) -> str:
        return self.national_code
