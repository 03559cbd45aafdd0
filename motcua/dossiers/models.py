"""Dossiers, their daily code sequences and their tamper-evident event log."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalog.models import Procedure, ProcessVersion
from motcua.dossiers.states import Channel, Status
from motcua.units.models import Unit


class DailySequence(models.Model):
    """The last number issued today by a receiving agency: the NNNN of `{agency}-{YYMMDD}-{NNNN}`.
    Incremented in the transaction that creates the dossier, so a rolled-back intake leaves no gap."""

    agency_code = models.CharField(max_length=32)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency_code", "day"], name="dossiers_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_code} {self.day}: {self.last}"


class Dossier(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, verbose_name=_("procedure"))
    process_version = models.ForeignKey(
        ProcessVersion, on_delete=models.PROTECT, verbose_name=_("process version")
    )
    receiving_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="received_dossiers", verbose_name=_("receiving unit")
    )
    competent_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="competent_dossiers", verbose_name=_("competent unit")
    )
    channel = models.PositiveSmallIntegerField(_("channel"), choices=Channel.choices)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.NEW)
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_national_id = models.CharField(_("personal ID number"), max_length=12)
    applicant_phone = models.CharField(_("phone"), max_length=15)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    # The client's key for a submission: a retried request finds the dossier it already created.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The clock (all aware datetimes). Due times are judged against `original_due_at`.
    received_at = models.DateTimeField(_("received"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    original_due_at = models.DateTimeField(_("original due"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Optimistic locking: every transition bumps it; a stale writer changes nothing.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["competent_unit", "status"], name="dossiers_competent_status"),
            models.Index(fields=["receiving_unit", "status"], name="dossiers_receiving_status"),
            models.Index(fields=["applicant_national_id"], name="dossiers_applicant_id"),
        ]

    def __str__(self) -> str:
        return self.code


class Event(models.Model):
    """One transition of a dossier. `hash` covers this event and the previous event's hash, so
    altering or deleting any event breaks every later link of the dossier's chain."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField()
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["dossier", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossiers_event_seq_unique")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.kind}"
