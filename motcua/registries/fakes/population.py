"""A fake of the national population database as the data-sharing platform serves it: a JSON
request by personal ID number, answered `{error_code, message}` where `message` is the SOAP/XML
`CongdanCollection` (field names from a provincial system, see docs/interop.md). Seeded with the
test personas and, by `manage.py seed_registry_fakes`, with every demo applicant.

Deliberate oddities of the real registry: addresses may be older than the 2025 merger, a person may
be deceased, and what the applicant typed may differ from the registry."""

from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from motcua.interop.fakes.base import FakeRequest
from motcua.registries.fakes.common import ContractFake

CONTRACTS = Path(__file__).resolve().parent.parent / "contracts"

# The persona of the tests (motcua.testing.personas.APPLICANT) and a few people with oddities.
PEOPLE: dict[str, dict[str, Any]] = {
    "068190001234": {
        "name": "Nguyễn Thị Lan",
        "sex": "2",
        "born": "15031990",
        "permanent": {"ward": "", "text": "Thôn 3, xã Krông Nô", "province": "68"},
        "current": {"ward": "", "text": "Thôn 3, xã Krông Nô", "province": "68"},
        "household_head": "Nguyễn Văn Bình",
        "relation": "Con",
    },
    # Typed at the desk as "Trần Văn Hùng", born 1985: the registry spells the name otherwise and
    # still has the address of before the merger (district code 663, Krông Nô district).
    "067085002468": {
        "name": "Trần Văn Hưng",
        "sex": "1",
        "born": "02091985",
        "permanent": {
            "ward": "24889",
            "district": "663",
            "text": "Thôn 5, xã Nam Đà, huyện Krông Nô, tỉnh Đắk Nông",
            "province": "67",
        },
        "current": {"ward": "", "text": "Thôn 5, xã Krông Nô", "province": "68"},
        "household_head": "Trần Văn Hưng",
        "relation": "Chủ hộ",
    },
    "067055000011": {
        "name": "Lê Văn Tư",
        "sex": "1",
        "born": "01011955",
        "permanent": {"ward": "", "text": "Bon Ja Ráh, xã Krông Nô", "province": "68"},
        "current": {"ward": "", "text": "Bon Ja Ráh, xã Krông Nô", "province": "68"},
        "household_head": "Lê Văn Tư",
        "relation": "Chủ hộ",
        "deceased": True,
    },
}


def _address(parent: ET.Element, tag: str, place: dict[str, Any]) -> None:
    node = ET.SubElement(parent, tag)
    ET.SubElement(node, "MaTinhThanh").text = place.get("province", "")
    ET.SubElement(node, "MaQuanHuyen").text = place.get("district", "")
    ET.SubElement(node, "MaPhuongXa").text = place.get("ward", "")
    ET.SubElement(node, "ChiTiet").text = place.get("text", "")
    ET.SubElement(node, "QuocGia").text = "VN"


def person_xml(number: str, person: dict[str, Any] | None) -> str:
    envelope = ET.Element("Envelope")
    body = ET.SubElement(envelope, "Body")
    collection = ET.SubElement(body, "CongdanCollection")
    if person is not None:
        citizen = ET.SubElement(collection, "CongDan")
        ET.SubElement(citizen, "SoDinhDanh").text = number
        ET.SubElement(citizen, "SoCMND").text = ""
        family, *rest = person["name"].split()
        name = ET.SubElement(citizen, "HoVaTen")
        ET.SubElement(name, "Ho").text = family
        ET.SubElement(name, "ChuDem").text = " ".join(rest[:-1])
        ET.SubElement(name, "Ten").text = rest[-1] if rest else ""
        ET.SubElement(citizen, "GioiTinh").text = person["sex"]
        born = ET.SubElement(citizen, "NgayThangNamSinh")
        # Some people are known to the registry by their year of birth only.
        ET.SubElement(born, "NgayThangNam").text = person["born"] if len(person["born"]) == 8 else ""
        ET.SubElement(born, "Nam").text = person["born"][-4:]
        _address(citizen, "ThuongTru", person["permanent"])
        _address(citizen, "NoiOHienTai", person["current"])
        head = ET.SubElement(citizen, "ChuHo")
        ET.SubElement(head, "HoVaTen").text = person.get("household_head", "")
        ET.SubElement(head, "QuanHe").text = person.get("relation", "")
        ET.SubElement(citizen, "TrangThai").text = "DaChet" if person.get("deceased") else "ConSong"
    return ET.tostring(envelope, encoding="unicode")


class PopulationFake(ContractFake):
    contracts_dir = CONTRACTS

    def reset_store(self) -> None:
        self.store = {"people": {number: dict(person) for number, person in PEOPLE.items()}, "log": []}

    def _control(self, request: FakeRequest) -> Any:
        # The demo seeding: {"people": {"<ID>": {...}}} added to (or replacing) the registry's people.
        if request.path == "/_seed" and request.method == "POST" and isinstance(request.json, dict):
            people = request.json.get("people") or {}
            with self.lock:
                self.store["people"].update(people)
            self.changed()
            return 200, {"people": len(self.store["people"])}
        return super()._control(request)


def create(data_dir: Path | None = None) -> PopulationFake:
    service = PopulationFake("population_db", data_dir=data_dir)

    @service.route("POST", "/csdldc/CongDan", schema="population_request")
    def lookup(request: FakeRequest) -> tuple[int, Any]:
        body = request.json
        number = body["SoDinhDanh"]
        with service.lock:
            person = service.store["people"].get(number)
            # The registry's own access log: who asked, for which service, with which request id.
            service.store["log"].append(
                {
                    "SoDinhDanh": number,
                    "MaCanBo": body["MaCanBo"],
                    "MaDVC": body["MaDVC"],
                    "MaYeuCau": body["MaYeuCau"],
                }
            )
            del service.store["log"][:-500]
        service.changed()
        return 200, {"error_code": "0", "message": person_xml(number, person)}

    return service
