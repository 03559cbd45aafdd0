"""Lookups in the state's registries, each written to the audit log whatever its outcome.

Decree 118 Art.17.1.a–b: at reception the officer checks the applicant's identity against the
population database and reuses the state's data; a difference between the paper and the registry is
shown, and the officer decides (nothing typed is overwritten). Art.5.1.i: what the registry gives is
not asked for again. Decree 13/2023: personal data are read with the person's consent, for a stated
purpose, and every access is traceable. A registry that is down never blocks the desk: the lookup
is recorded as failed (on the dossier, when there is one) and the officer carries on by hand.
"""

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import can, units_where
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.calendar import VIETNAM_TZ
from motcua.core.errors import InvalidInput, NotFound
from motcua.core.text import fold
from motcua.dossiers.models import Dossier
from motcua.registries import adapters
from motcua.registries.models import CachedAnswer, Consent, Outcome, Registry, RegistryLookup
from motcua.units.models import Unit

_SUBJECT: Final[dict[str, re.Pattern[str]]] = {
    Registry.POPULATION: re.compile(r"^[0-9]{12}$"),
    Registry.BUSINESS: re.compile(r"^[0-9]{10}(-[0-9]{3})?$"),
    Registry.HOUSEHOLD_BUSINESS: re.compile(r"^[0-9]{10}(-[0-9]{3})?$|^[0-9]{12}$"),
    Registry.TAX: re.compile(r"^[0-9]{10}(-[0-9]{3})?$|^[0-9]{12}$"),
    Registry.CIVIL_STATUS: re.compile(r"^(KS|KH):[0-9A-Za-z/.-]{1,28}$"),
    Registry.DATA_STORE: re.compile(r"^[0-9]{12}$"),
}
_SUBJECT_ERROR: Final[dict[str, Any]] = {
    Registry.POPULATION: _("The personal ID number must have exactly 12 digits."),
    Registry.BUSINESS: _("The enterprise code has 10 digits, or 10 digits, “-” and 3 for a branch."),
    Registry.HOUSEHOLD_BUSINESS: _(
        "The household business code is a tax code of 10 or 13 digits, or an ID number."
    ),
    Registry.TAX: _("The tax code has 10 digits, or 10 digits, “-” and 3 for a branch."),
    Registry.CIVIL_STATUS: _("Give the record as KS:<number> for a birth or KH:<number> for a marriage."),
    Registry.DATA_STORE: _("The personal ID number must have exactly 12 digits."),
}
# Registries that hold personal data: read only with the person's consent.
_PERSONAL: Final = (Registry.POPULATION, Registry.CIVIL_STATUS, Registry.DATA_STORE)
# Lookups are made by the officers who receive or process dossiers.
_MAY_LOOK_UP: Final = (Permission.RECEIVE_DOSSIER, Permission.HANDLE_DOSSIER)


@dataclass(frozen=True)
class LookupResult:
    lookup: RegistryLookup
    record: dict[str, Any] | None
    differences: list[str]

    @property
    def outcome(self) -> str:
        return self.lookup.outcome

    @property
    def message(self) -> str:
        """What the officer is told, translated."""
        if self.lookup.outcome == Outcome.DOWN:
            return str(
                _(
                    "The registry cannot be reached now. Carry on with the papers the applicant "
                    "brought; the failed lookup is recorded."
                )
            )
        if self.lookup.outcome == Outcome.REFUSED:
            return str(_("The registry refused the lookup. Carry on with the papers the applicant brought."))
        if self.lookup.outcome == Outcome.NOT_FOUND:
            return str(_("The registry has no record under this number."))
        if self.differences:
            return str(_("The registry differs from what was typed: check the papers and decide."))
        return str(_("Found in the registry."))


def end_of_day(now: datetime) -> datetime:
    """A cached answer lasts no longer than the local day it was read on."""
    local = now.astimezone(VIETNAM_TZ)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), VIETNAM_TZ)
    return midnight.astimezone(UTC)


def _lookup_unit(actor: User, dossier: Dossier | None) -> Unit:
    if dossier is not None:
        for unit in (dossier.receiving_unit, dossier.competent_unit):
            if any(can(actor, permission, unit) for permission in _MAY_LOOK_UP):
                return unit
        raise NotFound(_("There is no dossier with code %(code)s.") % {"code": dossier.code})
    for permission in _MAY_LOOK_UP:
        first = units_where(actor, permission).order_by("pk").first()
        if first is not None:
            return first
    raise NotFound(_("Registry lookups are made by the officers who receive or process dossiers."))


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _address_agrees(typed: str, record: Mapping[str, Any]) -> bool:
    mine = fold(typed).replace(",", " ")
    mine = " ".join(mine.split())
    for key in ("current_address", "permanent_address"):
        theirs = " ".join(fold(str(record.get(key, ""))).replace(",", " ").split())
        if mine and theirs and (mine in theirs or theirs in mine):
            return True
    return False


