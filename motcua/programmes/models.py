"""Action programmes of a commune (chương trình hành động) turning its resolution into tasks with
the "five clears" (rõ người, rõ việc, rõ trách nhiệm, rõ thời hạn, rõ kết quả): the person and unit
in charge, the work, the lead and coordinating units, the deadline, the expected result. Targets
carry an indicator, a baseline and a target value; progress is reported per period; tasks are
evaluated periodically and at year end. Every change writes a `ProgrammeEvent`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.units.models import Unit


class Programme(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("unit")
    )
    number = models.CharField(_("number"), max_length=64)  # "05-CTr/ĐU"
    title = models.CharField(_("title"), max_length=300)
    issued_on = models.DateField(_("issued on"))
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))

    class Meta:
        verbose_name = _("action programme")
        verbose_name_plural = _("action programmes")
        ordering = ["unit", "-issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="programmes_number_unique"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="programmes_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Task(models.Model):
    class Kind(models.TextChoices):
        KEY = "key", _("Key task")
        BREAKTHROUGH = "breakthrough", _("Breakthrough")

    class Status(models.TextChoices):
        OPEN = "open", _("Not evaluated yet")
        ON_TRACK = "on_track", _("On track")
        LATE = "late", _("Late")
        DONE = "done", _("Done")
        NOT_DONE = "not_done", _("Not done")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("programme")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.KEY)
    # The five clears.
    work = models.TextField(_("the work"))
    person = models.CharField(_("person in charge"), max_length=200)
    person_user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account of the person in charge"),
    )
    lead = models.CharField(_("lead unit"), max_length=200)
    coordinating = models.CharField(_("coordinating units"), max_length=300, blank=True)
    deadline = models.DateField(_("deadline"))
    expected_result = models.CharField(_("expected result or product"), max_length=300)
    # The latest evaluation's verdict, kept here so that lists need no join.
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    # When the person in charge and the leaders were last warned that the task is overdue.
    warned_on = models.DateField(_("overdue warning sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(
                fields=["deadline"],
                condition=~models.Q(status__in=["done", "not_done"]),
                name="programmes_task_open",
            )
        ]

    def __str__(self) -> str:
        return self.work[:80]


class Evaluation(models.Model):
    """A periodic or year-end verdict on a task, with the evaluator's comment; append-only."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("task")
    )
    status = models.CharField(_("verdict"), max_length=16, choices=Task.Status.choices)
    year_end = models.BooleanField(_("year-end evaluation"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("evaluator"))

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.status}"


class Source(models.TextChoices):
    REPORTED = "reported", _("Reported by the unit")
    ONLINE_SHARE = "online_share", _("motcua: share of dossiers received online (%)")
    TIMELY_RATE = "timely_rate", _("motcua: share of dossiers settled on time (%)")


class Target(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="targets", verbose_name=_("programme")
    )
    indicator = models.CharField(_("indicator"), max_length=300)
    measure = models.CharField(_("unit of measure"), max_length=32)  # "%", "households", "days"
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    due = models.DateField(_("to be reached by"))
    # Where the figures come from: reported by the unit, or motcua's own counters of the year so far.
    source = models.CharField(
        _("figures from"), max_length=16, choices=Source.choices, default=Source.REPORTED
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["programme", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(target=models.F("baseline")), name="programmes_target_moves"
            )
        ]

    def __str__(self) -> str:
        return self.indicator


class Progress(models.Model):
    """A figure reported for a target in a period, with its evidence."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="reports", verbose_name=_("target")
    )
    period_end = models.DateField(_("period ending"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    evidence = models.TextField(_("evidence"), blank=True)
    at = models.DateTimeField(_("reported"))
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by"))

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["period_end", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["target", "period_end"], name="programmes_progress_once")
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.period_end}: {self.value}"


class ProgrammeEvent(models.Model):
    class Kind(models.TextChoices):
        CREATED = "created", _("Programme created")
        TASK_ADDED = "task_added", _("Task added")
        TARGET_ADDED = "target_added", _("Target added")
        EVALUATED = "evaluated", _("Task evaluated")
        REPORTED = "reported", _("Progress reported")
        WARNED = "warned", _("Overdue warning sent")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="events", verbose_name=_("programme")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("programme event")
        verbose_name_plural = _("programme events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"
