"""Proposals and difficulties a commune sends the province (kiến nghị, đề xuất, khó khăn vướng
mắc): the province's office assigns each to a department with a deadline in working days, the
department answers, the commune accepts the answer or reopens it. Every step writes a
`ProposalEvent` with its time and person."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.units.models import Unit


class Proposal(models.Model):
    class Category(models.TextChoices):
        SOFTWARE = "software", _("Software and equipment")
        CERTIFICATES = "certificates", _("Certificates and signatures")
        FUNDS = "funds", _("Funds")
        PERSONNEL = "personnel", _("Personnel")
        GUIDANCE = "guidance", _("Guidance documents")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        FILED = "filed", _("Filed, waiting for assignment")
        ASSIGNED = "assigned", _("With a department")
        ANSWERED = "answered", _("Answered, waiting for the commune")
        ACCEPTED = "accepted", _("Answer accepted")

    OPEN = (Status.FILED, Status.ASSIGNED)

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("commune")
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.FILED)
    filed_at = models.DateTimeField(_("filed"))
    filed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by"))
    department = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_proposals",
        verbose_name=_("department in charge"),
    )
    working_days = models.PositiveSmallIntegerField(_("working days to answer"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("answered by")
    )
    closed_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    # Answers given after their deadline, over every round: an answer late once stays late.
    late_answers = models.PositiveSmallIntegerField(_("answers given late"), default=0)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-filed_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "filed_at"], name="proposals_unit_filed"),
            models.Index(fields=["department", "status"], name="proposals_department_status"),
            models.Index(fields=["due_at"], condition=models.Q(status="assigned"), name="proposals_open_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="filed") | models.Q(department__isnull=False, due_at__isnull=False),
                name="proposals_assigned_has_department",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["answered", "accepted"])
                | models.Q(answered_at__isnull=False),
                name="proposals_answered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("proposal")
    )
    file = models.FileField(_("file"), upload_to="proposals/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("proposal attachment")
        verbose_name_plural = _("proposal attachments")

    def __str__(self) -> str:
        return self.name


class ProposalEvent(models.Model):
    """One step in the history of a proposal; append-only."""

    class Kind(models.TextChoices):
        FILED = "filed", _("Filed")
        ASSIGNED = "assigned", _("Assigned to a department")
        ANSWERED = "answered", _("Answered")
        ACCEPTED = "accepted", _("Answer accepted")
        REOPENED = "reopened", _("Reopened")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="events", verbose_name=_("proposal")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"
