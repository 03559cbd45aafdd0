"""One adapter per registry, over the interop HTTP client (timeouts, retries, circuit breaker, the
endpoint's address from settings). Each turns the registry's own message into a plain record and
its failures into two errors: `RegistryDown` (unreachable, timed out, 5xx, circuit open: the officer
carries on by hand) and `RegistryRefused` (the registry said no: a malformed request)."""

import base64
import binascii
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any
from xml.etree import ElementTree as ET

from motcua.interop.http import EndpointDown, EndpointRejected, endpoint


class RegistryError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RegistryDown(RegistryError):
    """The registry could not answer now."""


class RegistryRefused(RegistryError):
    """The registry refused the request or answered something unreadable."""


@dataclass(frozen=True)
class Person:
    national_id: str
    name: str
    sex: str  # "male" | "female" | ""
    born: str  # ISO date, or the year alone when the registry knows only that
    permanent_address: str
    current_address: str
    household_head: str
    relation_to_head: str
    deceased: bool
    # The registry still gives an address of before the 2025 merger (a district code).
    old_address: bool


@dataclass(frozen=True)
class Business:
    code: str
    name: str
    kind: str
    status: str  # the registry's legal-status code, e.g. DangHoatDong, TamNgungKinhDoanh
    active: bool
    representative: str
    address: str
    suspended_until: str = ""
    trades: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class TaxStatus:
    code: str
    status: str
    description: str
    active: bool


@dataclass(frozen=True)
class CivilRecord:
    kind: str  # "KS" birth, "KH" marriage
    number: str
    registered_by: str
    registered_on: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredResults:
    """A citizen's earlier results in the national portal's data store, reusable as papers."""

    owner: str
    results: list[dict[str, Any]] = field(default_factory=list)


Record = Person | Business | TaxStatus | CivilRecord | StoredResults


def record_dict(record: Record) -> dict[str, Any]:
    return asdict(record)


def new_request_id() -> str:
    return uuid.uuid4().hex


def _call(name: str, method: str, path: str, **kwargs: Any) -> Any:
    try:
        response = endpoint(name).request(method, path, **kwargs)
    except EndpointDown as exc:
        raise RegistryDown(exc.reason) from exc
    except EndpointRejected as exc:
        raise RegistryRefused(f"HTTP {exc.status}") from exc
    try:
        return response.json()
    except ValueError as exc:
        raise RegistryRefused("the answer is not JSON") from exc


def _text(node: ET.Element | None, path: str) -> str:
    found = node.find(path) if node is not None else None
    return (found.text or "").strip() if found is not None else ""


def _born(raw: str, year: str) -> str:
    if len(raw) == 8 and raw.isdigit():
        try:
            return date(int(raw[4:]), int(raw[2:4]), int(raw[:2])).isoformat()
        except ValueError:
            pass
    return year


