"""The people of the dossier tests: officials of two communes and a department of Lâm Đồng, a
province monitor, an official of another province and two citizens, each with an API token."""

import base64
import json
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from motcua.accounts.models import Membership, User
from motcua.accounts.roles import Role
from motcua.accounts.tokens import token_issue
from motcua.units.models import Unit

# The smallest valid files of each accepted type.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32

APPLICANT = {
    "name": "Nguyễn Thị Lan",
    "national_id": "068190001234",
    "phone": "0912345678",
    "email": "lan@example.vn",
    "address": "Thôn 3, xã Krông Nô",
}


def file_json(name: str, content: bytes, component: int | None = None) -> dict[str, Any]:
    return {"name": name, "content_base64": base64.b64encode(content).decode(), "component": component}


@dataclass
class Persona:
    """A user and an HTTP client that speaks for them (no token: the anonymous public)."""

    name: str
    user: User | None
    token: str = ""
    client: Client = field(default_factory=Client)

    def _headers(self, key: str | None) -> dict[str, str]:
        headers = {"Accept-Language": "vi"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if key:
            headers["Idempotency-Key"] = key
        return headers

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, headers=self._headers(None))

    def post(self, path: str, body: dict[str, Any] | None = None, *, key: str | None = None) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(body or {}),
            content_type="application/json",
            headers=self._headers(key),
        )

    def act(
        self, code: str, action: str, body: dict[str, Any] | None = None, *, key: str | None = None
    ) -> Any:
        return self.post(f"/dossiers/{code}/actions/{action}", body, key=key)


def _official(username: str, unit_code: str, role: str, full_name: str) -> Persona:
    user = User.objects.create(username=username, kind=User.Kind.OFFICIAL, full_name=full_name)
    Membership.objects.create(user=user, unit=Unit.objects.get(code=unit_code), role=role)
    return Persona(username, user, token_issue(actor=None, user=user))


def _citizen(username: str, national_id: str) -> Persona:
    user = User.objects.create(username=username, kind=User.Kind.CITIZEN, national_id=national_id)
    return Persona(username, user, token_issue(actor=None, user=user))


@dataclass
class People:
    desk: Persona  # Krông Nô one-stop desk
    handler: Persona
    handler2: Persona
    leader: Persona
    director: Persona
    cujut_desk: Persona  # another commune of the province
    cujut_handler: Persona
    cujut_leader: Persona
    stc_handler: Persona  # the provincial Department of Finance
    stc_leader: Persona
    monitor: Persona  # province monitor of Lâm Đồng
    outsider: Persona  # an official of Hà Nội
    citizen: Persona  # Nguyễn Thị Lan, the applicant
    other_citizen: Persona
    public: Persona  # no token

    def everyone(self) -> dict[str, Persona]:
        return dict(vars(self))


def people_create() -> People:
    return People(
        desk=_official("tiepnhan", "24688", Role.RECEIVING_OFFICER, "Trần Văn Tiếp"),
        handler=_official("xuly", "24688", Role.HANDLER, "Lê Thị Xử"),
        handler2=_official("xuly2", "24688", Role.HANDLER, "Phạm Văn Hai"),
        leader=_official("lanhdao", "24688", Role.UNIT_LEADER, "Hoàng Văn Đạo"),
        director=_official("giamdoc", "24688", Role.CENTRE_DIRECTOR, "Đỗ Thị Giám"),
        cujut_desk=_official("tiepnhan_cujut", "24640", Role.RECEIVING_OFFICER, "Vũ Văn Cư"),
        cujut_handler=_official("xuly_cujut", "24640", Role.HANDLER, "Ngô Thị Jút"),
        cujut_leader=_official("lanhdao_cujut", "24640", Role.UNIT_LEADER, "Bùi Văn Lãnh"),
        stc_handler=_official("stc_xuly", "68.STC", Role.HANDLER, "Đinh Thị Tài"),
        stc_leader=_official("stc_lanhdao", "68.STC", Role.UNIT_LEADER, "Mai Văn Chính"),
        monitor=_official("giamsat", "68", Role.PROVINCE_MONITOR, "Lý Thị Sát"),
        outsider=_official("tiepnhan_hanoi", "00004", Role.RECEIVING_OFFICER, "Cao Văn Đình"),
        citizen=_citizen("congdan", APPLICANT["national_id"]),
        other_citizen=_citizen("congdan2", "001085009999"),
        public=Persona("public", None),
    )
