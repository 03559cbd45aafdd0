"""The transactional outbox: messages written in the transaction of the change they announce,
delivered by the background worker after commit, retried with backoff, and kept for the record."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class OutboxMessage(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, given up")

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    # An e-mail address or a phone number, as given by the applicant.
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
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient} ({self.event_kind})"