def parse_person(xml: str) -> Person | None:
    """The first `CongDan` of the registry's XML answer, or None when the collection is empty.
    The standard library's expat refuses external entities and bounds entity expansion."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise RegistryRefused("the population registry's XML is malformed") from exc
    citizen = root.find("./Body/CongdanCollection/CongDan")
    if citizen is None:
        return None
    parts = [_text(citizen, f"HoVaTen/{tag}") for tag in ("Ho", "ChuDem", "Ten")]
    return Person(
        national_id=_text(citizen, "SoDinhDanh"),
        name=" ".join(part for part in parts if part),
        sex={"1": "male", "2": "female"}.get(_text(citizen, "GioiTinh"), ""),
        born=_born(_text(citizen, "NgayThangNamSinh/NgayThangNam"), _text(citizen, "NgayThangNamSinh/Nam")),
        permanent_address=_text(citizen, "ThuongTru/ChiTiet"),
        current_address=_text(citizen, "NoiOHienTai/ChiTiet"),
        household_head=_text(citizen, "ChuHo/HoVaTen"),
        relation_to_head=_text(citizen, "ChuHo/QuanHe"),
        deceased=_text(citizen, "TrangThai") == "DaChet",
        old_address=bool(
            _text(citizen, "ThuongTru/MaQuanHuyen") or _text(citizen, "NoiOHienTai/MaQuanHuyen")
        ),
    )


def population_lookup(
    *, national_id: str, officer: str, service_code: str, request_id: str, consent: str
) -> Person | None:
    body = {
        "SoDinhDanh": national_id,
        "MaTichHop": "motcua",
        "MaDVC": service_code or "0",
        "MaCanBo": officer,
        "MaYeuCau": request_id,
        "DongY": consent,
    }
    answer = _call("population_db", "POST", "/csdldc/CongDan", json=body)
    if not isinstance(answer, dict) or str(answer.get("error_code")) != "0":
        raise RegistryRefused(
            str(answer.get("message", "error"))[:200] if isinstance(answer, dict) else "error"
        )
    return parse_person(str(answer.get("message", "")))


def _business(answer: Any) -> Business | None:
    certs = answer.get("GetEntCert") if isinstance(answer, dict) else None
    if not isinstance(certs, list):
        raise RegistryRefused("the business registry's answer has no GetEntCert")
    if not certs:
        return None
    cert = certs[0]
    legal = (cert.get("TinhTrangPhapLy") or [{}])[0]
    status = str(legal.get("MaTinhTrangPhapLy", ""))
    return Business(
        code=str(cert.get("MaSoDoanhNghiep", "")),
        name=str(cert.get("TenTiengViet", "")),
        kind=str(cert.get("MaLoaiHinhDN", "")),
        status=status,
        active=status == "DangHoatDong",
        representative=str((cert.get("DaiDienPhapLuat") or [{}])[0].get("HoTen", "")),
        address=str((cert.get("DiaChiTruSo") or [{}])[0].get("DiaChi", "")),
        suspended_until=str(legal.get("NgayKetThucTamNgung", "")),
        trades=[
            {"code": t.get("MaNganh", ""), "name": t.get("TenNganh", ""), "main": bool(t.get("LaNganhChinh"))}
            for t in cert.get("NganhNgheKinhDoanh") or []
        ],
    )


def business_lookup(*, code: str) -> Business | None:
    return _business(
        _call("business_registry", "GET", "/dkkd/DoanhNghiep/chiTietDoanhNghiep", params={"msdn": code})
    )


def household_business_lookup(*, code: str) -> Business | None:
    return _business(
        _call("business_registry", "GET", "/dkkd/HoKinhDoanh/chiTietHoKinhDoanh", params={"mst": code})
    )


def tax_lookup(*, code: str) -> TaxStatus | None:
    answer = _call("tax", "GET", "/thue/TraCuuMST", params={"mst": code})
    if not isinstance(answer, dict) or str(answer.get("error_code")) != "0":
        raise RegistryRefused("the tax registry answered an error")
    data = answer.get("data")
    if not data:
        return None
    status = str(data.get("TrangThai", ""))
    return TaxStatus(code=code, status=status, description=str(data.get("MoTa", "")), active=status == "00")


def civil_status_lookup(*, kind: str, number: str) -> CivilRecord | None:
    answer = _call("civil_status", "GET", "/hotich/TraCuuHoTich", params={"module": kind, "soDangKy": number})
    if not isinstance(answer, dict) or str(answer.get("status")) != "1":
        raise RegistryRefused("the civil-status registry answered an error")
    found = answer.get("value") or []
    if not found:
        return None
    record = dict(found[0])
    return CivilRecord(
        kind=kind,
        number=number,
        registered_by=str(record.pop("noiDangKy", "")),
        registered_on=str(record.pop("ngayDangKy", "")),
        fields=record,
    )


def data_store_lookup(*, owner: str, officer_name: str, procedure: str) -> StoredResults | None:
    body = {
        "SoDinhDanhChuSoHuu": owner,
        "HoTenNguoiYeuCau": officer_name or "motcua",
        "KenhThucHien": "1",
        "SoDinhDanhNguoiYeuCau": "",
        "MaThuTuc": procedure,
        "DanhSachDanhMucKetQua": [],
    }
    answer = _call("data_store", "POST", "/khososo/GetKetQuaGiayTo", json=body)
    if not isinstance(answer, dict) or str(answer.get("errorCode")) != "0":
        raise RegistryRefused("the data store answered an error")
    items = (answer.get("result") or {}).get("DanhSachGiayToKetQua") or []
    if not items:
        return None
    return StoredResults(
        owner=owner,
        results=[
            {
                "code": str(item.get("MaKetQua", "")),
                "name": str(item.get("TenGiayTo", "")),
                "number": str(item.get("SoKyHieu", "")),
                "issuer": str(item.get("CoQuanChuQuan", "")),
                "files": [str(f.get("DuongDan", "")) for f in item.get("DanhSachTepDinhKem") or []],
            }
            for item in items
        ],
    )


@dataclass(frozen=True)
class HandoverState:
    code: str  # the registry's trangThai: 1, 2, 3, 4 or 6
    note: str
    result_pdf: bytes = b""


def civil_status_handover(*, body: dict[str, Any]) -> None:
    """NhanDKHT: hand an inter-linked dossier to the civil-status registry."""
    answer = _call("civil_status", "POST", "/hotich/NhanDKHT", json=body)
    if not isinstance(answer, dict) or str(answer.get("status")) != "1":
        raise RegistryRefused(
            str(answer.get("errorDescription", "error"))[:200] if isinstance(answer, dict) else "error"
        )


def civil_status_result(*, code: str) -> HandoverState | None:
    """LayKetQua: the state of a handed-over dossier, with the result's PDF once registered."""
    answer = _call("civil_status", "POST", "/hotich/LayKetQua", json={"maHoSoLT": code})
    if not isinstance(answer, dict) or str(answer.get("status")) != "1":
        raise RegistryRefused("the civil-status registry answered an error")
    items = answer.get("value") or []
    if not items:
        return None
    item = items[-1]
    pdf = b""
    encoded = (item.get("ketQuaXuLy") or {}).get("giayKhaiSinh") if isinstance(item, dict) else None
    if encoded:
        try:
            pdf = base64.b64decode(str(encoded), validate=True)
        except (ValueError, binascii.Error) as exc:
            raise RegistryRefused("the result is not base64") from exc
    return HandoverState(
        code=str(item.get("trangThai", "")), note=str(item.get("noiDungXuLy", "")), result_pdf=pdf
    )
