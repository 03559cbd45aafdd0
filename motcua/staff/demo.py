"""Demo organisation of the three demo communes: the same divisions and positions, staffed so that
each page has something to show (Đắk Mil is short of cadastral officers, Cư Jút has one position
over its headcount, Krông Nô has a vacancy and a concurrent holder). Idempotent."""

from datetime import date

from django.db import transaction

from motcua.accounts.models import User
from motcua.staff.actions import (
    OfficialData,
    assignment_start,
    division_ensure,
    official_ensure,
    position_ensure,
)
from motcua.staff.models import Assignment, Division, Level, Sector
from motcua.units.models import Unit

START = date(2025, 7, 1)
DIVISIONS = (
    ("LD", "Lãnh đạo UBND xã", Division.Kind.LEADERSHIP),
    ("VP", "Văn phòng HĐND và UBND", Division.Kind.OFFICE),
    ("KT", "Phòng Kinh tế", Division.Kind.DIVISION),
    ("VHXH", "Phòng Văn hóa - Xã hội", Division.Kind.DIVISION),
    ("TT", "Trung tâm Phục vụ hành chính công", Division.Kind.CENTRE),
)
# (division, code, title, field, level, qualification, headcount)
POSITIONS = (
    ("LD", "PCT", "Phó Chủ tịch UBND", Sector.GENERAL, Level.BACHELOR, "", 2),
    ("VP", "VPTK", "Văn phòng - thống kê", Sector.OFFICE, Level.BACHELOR, "Đại học hành chính, luật", 2),
    ("VP", "TPHT", "Tư pháp - hộ tịch", Sector.JUSTICE, Level.BACHELOR, "Đại học luật", 2),
    ("KT", "DCXD", "Địa chính - xây dựng", Sector.CADASTRAL, Level.BACHELOR, "Đại học quản lý đất đai", 3),
    ("KT", "TCKT", "Tài chính - kế toán", Sector.FINANCE, Level.BACHELOR, "Đại học kế toán, tài chính", 1),
    ("VHXH", "VHXH", "Văn hóa - xã hội", Sector.CULTURE, Level.BACHELOR, "", 2),
    ("TT", "GD", "Giám đốc Trung tâm", Sector.GENERAL, Level.BACHELOR, "", 1),
    ("TT", "TN", "Tiếp nhận và trả kết quả", Sector.GENERAL, Level.COLLEGE, "", 3),
    ("TT", "CNTT", "Công nghệ thông tin", Sector.IT, Level.BACHELOR, "Đại học công nghệ thông tin", 1),
)
# Per commune: (staff code suffix, name, field, level, position, kind, demo account suffix)
PEOPLE: dict[str, tuple[tuple[str, str, str, int, str, str, str], ...]] = {
    "24688": (
        ("01", "Y Bhin Êban", Sector.GENERAL, Level.BACHELOR, "PCT", "main", "lanhdao"),
        ("02", "Nguyễn Thị Hoa", Sector.OFFICE, Level.BACHELOR, "VPTK", "main", ""),
        ("03", "Trần Văn Minh", Sector.JUSTICE, Level.BACHELOR, "TPHT", "main", ""),
        ("04", "Lê Thị Lan", Sector.CADASTRAL, Level.BACHELOR, "DCXD", "main", "xuly"),
        ("05", "Phạm Văn Hùng", Sector.CADASTRAL, Level.COLLEGE, "DCXD", "main", ""),
        ("06", "Hoàng Thị Mai", Sector.FINANCE, Level.BACHELOR, "TCKT", "main", ""),
        ("07", "Võ Văn Nam", Sector.CULTURE, Level.BACHELOR, "VHXH", "main", ""),
        ("08", "Đặng Thị Thu", Sector.GENERAL, Level.BACHELOR, "GD", "main", "giamdoc"),
        ("09", "Bùi Văn Long", Sector.GENERAL, Level.COLLEGE, "TN", "main", "tiepnhan"),
        ("06", "Hoàng Thị Mai", Sector.FINANCE, Level.BACHELOR, "TN", "concurrent", ""),
    ),
    "24640": (
        ("01", "Đỗ Thị Hằng", Sector.GENERAL, Level.MASTER, "PCT", "main", "lanhdao"),
        ("02", "Hồ Văn Phúc", Sector.OFFICE, Level.BACHELOR, "VPTK", "main", ""),
        ("03", "Ngô Thị Yến", Sector.JUSTICE, Level.BACHELOR, "TPHT", "main", ""),
        ("04", "Dương Văn Tài", Sector.CADASTRAL, Level.BACHELOR, "DCXD", "main", "xuly"),
        ("05", "Lý Thị Ngọc", Sector.CADASTRAL, Level.BACHELOR, "DCXD", "main", ""),
        ("06", "H'Nhi Niê", Sector.CADASTRAL, Level.BACHELOR, "DCXD", "main", ""),
        ("07", "Trịnh Văn Sơn", Sector.CADASTRAL, Level.BACHELOR, "DCXD", "main", ""),
        ("08", "Mai Thị Hạnh", Sector.ECONOMY, Level.BACHELOR, "TCKT", "main", ""),
        ("09", "Đinh Văn Quang", Sector.GENERAL, Level.BACHELOR, "GD", "main", "giamdoc"),
        ("10", "Phan Thị Vân", Sector.GENERAL, Level.COLLEGE, "TN", "main", "tiepnhan"),
        ("11", "Nguyễn Văn Khoa", Sector.IT, Level.BACHELOR, "CNTT", "main", ""),
    ),
    "24670": (
        ("01", "Trần Thị Bích", Sector.GENERAL, Level.BACHELOR, "PCT", "main", "lanhdao"),
        ("02", "Lê Văn Cường", Sector.OFFICE, Level.BACHELOR, "VPTK", "main", ""),
        ("03", "Phạm Thị Duyên", Sector.CULTURE, Level.BACHELOR, "TPHT", "main", ""),
        ("04", "Vũ Văn Đức", Sector.CADASTRAL, Level.BACHELOR, "DCXD", "main", "xuly"),
        ("05", "Hoàng Thị Giang", Sector.CULTURE, Level.BACHELOR, "VHXH", "main", ""),
        ("06", "Đặng Văn Hải", Sector.GENERAL, Level.BACHELOR, "GD", "main", "giamdoc"),
        ("07", "Bùi Thị Kim", Sector.GENERAL, Level.COLLEGE, "TN", "main", "tiepnhan"),
        ("02", "Lê Văn Cường", Sector.OFFICE, Level.BACHELOR, "TCKT", "concurrent", ""),
    ),
}
PREFIXES = {"24688": "krongno", "24640": "cujut", "24670": "dakmil"}


@transaction.atomic
def staff_demo_seed() -> int:
    """Returns the number of assignments made (0 on a second run)."""
    made = 0
    for unit_code, people in PEOPLE.items():
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            continue
        divisions = {
            key: division_ensure(actor=None, unit=unit, name=name, kind=kind, order=order)
            for order, (key, name, kind) in enumerate(DIVISIONS)
        }
        positions = {
            code: position_ensure(
                actor=None,
                division=divisions[div],
                code=code,
                title=title,
                sector=sector,
                level=level,
                qualification=qualification,
                headcount=headcount,
            )
            for div, code, title, sector, level, qualification, headcount in POSITIONS
        }
        for suffix, name, sector, level, position, kind, account in people:
            user = (
                User.objects.filter(username=f"{PREFIXES[unit_code]}.{account}").first() if account else None
            )
            official = official_ensure(
                actor=None,
                data=OfficialData(f"{unit_code}-{suffix}", name, sector, level),
                user=user,
            )
            if Assignment.objects.filter(
                official=official, position=positions[position], end__isnull=True
            ).exists():
                continue
            assignment_start(
                actor=None, official=official, position=positions[position], kind=kind, start=START
            )
            made += 1
    return made
