"""Dossiers, their daily code sequences and their tamper-evident event log."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalog.models import Component, Field, Procedure, ProcessVersion, TimeVariant
from motcua.dossiers.states import Channel, EventKind, ResultKind, Status
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
    # The citizen account the dossier belongs to, when a citizen submitted it online.
    applicant_user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="own_dossiers"
    )
    handler = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="handled_dossiers"
    )
    # The clock (all aware datetimes). Timeliness is judged against `original_due_at`: the due time
    # of the current legal run, which an extension moves `due_at` away from but never this.
    received_at = models.DateTimeField(_("received"))
    # Online dossiers must be accepted or sent back within 8 working hours of arrival (Art.17).
    decision_due_at = models.DateTimeField(_("decision due"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # The legal time budget, copied from the procedure at acceptance.
    legal_amount = models.PositiveIntegerField(_("legal time"), null=True, blank=True)
    legal_unit = models.CharField(_("legal time unit"), max_length=16, blank=True)
    # Start of the current legal run: acceptance, or the arrival of a completed dossier (restart).
    clock_started_at = models.DateTimeField(_("clock started"), null=True, blank=True)
    restarts = models.PositiveSmallIntegerField(_("restarts"), default=0)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    original_due_at = models.DateTimeField(_("original due"), null=True, blank=True)
    transferred_at = models.DateTimeField(_("sent to the competent unit"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("result ready"), null=True, blank=True)
    result_kind = models.CharField(_("result"), max_length=16, choices=ResultKind.choices, blank=True)
    returned_via = models.PositiveSmallIntegerField(
        _("returned via"), choices=Channel.choices, null=True, blank=True
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # How the applicant asked to receive the result (Decree 118 Art.22; the receipt names it).
    result_delivery = models.PositiveSmallIntegerField(
        _("result delivered"), choices=Channel.choices, null=True, blank=True
    )
    # The conditional legal time the desk chose at acceptance, with its reason (printed on the receipt).
    time_variant = models.ForeignKey(
        TimeVariant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conditional legal time"),
    )
    time_variant_reason = models.CharField(_("reason for the conditional time"), max_length=500, blank=True)
    # Where processing resumes when a requested supplement arrives.
    resume_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    # Optimistic locking: every transition bumps it; a stale writer changes nothing.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["competent_unit", "status"], name="dossiers_competent_status"),
            models.Index(fields=["receiving_unit", "status"], name="dossiers_receiving_status"),
            models.Index(fields=["applicant_national_id"], name="dossiers_applicant_id"),
            models.Index(fields=["handler", "status"], name="dossiers_handler_status"),
        ]

    def __str__(self) -> str:
        return self.code


class Event(models.Model):
    """One transition of a dossier. `hash` covers this event and the previous event's hash, so
    altering or deleting any event breaks every later link of the dossier's chain."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=32, choices=EventKind.choices)
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


class Attachment(models.Model):
    """A file of the dossier: a component, a supplement, or the result. Its type is recognised from
    its content; its SHA-256 lets anyone prove the stored bytes are the ones received."""

    class Kind(models.TextChoices):
        COMPONENT = "component", _("Component")
        SUPPLEMENT = "supplement", _("Supplement")
        RESULT = "result", _("Result")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    component = models.ForeignKey(Component, on_delete=models.PROTECT, null=True, blank=True)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="dossiers/%Y/%m/")
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["dossier", "pk"]

    def __str__(self) -> str:
        return self.name


class ReceivedPaper(models.Model):
    """A paper actually handed in or uploaded (Decree 118 Art.16: the receipt certifies what was
    received, never the catalogue's list by default)."""

    class Form(models.TextChoices):
        ORIGINAL = "original", _("Original")
        CERTIFIED_COPY = "certified_copy", _("Certified copy")
        COPY = "copy", _("Copy")
        ELECTRONIC = "electronic", _("Electronic copy")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="received_papers")
    component = models.ForeignKey(
        Component, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("paper"), max_length=300)
    form = models.CharField(_("form"), max_length=16, choices=Form.choices)
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    received_at = models.DateTimeField(_("received"))

    class Meta:
        verbose_name = _("received paper")
        verbose_name_plural = _("received papers")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name


class ResultCorrection(models.Model):
    """A wrong result corrected at no cost to the applicant (Decree 118 Art.23), with its own clock."""

    class ReportedVia(models.TextChoices):
        APPLICANT = "applicant", _("The applicant")
        DESK = "desk", _("The one-stop desk")
        AGENCY = "agency", _("The competent agency")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="corrections")
    reported_via = models.CharField(_("reported by"), max_length=16, choices=ReportedVia.choices)
    reported_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reported_at = models.DateTimeField(_("reported"))
    error = models.TextField(_("what is wrong"))
    due_at = models.DateTimeField(_("correction due"))
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    corrected_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("result correction")
        verbose_name_plural = _("result corrections")
        ordering = ["dossier", "reported_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.reported_at:%Y-%m-%d}"


class Supplement(models.Model):
    """A request to complete the dossier, listing everything missing at once (Art.17, 19.5)."""

    class Stage(models.TextChoices):
        RECEPTION = "reception", _("At reception")
        PROCESSING = "processing", _("During processing")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="supplements")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    items = models.JSONField(default=list)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    # Without an answer by then, the dossier is closed (15 days, Art.19.5).
    answer_by = models.DateTimeField()
    provided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The due times of the run the restart replaced.
    previous_due_at = models.DateTimeField(null=True, blank=True)
    previous_original_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dossier", "requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(provided_at__isnull=True, closed_at__isnull=True),
                name="dossiers_one_open_supplement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.requested_at:%Y-%m-%d}"


class Extension(models.Model):
    """The one permitted move of the appointment, with the apology letter (Art.19.6)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="extension")
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField()
    previous_due_at = models.DateTimeField()
    new_due_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.new_due_at:%Y-%m-%d}"


class Specialty(models.Model):
    """A handler's field within a unit: automatic assignment picks among these handlers."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="specialties")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    field = models.ForeignKey(Field, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name_plural = "specialties"
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "field"], name="dossiers_specialty_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.unit_id} {self.field_id}"


class Rating(models.Model):
    """The applicant's opinion of a returned dossier: a score, or a plain dislike, and a comment."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="rating")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    dislike = models.BooleanField(default=False)
    comment = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5, dislike=False)
                | models.Q(score__isnull=True, dislike=True),
                name="dossiers_rating_score_or_dislike",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {'dislike' if self.dislike else self.score}"
