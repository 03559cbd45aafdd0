"""Fakes of the civil-status e-registry (birth and marriage records by registration number) and of
the national portal's personal data store (a citizen's earlier results by owner ID), with records of
the test applicant, so a reception can reuse them instead of asking for the papers (Art.5.1.i)."""

import base64
import json
from pathlib import Path
from typing import Any

from motcua.interop.fakes.base import FakeRequest
from motcua.registries.fakes.common import ContractFake

CONTRACTS = Path(__file__).resolve().parent.parent / "contracts"

CIVIL: dict[str, dict[str, Any]] = {
    "KS:123/2026": {
        "loai": "KS",
        "hoTen": "Trần Bảo An",
        "ngaySinh": "03/03/2026",
        "gioiTinh": "2",
        "me": "Nguyễn Thị Lan",
        "meSoDinhDanh": "068190001234",
        "cha": "Trần Văn Hưng",
        "noiDangKy": "UBND xã Krông Nô",
        "ngayDangKy": "10/03/2026",
    },
    "KH:45/2024": {
        "loai": "KH",
        "chong": "Trần Văn Hưng",
        "chongSoDinhDanh": "067085002468",
        "vo": "Nguyễn Thị Lan",
        "voSoDinhDanh": "068190001234",
        "noiDangKy": "UBND xã Krông Nô",
        "ngayDangKy": "20/10/2024",
    },
}
STORE: dict[str, list[dict[str, Any]]] = {
    "068190001234": [
        {
            "MaKetQua": "068190001234.KQ.KS",
            "TenGiayTo": "Giấy khai sinh",
            "SoKyHieu": "123/2026",
            "CoQuanChuQuan": "UBND xã Krông Nô",
            "DanhSachTepDinhKem": [
                {"TenTep": "giay-khai-sinh.pdf", "DuongDan": "/kho/068190001234/ks-123-2026.pdf"}
            ],
        },
        {
            "MaKetQua": "068190001234.KQ.KH",
            "TenGiayTo": "Giấy chứng nhận kết hôn",
            "SoKyHieu": "45/2024",
            "CoQuanChuQuan": "UBND xã Krông Nô",
            "DanhSachTepDinhKem": [{"TenTep": "ket-hon.pdf", "DuongDan": "/kho/068190001234/kh-45-2024.pdf"}],
        },
    ]
}


class _Fake(ContractFake):
    contracts_dir = CONTRACTS


class _CivilFake(_Fake):
    def reset_store(self) -> None:
        self.store = {"handovers": {}}


# How a handed-over dossier moves at each LayKetQua, by the scenario its data names ("kichBan"):
# 1 waiting, 2 supplement needed, 3 processing, 4 done, 6 refused.
SCENARIOS: dict[str, list[str]] = {"ok": ["1", "3", "4"], "refuse": ["1", "6"], "supplement": ["1", "2"]}
RESULT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def create_civil_status(data_dir: Path | None = None) -> ContractFake:
    service = _CivilFake("civil_status", data_dir=data_dir)

    @service.route("POST", "/hotich/NhanDKHT", schema="civil_status_handover")
    def receive(request: FakeRequest) -> tuple[int, Any]:
        body = request.json
        try:
            data = json.loads(body["data"])
        except ValueError:
            return 200, {"status": "0", "errorDescription": "data không phải JSON"}
        with service.lock:
            if body["maHoSoLT"] not in service.store["handovers"]:  # the same dossier twice: once
                scenario = data.get("kichBan", "ok") if isinstance(data, dict) else "ok"
                service.store["handovers"][body["maHoSoLT"]] = {
                    "module": body["module"],
                    "steps": SCENARIOS.get(scenario, SCENARIOS["ok"]),
                    "at": 0,
                }
        service.changed()
        return 200, {"status": "1", "errorDescription": ""}

    @service.route("POST", "/hotich/LayKetQua", schema="civil_status_result")
    def result(request: FakeRequest) -> tuple[int, Any]:
        with service.lock:
            handover = service.store["handovers"].get(request.json["maHoSoLT"])
            if handover is None:
                return 200, {"status": "0", "errorDescription": "Không tìm thấy hồ sơ", "value": []}
            state = handover["steps"][min(handover["at"], len(handover["steps"]) - 1)]
            handover["at"] += 1
        service.changed()
        item: dict[str, Any] = {
            "trangThai": state,
            "thoiGianThucHien": "",
            "noiDungXuLy": {"1": "Đã tiếp nhận", "2": "Đề nghị bổ sung giấy tờ", "3": "Đang xử lý",
                            "4": "Đã đăng ký", "6": "Từ chối đăng ký"}[state],
            "ghiChu": "",
        }  # fmt: skip
        if state == "4":
            item["ketQuaXuLy"] = {"giayKhaiSinh": base64.b64encode(RESULT_PDF).decode()}
        return 200, {"status": "1", "value": [item]}

    @service.route("GET", "/hotich/TraCuuHoTich", message=True)
    def record(request: FakeRequest) -> tuple[int, Any]:
        errors = service.validate("civil_status_request", request.query)
        if errors:
            return 400, {"status": "0", "errorDescription": "; ".join(errors)}
        found = CIVIL.get(f"{request.query['module']}:{request.query['soDangKy']}")
        return 200, {"status": "1", "value": [found] if found else []}

    return service


def create_data_store(data_dir: Path | None = None) -> ContractFake:
    service = _Fake("data_store", data_dir=data_dir)

    @service.route("POST", "/khososo/GetKetQuaGiayTo", schema="data_store_request")
    def results(request: FakeRequest) -> tuple[int, Any]:
        body = request.json
        mine = STORE.get(body["SoDinhDanhChuSoHuu"], [])
        wanted = {item["MaKetQua"] for item in body["DanhSachDanhMucKetQua"]}
        chosen = [item for item in mine if not wanted or item["MaKetQua"] in wanted]
        return 200, {"errorCode": "0", "message": "", "result": {"DanhSachGiayToKetQua": chosen}}

    return service
