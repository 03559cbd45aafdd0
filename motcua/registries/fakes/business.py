"""Fakes of the national business registration database (enterprises by msdn, household businesses
by mst, in the shape of a province gateway's `chiTietDoanhNghiep` / `chiTietHoKinhDoanh`) and of the
tax registry (status of a tax code). Their demo businesses belong to the demo communes' people."""

from pathlib import Path
from typing import Any

from motcua.interop.fakes.base import FakeRequest
from motcua.registries.fakes.common import ContractFake

CONTRACTS = Path(__file__).resolve().parent.parent / "contracts"

ENTERPRISES: dict[str, dict[str, Any]] = {
    "6400123456": {
        "name": "CÔNG TY TNHH CÀ PHÊ KRÔNG NÔ",
        "short": "KRONG NO COFFEE",
        "kind": "TNHH2TV",
        "first_registered": "12/05/2015",
        "status": "DangHoatDong",
        "representative": "Nguyễn Thị Lan",
        "address": "Thôn 3, xã Krông Nô, tỉnh Lâm Đồng",
        "trade": [("0124", "Trồng cây cà phê", True)],
    },
    # Suspended: the desk is told the business may not carry out the procedure meanwhile.
    "6400654321": {
        "name": "CÔNG TY CỔ PHẦN VẬN TẢI CƯ JÚT",
        "short": "CJ TRANS",
        "kind": "CP",
        "first_registered": "03/03/2018",
        "status": "TamNgungKinhDoanh",
        "suspended": ["01/07/2026", "30/06/2027", "Tạm ngừng theo đề nghị của doanh nghiệp"],
        "representative": "Trần Văn Hưng",
        "address": "Tổ dân phố 2, xã Cư Jút, tỉnh Lâm Đồng",
        "trade": [("4933", "Vận tải hàng hóa bằng đường bộ", True)],
    },
}
HOUSEHOLDS: dict[str, dict[str, Any]] = {
    "068190001234": {
        "name": "HỘ KINH DOANH TẠP HÓA LAN",
        "status": "DangHoatDong",
        "representative": "Nguyễn Thị Lan",
        "address": "Thôn 3, xã Krông Nô, tỉnh Lâm Đồng",
        "trade": [("4711", "Bán lẻ lương thực, thực phẩm", True)],
    },
}
TAX: dict[str, str] = {
    "6400123456": "00",  # active
    "6400654321": "02",  # suspended at the taxpayer's request
    "068190001234": "00",
    "6400999999": "03",  # closed
}
TAX_STATUS: dict[str, str] = {
    "00": "NNT đang hoạt động",
    "02": "NNT tạm ngừng hoạt động",
    "03": "NNT đã chấm dứt hiệu lực mã số thuế",
}


def _certificate(code: str, firm: dict[str, Any]) -> dict[str, Any]:
    suspended = firm.get("suspended") or ["", "", ""]
    return {
        "MaSoDoanhNghiep": code,
        "SoGCNDKKD": code,
        "MaLoaiHinhDN": firm.get("kind", "HKD"),
        "TenTiengViet": firm["name"],
        "TenVietTat": firm.get("short", ""),
        "NgayDangKyLanDau": firm.get("first_registered", ""),
        "TinhTrangPhapLy": [
            {
                "MaTinhTrangPhapLy": firm["status"],
                "NgayBatDauTamNgung": suspended[0],
                "NgayKetThucTamNgung": suspended[1],
                "LyDoTamNgung": suspended[2],
            }
        ],
        "DaiDienPhapLuat": [{"HoTen": firm["representative"], "ChucDanh": "Người đại diện theo pháp luật"}],
        "DiaChiTruSo": [{"DiaChi": firm["address"]}],
        "NganhNgheKinhDoanh": [
            {"MaNganh": trade[0], "TenNganh": trade[1], "LaNganhChinh": trade[2]} for trade in firm["trade"]
        ],
    }


def _query_error(service: ContractFake, request: FakeRequest, schema: str) -> tuple[int, Any] | None:
    errors = service.validate(schema, request.query)
    if errors:
        return 400, {"error_code": "400", "message": "invalid query", "errors": errors}
    return None


def create_business(data_dir: Path | None = None) -> ContractFake:
    service = _Fake("business_registry", data_dir=data_dir)

    @service.route("GET", "/dkkd/DoanhNghiep/chiTietDoanhNghiep", message=True)
    def enterprise(request: FakeRequest) -> tuple[int, Any]:
        if (refused := _query_error(service, request, "business_request")) is not None:
            return refused
        firm = ENTERPRISES.get(request.query.get("msdn", ""))
        return 200, {"GetEntCert": [_certificate(request.query["msdn"], firm)] if firm else []}

    @service.route("GET", "/dkkd/HoKinhDoanh/chiTietHoKinhDoanh", message=True)
    def household(request: FakeRequest) -> tuple[int, Any]:
        if (refused := _query_error(service, request, "business_request")) is not None:
            return refused
        firm = HOUSEHOLDS.get(request.query.get("mst", ""))
        return 200, {"GetEntCert": [_certificate(request.query["mst"], firm)] if firm else []}

    return service


def create_tax(data_dir: Path | None = None) -> ContractFake:
    service = _Fake("tax", data_dir=data_dir)

    @service.route("GET", "/thue/TraCuuMST", message=True)
    def status(request: FakeRequest) -> tuple[int, Any]:
        if (refused := _query_error(service, request, "tax_request")) is not None:
            return refused
        code = request.query["mst"]
        found = TAX.get(code)
        if found is None:
            return 200, {"error_code": "0", "data": None}
        return 200, {
            "error_code": "0",
            "data": {"MaSoThue": code, "TrangThai": found, "MoTa": TAX_STATUS[found]},
        }

    return service


class _Fake(ContractFake):
    contracts_dir = CONTRACTS
