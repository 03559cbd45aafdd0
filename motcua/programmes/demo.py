"""Demo action programme of each demo commune (Chương trình hành động số 05-CTr/ĐU ngày
07/8/2025) with five-clears tasks and the targets the articles name: budget revenue, poor
households, party members, military recruitment, land data. Some tasks are done, some late,
some overdue; figures are reported so that a target is at risk. Run after seed_demo. Idempotent."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction

from motcua.accounts.models import User
from motcua.core.calendar import VIETNAM_TZ
from motcua.programmes.actions import (
    FiveClears,
    programme_create,
    progress_report,
    target_add,
    task_add,
    task_evaluate,
)
from motcua.programmes.models import Programme, Source, Task
from motcua.units.models import Unit

ISSUED = date(2025, 8, 7)
END = date(2030, 12, 31)
COMMUNES = (("24688", "krongno"), ("24640", "cujut"), ("24670", "dakmil"))
# work, person, lead, coordinating, deadline, expected result, kind, verdict per commune (or "")
TASKS = (
    (
        "Làm sạch, chuẩn hóa dữ liệu đất đai trong 90 ngày",
        "Công chức địa chính - xây dựng",
        "Phòng Kinh tế",
        "Trung tâm Phục vụ hành chính công; các thôn, bon",
        date(2025, 11, 5),
        "100% thửa đất có dữ liệu đúng, đủ, sạch, sống",
        Task.Kind.BREAKTHROUGH,
        ("done", "late", ""),
    ),
    (
        "Tiếp nhận, giải quyết hồ sơ trực tuyến toàn trình",
        "Giám đốc Trung tâm Phục vụ hành chính công",
        "Trung tâm Phục vụ hành chính công",
        "Văn phòng HĐND và UBND",
        date(2026, 6, 30),
        "Tỷ lệ hồ sơ trực tuyến toàn trình đạt 80%",
        Task.Kind.KEY,
        ("on_track", "on_track", ""),
    ),
    (
        "Hoàn thành chỉ tiêu tuyển quân năm 2026",
        "Chỉ huy trưởng Ban Chỉ huy quân sự xã",
        "Ban Chỉ huy quân sự xã",
        "Công an xã; các thôn, bon",
        date(2026, 3, 1),
        "Giao đủ 100% chỉ tiêu tuyển quân",
        Task.Kind.KEY,
        ("done", "done", "not_done"),
    ),
    (
        "Rà soát, sắp xếp cán bộ theo vị trí việc làm",
        "Phó Chủ tịch UBND xã",
        "Văn phòng HĐND và UBND",
        "Phòng Văn hóa - Xã hội",
        date(2026, 9, 30),
        "Đề án vị trí việc làm được phê duyệt",
        Task.Kind.KEY,
        ("", "", ""),
    ),
    (
        "Giảm nghèo bền vững, hỗ trợ sinh kế cho hộ nghèo",
        "Công chức văn hóa - xã hội",
        "Phòng Văn hóa - Xã hội",
        "Hội Nông dân; Hội Liên hiệp Phụ nữ",
        date(2030, 12, 31),
        "Không còn hộ nghèo vào năm 2030",
        Task.Kind.KEY,
        ("on_track", "", ""),
    ),
)
# indicator, measure, baseline, target, due, figures reported per commune [(period end, value)]
TARGETS: tuple[tuple[str, str, Decimal, Decimal, date, tuple[list[tuple[date, Decimal]], ...]], ...] = (
    (
        "Thu ngân sách trên địa bàn (so với năm 2025)",
        "%",
        Decimal(100),
        Decimal(120),
        date(2026, 12, 31),
        ([(date(2026, 6, 30), Decimal(112))], [(date(2026, 6, 30), Decimal(103))], []),
    ),
    (
        "Số hộ nghèo",
        "hộ",
        Decimal(312),
        Decimal(0),
        END,
        ([(date(2025, 12, 31), Decimal(280)), (date(2026, 6, 30), Decimal(251))], [], []),
    ),
    (
        "Tăng số đảng viên",
        "%",
        Decimal(0),
        Decimal(3),
        date(2026, 12, 31),
        ([(date(2026, 6, 30), Decimal("1.5"))], [(date(2026, 6, 30), Decimal("0.5"))], []),
    ),
    (
        "Hoàn thành chỉ tiêu tuyển quân",
        "%",
        Decimal(0),
        Decimal(100),
        date(2026, 3, 1),
        (
            [(date(2026, 3, 1), Decimal(100))],
            [(date(2026, 3, 1), Decimal(100))],
            [(date(2026, 3, 1), Decimal(85))],
        ),
    ),
)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9), tzinfo=VIETNAM_TZ)


@transaction.atomic
def programmes_demo_seed() -> int:
    """Returns the number of programmes made (0 on a second run)."""
    made = 0
    for index, (code, prefix) in enumerate(COMMUNES):
        unit = Unit.objects.filter(code=code).first()
        leader = User.objects.filter(username=f"{prefix}.lanhdao").first()
        if unit is None or leader is None or Programme.objects.filter(unit=unit, number="05-CTr/ĐU").exists():
            continue
        programme = programme_create(
            actor=leader,
            unit=unit,
            number="05-CTr/ĐU",
            title="Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ xã nhiệm kỳ 2025-2030",
            issued_on=ISSUED,
            start=ISSUED,
            end=END,
            at=_at(ISSUED),
        )
        made += 1
        for work, person, lead, coordinating, deadline, result, kind, verdicts in TASKS:
            task = task_add(
                actor=leader,
                programme=programme,
                clears=FiveClears(work, person, lead, deadline, result, coordinating, kind),
                at=_at(ISSUED),
            )
            verdict = verdicts[index]
            if verdict:
                when = min(deadline, date(2026, 6, 30)) + timedelta(days=1)
                comment = "" if verdict in ("done", "on_track") else "Chưa đủ nhân lực, đề nghị tỉnh hỗ trợ."
                task_evaluate(actor=leader, task=task, status=verdict, comment=comment, at=_at(when))
        for indicator, measure, baseline, value, due, figures in TARGETS:
            target = target_add(
                actor=leader,
                programme=programme,
                indicator=indicator,
                measure=measure,
                baseline=baseline,
                target=value,
                due=due,
                at=_at(ISSUED),
            )
            for period_end, figure in figures[index]:
                progress_report(
                    actor=leader,
                    target=target,
                    period_end=period_end,
                    value=figure,
                    evidence="Báo cáo của UBND xã",
                    at=_at(period_end + timedelta(days=5)),
                )
        # Fed from motcua's own counters: no figure to report by hand.
        target_add(
            actor=leader,
            programme=programme,
            indicator="Tỷ lệ hồ sơ tiếp nhận trực tuyến",
            measure="%",
            baseline=Decimal(40),
            target=Decimal(80),
            due=date(2026, 12, 31),
            source=Source.ONLINE_SHARE,
            at=_at(ISSUED),
        )
    return made
