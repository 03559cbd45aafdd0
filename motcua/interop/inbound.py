"""Dossiers filed online on the national portal (Decree 118 Art.15, 40.7–8: since 1 July 2025 the
citizens' online channel) become online dossiers of the competent unit.

The province pulls (list, detail, acknowledge: the pattern of the Thanh Hóa civil-status flow, as the
2025 general contract is not public): `inbound_pull` runs in every periodic round. Each detail is
checked against `schemas/dvcqg_hoso_truc_tuyen.json`, then `inbound_receive` submits it through the
ordinary intake action (online channel, so the desk's 8-working-hour decision clock starts and the
desk is alerted) and keeps the national code. The national code is unique: a dossier received twice
(an acknowledgement lost, a retry) is one dossier.
"""

import base64
import binascii
import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.dossiers.actions import Applicant, dossier_submit
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.states import Channel
from motcua.interop.contracts import contract_errors
from motcua.interop.http import EndpointRejected, endpoint
from motcua.interop.models import InboundDossier
from motcua.interop.portal import ENDPOINT, portal_date
from motcua.units.models import Unit

logger = logging.getLogger("motcua.interop.inbound")

INBOUND_SCHEMA = "dvcqg_hoso_truc_tuyen"


class InboundRefused(Exception):
    """A dossier from the portal that cannot be received as it is (bad shape, unknown unit or
    procedure): it stays unacknowledged at the portal and is logged for the administrator."""


def _files(payload: dict[str, Any]) -> list[IncomingFile]:
    files = []
    for item in payload.get("TaiLieuNop", []):
        try:
            content = base64.b64decode(item["DuLieuTepDinhKem"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InboundRefused(f"file {item['TenTepDinhKem']!r} is not base64") from exc
        files.append(IncomingFile(name=item["TenTepDinhKem"], content=content))
    return files


def inbound_receive(*, payload: dict[str, Any], now: datetime | None = None) -> InboundDossier:
    """Receive one dossier from the portal, once. Returns the record of its reception."""
    errors = contract_errors(INBOUND_SCHEMA, payload)
    if errors:
        raise InboundRefused("; ".join(errors))
    code = payload["MaHoSo"]
    existing = InboundDossier.objects.select_related("dossier").filter(national_code=code).first()
    if existing is not None:
        return existing
    unit_code = payload["MaDonViXuLy"]
    unit = Unit.objects.filter(Q(agency_code=unit_code) | Q(code=unit_code)).first()
    if unit is None:
        raise InboundRefused(f"no unit {unit_code!r}")
    applicant = Applicant(
        name=payload["ChuHoSo"],
        national_id=payload["SoGiayToChuHoSo"],
        phone=payload["SoDienThoai"].replace(" ", ""),
        email=payload.get("Email", ""),
        address=payload.get("DiaChi", ""),
    )
    try:
        with transaction.atomic():
            dossier = dossier_submit(
                actor=None,
                procedure_code=payload["MaTTHC"],
                competent_unit_code=unit.code,
                applicant=applicant,
                channel=Channel.ONLINE,
                files=_files(payload),
                # The intake's own idempotency: two workers pulling the same dossier make one.
                idempotency_key=f"dvcqg:{code}",
                now=now,
            )
            inbound, _created = InboundDossier.objects.get_or_create(
                national_code=code,
                defaults={"dossier": dossier, "received_at": timezone.now(), "payload": _recorded(payload)},
            )
    except DomainError as exc:
        raise InboundRefused(str(exc)) from exc
    except IntegrityError:  # received at the same moment by another process
        return InboundDossier.objects.select_related("dossier").get(national_code=code)
    logger.info("Dossier %s from the national portal received as %s", code, dossier.code)
    return inbound


def _recorded(payload: dict[str, Any]) -> dict[str, Any]:
    """The message as kept: the files' bytes are stored as attachments, not twice."""
    kept = dict(payload)
    kept["TaiLieuNop"] = [
        {key: value for key, value in item.items() if key != "DuLieuTepDinhKem"}
        for item in payload.get("TaiLieuNop", [])
    ]
    return kept


def _answer(response: Any) -> dict[str, Any]:
    answer = response.json()
    if (
        not isinstance(answer, dict)
        or str(answer.get("error_code")) not in settings.NATIONAL_PORTAL_SUCCESS_CODES
    ):
        raise EndpointRejected(ENDPOINT, response.status_code, response.text)
    return answer


def inbound_pull() -> int:
    """Fetch the dossiers filed online and not yet acknowledged, receive each, acknowledge it.
    Returns how many were received (or received again and acknowledged)."""
    if not settings.NATIONAL_PORTAL_INBOUND:
        return 0
    portal = endpoint(ENDPOINT)
    listing = _answer(portal.get_json(settings.NATIONAL_PORTAL_INBOUND_LIST_PATH))
    received = 0
    for item in listing.get("result", []):
        code = str(item.get("MaHoSo", ""))
        detail = _answer(
            portal.get_json(settings.NATIONAL_PORTAL_INBOUND_DETAIL_PATH, params={"MaHoSo": code})
        )
        try:
            inbound = inbound_receive(payload=detail.get("result") or {})
        except InboundRefused as exc:
            logger.error("Dossier %s from the national portal not received: %s", code, exc)
            continue
        _answer(
            portal.post_json(
                settings.NATIONAL_PORTAL_INBOUND_ACK_PATH,
                {
                    "madonvi": settings.NATIONAL_PORTAL_SENDER_CODE,
                    "MaHoSo": code,
                    "MaHoSoDiaPhuong": inbound.dossier.code,
                    "NgayTiepNhan": portal_date(inbound.received_at),
                },
            )
        )
        InboundDossier.objects.filter(pk=inbound.pk, acknowledged_at=None).update(
            acknowledged_at=timezone.now()
        )
        received += 1
    return received