def person_differences(typed: Mapping[str, str], record: Mapping[str, Any]) -> list[str]:
    """The fields where what the officer typed differs from the registry: the name (diacritics
    count: Hùng is not Hưng), the date of birth, and the address (the current or permanent one)."""
    found = []
    if typed.get("name") and not _same(typed["name"], str(record.get("name", ""))):
        found.append("name")
    born = typed.get("born", "")
    if born and born != record.get("born") and not str(record.get("born", "")).startswith(born):
        found.append("born")
    if typed.get("address") and not _address_agrees(typed["address"], record):
        found.append("address")
    return found


def _fetch(
    registry: str, subject: str, actor: User, service_code: str, request_id: str, consent: str
) -> adapters.Record | None:
    calls: dict[str, Callable[[], adapters.Record | None]] = {
        Registry.POPULATION: lambda: adapters.population_lookup(
            national_id=subject,
            officer=actor.username,
            service_code=service_code,
            request_id=request_id,
            consent=consent,
        ),
        Registry.BUSINESS: lambda: adapters.business_lookup(code=subject),
        Registry.HOUSEHOLD_BUSINESS: lambda: adapters.household_business_lookup(code=subject),
        Registry.TAX: lambda: adapters.tax_lookup(code=subject),
        Registry.CIVIL_STATUS: lambda: adapters.civil_status_lookup(
            kind=subject.split(":", 1)[0], number=subject.split(":", 1)[1]
        ),
        Registry.DATA_STORE: lambda: adapters.data_store_lookup(
            owner=subject, officer_name=actor.full_name or actor.username, procedure=service_code
        ),
    }
    return calls[registry]()


def registry_lookup(
    *,
    actor: User,
    registry: str,
    subject: str,
    purpose: str,
    consent: str = "",
    dossier: Dossier | None = None,
    typed: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> LookupResult:
    """Look `subject` up in `registry` for `purpose` and log it. A person is looked up only with
    their consent recorded; an answer read earlier the same day is reused from the cache. The call
    to the registry is made outside any transaction: a slow registry holds no lock."""
    subject = subject.strip()
    if registry not in _SUBJECT:
        raise InvalidInput(_("Choose a registry."), field="registry")
    if not _SUBJECT[registry].match(subject):
        raise InvalidInput(_SUBJECT_ERROR[registry], field="subject")
    purpose = " ".join(purpose.split())[:200]
    if not purpose:
        raise InvalidInput(
            _("Say why the data are looked up (the procedure or the dossier)."), field="purpose"
        )
    if registry in _PERSONAL:
        if consent not in (Consent.AT_DESK, Consent.ONLINE):
            raise InvalidInput(
                _("Record the person's consent before reading their personal data in a state registry."),
                field="consent",
            )
    else:
        consent = consent or Consent.NOT_PERSONAL
        if consent not in Consent.values:
            raise InvalidInput(_("Choose how the consent was given."), field="consent")
    unit = _lookup_unit(actor, dossier)
    now = now or timezone.now()
    request_id = adapters.new_request_id()
    service_code = dossier.procedure.code if dossier is not None else ""

    cached = CachedAnswer.objects.filter(registry=registry, subject=subject, expires_at__gt=now).first()
    record: dict[str, Any] | None = None
    error = ""
    started = time.monotonic()
    if cached is not None:
        record, outcome = cached.answer, Outcome.FOUND
    else:
        try:
            found = _fetch(registry, subject, actor, service_code, request_id, consent)
        except adapters.RegistryDown as exc:
            outcome, error = Outcome.DOWN, exc.reason
        except adapters.RegistryRefused as exc:
            outcome, error = Outcome.REFUSED, exc.reason
        else:
            record = adapters.record_dict(found) if found is not None else None
            outcome = Outcome.FOUND if record is not None else Outcome.NOT_FOUND
    latency = int((time.monotonic() - started) * 1000)
    differences = (
        person_differences(typed or {}, record) if record and registry == Registry.POPULATION else []
    )
    with transaction.atomic():
        if record is not None and cached is None:
            CachedAnswer.objects.update_or_create(
                registry=registry, subject=subject, defaults={"answer": record, "expires_at": end_of_day(now)}
            )
        lookup = RegistryLookup.objects.create(
            registry=registry,
            subject=subject,
            actor=actor,
            unit=unit,
            dossier=dossier,
            purpose=purpose,
            consent=consent,
            outcome=outcome,
            differences=differences,
            from_cache=cached is not None,
            latency_ms=latency,
            request_id=request_id,
            error=error[:300],
            at=now,
        )
    return LookupResult(lookup=lookup, record=record, differences=differences)


def registry_cache_sweep(*, now: datetime | None = None) -> int:
    """Forget the answers of days gone by (a periodic job)."""
    deleted, _rows = CachedAnswer.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


def lookup_attach(*, actor: User, lookup: RegistryLookup, dossier: Dossier) -> RegistryLookup:
    """Link a lookup made while typing at the counter to the dossier it led to, so the dossier
    records it (found, or failed and carried on by hand). Only the officer's own, unlinked lookups."""
    with transaction.atomic():
        changed = RegistryLookup.objects.filter(pk=lookup.pk, actor=actor, dossier__isnull=True).update(
            dossier=dossier
        )
    if changed:
        lookup.dossier = dossier
    return lookup
