"""Aggregates kept in step with the dossier event log, the 766 index settings, digests and exports.

The counters are attributed to the dossier's competent unit (the unit that serves the applicant for
the procedure and that the 766 index judges) and to the local day of the event that moved them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Field, Procedure
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit

# Every counter of a day or a month, in the order reports show them.
COUNTERS: tuple[str, ...] = (
    "received_in_person",
    "received_online",
    "received_post",
    "received_full_online_level",
    "received_full_online_level_online",
    "received_with_fee",
    "received_with_fee_online",
    "digitised",
    "accepted",
    "not_accepted",
    "decided_online",
    "decided_in_time",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "ended_in_time",
    "ended_late",
    "result_refused",
    "processing_minutes",
    "supplements",
    "supplements_unanswered",
    "extensions",
    "withdrawn",
    "stopped",
    "returned",
    "returned_online",
    "ratings",
    "rating_scored",
    "rating_score_sum",
    "dislikes",
    "granted",
    "e_results",
    "certified_copies",
    "reused",
)


class Counters(models.Model):
    """The counter columns shared by the daily and the monthly tables."""

    received_in_person = models.PositiveIntegerField(default=0)
    received_online = models.PositiveIntegerField(default=0)
    received_post = models.PositiveIntegerField(default=0)
    # Dossiers of fully-online procedures, and those of them that came online (766: online service).
    received_full_online_level = models.PositiveIntegerField(default=0)
    received_full_online_level_online = models.PositiveIntegerField(default=0)
    # Dossiers of procedures with a fee, and those of them submitted (and so payable) online.
    received_with_fee = models.PositiveIntegerField(default=0)
    received_with_fee_online = models.PositiveIntegerField(default=0)
    # Dossiers that arrived as electronic files: online, or with scanned components at the desk.
    digitised = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    # Refused at reception, or closed there for want of the requested supplement.
    not_accepted = models.PositiveIntegerField(default=0)
    # Online dossiers the desk accepted or refused, and those it did within 8 working hours.
    decided_online = models.PositiveIntegerField(default=0)
    decided_in_time = models.PositiveIntegerField(default=0)
    resolved_early = models.PositiveIntegerField(default=0)
    resolved_on_time = models.PositiveIntegerField(default=0)
    # Settled late: after the original due time, or after more than one supplement request (766: 2.1).
    resolved_late = models.PositiveIntegerField(default=0)
    # Stopped or withdrawn after acceptance, or closed for an unanswered supplement after acceptance:
    # judged against the due time like a settled dossier (766: 2.1), within it or after it.
    ended_in_time = models.PositiveIntegerField(default=0)
    ended_late = models.PositiveIntegerField(default=0)
    result_refused = models.PositiveIntegerField(default=0)
    # Working minutes from the start of the legal run to the result, summed over resolved dossiers.
    processing_minutes = models.PositiveBigIntegerField(default=0)
    supplements = models.PositiveIntegerField(default=0)
    supplements_unanswered = models.PositiveIntegerField(default=0)
    extensions = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    stopped = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    returned_online = models.PositiveIntegerField(default=0)
    ratings = models.PositiveIntegerField(default=0)
    rating_scored = models.PositiveIntegerField(default=0)
    rating_score_sum = models.PositiveIntegerField(default=0)
    dislikes = models.PositiveIntegerField(default=0)
    # Settled with a result granted, and of them those whose result is an electronic file (766: 4.1).
    granted = models.PositiveIntegerField(default=0)
    e_results = models.PositiveIntegerField(default=0)
    # Electronically certified copies of results issued (766: 4, certified electronic copies).
    certified_copies = models.PositiveIntegerField(default=0)
    # Dossiers into which digitised components were reused, counted once each (766: 4.3).
    reused = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyCounter(Counters):
    """Per unit, procedure and local day: the base the monthly table and the drill-downs rest on."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "procedure", "day"], name="monitor_daily_unique")
        ]
        indexes = [models.Index(fields=["unit", "day"], name="monitor_daily_unit_day")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.procedure_id} {self.day}"


class MonthlyCounter(Counters):
    """Per unit, field and month (`month` is its first day): a province-year is a few thousand rows."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "field", "month"], name="monitor_monthly_unique")
        ]
        indexes = [models.Index(fields=["month", "unit"], name="monitor_monthly_month_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.field_id} {self.month:%Y-%m}"


class OpenDossier(models.Model):
    """A snapshot of every dossier not yet decided: "in progress" and "overdue now" and the early
    warnings read this small table instead of the millions of dossiers. A row is written at each
    transition and removed when the dossier leaves the open states."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, primary_key=True, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=24)
    # Accepted at some point: the legal clock ran (in progress, as opposed to waiting at the desk).
    accepted = models.BooleanField(default=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    # The due time the 766 index judges against (Art.19.6: an extension does not move it).
    original_due_at = models.DateTimeField(null=True, blank=True)
    decision_due_at = models.DateTimeField(null=True, blank=True)
    # Supplement requests so far (more than one makes the dossier late, 766: 2.1), and the time of
    # the one waiting for an answer: while the applicant has not come back it is the end of handling.
    supplements = models.PositiveSmallIntegerField(default=0)
    supplement_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["unit", "status"], name="monitor_open_unit_status"),
            models.Index(fields=["unit", "due_at"], name="monitor_open_unit_due"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.status}"


class IndexMeasure(models.Model):
    """One indicator of the Decision 766 index: its group, its points and its target rate. The
    province's administrator may change points and targets; the defaults are those the national
    portal uses (`motcua.monitor.index.RULES`)."""

    class Group(models.TextChoices):
        TRANSPARENCY = "transparency", _("Transparency")
        PROGRESS = "progress", _("Progress of handling")
        ONLINE = "online", _("Online service")
        PAYMENT = "payment", _("Online payment")
        DIGITISATION = "digitisation", _("Digitisation")
        SATISFACTION = "satisfaction", _("Satisfaction")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    name = models.CharField(_("name"), max_length=200)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    # A rate at or above the target earns full points; below it, rate/target of them.
    target = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("766 index measure")
        verbose_name_plural = _("766 index measures")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target__gt=0, target__lte=100), name="monitor_measure_target_range"
            ),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="monitor_measure_points"),
        ]

    def __str__(self) -> str:
        return self.name


class DigestSent(models.Model):
    """The daily digest of a unit went out on `day`: the periodic job sends it once."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    messages = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="monitor_digest_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"


class ReportExport(models.Model):
    """A report or list export built in the background; the requester polls it and downloads it."""

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel workbook")
        PDF = "pdf", _("PDF")
        CSV = "csv", _("CSV")

    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Periodic report of dossier handling")
        DOSSIERS = "dossiers", _("List of dossiers")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    # Province code, unit code, measure, period: what the builder needs, as plain values.
    params = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("requested"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind}.{self.format} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0
