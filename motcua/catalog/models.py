"""The catalogue of administrative procedures and their versioned process definitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.roles import Role


class Field(models.Model):
    """A sector of procedures (lĩnh vực): civil status, certification, land…"""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    class Level(models.TextChoices):
        COMMUNE = "xa", _("Commune level")
        DEPARTMENT = "so", _("Province department")

    class TimeUnit(models.TextChoices):
        DAYS = "days", _("working days")
        HOURS = "hours", _("working hours")
        SAME_DAY = "same_day", _("same day (15:00 cut-off)")

    class OnlineLevel(models.TextChoices):
        FULL = "toan_trinh", _("Fully online")
        PARTIAL = "mot_phan", _("Partly online")

    code = models.CharField(_("national code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    # Folded name for diacritic- and case-insensitive search ("khai sinh" finds "Đăng ký khai sinh").
    search_name = models.CharField(_("search name"), max_length=300, editable=False, db_index=True)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("field")
    )
    level = models.CharField(_("competent level"), max_length=4, choices=Level.choices)
    # For department procedures, the department that settles them ("STP" → unit "68.STP").
    department = models.CharField(_("department"), max_length=16, blank=True)
    time_amount = models.PositiveSmallIntegerField(_("legal time"))
    time_unit = models.CharField(_("legal time unit"), max_length=8, choices=TimeUnit.choices)
    result = models.CharField(_("result"), max_length=300)
    online_level = models.CharField(_("online level"), max_length=12, choices=OnlineLevel.choices)
    boundary_free = models.BooleanField(_("received regardless of boundary"), default=True)
    # An inter-linked group of procedures (liên thông): its dossier code carries the receiving desk's
    # identifier when received in person, the national portal's when submitted online (Art.28.2.a).
    interlinked = models.BooleanField(_("inter-linked procedures"), default=False)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    # Where the seeded record comes from: its code in the national procedure database and the
    # decision that published it.
    source_code = models.CharField(_("code in the national procedure database"), max_length=32, blank=True)
    source_decision = models.CharField(_("publishing decision"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["field__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(time_unit="same_day") | models.Q(time_amount=0),
                name="catalog_procedure_same_day_amount_zero",
            ),
            models.CheckConstraint(
                condition=models.Q(level="xa", department="")
                | (models.Q(level="so") & ~models.Q(department="")),
                name="catalog_procedure_department_iff_so",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        from motcua.core.text import fold

        self.search_name = fold(f"{self.name} {self.code}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Fee(models.Model):
    class Kind(models.TextChoices):
        FEE = "fee", _("fee (phí)")
        CHARGE = "charge", _("charge (lệ phí)")

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="fees", verbose_name=_("procedure")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("label"), max_length=300)
    amount = models.PositiveIntegerField(_("amount (đồng)"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.CHARGE)
    # The amount is fixed only at appraisal (land taxes, for instance): `amount` is then 0.
    computed_at_appraisal = models.BooleanField(_("computed at appraisal"), default=False)

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class Component(models.Model):
    """A document the applicant hands in (thành phần hồ sơ)."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="components", verbose_name=_("procedure")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=500)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    required = models.BooleanField(_("required"), default=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class ProcedureVersion(models.Model):
    """The legal rules of a procedure from a date: a change of law applies to the dossiers received
    from `effective_from`, older dossiers keep the rules they were received under."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="versions", verbose_name=_("procedure")
    )
    effective_from = models.DateField(_("in force from"))
    time_amount = models.PositiveSmallIntegerField(_("legal time"))
    time_unit = models.CharField(_("legal time unit"), max_length=8, choices=Procedure.TimeUnit.choices)
    # Art.17.2.c: an online dossier is accepted or refused within 8 working hours.
    decision_hours = models.PositiveSmallIntegerField(
        _("working hours to decide on an online dossier"), default=8
    )
    # Art.19.5: the agency asks for a supplement within 3 working days of acceptance.
    supplement_window_days = models.PositiveSmallIntegerField(
        _("working days to ask for a supplement after acceptance"), default=3
    )
    # Art.19.5: a dossier not supplemented within 15 days of the request is closed.
    closure_days = models.PositiveSmallIntegerField(_("days before closure without supplement"), default=15)
    # The sector law leaves the time of paying fees and taxes out of the legal time.
    payment_time_excluded = models.BooleanField(_("payment time excluded from the legal time"), default=False)
    source_decision = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "effective_from"], name="catalog_procedureversion_date_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(time_unit="same_day") | models.Q(time_amount=0),
                name="catalog_procedureversion_same_day_amount_zero",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} {self.effective_from.isoformat()}"


class TimeVariant(models.Model):
    """A conditional legal time: the desk picks it at acceptance when its condition holds (marriage
    needing verification of conditions, a first land certificate in a remote commune…)."""

    class TimeUnit(models.TextChoices):
        DAYS = "days", _("working days")
        HOURS = "hours", _("working hours")
        # "ngày" where the law does not write "ngày làm việc": counted as the Civil Code counts
        # (Art.147-148: the first day not counted, a last day off rolls to the next working day).
        CALENDAR_DAYS = "cal_days", _("calendar days")

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="time_variants", verbose_name=_("procedure")
    )
    code = models.SlugField(_("code"), max_length=32)
    label = models.CharField(_("condition"), max_length=300)
    time_amount = models.PositiveSmallIntegerField(_("legal time"))
    time_unit = models.CharField(_("legal time unit"), max_length=8, choices=TimeUnit.choices)

    class Meta:
        verbose_name = _("conditional legal time")
        verbose_name_plural = _("conditional legal times")
        ordering = ["procedure", "code"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "code"], name="catalog_timevariant_code_unique"),
            models.CheckConstraint(
                condition=models.Q(time_amount__gt=0), name="catalog_timevariant_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} {self.code}"


class ProcessVersion(models.Model):
    """One version of a procedure's process; a dossier keeps the version it started with."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="process_versions", verbose_name=_("procedure")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("process version")
        verbose_name_plural = _("process versions")
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "number"], name="catalog_processversion_number_unique"
            ),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=models.Q(current=True),
                name="catalog_processversion_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"


class ProcessStep(models.Model):
    version = models.ForeignKey(
        ProcessVersion, on_delete=models.CASCADE, related_name="steps", verbose_name=_("version")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # Percent of the legal time; the shares of a version add up to 100.
    share = models.PositiveSmallIntegerField(_("share of legal time (%)"))

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="catalog_processstep_position_unique"
            ),
            models.CheckConstraint(condition=models.Q(share__lte=100), name="catalog_processstep_share_max"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
