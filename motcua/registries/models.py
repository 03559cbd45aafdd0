"""Lookups in the state's registries (population database, business registry, tax) and their
audit log. Decree 13/2023 on personal data expects every access to a person's data to be traceable:
who looked up whom, for which dossier, why, with which consent, and what came of it. The answers
themselves are kept only in a cache that ends with the working day."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit


class Registry(models.TextChoices):
    POPULATION = "population", _("National population database")
    BUSINESS = "business", _("National business registration database")
    HOUSEHOLD_BUSINESS = "household_business", _("Household business register")
    TAX = "tax", _("Tax registry")
    CIVIL_STATUS = "civil_status", _("Civil-status e-registry")
    DATA_STORE = "data_store", _("Personal data store of the national portal")


class Outcome(models.TextChoices):
    FOUND = "found", _("Found")
    NOT_FOUND = "not_found", _("Not found")
    DOWN = "down", _("Registry unavailable")
    REFUSED = "refused", _("Refused by the registry")


class Consent(models.TextChoices):
    """How the person agreed that their data be read (Decree 13/2023 Art.11)."""

    AT_DESK = "at_desk", _("Given at the desk, in person")
    ONLINE = "online", _("Given online by the applicant")
    NOT_PERSONAL = "not_personal", _("Not personal data (an organisation)")


class RegistryLookup(models.Model):
    """One lookup, kept whatever its outcome: a failed lookup is recorded on the dossier too."""

    registry = models.CharField(_("registry"), max_length=24, choices=Registry.choices)
    subject = models.CharField(
        _("looked up"), max_length=32, help_text=_("ID number, enterprise, tax code or record number")
    )
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registry_lookups",
        verbose_name=_("dossier"),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    consent = models.CharField(_("consent"), max_length=16, choices=Consent.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    # The names of the fields where what was typed differs from the registry (no values kept).
    differences = models.JSONField(_("fields that differ"), default=list, blank=True)
    from_cache = models.BooleanField(_("answered from the day's cache"), default=False)
    latency_ms = models.PositiveIntegerField(_("time taken (ms)"), default=0)
    request_id = models.CharField(_("request id"), max_length=40, unique=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("registry lookup")
        verbose_name_plural = _("registry lookups")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["unit", "registry", "at"], name="registries_unit_registry_at")]

    def __str__(self) -> str:
        return f"{self.registry} {self.subject} {self.outcome}"


class CachedAnswer(models.Model):
    """A registry's answer kept until the end of the working day it was read, so that the desk and
    the handler of the same dossier do not query the registry twice; swept at expiry."""

    registry = models.CharField(max_length=24, choices=Registry.choices)
    subject = models.CharField(max_length=32)
    answer = models.JSONField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registry", "subject"], name="registries_cache_one_answer")
        ]

    def __str__(self) -> str:
        return f"{self.registry} {self.subject}"


class CivilStatusHandover(models.Model):
    """An inter-linked civil-status dossier (birth, death, marriage) handed to the justice ministry's
    civil-status e-registry (NhanDKHT) and its result polled back (LayKetQua); each hop is kept."""

    class Module(models.TextChoices):
        BIRTH = "LTKS", _("Birth registration")
        DEATH = "LTKT", _("Death registration")
        MARRIAGE = "LTKH", _("Marriage registration")

    class State(models.TextChoices):
        SENDING = "sending", _("Being handed over")
        SEND_FAILED = "send_failed", _("Not handed over: the registry was unavailable")
        WAITING = "waiting", _("Waiting at the civil-status registry")
        SUPPLEMENT = "supplement", _("The civil-status registry asks for a supplement")
        PROCESSING = "processing", _("Being processed by the civil-status registry")
        DONE = "done", _("Registered: result received")
        REFUSED = "refused", _("Refused by the civil-status registry")

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="civil_status_handovers", verbose_name=_("dossier")
    )
    module = models.CharField(_("kind"), max_length=4, choices=Module.choices)
    external_code = models.CharField(_("inter-linked code"), max_length=64, unique=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SENDING)
    # [{"state": ..., "at": ISO time, "note": registry's text}], oldest first.
    hops = models.JSONField(_("steps"), default=list)
    result_pdf = models.BinaryField(_("result"), blank=True, default=b"")
    sent_at = models.DateTimeField(_("handed over"))
    polled_at = models.DateTimeField(_("last asked"), null=True, blank=True)

    class Meta:
        verbose_name = _("civil-status handover")
        verbose_name_plural = _("civil-status handovers")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.external_code
