"""Each unit's organisation and job positions (vị trí việc làm, Decree 62/2020/NĐ-CP as amended by
Decree 33/2023 for commune officials): offices and divisions, positions with their required
qualification and approved headcount, and the officials assigned to them, main or concurrent
(kiêm nhiệm), with dates. An assignment is never deleted: a transfer ends it and starts another,
so the history stays. Every change writes a `StaffEvent`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.units.models import Unit


class Sector(models.TextChoices):
    """The field of work a position needs and a qualification gives."""

    GENERAL = "general", _("General administration")
    OFFICE = "office", _("Office and statistics")
    CADASTRAL = "cadastral", _("Land administration and construction (cadastral)")
    JUSTICE = "justice", _("Justice and civil status")
    FINANCE = "finance", _("Finance and accounting")
    CULTURE = "culture", _("Culture and society")
    ECONOMY = "economy", _("Economy and agriculture")
    IT = "it", _("Information technology")
    MILITARY = "military", _("Military command")
    POLICE = "police", _("Public security")


class Level(models.IntegerChoices):
    """Training level, ordered: a higher level satisfies a lower requirement."""

    NONE = 0, _("No professional training")
    INTERMEDIATE = 1, _("Intermediate")
    COLLEGE = 2, _("College")
    BACHELOR = 3, _("Bachelor")
    MASTER = 4, _("Master or higher")


class Division(models.Model):
    """An office or division of a unit, or its Public Administration Service Centre."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Office of the People's Council and Committee")
        DIVISION = "division", _("Specialised division")
        CENTRE = "centre", _("Public Administration Service Centre")
        LEADERSHIP = "leadership", _("Leadership")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="divisions", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("office or division")
        verbose_name_plural = _("offices and divisions")
        ordering = ["unit", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="staff_division_unique")]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """A job position of a unit with what it requires and how many people it may have."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="positions", verbose_name=_("unit"))
    division = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="positions", verbose_name=_("office or division")
    )
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    sector = models.CharField(_("required field"), max_length=16, choices=Sector.choices)
    level = models.PositiveSmallIntegerField(
        _("required level"), choices=Level.choices, default=Level.BACHELOR
    )
    qualification = models.CharField(_("required qualification"), max_length=300, blank=True)
    headcount = models.PositiveSmallIntegerField(_("approved headcount"), default=1)

    class Meta:
        verbose_name = _("job position")
        verbose_name_plural = _("job positions")
        ordering = ["unit", "division__order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="staff_position_code_unique"),
            models.CheckConstraint(condition=models.Q(headcount__lte=50), name="staff_position_headcount_50"),
        ]

    def __str__(self) -> str:
        return self.title


class Official(models.Model):
    """A person on a unit's staff list, whether or not they have an account in motcua."""

    staff_code = models.CharField(_("staff code"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    sector = models.CharField(_("field of training"), max_length=16, choices=Sector.choices)
    level = models.PositiveSmallIntegerField(_("training level"), choices=Level.choices)
    qualification = models.CharField(_("qualification"), max_length=300, blank=True)
    # The account they use in motcua: dossiers they handle count in their workload.
    user = models.OneToOneField(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_record",
        verbose_name=_("account"),
    )

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["full_name", "staff_code"]

    def __str__(self) -> str:
        return self.full_name

    def fits(self, position: Position) -> bool:
        """Qualification matches: the same field (or a general position) and at least the level."""
        sector_ok = position.sector == Sector.GENERAL or self.sector == position.sector
        return sector_ok and self.level >= position.level


class Assignment(models.Model):
    """An official holding a position from `start` until `end` (open: still held)."""

    class Kind(models.TextChoices):
        MAIN = "main", _("Main position")
        CONCURRENT = "concurrent", _("Concurrent (kiêm nhiệm)")

    official = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("official")
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("position")
    )
    # Copied from the position, so that scoping and per-unit figures need no join.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("decision or note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-start", "pk"]
        indexes = [
            models.Index(fields=["unit"], condition=models.Q(end__isnull=True), name="staff_assignment_open"),
        ]
        constraints = [
            # One main position at a time; concurrent ones are extra.
            models.UniqueConstraint(
                fields=["official"],
                condition=models.Q(kind="main", end__isnull=True),
                name="staff_one_open_main_assignment",
            ),
            models.UniqueConstraint(
                fields=["official", "position"],
                condition=models.Q(end__isnull=True),
                name="staff_assignment_open_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="staff_assignment_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official} — {self.position}"


class StaffEvent(models.Model):
    """What changed on a unit's staff: by whom, when, with the data of the change."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        ENDED = "ended", _("Assignment ended")
        TRANSFERRED = "transferred", _("Transferred")
        IMPORTED = "imported", _("Staff list imported")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("official"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("staff event")
        verbose_name_plural = _("staff events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"
