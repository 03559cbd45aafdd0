"""Demo personas: one official for every role in three communes of Lâm Đồng and the province.

Idempotent: running it again changes nothing. The passwords are for the demo only and
are listed in the README.
"""

from dataclasses import dataclass

from django.db import transaction

from motcua.accounts.actions import membership_grant, official_ensure
from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.admin_scope import administrator_make
from motcua.units.models import Unit

DEMO_PASSWORD = "motcua-demo"

# (unit code, username prefix) for the demo communes.
DEMO_COMMUNES = (("24688", "krongno"), ("24640", "cujut"), ("24670", "dakmil"))

COMMUNE_ROLES = (
    (Role.RECEIVING_OFFICER, "tiepnhan", "Công chức tiếp nhận hồ sơ"),
    (Role.HANDLER, "xuly", "Công chức xử lý hồ sơ"),
    (Role.UNIT_LEADER, "lanhdao", "Phó Chủ tịch UBND xã"),
    (Role.CENTRE_DIRECTOR, "giamdoc", "Giám đốc Trung tâm Phục vụ hành chính công xã"),
)

PROVINCE_ROLES = (
    (Role.RECEIVING_OFFICER, "tinh.tiepnhan", "Công chức tiếp nhận, Trung tâm Phục vụ hành chính công tỉnh"),
    (Role.CENTRE_DIRECTOR, "tinh.giamdoc", "Giám đốc Trung tâm Phục vụ hành chính công tỉnh"),
    (Role.PROVINCE_MONITOR, "tinh.giamsat", "Chuyên viên theo dõi, Văn phòng UBND tỉnh"),
    (Role.SYSTEM_ADMINISTRATOR, "tinh.quantri", "Quản trị hệ thống"),
)

DEPARTMENT_ROLES = (
    (Role.HANDLER, "stp.xuly", "Chuyên viên Sở Tư pháp"),
    (Role.UNIT_LEADER, "stp.lanhdao", "Phó Giám đốc Sở Tư pháp"),
)

# Names are fictional; they only make the demo read naturally.
_NAMES = [
    "Nguyễn Thị Hoa",
    "Trần Văn Minh",
    "Lê Thị Lan",
    "Phạm Văn Hùng",
    "Hoàng Thị Mai",
    "Võ Văn Nam",
    "Đặng Thị Thu",
    "Bùi Văn Long",
    "Đỗ Thị Hằng",
    "Hồ Văn Phúc",
    "Ngô Thị Yến",
    "Dương Văn Tài",
    "Lý Thị Ngọc",
    "H'Nhi Niê",
    "Y Bhin Êban",
    "Trịnh Văn Sơn",
    "Mai Thị Hạnh",
    "Đinh Văn Quang",
    "Phan Thị Vân",
    "Cao Văn Đức",
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    unit_code: str
    unit_name: str
    role: str


@transaction.atomic
def demo_seed(*, actor: User | None, province_code: int = 68) -> list[DemoAccount]:
    plan: list[tuple[str, str, str, str]] = []  # (unit code, username, job title, role)
    for unit_code, prefix in DEMO_COMMUNES:
        for role, name, title in COMMUNE_ROLES:
            plan.append((unit_code, f"{prefix}.{name}", title, role))
    for role, name, title in PROVINCE_ROLES:
        plan.append((f"{province_code:02d}", name, title, role))
    for role, name, title in DEPARTMENT_ROLES:
        plan.append((f"{province_code:02d}.STP", name, title, role))

    units = {u.code: u for u in Unit.objects.filter(code__in={p[0] for p in plan})}
    accounts = []
    for index, (unit_code, username, title, role_code) in enumerate(plan):
        unit = units[unit_code]
        full_name = _NAMES[index % len(_NAMES)]
        user = official_ensure(
            actor=actor, username=username, full_name=full_name, password=DEMO_PASSWORD, job_title=title
        )
        membership_grant(actor=actor, user=user, unit=unit, role=role_code)
        if role_code == Role.SYSTEM_ADMINISTRATOR:
            # Review M5: the province's administrator is staff scoped to the province, not a
            # superuser (superusers are the installation's operators).
            administrator_make(user)
        accounts.append(DemoAccount(username, full_name, unit_code, unit.name, role_code))
    return accounts
