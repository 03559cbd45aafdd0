"""The national public service portal (Cổng DVCQG): each dossier's state as a `DongBoHoSoMC` record
(`schemas/dvcqg_dongbo_hoso.json`; each field's meaning and source in docs/interop.md), written to the
outbox in the transition's transaction and sent by the worker through the `national_portal` endpoint.

Delivery is in order per dossier and coalesced: a message whose dossier has a later pending message
is not sent (the later one carries the latest state), and sending a message settles the earlier ones.
The portal answers `error_code`; which codes mean success differs between versions and is a setting.
"""

import json
import logging
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, Max
from django.utils import timezone

from motcua.dossiers.models import Attachment, Dossier, Event
from motcua.dossiers.states import NATIONAL_CODES, Channel, Status
from motcua.interop.http import EndpointRejected, endpoint
from motcua.interop.models import OutboxMessage
from motcua.interop.tasks import Superseded, enqueue_delivery, lease, register_channel

logger = logging.getLogger("motcua.interop.portal")

CHANNEL: Final = OutboxMessage.Channel.NATIONAL_PORTAL
ENDPOINT: Final = "national_portal"
VN: Final = ZoneInfo("Asia/Ho_Chi_Minh")
_SUMMARY_MAX: Final = 1000


def portal_date(moment: datetime | None) -> str:
    """yyyyMMddHHmmss in Vietnam time, 24-hour (the `hh` bug of one implementation is avoided)."""
    return moment.astimezone(VN).strftime("%Y%m%d%H%M%S") if moment is not None else ""


def _flag(value: bool) -> str:
    return "1" if value else "0"


def portal_record(dossier: Dossier, *, version: int) -> dict[str, Any]:
    """The dossier as the portal's DongBoHoSoMC record. The status is the dossier's true national code
    (Decree 118 Art.27.2.d: full information and status); 5, 6 and 8 are never sent as 9."""
    procedure = dossier.procedure
    field = procedure.field
    unit = dossier.competent_unit
    attachments = list(dossier.attachments.all())
    record: dict[str, Any] = {
        "MaHoSo": dossier.code,
        "MaTTHC": procedure.code,
        "TenTTHC": procedure.name[:_SUMMARY_MAX],
        "MaLinhVuc": field.code if field else "",
        "TenLinhVuc": field.name if field else "",
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": "1",  # motcua receives citizens' dossiers only
        "Email": dossier.applicant_email,
        "SoDienThoai": dossier.applicant_phone,
        "TrichYeuHoSo": f"{procedure.name} – {dossier.applicant_name}"[:_SUMMARY_MAX],
        "NgayTiepNhan": portal_date(dossier.received_at),
        "NgayHenTra": portal_date(dossier.due_at),
        "TrangThaiHoSo": str(NATIONAL_CODES[dossier.status]),
        "NgayTra": portal_date(dossier.finished_at) if dossier.status == Status.RETURNED else "",
        "HinhThuc": "1" if dossier.result_delivery == Channel.POST else "0",
        "NgayKetThucXuLy": portal_date(dossier.resolved_at),
        "DonViXuLy": unit.agency_code or unit.code,
        "KenhThucHien": str(dossier.channel),
        "TaiLieuNop": [
            {
                "TepDinhKemId": str(attachment.pk),
                "TenTepDinhKem": attachment.name,
                "MaThanhPhanHoSo": str(attachment.component_id or ""),
                "IsDeleted": "False",
            }
            for attachment in attachments
            if attachment.kind != Attachment.Kind.RESULT
        ],
        "DanhSachLePhi": [
            {
                "TenPhiLePhi": fee.label[:500],
                "MaPhiLePhi": str(fee.pk),
                "Gia": fee.amount,
                "LoaiPhiLePhi": "1" if fee.kind == "fee" else "2",
            }
            for fee in procedure.fees.all()
        ],
        "DanhSachHoSoBoSung": [
            {
                "HoSoBoSungId": str(supplement.pk),
                "NgayBoSung": portal_date(supplement.requested_at),
                "NgayTiepNhanBoSung": portal_date(supplement.provided_at),
                "NgayHenTraTruoc": portal_date(supplement.previous_due_at),
                "NgayHenTraMoi": portal_date(dossier.due_at) if supplement.provided_at else "",
            }
            for supplement in dossier.supplements.order_by("requested_at", "pk")
        ],
        "DanhSachGiayToKetQua": [
            {"TenGiayTo": attachment.name[:500], "GiayToId": str(attachment.pk)}
            for attachment in attachments
            if attachment.kind == Attachment.Kind.RESULT
        ],
        "PhienBanHoSo": version,
    }
    if settings.NATIONAL_PORTAL_FIELDS_2024:
        national_id = dossier.applicant_national_id
        record.update(
            {
                "SoGiayToChuHoSo": national_id,
                "NgayNopHoSo": portal_date(dossier.received_at),
                "NgayTuChoi": portal_date(dossier.finished_at)
                if dossier.status == Status.NOT_ACCEPTED
                else "",
                "HoSoCoThanhPhanSoHoa": _flag(bool(record["TaiLieuNop"])),
                # No national single sign-on and no online payment yet: said as it is.
                "TaiKhoanDuocXacThucVoiVNeID": "0",
                "DuocThanhToanTrucTuyen": "0",
                "DinhDanhCHS": (
                    [{"LoaiDinhDanh": "1" if len(national_id) == 12 else "2", "SoDinhDanh": national_id}]
                    if national_id.isdigit() and len(national_id) in (9, 12)
                    else []
                ),
            }
        )
    return record


