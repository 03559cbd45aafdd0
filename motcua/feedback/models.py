"""Citizens' feedback and recommendations (phản ánh, kiến nghị; Decree 118 Art.8.1.đ, Decree
20/2008/NĐ-CP as amended by Decree 92/2017): each item is classified, assigned to the responsible
unit with a deadline in working days, answered, and the citizen says whether the answer satisfies
them. Complaints and denunciations (Law on Complaints 2011, Law on Denunciations 2018) are a
separate regime and never enter this queue. Every step writes a `FeedbackEvent`."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.units.models import Province, Unit

DEFAULT_WORKING_DAYS = 10


def new_token() -> str:
    return secrets.token_urlsafe(12)


class FeedbackPeriod(models.Model):
    """The handling period of a province, in working days from reception (default 10)."""

    province = models.OneToOneField(
        Province, on_delete=models.CASCADE, related_name="feedback_period", verbose_name=_("province")
    )
    working_days = models.PositiveSmallIntegerField(_("working days to answer"), default=DEFAULT_WORKING_DAYS)

    class Meta:
        verbose_name = _("feedback handling period")
        verbose_name_plural = _("feedback handling periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(working_days__gte=1, working_days__lte=60),
                name="feedback_period_1_60_days",
            )
        ]

    def __str__(self) -> str:
        return f"{self.province}: {self.working_days}"


class Feedback(models.Model):
    class Subject(models.TextChoices):
        DOSSIER = "dossier", _("A dossier")
        PROCEDURE = "procedure", _("A procedure or its requirements")
        OFFICIAL = "official", _("An official's conduct")
        UNIT = "unit", _("The unit's service")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Online portal")
        TRACKING = "tracking", _("Tracking page")
        DESK = "desk", _("One-stop desk")
        NATIONAL_PORTAL = "dvcqg", _("National public service portal")
        OPEN311 = "open311", _("Open311 client")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    token = models.CharField(_("tracking token"), max_length=32, unique=True, default=new_token)
    subject = models.CharField(_("about"), max_length=16, choices=Subject.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="feedback", verbose_name=_("unit"))
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("dossier"),
    )
    procedure_code = models.CharField(_("procedure code"), max_length=32, blank=True)
    official_name = models.CharField(_("official named"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    # The citizen: an account, or a name and a way to reach them; never shown in public.
    citizen = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("citizen account"),
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=15, blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="vi")
    external_id = models.CharField(_("national portal id"), max_length=64, blank=True)
    answer_pushed_at = models.DateTimeField(_("answer sent to the national portal"), null=True, blank=True)
    # Where, for items sent through Open311 (GeoReport v2 requires a location).
    address = models.CharField(_("address"), max_length=300, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    received_at = models.DateTimeField(_("received"))
    due_at = models.DateTimeField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("answered by")
    )
    satisfied = models.BooleanField(_("satisfied"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    public = models.BooleanField(_("published when answered"), default=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "received_at"], name="feedback_unit_received"),
            models.Index(fields=["due_at"], condition=models.Q(status="received"), name="feedback_open_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="feedback_external_id_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status="received") | models.Q(answered_at__isnull=False),
                name="feedback_answered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def on_time(self) -> bool | None:
        if self.answered_at is None:
            return None
        return self.answered_at <= self.due_at


class FeedbackAttachment(models.Model):
    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("feedback")
    )
    file = models.FileField(_("file"), upload_to="feedback/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("feedback attachment")
        verbose_name_plural = _("feedback attachments")

    def __str__(self) -> str:
        return self.name


class FeedbackEvent(models.Model):
    """One step in the history of an item; append-only."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        REASSIGNED = "reassigned", _("Assigned to another unit")
        ANSWERED = "answered", _("Answered")
        CITIZEN_TOLD = "told", _("Citizen told of the answer")
        RATED = "rated", _("Citizen rated the answer")
        PUSHED = "pushed", _("Answer sent to the national portal")

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="events", verbose_name=_("feedback")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("feedback event")
        verbose_name_plural = _("feedback events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"
