"""Reconciliation with the national portal: what it holds against what we have, and the difference
sent again. It feeds the 766 transparency indicator "dossiers synchronised / max(ours, theirs)".

First the portal's counts per unit and reception day; only where a count differs, the portal's list
for that unit and day, compared dossier by dossier with the version we last recorded. A dossier the
portal lacks or holds in an older version gets a fresh message with its current state (unless one is
already waiting).
"""

import json
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from motcua.dossiers.models import Dossier, Event
from motcua.interop.http import EndpointError, EndpointRejected, endpoint
from motcua.interop.models import OutboxMessage
from motcua.interop.portal import CHANNEL, ENDPOINT, VN, portal_record
from motcua.interop.tasks import enqueue_delivery

logger = logging.getLogger("motcua.interop.reconcile")

_DAY = "%Y%m%d"


def _unit_key(dossier_unit_agency: str, dossier_unit_code: str) -> str:
    return dossier_unit_agency or dossier_unit_code


def _ours(
    since: date, until: date, dossiers: QuerySet[Dossier] | None = None
) -> dict[tuple[str, str], dict[str, int]]:
    """(unit identifier, yyyyMMdd) → {dossier code: latest event seq}, for dossiers received in
    [since, until] (Vietnam days), among `dossiers` (default: all)."""
    start = datetime.combine(since, datetime.min.time(), tzinfo=VN)
    end = datetime.combine(until + timedelta(days=1), datetime.min.time(), tzinfo=VN)
    latest = Event.objects.filter(dossier=OuterRef("pk")).order_by("-seq").values("seq")[:1]
    rows = (
        (Dossier.objects.all() if dossiers is None else dossiers)
        .filter(received_at__gte=start, received_at__lt=end)
        .annotate(latest=Subquery(latest))
        .values_list("code", "received_at", "competent_unit__agency_code", "competent_unit__code", "latest")
    )
    ours: dict[tuple[str, str], dict[str, int]] = {}
    for code, received_at, agency, unit_code, seq in rows:
        key = (_unit_key(agency, unit_code), received_at.astimezone(VN).strftime(_DAY))
        ours.setdefault(key, {})[code] = seq or 1
    return ours


def _result(response: Any) -> list[dict[str, Any]]:
    answer = response.json()
    if (
        not isinstance(answer, dict)
        or str(answer.get("error_code")) not in settings.NATIONAL_PORTAL_SUCCESS_CODES
    ):
        raise EndpointRejected(ENDPOINT, response.status_code, response.text)
    result: list[dict[str, Any]] = answer.get("result") or []
    return result


def portal_counts(since: date, until: date) -> dict[tuple[str, str], int]:
    """The portal's counts per (unit identifier, yyyyMMdd)."""
    response = endpoint(ENDPOINT).get_json(
        settings.NATIONAL_PORTAL_COUNTS_PATH,
        params={"tungay": since.strftime(_DAY), "denngay": until.strftime(_DAY)},
    )
    return {(row["DonViXuLy"], row["Ngay"]): int(row["SoHoSo"]) for row in _result(response)}


@dataclass
class Reconciliation:
    compared_days: int
    differing_days: int
    resent: int


def portal_resend(dossier: Dossier) -> OutboxMessage | None:
    """Write the dossier's current state for the portal again, unless a message is already waiting."""
    waiting = OutboxMessage.objects.filter(
        dossier=dossier, channel=CHANNEL, status=OutboxMessage.Status.PENDING
    ).exists()
    if waiting:
        return None
    version = Event.objects.filter(dossier=dossier).aggregate(last=Max("seq"))["last"] or 1
    now = timezone.now()
    message = OutboxMessage.objects.create(
        channel=CHANNEL,
        recipient=ENDPOINT,
        body=json.dumps(portal_record(dossier, version=version), ensure_ascii=False),
        dossier=dossier,
        version=version,
        event_kind="reconciliation",
        created_at=now,
        next_attempt_at=now,
    )
    enqueue_delivery(message.pk)
    return message