def portal_sync_add(*, event: Event, dossier: Dossier) -> OutboxMessage | None:
    """Write the dossier's state after `event` to the outbox, in the transition's transaction."""
    if not settings.NATIONAL_PORTAL_SYNC:
        return None
    now = timezone.now()
    message = OutboxMessage.objects.create(
        channel=CHANNEL,
        recipient=ENDPOINT,
        body=json.dumps(portal_record(dossier, version=event.seq), ensure_ascii=False),
        dossier=dossier,
        version=event.seq,
        event_kind=event.kind,
        created_at=now,
        next_attempt_at=now,
    )
    enqueue_delivery(message.pk)
    return message


def _post(records: list[str], *, updating: bool) -> None:
    """One call carrying these records; raises unless the portal answers a success code."""
    body = {
        "madonvi": settings.NATIONAL_PORTAL_SENDER_CODE,
        "isUpdating": "True" if updating else "False",
        "data": [json.loads(record) for record in records],
    }
    path = settings.NATIONAL_PORTAL_UPDATE_PATH if updating else settings.NATIONAL_PORTAL_CREATE_PATH
    response = endpoint(ENDPOINT).post_json(path, body)
    answer = response.json() if response.content else {}
    code = str(answer.get("error_code", "")) if isinstance(answer, dict) else ""
    if code not in settings.NATIONAL_PORTAL_SUCCESS_CODES:
        # A 200 answer with a failure code: the portal refused the record(s).
        raise EndpointRejected(ENDPOINT, response.status_code, response.text)


def _settle(messages: list[OutboxMessage], *, mark_sent: bool) -> None:
    """The messages went through (marked sent here when `mark_sent`; the delivery marks its own);
    the earlier pending states of their dossiers are carried by them."""
    if mark_sent:
        OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).update(
            status=OutboxMessage.Status.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
        )
    for sent in messages:
        OutboxMessage.objects.filter(
            dossier_id=sent.dossier_id or 0,
            channel=CHANNEL,
            status=OutboxMessage.Status.PENDING,
            version__lt=sent.version or 0,
        ).update(status=OutboxMessage.Status.MERGED, last_error=f"carried by message {sent.pk}")


def _claim_mates(message: OutboxMessage, *, updating: bool) -> list[OutboxMessage]:
    """Other due messages to send in the same call (the service takes a list of records): each the
    latest pending state of another dossier, new or already sent like this one's. They are claimed
    as `outbox_deliver` claims, so no other worker sends them meanwhile."""
    size = settings.NATIONAL_PORTAL_BATCH - 1
    if size <= 0:
        return []
    now = timezone.now()
    due = OutboxMessage.objects.filter(
        channel=CHANNEL, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
    ).exclude(dossier_id=message.dossier_id or 0)
    candidates = list(due.order_by("pk").values_list("pk", "dossier_id", "version")[: size * 2])
    dossier_ids = {dossier_id for _pk, dossier_id, _v in candidates}
    latest = dict(
        OutboxMessage.objects.filter(
            channel=CHANNEL, status=OutboxMessage.Status.PENDING, dossier_id__in=dossier_ids
        )
        .values_list("dossier_id")
        .annotate(last=Max("version"))
        .values_list("dossier_id", "last")
    )
    sent_before = set(
        OutboxMessage.objects.filter(
            channel=CHANNEL, status=OutboxMessage.Status.SENT, dossier_id__in=dossier_ids
        ).values_list("dossier_id", flat=True)
    )
    chosen: dict[int, int] = {}
    for pk, dossier_id, version in candidates:
        if version == latest.get(dossier_id) and (dossier_id in sent_before) == updating:
            chosen.setdefault(dossier_id, pk)
    picked = list(chosen.values())[:size]
    if not picked:
        return []
    lease_until = now + lease()
    due.filter(pk__in=picked).update(next_attempt_at=lease_until)
    return list(OutboxMessage.objects.filter(pk__in=picked, next_attempt_at=lease_until, status="pending"))


def portal_send(message: OutboxMessage) -> None:
    """The `national_portal` channel's sender: this message's record, with up to
    NATIONAL_PORTAL_BATCH - 1 other dossiers' due records in the same call."""
    if message.dossier_id is None or message.version is None:
        raise ValueError("a national portal message carries a dossier and its version")
    later = (
        OutboxMessage.objects.filter(
            dossier_id=message.dossier_id,
            channel=CHANNEL,
            status=OutboxMessage.Status.PENDING,
            version__gt=message.version,
        )
        .order_by("-version")
        .values_list("pk", "version")
        .first()
    )
    if later is not None:
        raise Superseded(f"message {later[0]} carries version {later[1]}")
    updating = OutboxMessage.objects.filter(
        dossier_id=message.dossier_id, channel=CHANNEL, status=OutboxMessage.Status.SENT
    ).exists()
    mates = _claim_mates(message, updating=updating)
    try:
        _post([message.body, *(mate.body for mate in mates)], updating=updating)
    except EndpointRejected:
        if not mates:
            raise
        # One bad record refuses the whole call: this message is tried on its own, and the others go
        # back to their own deliveries, so that only a bad record is ever given up.
        _release(mates)
        _post([message.body], updating=updating)
    except Exception:
        _release(mates)
        raise
    else:
        _settle(mates, mark_sent=True)
    _settle([message], mark_sent=False)


def _release(mates: list[OutboxMessage]) -> None:
    """Give claimed mates back, due now, without an attempt counted against them."""
    OutboxMessage.objects.filter(
        pk__in=[mate.pk for mate in mates], status=OutboxMessage.Status.PENDING
    ).update(next_attempt_at=timezone.now())


register_channel(CHANNEL, portal_send)
