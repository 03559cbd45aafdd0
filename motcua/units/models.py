"""Provinces, the units that serve people (communes, wards, special zones, province bodies),
their lineage from the units that existed before 1 July 2025, and per-province calendars."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.units.identifiers import validate_agency_identifier


class Province(models.Model):
    """One of the 34 provinces and centrally-run cities (Decision 19/2025/QĐ-TTg)."""

    code = models.PositiveSmallIntegerField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=32)  # "tỉnh" or "thành phố trung ương"
    codename = models.CharField(_("code name"), max_length=100)
    phone_code = models.PositiveSmallIntegerField(_("phone code"), null=True, blank=True)
    # Office hours may differ per province (e.g. summer hours); the default is 07:30–11:30, 13:30–17:30.
    morning_start = models.TimeField(_("morning opens"), default="07:30")
    morning_end = models.TimeField(_("morning closes"), default="11:30")
    afternoon_start = models.TimeField(_("afternoon opens"), default="13:30")
    afternoon_end = models.TimeField(_("afternoon closes"), default="17:30")

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A body that receives or settles dossiers: a commune-level unit or a province-level body."""

    class Kind(models.TextChoices):
        COMMUNE = "xa", _("Commune")
        WARD = "phuong", _("Ward")
        SPECIAL_ZONE = "dac_khu", _("Special zone")
        PROVINCE = "tinh", _("Province People's Committee")
        DEPARTMENT = "so", _("Province department")

    COMMUNE_LEVEL = (Kind.COMMUNE, Kind.WARD, Kind.SPECIAL_ZONE)

    # Official 5-digit code for commune-level units ("24688", "00004"); the 2-digit province code
    # for the province People's Committee ("68"), "68.STP" style for departments.
    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="units", verbose_name=_("province")
    )
    codename = models.CharField(_("code name"), max_length=200, blank=True)
    # Folded name without diacritics, for search ("krong no").
    search_name = models.CharField(_("search name"), max_length=200, blank=True, db_index=True)
    # The agency's electronic identifier (Decision 20/2020/QĐ-TTg), the first part of the codes of
    # the dossiers it is competent for (Decree 118 Art.28.2.a). Provisional until the province's
    # published list is loaded (manage.py load_agency_identifiers).
    agency_code = models.CharField(
        _("agency identifier"),
        max_length=32,
        blank=True,
        validators=[validate_agency_identifier],
        help_text=_("Electronic identifier of Decision 20/2020/QĐ-TTg, e.g. 000.00.00.H36."),
    )
    agency_code_provisional = models.BooleanField(
        _("provisional identifier"),
        default=False,
        help_text=_("Ticked: not yet taken from the province's published list."),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    village_count = models.PositiveSmallIntegerField(_("number of villages"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["province__code", "code"]
        indexes = [models.Index(fields=["province", "kind"], name="units_unit_province_kind")]
        constraints = [
            # Two agencies with one identifier would share a daily sequence of dossier numbers.
            models.UniqueConstraint(
                fields=["agency_code"],
                condition=~models.Q(agency_code=""),
                name="units_unit_agency_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_commune_level(self) -> bool:
        return self.kind in self.COMMUNE_LEVEL


class Village(models.Model):
    """A village, hamlet or residential group (thôn, bon, buôn, tổ dân phố) of a unit."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="villages", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="units_village_unique")]

    def __str__(self) -> str:
        return self.name


class OldUnit(models.Model):
    """A commune-level unit as it was before 1 July 2025 (63 provinces, with districts)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32)  # Xã, Phường, Thị trấn
    district_name = models.CharField(_("district"), max_length=200)
    province_name = models.CharField(_("province"), max_length=200)
    # "tinhdaknong_huyenkrongno_xadakdro": the key the conversion data uses.
    key = models.CharField(_("key"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("pre-2025 unit")
        verbose_name_plural = _("pre-2025 units")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}, {self.district_name}, {self.province_name}"


class Lineage(models.Model):
    """The new unit `unit` was formed (wholly or, when `partial`, in part) from `old_unit`."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="lineage", verbose_name=_("unit"))
    old_unit = models.ForeignKey(
        OldUnit, on_delete=models.CASCADE, related_name="successors", verbose_name=_("pre-2025 unit")
    )
    # An old unit split between several new units is partial in each; one is its default successor.
    partial = models.BooleanField(_("partial"), default=False)
    default_successor = models.BooleanField(_("default successor"), default=True)

    class Meta:
        verbose_name = _("lineage")
        verbose_name_plural = _("lineage")
        constraints = [models.UniqueConstraint(fields=["unit", "old_unit"], name="units_lineage_unique")]

    def __str__(self) -> str:
        return f"{self.old_unit} → {self.unit}"


class CalendarOverride(models.Model):
    """A province's own change to the national calendar for one day: an extra day off or working day."""

    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="calendar_overrides", verbose_name=_("province")
    )
    day = models.DateField(_("day"))
    working = models.BooleanField(
        _("working day"), help_text=_("Ticked: an extra working day. Unticked: a day off.")
    )
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["province", "day"]
        constraints = [
            models.UniqueConstraint(fields=["province", "day"], name="units_calendaroverride_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.day}"
