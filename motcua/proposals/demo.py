"""Demo proposals of the three demo communes, at every stage: waiting for assignment, with a
department and past its deadline, answered and waiting for the commune, answered late and
reopened, accepted. Run after seed_demo (it needs the demo accounts). Idempotent by title."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.proposals.actions import (
    Filing,
    proposal_accept,
    proposal_answer,
    proposal_assign,
    proposal_file,
    proposal_reopen,
)
from motcua.proposals.models import Proposal
from motcua.units.models import Unit


@dataclass(frozen=True)
class Story:
    unit: str
    prefix: str
    category: str
    title: str
    text: str
    filed_ago: int  # days
    department: str = ""  # short code; "" not assigned
    days: int = 10
    answered_ago: int | None = None
    then: str = ""  # "accept" or "reopen"


STORIES = (
    Story(
        "24688",
        "krongno",
        "software",
        "Phần mềm một cửa chạy chậm vào giờ cao điểm",
        "Từ 8 giờ đến 10 giờ sáng, mỗi thao tác tiếp nhận mất hơn 30 giây; "
        "đề nghị tỉnh kiểm tra đường truyền và máy chủ.",
        20,
        "SKHCN",
        5,
    ),
    Story(
        "24688",
        "krongno",
        "guidance",
        "Hướng dẫn chứng thực bản sao điện tử từ bản chính",
        "Đề nghị Sở Tư pháp hướng dẫn quy trình chứng thực bản sao điện tử và lưu trữ sổ chứng thực.",
        15,
        "STP",
        10,
        5,
        "accept",
    ),
    Story(
        "24688",
        "krongno",
        "certificates",
        "Cấp chữ ký số cho Phó Giám đốc Trung tâm Phục vụ hành chính công",
        "Phó Giám đốc Trung tâm chưa được cấp chứng thư số nên không ký được kết quả khi Giám đốc vắng.",
        2,
    ),
    Story(
        "24640",
        "cujut",
        "personnel",
        "Bổ sung biên chế công chức địa chính",
        "Xã có 128 cán bộ, công chức nhưng thiếu công chức địa chính ở Trung tâm; "
        "đề nghị điều động hoặc tuyển dụng.",
        6,
        "SNV",
        15,
    ),
    Story(
        "24640",
        "cujut",
        "funds",
        "Kinh phí số hóa hồ sơ đất đai",
        "Đề nghị tỉnh bố trí kinh phí làm sạch dữ liệu đất đai trong 90 ngày theo kế hoạch.",
        25,
        "STP",
        3,
        12,
        "reopen",
    ),
    Story(
        "24670",
        "dakmil",
        "software",
        "Trang bị máy quét tài liệu cho bộ phận một cửa",
        "Bộ phận một cửa có một máy quét đã hỏng; đề nghị trang bị hai máy quét để số hóa hồ sơ.",
        9,
        "STP",
        10,
        1,
    ),
)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


@transaction.atomic
def proposals_demo_seed(province_code: int = 68) -> int:
    """Returns the number of proposals made (0 on a second run)."""
    now = timezone.now()
    monitor = _user("tinh.giamsat")
    answerer = _user("stp.xuly")
    made = 0
    for story in STORIES:
        unit = Unit.objects.select_related("province").filter(code=story.unit).first()
        leader = _user(f"{story.prefix}.lanhdao")
        if unit is None or leader is None or monitor is None or answerer is None:
            continue
        if Proposal.objects.filter(unit=unit, title=story.title).exists():
            continue
        filed_at = now - timedelta(days=story.filed_ago)
        item = proposal_file(
            actor=leader, unit=unit, filing=Filing(story.category, story.title, story.text), at=filed_at
        )
        made += 1
        if not story.department:
            continue
        department = Unit.objects.get(code=f"{province_code:02d}.{story.department}")
        assigned_at: datetime = filed_at + timedelta(hours=20)
        item = proposal_assign(
            actor=monitor, proposal=item, department=department, working_days=story.days, at=assigned_at
        )
        if story.answered_ago is None:
            continue
        item = proposal_answer(
            actor=answerer,
            proposal=item,
            answer="Sở đã xem xét và có văn bản hướng dẫn gửi xã; đề nghị xã triển khai.",
            at=now - timedelta(days=story.answered_ago),
        )
        later = now - timedelta(days=story.answered_ago) + timedelta(hours=20)
        if story.then == "accept":
            proposal_accept(actor=leader, proposal=item, note="Xã đã nhận văn bản.", at=later)
        elif story.then == "reopen":
            proposal_reopen(
                actor=leader, proposal=item, reason="Văn bản chưa nêu nguồn kinh phí cụ thể.", at=later
            )
    return made
