"""What every dossier action shares: the guards, the conditional transition, the calendar."""

from datetime import UTC, date, datetime
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.dossiers.events import event_append
from motcua.dossiers.models import Dossier
from motcua.dossiers.policy import (
    Situation,
    calendar_of,
    guard,
    is_applicant,
    may,
    not_now,
    not_yours,
    situation_of,
)

__all__ = [
    "calendar_of",
    "check_version",
    "is_applicant",
    "may",
    "moment",
    "not_found",
    "not_yours",
    "permitted",
    "require",
    "required_text",
    "transition",
]


def not_found(code: str) -> NotFound:
    return NotFound(_("There is no dossier with code %(code)s.") % {"code": code})


def permitted(
    name: str,
    *,
    actor: User | None,
    dossier: Dossier,
    now: datetime,
    expected_version: int | None = None,
    proven_applicant: bool = False,
) -> Situation:
    """Ask the policy whether `actor` may take action `name` now (it raises the reason if not),
    then check the caller read the current version."""
    situation = situation_of(dossier, actor, now, proven_applicant=proven_applicant)
    try:
        guard(name, situation)
    except Conflict:
        # A caller who may act but read an old version hears that first: reloading explains the rest.
        check_version(dossier, expected_version)
        raise
    check_version(dossier, expected_version)
    return situation


def require(allowed: bool, dossier: Dossier) -> None:
    if not allowed:
        raise not_yours(dossier)


def required_text(value: str, message: Any, field: str) -> str:
    text = value.strip()
    if not text:
        raise InvalidInput(message, field=field)
    return text


def moment(now: datetime | None) -> datetime:
    return now or timezone.now()


def check_version(dossier: Dossier, expected_version: int | None) -> None:
    """The caller's copy is stale: someone acted on the dossier since it was read."""
    if expected_version is not None and expected_version != dossier.version:
        raise Conflict(
            _("The dossier was changed by someone else meanwhile. Reload it and try again."), code="stale"
        )


def transition(
    dossier: Dossier,
    *,
    allowed_from: tuple[str, ...],
    to: str,
    actor: User | None,
    kind: str,
    at: datetime,
    data: dict[str, Any] | None = None,
    **fields: Any,
) -> Dossier:
    """Move the dossier if it is still in an allowed state at the version the caller read, and
    record the event. A state the action does not start from is a 409 that changes nothing."""
    if dossier.status not in allowed_from:
        raise not_now(dossier)
    changed = Dossier.objects.filter(pk=dossier.pk, version=dossier.version, status__in=allowed_from).update(
        status=to, version=F("version") + 1, **fields
    )
    if not changed:
        raise Conflict(
            _("The dossier was changed by someone else meanwhile. Reload it and try again."), code="stale"
        )
    _written(dossier, status=to, version=dossier.version + 1, **fields)
    event_append(dossier=dossier, kind=kind, actor=actor, at=at, data=data)
    return dossier


def _written(dossier: Dossier, **values: Any) -> None:
    """Put on the instance what the conditional update wrote, as a reload would read it back:
    plain values are set (aware times in UTC, choices as plain text) without a query; anything
    else (a related object…) is reloaded. The units and procedure already loaded stay cached."""
    reload = []
    for name, value in values.items():
        if isinstance(value, datetime) and value.tzinfo is not None:
            setattr(dossier, name, value.astimezone(UTC))
        elif isinstance(value, str):
            setattr(dossier, name, str.__str__(value))
        elif value is None or type(value) in (int, bool, date):
            setattr(dossier, name, value)
        else:
            reload.append(name)
    if reload:
        dossier.refresh_from_db(fields=reload)
