"""A fake national public service portal (Cổng DVCQG) behind a fake LGSP token endpoint.

- `POST /lgsp/token`: OAuth2 client credentials (client motcua-demo / motcua-demo-secret);
- `POST /dvcqg/DongBoHoSoMC`: dossier synchronisation, validated against `dvcqg_dongbo_hoso.json`;
  idempotent: a record whose PhienBanHoSo is not newer than the one held changes nothing;
- `GET /dvcqg/ThongKeHoSo?tungay=yyyyMMdd&denngay=yyyyMMdd`: counts per unit and reception day;
- `GET /dvcqg/DanhSachHoSo?donvi=…&ngay=yyyyMMdd`: the dossiers held for one unit and day;
- inbound, pulled by the province: `GET /dvcqg/LayDanhSachHoSoMoi` (dossiers filed online and not yet
  acknowledged), `GET /dvcqg/LayChiTietHoSo?MaHoSo=…` (the detail, `dvcqg_hoso_truc_tuyen.json`) and
  `POST /dvcqg/CapNhatDaNhanHoSo` (`dvcqg_xacnhan_hoso.json`); a citizen's filing is simulated with
  `POST /_file` (the same detail; filing the same MaHoSo again keeps one).
The success code it answers is FAKE_PORTAL_SUCCESS_CODE (default "0"), as versions differ.
"""

import os
import time
from pathlib import Path
from typing import Any

from motcua.interop.fakes.base import Answer, FakeRequest, FakeService


class NationalPortal(FakeService):
    def reset_store(self) -> None:
        # dossiers: MaHoSo → latest record; history: every accepted (MaHoSo, version, status) in order.
        self.store = {"dossiers": {}, "history": [], "ignored": 0, "inbound": {}}

    def handle(self, request: FakeRequest) -> Answer:
        if request.method == "POST" and request.path == "/_file":
            errors = self.validate("dvcqg_hoso_truc_tuyen", request.json)
            if errors:
                return 400, {"error_code": "400", "message": "invalid message", "errors": errors}
            with self.lock:
                inbound = self.store["inbound"]
                code = request.json["MaHoSo"]
                inbound.setdefault(code, {"detail": request.json, "acknowledged": None})
            self.changed()
            return 200, {"error_code": "0"}
        return super().handle(request)


def create(*, data_dir: Path | None = None) -> NationalPortal:
    portal = NationalPortal("national_portal", data_dir=data_dir)
    success = os.environ.get("FAKE_PORTAL_SUCCESS_CODE", "0")
    portal.enable_tokens(
        path="/lgsp/token",
        clients={"motcua-demo": "motcua-demo-secret"},
        lifetime=int(os.environ.get("FAKE_PORTAL_TOKEN_SECONDS", "300")),
    )

    def ok(message: str = "Thành công") -> dict[str, Any]:
        return {"error_code": success, "message": message}

    @portal.route("POST", "/dvcqg/DongBoHoSoMC", schema="dvcqg_dongbo_hoso", auth=True, ok=ok)
    def sync(request: FakeRequest) -> Answer:
        accepted = 0
        with portal.lock:
            dossiers = portal.store["dossiers"]
            for record in request.json["data"]:
                held = dossiers.get(record["MaHoSo"])
                if held is not None and held["PhienBanHoSo"] >= record["PhienBanHoSo"]:
                    portal.store["ignored"] += 1  # the same or an older version: nothing changes
                    continue
                dossiers[record["MaHoSo"]] = {**record, "_received": time.time()}
                portal.store["history"].append(
                    [record["MaHoSo"], record["PhienBanHoSo"], record["TrangThaiHoSo"]]
                )
                accepted += 1
        portal.changed()
        return 200, {**ok(), "accepted": accepted}

    @portal.route("GET", "/dvcqg/ThongKeHoSo", auth=True)
    def counts(request: FakeRequest) -> Answer:
        since = request.query.get("tungay", "00000000")
        until = request.query.get("denngay", "99999999")
        tally: dict[tuple[str, str], int] = {}
        with portal.lock:
            for record in portal.store["dossiers"].values():
                day = record["NgayTiepNhan"][:8]
                if since <= day <= until:
                    key = (record["DonViXuLy"], day)
                    tally[key] = tally.get(key, 0) + 1
        result = [{"DonViXuLy": unit, "Ngay": day, "SoHoSo": n} for (unit, day), n in sorted(tally.items())]
        return 200, {**ok(), "result": result}

    @portal.route("GET", "/dvcqg/DanhSachHoSo", auth=True)
    def listing(request: FakeRequest) -> Answer:
        unit = request.query.get("donvi", "")
        day = request.query.get("ngay", "")
        with portal.lock:
            result = [
                {
                    "MaHoSo": code,
                    "PhienBanHoSo": record["PhienBanHoSo"],
                    "TrangThaiHoSo": record["TrangThaiHoSo"],
                }
                for code, record in sorted(portal.store["dossiers"].items())
                if record["DonViXuLy"] == unit and record["NgayTiepNhan"][:8] == day
            ]
        return 200, {**ok(), "result": result}

    @portal.route("GET", "/dvcqg/LayDanhSachHoSoMoi", auth=True)
    def new_dossiers(request: FakeRequest) -> Answer:
        with portal.lock:
            result = [
                {"MaHoSo": code}
                for code, item in sorted(portal.store["inbound"].items())
                if item["acknowledged"] is None
            ]
        return 200, {**ok(), "result": result}

    @portal.route("GET", "/dvcqg/LayChiTietHoSo", auth=True)
    def detail(request: FakeRequest) -> Answer:
        with portal.lock:
            item = portal.store["inbound"].get(request.query.get("MaHoSo", ""))
        if item is None:
            return 200, {"error_code": "-1", "message": "Không tìm thấy hồ sơ"}
        return 200, {**ok(), "result": item["detail"]}

    @portal.route("POST", "/dvcqg/CapNhatDaNhanHoSo", schema="dvcqg_xacnhan_hoso", auth=True)
    def acknowledge(request: FakeRequest) -> Answer:
        with portal.lock:
            item = portal.store["inbound"].get(request.json["MaHoSo"])
            if item is None:
                return 200, {"error_code": "-1", "message": "Không tìm thấy hồ sơ"}
            # Acknowledged again (a retry): the first local code stays.
            if item["acknowledged"] is None:
                item["acknowledged"] = {
                    "MaHoSoDiaPhuong": request.json["MaHoSoDiaPhuong"],
                    "NgayTiepNhan": request.json["NgayTiepNhan"],
                }
        portal.changed()
        return 200, ok()

    return portal
