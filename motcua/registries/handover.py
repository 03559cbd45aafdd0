"""The inter-linked civil-status flow: a birth, death or marriage dossier handed over to the justice
ministry's civil-status e-registry (NhanDKHT), its result polled back (LayKetQua), each hop kept so
the desk sees where the dossier is. The registry's states map 1 waiting, 2 supplement, 3 processing,
4 done (with the result's PDF), 6 refused. A registry down leaves the handover to be sent again."""

import json
from datetime import datetime
from typing import Any, Final

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.access import can
from motcua.accounts.models import User
from motcua.accounts.roles import Permission
from motcua.core.calendar import VIETNAM_TZ
from motcua.core.errors import Conflict, InvalidInput, NotFound
from motcua.dossiers.models import Dossier
from motcua.registries import adapters
from motcua.registries.models import CivilStatusHandover

State = CivilStatusHandover.State
_STATES: Final = {
    "1": State.WAITING,
    "2": State.SUPPLEMENT,
    "3": State.PROCESSING,
    "4": State.DONE,
    "6": State.REFUSED,
}
_OPEN: Final = (State.WAITING, State.SUPPLEMENT, State.PROCESSING)


def _hop(handover: CivilStatusHandover, state: str, at: datetime, note: str = "") -> None:
    handover.state = state
    handover.hops = [*handover.hops, {"state": state, "at": at.isoformat(), "note": note}]


def _send(handover: CivilStatusHandover, dossier: Dossier, data: dict[str, Any], now: datetime) -> None:
    body = {
        "module": handover.module,
        "maHoSoMCDT": dossier.code,
        "maHoSoLT": handover.external_code,
        "maDonVi": dossier.competent_unit.code,
        "data": json.dumps(data, ensure_ascii=False),
        "ngayTiepNhan": dossier.received_at.astimezone(VIETNAM_TZ).strftime("%d/%m/%Y %H:%M:%S"),
        "fileDinhKem": [],
    }
    try:
        adapters.civil_status_handover(body=body)
    except adapters.RegistryError as exc:
        _hop(handover, State.SEND_FAILED, now, exc.reason[:200])
    else:
        _hop(handover, State.WAITING, now)
    handover.save(update_fields=["state", "hops"])


def civil_status_hand_over(
    *, actor: User, dossier: Dossier, module: str, data: dict[str, Any], now: datetime | None = None
) -> CivilStatusHandover:
    """The handler of the competent unit hands the dossier over (again, after a failed try). The
    same dossier is handed over once: its inter-linked code is the dossier's code and the module."""
    if not can(actor, Permission.HANDLE_DOSSIER, dossier.competent_unit):
        raise NotFound(_("There is no dossier with code %(code)s.") % {"code": dossier.code})
    if module not in CivilStatusHandover.Module.values:
        raise InvalidInput(_("Choose birth, death or marriage registration."), field="module")
    now = now or timezone.now()
    with transaction.atomic():
        handover, _created = CivilStatusHandover.objects.get_or_create(
            external_code=f"{dossier.code}-{module}"[:64],
            defaults={"dossier": dossier, "module": module, "sent_at": now, "hops": []},
        )
        if handover.state not in (State.SENDING, State.SEND_FAILED):
            raise Conflict(_("The dossier was already handed over to the civil-status registry."))
    # The call is made outside the transaction: a slow registry holds no lock.
    _send(handover, dossier, data, now)
    return handover


def civil_status_poll(*, now: datetime | None = None, limit: int = 100) -> int:
    """Ask the registry about every open handover (a periodic job); record each state that changed.
    Returns how many changed."""
    now = now or timezone.now()
    changed = 0
    for handover in CivilStatusHandover.objects.filter(state__in=_OPEN).order_by("polled_at", "pk")[:limit]:
        try:
            found = adapters.civil_status_result(code=handover.external_code)
        except adapters.RegistryError:
            continue  # down: asked again next round
        handover.polled_at = now
        fields = ["polled_at"]
        state = _STATES.get(found.code) if found is not None else None
        if found is not None and state is not None and state != handover.state:
            _hop(handover, state, now, found.note)
            fields += ["state", "hops"]
            if state == State.DONE and found.result_pdf.startswith(b"%PDF-"):
                handover.result_pdf = found.result_pdf
                fields.append("result_pdf")
            changed += 1
        handover.save(update_fields=fields)
    return changed