def portal_reconcile(*, days: int | None = None, today: date | None = None) -> Reconciliation:
    """Compare the last `days` days with the portal and resend what it lacks or holds stale."""
    today = today or timezone.localdate()
    since = today - timedelta(days=(days or settings.NATIONAL_PORTAL_RECONCILE_DAYS) - 1)
    ours = _ours(since, today)
    theirs = portal_counts(since, today)
    differing = [key for key in set(ours) | set(theirs) if len(ours.get(key, {})) != theirs.get(key, 0)]
    resent = 0
    for unit, day in sorted(differing):
        ours_here = ours.get((unit, day), {})
        if not ours_here:
            continue  # the portal holds dossiers we do not: shown on the monitor, nothing to send
        held = {
            row["MaHoSo"]: int(row.get("PhienBanHoSo", 0))
            for row in _result(
                endpoint(ENDPOINT).get_json(
                    settings.NATIONAL_PORTAL_LIST_PATH, params={"donvi": unit, "ngay": day}
                )
            )
        }
        stale = [code for code, seq in ours_here.items() if held.get(code, 0) < seq]
        for dossier in Dossier.objects.filter(code__in=stale).select_related(
            "procedure__field", "competent_unit"
        ):
            if portal_resend(dossier) is not None:
                resent += 1
    if resent:
        logger.warning("Reconciliation with the national portal: %s dossiers sent again", resent)
    return Reconciliation(
        compared_days=len(set(ours) | set(theirs)), differing_days=len(differing), resent=resent
    )


_last_night: date | None = None


def portal_reconcile_nightly() -> int:
    """The periodic job: once a night, at NATIONAL_PORTAL_RECONCILE_HOUR (Vietnam time)."""
    global _last_night
    if not settings.NATIONAL_PORTAL_SYNC:
        return 0
    now = timezone.localtime()
    if now.hour != settings.NATIONAL_PORTAL_RECONCILE_HOUR or _last_night == now.date():
        return 0
    try:
        result = portal_reconcile(today=now.date() - timedelta(days=1))
    except EndpointError:
        logger.warning("Reconciliation with the national portal postponed: the portal is unreachable")
        return 0
    _last_night = now.date()
    return result.resent


def sync_rates(since: date, until: date, dossiers: QuerySet[Dossier] | None = None) -> list[dict[str, Any]]:
    """Per unit: our dossiers received in [since, until], how many the portal holds in their latest
    state (as far as our outbox knows), and how many the portal counts (None when unreachable).
    With `dossiers`, only their units are listed. The rate is the 766 indicator's:
    synchronised / max(ours, the portal's)."""
    ours = _ours(since, until, dossiers)
    sent = dict(
        OutboxMessage.objects.filter(channel=CHANNEL, status=OutboxMessage.Status.SENT)
        .values_list("dossier__code")
        .annotate(last=Max("version"))
        .values_list("dossier__code", "last")
    )
    try:
        theirs: dict[tuple[str, str], int] | None = portal_counts(since, until)
    except EndpointError:
        theirs = None
    units: dict[str, dict[str, Any]] = {}
    for (unit, _day), versions in ours.items():
        row = units.setdefault(unit, {"unit": unit, "ours": 0, "synced": 0, "theirs": 0})
        row["ours"] += len(versions)
        row["synced"] += sum(1 for code, seq in versions.items() if sent.get(code, 0) >= seq)
    tally: Counter[str] = Counter()
    for (unit, _day), count in (theirs or {}).items():
        tally[unit] += count
        if dossiers is None:
            units.setdefault(unit, {"unit": unit, "ours": 0, "synced": 0, "theirs": 0})
    for unit, row in units.items():
        row["theirs"] = tally[unit] if theirs is not None else None
        base = max(row["ours"], row["theirs"] or 0)
        # What we sent counts only as far as the portal shows it holds it.
        synced = row["synced"] if row["theirs"] is None else min(row["synced"], row["theirs"])
        row["rate"] = round(100 * synced / base, 1) if base else None
    return sorted(units.values(), key=lambda row: row["unit"])
